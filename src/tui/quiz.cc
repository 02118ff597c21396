#include "tui/quiz.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "guide/markdown.h"
#include "tui/answer_view.h"
#include "tui/quiz_view.h"
#include "util/text.h"
#include "util/words.h"

namespace prepdeck::tui {

namespace {

// Where an item comes from, for its header and the per-section results.
struct Origin {
  const guide::Guide* guide = nullptr;
  std::string section;
};

std::string section_of(const guide::Guide& g, std::uint32_t index) {
  if (index < g.sections.size() && g.sections[index].depth != 0) return guide::plain_text(g.sections[index].title);
  return guide::plain_text(g.title);
}

// "Git: 4 of 5" lines: the best and the worst sections when they differ.
std::string strengths(const std::vector<std::string>& sections, const std::vector<bool>& right) {
  std::map<std::string, std::pair<int, int>> tally;  // section -> right, asked
  std::vector<std::string> order;
  for (std::size_t i = 0; i < sections.size(); ++i) {
    auto [it, added] = tally.emplace(sections[i], std::pair{0, 0});
    if (added) order.push_back(sections[i]);
    it->second.first += right[i] ? 1 : 0;
    it->second.second += 1;
  }
  if (order.size() < 2) return {};
  const auto share = [&](const std::string& s) {
    return static_cast<double>(tally[s].first) / static_cast<double>(tally[s].second);
  };
  std::string best = order.front();
  std::string worst = order.front();
  for (const auto& s : order) {
    if (share(s) > share(best)) best = s;
    if (share(s) < share(worst)) worst = s;
  }
  if (share(best) == share(worst)) return {};
  return util::say("quiz.strongest_weakest", {{"strongest", best},
                                              {"strongest_right", tally[best].first},
                                              {"strongest_items", tally[best].second},
                                              {"weakest", worst},
                                              {"weakest_right", tally[worst].first},
                                              {"weakest_items", tally[worst].second}});
}

std::string verdict_name(guide::Level level) { return std::string(guide::display_name(level)); }

class QuizRun {
 public:
  QuizRun(const guide::GuideSet& guides, store::Store& store, Console& console, const util::Clock& clock,
          const QuizOptions& options)
      : m_guides(guides),
        m_store(store),
        m_console(console),
        m_clock(clock),
        m_options(options),
        m_ansi{console.color()} {}

  util::Expected<QuizOutcome> run() {
    auto user = m_store.local_user();
    if (!user) return tl::unexpected(user.error());
    m_user = user->id;
    const engine::QuizItemLevels levels(m_guides);
    std::vector<guide::QuizItem> items;
    std::map<std::string, Origin> origins;
    for (const auto& g : m_guides.guides) {
      for (const auto& item : g.quizzes) {
        if (!item.valid) continue;
        guide::QuizItem copy = item;
        copy.level = levels.of(item);
        origins.emplace(item.id, Origin{&g, section_of(g, item.section)});
        items.push_back(std::move(copy));
      }
    }
    if (items.empty()) return self_check();
    return quiz(std::move(items), origins);
  }

 private:
  void write(std::string_view text) { m_console.write(text); }
  TextStyle style() const { return TextStyle{m_console.color(), m_console.width()}; }

  static std::string title_of(const std::vector<const guide::Guide*>& used) {
    if (used.size() == 1) return guide::plain_text(used.front()->title);
    return util::say("quiz.several", {{"n", used.size()}});
  }

