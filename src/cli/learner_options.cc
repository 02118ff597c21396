#include "cli/learner_options.h"

#include <iostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "util/text.h"
#include "util/words.h"

namespace prepdeck::cli {

void add_learner_options(CLI::App& app, LearnerOptions& options) {
  app.add_option("--db", options.db, database_option_help())->envname("PREPDECK_DB")->type_name("URL");
  app.add_flag("--no-color", options.no_color, "No colour (also when NO_COLOR is set)");
}

std::string database_option_help() {
  return fmt::format(
      "Progress database: a SQLite file (or sqlite:PATH), or PostgreSQL as postgresql://USER@HOST:PORT/DB "
      "(default {})",
      store::default_database_path());
}

void add_result_format(CLI::App& app, LearnerOptions& options) {
  app.add_option("--format", options.format, "The result: text, or json on stdout (the session on stderr)")
      ->check(CLI::IsMember({"text", "json"}))
      ->type_name("FORMAT");
  app.add_flag_callback(
      "--json", [&options] { options.format = "json"; }, "Same as --format json");
}

void add_scheduler_options(CLI::App& app, SchedulerOptions& options) {
  app.add_option("--retention", options.retention, "Desired retention: the chance of recall when a card comes due")
      ->capture_default_str()
      ->check(CLI::Range(0.7, 0.99));
  app.add_option("--max-interval", options.maximum_interval, "Longest interval, in days")
      ->capture_default_str()
      ->check(CLI::Range(1, 36500));
  app.add_flag("--no-fuzz", options.no_fuzz, "Exact intervals (by default they are spread by a few days)");
  app.add_option("--learning-steps", options.learning_steps, "Steps for new cards, e.g. \"1m 10m\"")
      ->capture_default_str();
  app.add_option("--relearning-steps", options.relearning_steps, "Steps after a lapse, e.g. \"10m\"")
      ->capture_default_str();
}

std::string database_url(const LearnerOptions& options) {
  return options.db.empty() ? store::default_database_path() : options.db;
}

util::Expected<engine::FsrsParameters> scheduler_parameters(const SchedulerOptions& options) {
  engine::FsrsParameters p;
  p.desired_retention = options.retention;
  p.maximum_interval = options.maximum_interval;
  p.fuzz = options.no_fuzz ? engine::Fuzz::off : engine::Fuzz::on;
  auto learning = engine::parse_steps(options.learning_steps);
  if (!learning) return util::fail("--learning-steps: " + learning.error().message);
  auto relearning = engine::parse_steps(options.relearning_steps);
  if (!relearning) return util::fail("--relearning-steps: " + relearning.error().message);
  p.learning_steps = *learning;
  p.relearning_steps = *relearning;
  return p;
}

tl::expected<LearnerSession, int> open_learner_session(const InputOptions& input, const LearnerOptions& options,
                                                       Streams streams) {
  LearnerSession session;
  auto clock = util::clock_from_environment();
  if (!clock.error.empty()) {
    streams.err << "prepdeck: " << clock.error << "\n";
    return tl::unexpected(k_exit_usage);
  }
  session.clock = std::move(clock.clock);
  if (!load(input, session.guides, streams.err)) return tl::unexpected(k_exit_usage);
  const auto counts = util::count(all_diagnostics(session.guides));
  if (counts.errors > 0) {
    streams.err << fmt::format("prepdeck: {} in the guides; `prepdeck check` lists them\n",
                               util::counted(counts.errors, "error"));
  }
  auto store = store::open_store(database_url(options));
  if (!store) {
    streams.err << "prepdeck: " << store.error().message << "\n";
    return tl::unexpected(k_exit_usage);
  }
  session.store = std::move(*store);
  // With a JSON result, stdout holds only the JSON: the session goes to stderr.
  std::ostream& shown = options.format == "json" ? streams.err : streams.out;
  if (streams.in != nullptr) {
    session.console = std::make_unique<tui::StreamConsole>(*streams.in, shown, tui::Color::off);
  } else {
    session.console =
        tui::open_console(std::cin, shown,
                          options.no_color || color_setting() == ColorSetting::never ? tui::ColorChoice::never
                          : color_setting() == ColorSetting::always                  ? tui::ColorChoice::always
                                                                                     : tui::ColorChoice::automatic);
  }
  return session;
}

}  // namespace prepdeck::cli
