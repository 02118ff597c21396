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

struct CheckOptions {
  InputOptions input;
  std::string format = "text";
  bool strict = false;
  bool quiet = false;
};

int run_check(const CheckOptions& options, Streams streams) {
  guide::GuideSet set;
  const bool inputs_ok = load(options.input, set, streams.err);
  const auto diagnostics = all_diagnostics(set);
  const auto counts = util::count(diagnostics);
  if (options.format == "json") {
    streams.out << exporter::dump(check_to_json(diagnostics, set.guides.size()));
  } else if (options.format == "github") {
    for (const auto& d : diagnostics) streams.out << util::format_github(d);
  } else {
    print_diagnostics(diagnostics, options.quiet ? Warnings::hide : Warnings::show, streams.out);
    // A path that could not be read ends the run with its own message: no
    // summary that could read as a clean check ("0 errors").
    if (!inputs_ok) return k_exit_usage;
    // The same counts as `stats`: quiz items that can be scored, and how many cannot.
    const guide::Stats stats = guide::compute_stats(set.guides, set.diagnostics);
    std::size_t unscorable = 0;
    for (const auto& g : set.guides) unscorable += g.quizzes.size();
    unscorable -= stats.quizzes;
    streams.out << fmt::format("{}, {}, {}{}: {}, {}\n", util::counted(set.guides.size(), "file"),
                               util::counted(stats.questions, "question"), util::counted(stats.quizzes, "quiz_item"),
                               unscorable == 0 ? std::string() : fmt::format(" ({} more cannot be scored)", unscorable),
                               util::counted(counts.errors, "error"), util::counted(counts.warnings, "warning"));
  }
  if (!inputs_ok) return k_exit_usage;
  if (counts.errors > 0 || (options.strict && counts.warnings > 0)) return k_exit_findings;
  return k_exit_ok;
}

}  // namespace

Command check_command() {
  return Command{"check", "Parse guides and report problems like a compiler (file:line:col: error: ... [code])",
                 [](CLI::App& app) {
                   auto options = std::make_shared<CheckOptions>();
                   add_input_options(app, options->input);
                   app.add_option("--format", options->format, "Output: text, json or github (Actions annotations)")
                       ->check(CLI::IsMember({"text", "json", "github"}))
                       ->capture_default_str();
                   app.add_flag("--strict", options->strict, "Exit 1 on warnings too");
                   app.add_flag("-q,--quiet", options->quiet, "Text format: print errors only");
                   return [options](Streams streams) { return run_check(*options, streams); };
                 }};
}

}  // namespace prepdeck::cli