  util::Expected<QuizOutcome> quiz(std::vector<guide::QuizItem> items, const std::map<std::string, Origin>& origins) {
    const util::Time start = m_clock();
    engine::QuizSessionOptions session_options = m_options;
    session_options.options = m_options.order;
    session_options.seed = static_cast<std::uint64_t>(start.time_since_epoch().count());
    engine::QuizSession session(std::move(items), session_options, start);
    const bool exam = m_options.feedback == engine::Feedback::at_the_end;
    std::vector<const guide::Guide*> used;
    for (std::size_t k = 0; k < session.size(); ++k) {
      const auto* g = origins.at(session.item(k).id).guide;
      if (std::find(used.begin(), used.end(), g) == used.end()) used.push_back(g);
    }
    std::string title = title_of(used);
    if (util::to_lower_ascii(title).find("quiz") == std::string::npos)
      title = util::say("quiz.title", {{"title", title}});
    std::string intro =
        util::say("quiz.intro", {{"title", title}, {"questions", util::counted(session.size(), "question")}});
    if (exam) intro += ", " + util::say("quiz.exam");
    if (m_options.time_limit) intro += ", " + util::say("quiz.minutes", {{"n", m_options.time_limit->count() / 60}});
    write(wrap(fmt::format("{}{}{}", m_ansi.bold(), intro, m_ansi.reset()), m_console.width()));
    std::vector<engine::QuizAnswer> answers(session.size());
    std::vector<std::string> typed(session.size());
    QuizOutcome outcome;
    while (auto k = session.current(m_clock())) {
      const guide::QuizItem& item = session.item(*k);
      const Origin& origin = origins.at(item.id);
      std::string header =
          util::say("quiz.question", {{"number", *k + 1}, {"total", session.size()}, {"topic", origin.section}});
      if (auto end = session.deadline()) {
        const auto left = std::chrono::duration_cast<std::chrono::seconds>(*end - m_clock()).count();
        header += " \xC2\xB7 " +
                  util::say("quiz.time_left", {{"minutes", left / 60}, {"seconds", fmt::format("{:02}", left % 60)}});
      }
      write("\n" + std::string(m_ansi.dim()) + header + std::string(m_ansi.reset()) + "\n");
      write(quiz_item_text(item, session.option_order(*k), style()));
      const ReadAnswer read = read_quiz_answer(m_console, item, session.option_order(*k));
      if (read.kind != ReadAnswer::Kind::answer) {
        outcome.interrupted = read.kind == ReadAnswer::Kind::interrupt;
        session.stop();
        break;
      }
      const auto score = session.answer(*k, read.answer, m_clock());
      if (!score) {
        write(util::say("quiz.too_late") + "\n");
        break;
      }
      answers[*k] = read.answer;
      typed[*k] = read.as_typed;
      write(exam ? std::string(m_ansi.dim()) + util::say("quiz.noted") + std::string(m_ansi.reset()) + "\n"
                 : quiz_feedback(item, read.answer, *score, session.option_order(*k), style()));
    }
    const util::Time end = m_clock();
    if (session.timed_out(end)) write("\n" + util::say("quiz.time_up") + "\n");
    if (exam) {
      write("\n" + std::string(m_ansi.bold()) + util::say("quiz.answers") + std::string(m_ansi.reset()) + "\n");
      for (std::size_t k = 0; k < session.size(); ++k) {
        const auto& score = session.scores()[k];
        write(fmt::format("\n{}{}.{} ", m_ansi.bold(), k + 1, m_ansi.reset()));
        write(wrap(
            inline_text(session.item(k).question_markdown.substr(0, session.item(k).question_markdown.find("\n\n")),
                        m_ansi),
            m_console.width()));
        if (!score) {
          write(util::say("quiz.not_answered") + "\n");
          continue;
        }
        write(quiz_feedback(session.item(k), answers[k], *score, session.option_order(k), style()));
      }
    }
    const auto result = session.result(end);
    outcome.score = result.score;
    outcome.answered = result.answered;
    outcome.items = result.items;
    outcome.verdict = result.verdict;
    std::vector<std::string> sections;
    std::vector<bool> right;
    store::QuizAttempt attempt;
    for (std::size_t k = 0; k < session.size(); ++k) {
      const auto& score = session.scores()[k];
      if (!score) continue;  // strengths rest on the answers given
      sections.push_back(origins.at(session.item(k).id).section);
      right.push_back(score->correct);
      attempt.responses.push_back(store::QuizResponse{session.item(k).id, typed[k], score->score, score->correct});
    }
    attempt.quiz = used.size() == 1 ? used.front()->path : fmt::format("{} guides", used.size());
    attempt.started = start;
    attempt.finished = end;
    attempt.score = result.score;
    attempt.items = static_cast<int>(result.items);
    attempt.verdict = std::string(guide::to_string(result.verdict));
    attempt.mode = exam ? "exam" : "practice";
    if (result.answered > 0) {
      auto saved = m_store.record_quiz_attempt(m_user, attempt);
      if (!saved) return tl::unexpected(saved.error());
    }
    finish(outcome, strengths(sections, right));
    return outcome;
  }

  void finish(const QuizOutcome& outcome, const std::string& sections) {
    std::string text = "\n";
    if (outcome.answered == 0) {
      text += util::say("quiz.nothing_answered");
      write(wrap(text, m_console.width()));
      return;
    }
    text += fmt::format("{}{}. {}.{}", m_ansi.bold(),
                        util::say("score.line", {{"score", engine::score_words(outcome.score, outcome.items)}}),
                        util::say("level.line", {{"level", verdict_name(outcome.verdict)}}), m_ansi.reset());
    if (outcome.answered < outcome.items) {
      text += " " + util::say("quiz.n_not_answered", {{"n", outcome.items - outcome.answered}});
    }
    if (!sections.empty()) text += " " + sections;
    write(wrap(text, m_console.width()));
  }

