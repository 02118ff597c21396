// What the learner's commands (study, quiz, level, progress) share: the
// database, colour, the clock, the scheduler's settings, and opening all of it
// with the guides.
#pragma once

#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/output.h"
#include "engine/fsrs.h"
#include "guide/guide_set.h"
#include "store/store.h"
#include "tui/console.h"
#include "util/time.h"

namespace CLI {
class App;
}

namespace prepdeck::cli {

struct LearnerOptions {
  std::string db;  // empty: store::default_database_path()
  bool no_color = false;
  // quiz and level: "json" prints the result as JSON on stdout, and the
  // session itself goes to stderr.
  std::string format = "text";
};

// --format text|json and --json, for the commands that end with a result.
void add_result_format(CLI::App& app, LearnerOptions& options);

// --db and --no-color.
void add_learner_options(CLI::App& app, LearnerOptions& options);

// What --db takes, for every command's help.
std::string database_option_help();

// --db, else store::default_database_path().
std::string database_url(const LearnerOptions& options);

struct SchedulerOptions {
  double retention = 0.9;
  int maximum_interval = 36500;
  bool no_fuzz = false;
  std::string learning_steps = "1m 10m";
  std::string relearning_steps = "10m";
};

// --retention, --max-interval, --no-fuzz, --learning-steps, --relearning-steps.
void add_scheduler_options(CLI::App& app, SchedulerOptions& options);
util::Expected<engine::FsrsParameters> scheduler_parameters(const SchedulerOptions& options);

struct LearnerSession {
  guide::GuideSet guides;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<tui::Console> console;
  util::Clock clock;
};

// Loads the guides (errors in them are counted on stderr, not listed: `check`
// lists them), opens the database and the console and reads the clock
// (PREPDECK_NOW). On failure, the exit code after the message is printed.
tl::expected<LearnerSession, int> open_learner_session(const InputOptions& input, const LearnerOptions& options,
                                                       Streams streams);

}  // namespace prepdeck::cli
