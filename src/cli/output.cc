#include "cli/output.h"

#include <cstdlib>
#include <iostream>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include <unistd.h>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "render/html_check.h"
#include "util/text.h"

namespace prepdeck::cli {

void add_input_options(CLI::App& app, InputOptions& options) {
  app.add_option("PATH", options.paths, "Markdown files, folders, or MkDocs projects (mkdocs.yml)")->required();
  app.add_option("--max-file-size", options.max_file_size,
                 "Largest file to read, e.g. 16M, 512K (larger files are reported)")
      ->capture_default_str();
  app.add_option("--max-include-growth", options.max_include_growth,
                 "A page with its includes may hold this many times the bytes of the files it reads (at least 1 MiB); "
                 "0: no limit")
      ->capture_default_str();
  app.add_option("-j,--jobs", options.jobs, "Threads for parsing (and rendering, in build); default: every core");
}

bool parse_size(const std::string& text, std::uint64_t& bytes) {
  if (text.empty()) return false;
  std::uint64_t value = 0;
  std::size_t i = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    if (value > (UINT64_MAX - 9) / 10) return false;
    value = value * 10 + static_cast<std::uint64_t>(text[i] - '0');
  }
  if (i == 0) return false;
  std::uint64_t scale = 1;
  if (i < text.size()) {
    const char unit = text[i];
    if (unit == 'K' || unit == 'k')
      scale = 1ull << 10;
    else if (unit == 'M' || unit == 'm')
      scale = 1ull << 20;
    else if (unit == 'G' || unit == 'g')
      scale = 1ull << 30;
    else
      return false;
    ++i;
    if (i < text.size() && (text[i] == 'B' || text[i] == 'b')) ++i;
    if (i != text.size()) return false;
  }
  if (value > UINT64_MAX / scale) return false;
  bytes = value * scale;
  return true;
}

bool load(const InputOptions& options, guide::GuideSet& set, std::ostream& err) {
  return load(options, set, err, source::DiskFileSystem());
}

bool load(const InputOptions& options, guide::GuideSet& set, std::ostream& err, const source::FileSystem& fs) {
  source::LoadOptions load_options;
  if (!parse_size(options.max_file_size, load_options.max_file_bytes)) {
    err << fmt::format("prepdeck: --max-file-size: '{}' is not a size like 16M or 512K\n", options.max_file_size);
    return false;
  }
  load_options.max_include_growth = options.max_include_growth;
  set = guide::load_guides(fs, options.paths, load_options, options.jobs);
  for (const auto& e : set.input_errors) err << "prepdeck: " << e.message << "\n";
  return set.input_errors.empty();
}

std::vector<util::Diagnostic> all_diagnostics(const guide::GuideSet& set) {
  std::vector<util::Diagnostic> all = set.diagnostics;
  // A file included by many pages (a partial) is told about once.
  std::set<std::tuple<std::string, std::uint32_t, std::uint32_t>> told;
  for (const auto& g : set.guides) {
    std::vector<util::Diagnostic> html = render::raw_html_diagnostics(g);
    std::erase_if(html, [&told](const util::Diagnostic& d) { return !told.emplace(d.file, d.line, d.column).second; });
    if (html.empty()) {
      all.insert(all.end(), g.diagnostics.begin(), g.diagnostics.end());
      continue;
    }
    html.insert(html.end(), g.diagnostics.begin(), g.diagnostics.end());
    util::sort_diagnostics(html);
    all.insert(all.end(), html.begin(), html.end());
  }
  return all;
}

bool is_terminal(std::ostream& stream) {
  if (&stream == &std::cout) return isatty(STDOUT_FILENO) != 0;
  if (&stream == &std::cerr) return isatty(STDERR_FILENO) != 0;
  return false;
}

namespace {
ColorSetting g_color = ColorSetting::automatic;  // one command runs at a time
}  // namespace

void set_color_setting(ColorSetting setting) { g_color = setting; }
ColorSetting color_setting() { return g_color; }

bool use_color(std::ostream& stream) {
  if (g_color != ColorSetting::automatic) return g_color == ColorSetting::always;
  return std::getenv("NO_COLOR") == nullptr && is_terminal(stream);
}

namespace {

std::string colorize(const std::string& text, bool color) {
  if (!color) return text;
  // Colour the "error:" / "warning:" word of the first line only.
  std::string out = text;
  for (const auto& [word, code] : {std::pair<std::string, std::string>{": error:", "\x1b[1;31m"},
                                   std::pair<std::string, std::string>{": warning:", "\x1b[1;35m"}}) {
    const auto at = out.find(word);
    const auto newline = out.find('\n');
    if (at != std::string::npos && at < newline) {
      out.replace(at + 2, word.size() - 2, code + word.substr(2) + "\x1b[0m");
      break;
    }
  }
  return out;
}

}  // namespace

void print_diagnostics(const std::vector<util::Diagnostic>& diagnostics, Warnings warnings, std::ostream& out) {
  const bool color = use_color(out);
  // A warning repeated down a file (a mojibake repair on every line) is shown
  // k_shown_per_kind times, then counted; errors are always shown, every one.
  std::map<std::pair<std::string_view, std::string_view>, std::size_t> total;
  for (const auto& d : diagnostics) {
    if (d.severity == util::Severity::warning) ++total[{d.file, d.code}];
  }
  std::map<std::pair<std::string_view, std::string_view>, std::size_t> shown;
  for (const auto& d : diagnostics) {
    if (d.severity == util::Severity::warning) {
      if (warnings == Warnings::hide) continue;
      const std::pair<std::string_view, std::string_view> key{d.file, d.code};
      const std::size_t n = ++shown[key];
      if (n > k_shown_per_kind) continue;
      out << colorize(util::format_text(d), color);
      if (n == k_shown_per_kind && total[key] > n) {
        out << fmt::format("{}: {} more {} like this [{}] (prepdeck check --format json lists every one)\n", d.file,
                           total[key] - n, total[key] - n == 1 ? "warning" : "warnings", d.code);
      }
      continue;
    }
    out << colorize(util::format_text(d), color);
  }
}

}  // namespace prepdeck::cli
