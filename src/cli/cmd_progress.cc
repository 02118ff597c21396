#include <unistd.h>
#include <memory>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/learner_options.h"
#include "cli/output.h"
#include "tui/progress.h"

namespace prepdeck::cli {

namespace {

struct ProgressOptions {
  std::vector<std::string> paths;
  LearnerOptions learner;
  bool json = false;
};

int run_progress(const ProgressOptions& options, Streams streams) {
  auto clock = util::clock_from_environment();
  if (!clock.error.empty()) {
    streams.err << "prepdeck: " << clock.error << "\n";
    return k_exit_usage;
  }
  tui::ProgressScope scope;
  if (!options.paths.empty()) {
    InputOptions input;
    input.paths = options.paths;
    guide::GuideSet set;
    if (!load(input, set, streams.err)) return k_exit_usage;
    scope.cards.emplace();
    for (const auto& g : set.guides) {
      for (const auto& q : g.questions) {
        if (scope.cards->insert(q.id).second) ++scope.questions;
      }
    }
  }
  auto store = store::open_store(database_url(options.learner));
  if (!store) {
    streams.err << "prepdeck: " << store.error().message << "\n";
    return k_exit_usage;
  }
  const util::Time now = clock.clock();
  if (options.json) {
    auto text = tui::progress_json(**store, scope, now);
    if (!text) {
      streams.err << "prepdeck: " << text.error().message << "\n";
      return k_exit_usage;
    }
    streams.out << *text;
    return k_exit_ok;
  }
  const bool color = !options.learner.no_color && use_color(streams.out);
  auto text = tui::progress_text(**store, scope, now, tui::TextStyle{color ? tui::Color::on : tui::Color::off, 80});
  if (!text) {
    streams.err << "prepdeck: " << text.error().message << "\n";
    return k_exit_usage;
  }
  streams.out << *text;
  return k_exit_ok;
}

}  // namespace

Command progress_command() {
  return Command{"progress", "Show what is due, reviews per day, retention and level history", [](CLI::App& app) {
                   auto options = std::make_shared<ProgressOptions>();
                   app.add_option("PATH", options->paths, "Only the questions of these guides (default: every card)");
                   add_learner_options(app, options->learner);
                   app.add_option_function<std::string>(
                          "--format", [options](const std::string& f) { options->json = f == "json"; },
                          "text, or json: the counts and every card's id, state, due time, stability, difficulty, "
                          "reps and lapses")
                       ->check(CLI::IsMember({"text", "json"}))
                       ->type_name("FORMAT");
                   app.add_flag("--json", options->json, "Same as --format json");
                   return [options](Streams streams) { return run_progress(*options, streams); };
                 }};
}

}  // namespace prepdeck::cli
