#include <memory>
#include <ostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/json_output.h"
#include "cli/output.h"
#include "export/json_export.h"
#include "guide/stats.h"
#include "util/text.h"
#include "util/words.h"

namespace prepdeck::cli {

namespace {

struct StatsOptions {
  InputOptions input;
  std::string format = "text";
};

int run_stats(const StatsOptions& options, Streams streams) {
  guide::GuideSet set;
  const bool inputs_ok = load(options.input, set, streams.err);
  const guide::Stats total = guide::compute_stats(set.guides, set.diagnostics);
  if (options.format == "json") {
    streams.out << exporter::dump(stats_to_json(total));
    return inputs_ok ? k_exit_ok : k_exit_usage;
  }
  const std::string total_label = "total, " + util::counted(total.guides, "guide");
  std::size_t width = total_label.size();
  for (const auto& g : set.guides) width = std::max(width, g.path.size());
  width = std::min<std::size_t>(width, 60);
  const auto row = [&](std::string_view name, const guide::Stats& s) {
    using guide::Level;
    return fmt::format("{:<{}}  {:>9}  {:>5} {:>5} {:>5} {:>5}  {:>7}  {:>6}  {:>8}\n", name, width, s.questions,
                       s.levels[static_cast<std::size_t>(Level::beginner)],
                       s.levels[static_cast<std::size_t>(Level::intermediate)],
                       s.levels[static_cast<std::size_t>(Level::advanced)],
                       s.levels[static_cast<std::size_t>(Level::unspecified)], s.quizzes, s.errors, s.warnings);
  };
  streams.out << fmt::format("{:<{}}  {:>9}  {:>5} {:>5} {:>5} {:>5}  {:>7}  {:>6}  {:>8}\n", "guide", width,
                             "questions", "beg", "int", "adv", "unsp", "quizzes", "errors", "warnings");
  for (const auto& g : set.guides) {
    const guide::Stats s = guide::compute_stats(std::span<const guide::Guide>(&g, 1));
    std::string name = g.path;
    if (name.size() > width) name = "..." + name.substr(name.size() - width + 3);
    streams.out << row(name, s);
  }
  streams.out << row(total_label, total);
  return inputs_ok ? k_exit_ok : k_exit_usage;
}

}  // namespace

Command stats_command() {
  return Command{"stats", "Count guides, questions per level and quiz items", [](CLI::App& app) {
                   auto options = std::make_shared<StatsOptions>();
                   add_input_options(app, options->input);
                   app.add_option("--format", options->format, "Output: text or json")
                       ->check(CLI::IsMember({"text", "json"}))
                       ->capture_default_str();
                   return [options](Streams streams) { return run_stats(*options, streams); };
                 }};
}

}  // namespace prepdeck::cli
