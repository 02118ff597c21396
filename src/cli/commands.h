// The subcommand table: every subcommand is one row (name, summary, setup).
// `--help`, dispatch and "did you mean" all come from this table.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace CLI {
class App;
}

namespace prepdeck::cli {

// Exit codes shared by every subcommand.
inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_findings = 1;  // errors found (or warnings under --strict)
inline constexpr int k_exit_usage = 2;     // bad usage or I/O failure

struct Streams {
  std::ostream& out;
  std::ostream& err;
  std::istream* in = nullptr;  // the learner's input (study, quiz, level); nullptr: std::cin
};

// Adds the subcommand's options to `app` and returns the function that runs it.
using Setup = std::function<std::function<int(Streams)>(CLI::App& app)>;

struct Command {
  std::string_view name;
  std::string_view summary;
  Setup setup;
};

const std::vector<Command>& command_table();

// The closest command name to `typed`, or empty when nothing is close.
std::string suggest_command(std::string_view typed);

// "prepdeck 0.1.0 (3f2a1c9d8e7b, 2026-12-05)": the version, the commit built
// from ("+changes" when the work tree differed) and that commit's date.
std::string version_line();

// The flags every command takes (-q, --no-color, --color).
struct CommonFlags {
  bool quiet = false;
  bool no_color = false;
  std::string color = "auto";
};

// The whole command line: every command of the table, with its options and
// the common flags; returns each command's runner. `run`, the shell
// completions and the man page are made from it.
std::vector<std::pair<CLI::App*, std::function<int(Streams)>>> build_app(CLI::App& app, CommonFlags& common);

// An option's type as --help, the man page and completions show it:
// "UINT:INT in [1 - 100000]" -> "N (1-100000)", "X:{a,b}" -> "a|b".
std::string readable_type(const std::string& type);

// Runs prepdeck with `args` (args[0] is the program name) and returns the exit code.
int run(const std::vector<std::string>& args, Streams streams);

// Table rows, defined in cmd_<name>.cc.
Command check_command();
Command stats_command();
Command export_command();
Command import_command();
Command build_command();
Command serve_command();
Command user_command();
Command db_command();
Command study_command();
Command quiz_command();
Command level_command();
Command progress_command();
Command completions_command();
Command manpage_command();

}  // namespace prepdeck::cli
