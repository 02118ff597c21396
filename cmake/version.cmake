# Writes OUTPUT: the commit prepdeck is built from and that commit's date (not
# the clock's: the same source gives the same binary). Run at every build; the
# file is rewritten only when its content changes, so nothing rebuilds for
# nothing. Outside a git checkout (a tarball) both say "unknown".
execute_process(COMMAND git -C "${SOURCE_DIR}" rev-parse --short=12 HEAD
                OUTPUT_VARIABLE commit OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE commit_failed)
execute_process(COMMAND git -C "${SOURCE_DIR}" log -1 --format=%cs
                OUTPUT_VARIABLE date OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE date_failed)
if(commit_failed OR commit STREQUAL "")
  set(commit "unknown")
endif()
if(date_failed OR date STREQUAL "")
  set(date "unknown")
endif()
execute_process(COMMAND git -C "${SOURCE_DIR}" status --porcelain --untracked-files=no
                OUTPUT_VARIABLE dirty OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT dirty STREQUAL "" AND NOT commit STREQUAL "unknown")
  set(commit "${commit}+changes")
endif()
set(content "// Made by cmake/version.cmake.\n#define PREPDECK_COMMIT \"${commit}\"\n#define PREPDECK_COMMIT_DATE \"${date}\"\n")
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" old)
endif()
if(NOT old STREQUAL content)
  file(WRITE "${OUTPUT}" "${content}")
endif()
