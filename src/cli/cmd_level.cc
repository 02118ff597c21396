#include <memory>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

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
  if (options.learner.format == "json") {
    nlohmann::json j = {{"asked", result->asked}, {"saved", result->saved}, {"interrupted", result->interrupted}};
    if (result->asked > 0) {
      j["verdict"] = guide::to_string(result->verdict);
      j["theta"] = result->estimate.theta;
      j["standard_error"] = result->estimate.standard_error;
      j["words"] = {{"level", result->words.level},
                    {"detail", result->words.detail},
                    {"note", result->words.note},
                    {"scale", result->words.scale}};
      j["strongest"] = result->strongest.empty() ? nlohmann::json(nullptr) : nlohmann::json(result->strongest);
      j["weakest"] = result->weakest.empty() ? nlohmann::json(nullptr) : nlohmann::json(result->weakest);
    }
    streams.out << j.dump(2) << "\n";
  }
  return k_exit_ok;
}

}  // namespace

Command level_command() {
  return Command{"level", "Find your level with an adaptive test (Rasch model) in the terminal", [](CLI::App& app) {
                   auto options = std::make_shared<LevelCommandOptions>();
                   add_input_options(app, options->input);
                   add_learner_options(app, options->learner);
                   add_result_format(app, options->learner);
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
