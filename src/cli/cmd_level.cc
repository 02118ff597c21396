#include <memory>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/learner_options.h"
#include "cli/output.h"
#include "tui/level.h"

namespace prepdeck::cli {

namespace {

struct LevelCommandOptions {
  InputOptions input;
  LearnerOptions learner;
  engine::PlacementOptions placement;
};

int run_level_command(const LevelCommandOptions& options, Streams streams) {
  auto session = open_learner_session(options.input, options.learner, streams);
  if (!session) return session.error();
  std::string scope;
  for (const auto& p : options.input.paths) scope += (scope.empty() ? "" : " ") + p;
  auto result =
      tui::run_level(session->guides, *session->store, *session->console, session->clock, options.placement, scope);
  if (!result) {
    streams.err << "prepdeck: " << result.error().message << "\n";
    return k_exit_usage;
  }
  return k_exit_ok;
}

}  // namespace

Command level_command() {
  return Command{"level", "Find your level with an adaptive test (Rasch model) in the terminal", [](CLI::App& app) {
                   auto options = std::make_shared<LevelCommandOptions>();
                   add_input_options(app, options->input);
                   add_learner_options(app, options->learner);
                   app.add_option("--max-items", options->placement.max_items, "Ask at most N questions")
                       ->capture_default_str()
                       ->check(CLI::Range(1, 200));
                   app.add_option("--target-se", options->placement.target_standard_error,
                                  "Stop when the ability's standard error falls below this")
                       ->capture_default_str()
                       ->check(CLI::Range(0.05, 2.0));
                   return [options](Streams streams) { return run_level_command(*options, streams); };
                 }};
}

}  // namespace prepdeck::cli
