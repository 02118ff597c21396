#include <iostream>
#include <memory>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/learner_options.h"
#include "cli/output.h"
#include "tui/study.h"

namespace prepdeck::cli {

namespace {

struct StudyCommandOptions {
  InputOptions input;
  LearnerOptions learner;
  SchedulerOptions scheduler;
  int new_per_day = 20;
};

int run_study_command(const StudyCommandOptions& options, Streams streams) {
  auto session = open_learner_session(options.input, options.learner, streams);
  if (!session) return session.error();
  tui::StudyOptions study;
  study.new_per_day = options.new_per_day;
  auto fsrs = scheduler_parameters(options.scheduler);
  if (!fsrs) {
    streams.err << "prepdeck: " << fsrs.error().message << "\n";
    return k_exit_usage;
  }
  study.fsrs = *fsrs;
  auto result = tui::run_study(session->guides, *session->store, *session->console, session->clock, study);
  if (!result) {
    streams.err << "prepdeck: " << result.error().message << "\n";
    return k_exit_usage;
  }
  return k_exit_ok;
}

}  // namespace

Command study_command() {
  return Command{"study", "Review the due questions of guides in the terminal (spaced repetition)", [](CLI::App& app) {
                   auto options = std::make_shared<StudyCommandOptions>();
                   add_input_options(app, options->input);
                   add_learner_options(app, options->learner);
                   add_scheduler_options(app, options->scheduler);
                   app.add_option("--new", options->new_per_day, "New questions a day")
                       ->capture_default_str()
                       ->check(CLI::Range(0, 10000));
                   return [options](Streams streams) { return run_study_command(*options, streams); };
                 }};
}

}  // namespace prepdeck::cli
