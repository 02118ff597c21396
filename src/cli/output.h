// Pieces the subcommands share: the common input options, loading guides,
// and printing diagnostics.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "guide/guide_set.h"
#include "source/file_system.h"

namespace CLI {
class App;
}

namespace prepdeck::cli {

struct InputOptions {
  std::vector<std::string> paths;
  std::string max_file_size = "16M";
  std::size_t max_include_growth = 16;
  unsigned jobs = 0;
};

// Adds PATH... (required), --max-file-size, --max-include-growth and --jobs to `app`.
void add_input_options(CLI::App& app, InputOptions& options);

// Parses "16M", "512K", "1G", "1000" into bytes; false when malformed.
bool parse_size(const std::string& text, std::uint64_t& bytes);

// Loads every guide named by `options`; reports input errors on `err`.
// Returns false when an input was missing (exit code 2).
bool load(const InputOptions& options, guide::GuideSet& set, std::ostream& err);
// The same, reading through `fs`.
bool load(const InputOptions& options, guide::GuideSet& set, std::ostream& err, const source::FileSystem& fs);

// Every diagnostic of the set (site-level first, then per guide), in order.
std::vector<util::Diagnostic> all_diagnostics(const guide::GuideSet& set);

// True when `stream` is std::cout or std::cerr and that is a terminal.
bool is_terminal(std::ostream& stream);

// Every command's --color=auto|always|never (and --no-color): set once a run.
enum class ColorSetting : std::uint8_t { automatic, always, never };
void set_color_setting(ColorSetting setting);
ColorSetting color_setting();

// --color=always; else --color=never or --no-color: off; else when `stream`
// is a terminal and NO_COLOR is unset.
bool use_color(std::ostream& stream);

enum class Warnings { show, hide };

// Prints diagnostics as `file:line:col: error: message [code]` with the source
// line and a caret; "error"/"warning" in colour when `out` is a terminal. Of a
// warning that repeats in one file (same code), the first k_shown_per_kind are
// printed and the rest counted in a line; every error is printed.
inline constexpr std::size_t k_shown_per_kind = 3;
void print_diagnostics(const std::vector<util::Diagnostic>& diagnostics, Warnings warnings, std::ostream& out);

}  // namespace prepdeck::cli