  // No quiz items: each question is a self-check item.
  util::Expected<QuizOutcome> self_check() {
    const util::Time start = m_clock();
    std::vector<std::pair<const guide::Guide*, const guide::Question*>> questions;
    for (const auto& g : m_guides.guides) {
      for (const auto& q : g.questions) questions.emplace_back(&g, &q);
    }
    QuizOutcome outcome;
    outcome.self_check = true;
    if (questions.empty()) {
      write(util::say("quiz.no_quiz_no_questions") + "\n");
      return outcome;
    }
    if (m_options.order == engine::Order::shuffled) {
      std::uint64_t state = static_cast<std::uint64_t>(start.time_since_epoch().count()) | 1;
      for (std::size_t i = questions.size(); i > 1; --i) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        std::swap(questions[i - 1], questions[state % i]);
      }
    }
    if (m_options.limit != 0 && questions.size() > m_options.limit) questions.resize(m_options.limit);
    write(wrap(
        fmt::format("{}{}{}", m_ansi.bold(),
                    util::say("quiz.self_check_intro", {{"questions", util::counted(questions.size(), "question")}}),
                    m_ansi.reset()),
        m_console.width()));
    std::vector<engine::LevelledResult> results;
    std::vector<std::string> sections;
    std::vector<bool> right;
    store::QuizAttempt attempt;
    for (std::size_t k = 0; k < questions.size(); ++k) {
      const auto& [g, q] = questions[k];
      write(fmt::format(
          "\n{}{}{}\n", m_ansi.dim(),
          util::say("quiz.question",
                    {{"number", k + 1}, {"total", questions.size()}, {"topic", section_of(*g, q->section)}}),
          m_ansi.reset()));
      write(wrap(in_style(m_ansi.bold(), inline_text(q->title, m_ansi)), m_console.width()));
      if (q->hint) write(wrap("\xF0\x9F\xA7\xA0 " + inline_text(*q->hint, m_ansi), m_console.width()));
      write(util::say(m_console.raw() ? "answer.show_space" : "answer.show_enter") + "\n");
      const auto shown = read_text_line_or_key();
      if (!shown || *shown == "q") {
        outcome.interrupted = !shown.has_value() && m_interrupted;
        break;
      }
      write(answer_text(*q, style()));
      std::optional<bool> knew;
      while (!knew) {
        write(util::say("quiz.did_you_know"));
        const auto reply = read_text_line_or_key();
        if (reply) write(*reply + "\n");
        if (!reply || *reply == "q") break;
        if (*reply == "y" || *reply == "Y" || *reply == "yes") knew = true;
        if (*reply == "n" || *reply == "N" || *reply == "no") knew = false;
      }
      if (!knew) break;
      results.push_back(engine::LevelledResult{q->level, *knew});
      sections.push_back(section_of(*g, q->section));
      right.push_back(*knew);
      attempt.responses.push_back(store::QuizResponse{q->id, *knew ? "y" : "n", *knew ? 1.0 : 0.0, *knew});
    }
    outcome.items = questions.size();
    outcome.answered = results.size();
    for (const auto& r : results) outcome.score += r.correct ? 1 : 0;
    // Unanswered questions count as not known, as in a quiz.
    while (results.size() < questions.size())
      results.push_back(engine::LevelledResult{questions[results.size()].second->level, false});
    outcome.verdict = engine::quiz_verdict(results);
    if (outcome.answered > 0) {
      attempt.quiz = questions.front().first->path;
      attempt.started = start;
      attempt.finished = m_clock();
      attempt.score = outcome.score;
      attempt.items = static_cast<int>(outcome.items);
      attempt.verdict = std::string(guide::to_string(outcome.verdict));
      attempt.mode = "self-check";
      auto saved = m_store.record_quiz_attempt(m_user, attempt);
      if (!saved) return tl::unexpected(saved.error());
    }
    finish(outcome, strengths(sections, right));
    return outcome;
  }

  // A key on a terminal, a line otherwise; nothing at the end of input or on Ctrl-C.
  std::optional<std::string> read_text_line_or_key() {
    const Input input = m_console.read();
    if (input.kind == Input::Kind::end) return std::nullopt;
    if (input.kind == Input::Kind::interrupt) {
      m_interrupted = true;
      return std::nullopt;
    }
    return std::string(util::trim(input.text));
  }

  const guide::GuideSet& m_guides;
  store::Store& m_store;
  Console& m_console;
  const util::Clock& m_clock;
  const QuizOptions& m_options;
  Ansi m_ansi;
  store::UserId m_user = 0;
  bool m_interrupted = false;
};

}  // namespace

util::Expected<QuizOutcome> run_quiz(const guide::GuideSet& guides, store::Store& store, Console& console,
                                     const util::Clock& clock, const QuizOptions& options) {
  QuizRun run(guides, store, console, clock, options);
  return run.run();
}

}  // namespace prepdeck::tui
