#include <memory>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/learner_options.h"
#include "cli/output.h"
#include "tui/quiz.h"

namespace prepdeck::cli {

namespace {

struct QuizCommandOptions {
  InputOptions input;
  LearnerOptions learner;
  bool exam = false;
  bool shuffle = false;
  bool partial = false;
  std::size_t limit = 0;
  int minutes = 0;
};

int run_quiz_command(const QuizCommandOptions& options, Streams streams) {
  auto session = open_learner_session(options.input, options.learner, streams);
  if (!session) return session.error();
  tui::QuizOptions quiz;
  quiz.feedback = options.exam ? engine::Feedback::at_the_end : engine::Feedback::after_each;
  quiz.order = options.shuffle ? engine::Order::shuffled : engine::Order::as_written;
  quiz.credit = options.partial ? engine::Credit::partial : engine::Credit::all_or_nothing;
  quiz.limit = options.limit;
  if (options.minutes > 0) quiz.time_limit = std::chrono::seconds(options.minutes * 60);
  auto result = tui::run_quiz(session->guides, *session->store, *session->console, session->clock, quiz);
  if (!result) {
    streams.err << "prepdeck: " << result.error().message << "\n";
    return k_exit_usage;
  }
  return k_exit_ok;
}

}  // namespace

Command quiz_command() {
  return Command{
      "quiz", "Take the quizzes of guides in the terminal, with a score and a level verdict", [](CLI::App& app) {
        auto options = std::make_shared<QuizCommandOptions>();
        add_input_options(app, options->input);
        add_learner_options(app, options->learner);
        app.add_flag("--exam", options->exam, "Show the answers only at the end");
        app.add_flag("--shuffle", options->shuffle, "Shuffle the questions and their options");
        app.add_flag("--partial", options->partial, "Partial credit for several answers and several blanks");
        app.add_option("--limit", options->limit, "Ask at most N questions")->check(CLI::Range(1, 100000));
        app.add_option("--time-limit", options->minutes, "Minutes for the whole quiz")->check(CLI::Range(1, 1440));
        return [options](Streams streams) { return run_quiz_command(*options, streams); };
      }};
}

}  // namespace prepdeck::cli
