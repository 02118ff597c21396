#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/learner_options.h"
#include "cli/output.h"
#include "engine/quiz_session.h"
#include "tui/quiz.h"
#include "util/paths.h"

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

// The quiz pages of guides that have no quiz items of their own: the front
// matter's `quiz:` link (beside the guide, else from the site's root), else
// the quiz/ page named as the guide under interview-questions/ (as the site
// links them). Files that exist, once each, in the guides' order.
std::vector<std::string> related_quiz_files(const guide::GuideSet& guides) {
  std::vector<std::string> files;
  const auto add = [&files](const std::string& file) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) return false;
    if (std::find(files.begin(), files.end(), file) == files.end()) files.push_back(file);
    return true;
  };
  for (const auto& g : guides.guides) {
    if (engine::scorable_items(g.quizzes) > 0) return {};  // the guides have quizzes: those are asked
    if (g.file.size() < g.path.size() || !g.file.ends_with(g.path)) continue;
    const std::string root = g.file.substr(0, g.file.size() - g.path.size());
    if (!g.quiz.related.empty()) {
      if (add(util::normalize_path(util::join_path(util::parent_path(g.file), g.quiz.related)))) continue;
      if (add(util::normalize_path(root + g.quiz.related))) continue;
    }
    static constexpr std::string_view k_guides = "interview-questions/";
    if (g.path.starts_with(k_guides)) add(root + "quiz/" + g.path.substr(k_guides.size()));
  }
  return files;
}

int run_quiz_command(const QuizCommandOptions& options, Streams streams) {
  auto session = open_learner_session(options.input, options.learner, streams);
  if (!session) return session.error();
  // A study guide named on its own: its quiz page is the quiz (`quiz:` in its front matter).
  if (const auto related = related_quiz_files(session->guides); !related.empty()) {
    InputOptions input = options.input;
    input.paths = related;
    guide::GuideSet quizzes;
    if (load(input, quizzes, streams.err)) {
      for (const auto& file : related) streams.out << "Quiz: " << file << "\n";
      session->guides = std::move(quizzes);
    }
  }
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
  if (options.learner.format == "json") {
    const double percent = result->items == 0 ? 0 : 100.0 * result->score / static_cast<double>(result->items);
    streams.out << nlohmann::json{{"score", result->score},
                                  {"items", result->items},
                                  {"answered", result->answered},
                                  {"percent", std::lround(percent)},
                                  {"words", engine::score_words(result->score, result->items)},
                                  {"verdict", guide::to_string(result->verdict)},
                                  {"self_check", result->self_check},
                                  {"interrupted", result->interrupted}}
                       .dump(2)
                << "\n";
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
        add_result_format(app, options->learner);
        app.add_flag("--exam", options->exam, "Show the answers only at the end");
        app.add_flag("--shuffle", options->shuffle, "Shuffle the questions and their options");
        app.add_flag("--partial", options->partial, "Partial credit for several answers and several blanks");
        app.add_option("--limit", options->limit, "Ask at most N questions")->check(CLI::Range(1, 100000));
        app.add_option("--time-limit", options->minutes, "Minutes for the whole quiz")->check(CLI::Range(1, 1440));
        return [options](Streams streams) { return run_quiz_command(*options, streams); };
      }};
}

}  // namespace prepdeck::cli
