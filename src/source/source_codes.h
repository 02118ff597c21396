// Stable diagnostic codes reported while finding and reading files.
// docs/diagnostics.md describes each one; tests/spec covers each one.
#pragma once

#include <string_view>

namespace prepdeck::source::codes {

inline constexpr std::string_view k_unreadable_file = "unreadable-file";
inline constexpr std::string_view k_not_a_text_file = "not-a-text-file";
inline constexpr std::string_view k_file_too_large = "file-too-large";
inline constexpr std::string_view k_decoded_as_windows_1252 = "decoded-as-windows-1252";
inline constexpr std::string_view k_mojibake_repaired = "mojibake-repaired";
inline constexpr std::string_view k_include_missing = "include-missing";
inline constexpr std::string_view k_include_cycle = "include-cycle";
inline constexpr std::string_view k_include_too_deep = "include-too-deep";
inline constexpr std::string_view k_include_unsupported = "include-unsupported";
inline constexpr std::string_view k_include_outside = "include-outside";
inline constexpr std::string_view k_include_budget = "include-budget";
inline constexpr std::string_view k_control_character = "control-character";
inline constexpr std::string_view k_mkdocs_config_invalid = "mkdocs-config-invalid";
inline constexpr std::string_view k_nav_missing_page = "nav-missing-page";
inline constexpr std::string_view k_extension_unsupported = "extension-unsupported";
inline constexpr std::string_view k_custom_dir_ignored = "custom-dir-ignored";
inline constexpr std::string_view k_page_conflict = "page-conflict";

}  // namespace prepdeck::source::codes
