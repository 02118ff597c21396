#include "tui/level.h"

#include <numeric>

#include <fmt/format.h>

#include "engine/known.h"
#include "engine/level_bank.h"
#include "guide/markdown.h"
#include "tui/answer_view.h"
#include "tui/quiz_view.h"
#include "util/paths.h"
#include "util/text.h"
#include "util/words.h"

namespace prepdeck::tui {

namespace {}  // namespace

util::Expected<LevelOutcome> run_level(const guide::GuideSet& guides, store::Store& store, Console& console,
                                       const util::Clock& clock, engine::PlacementOptions options,
                                       const std::string& scope) {
  const Ansi ansi{console.color()};
  const auto style = [&] { return TextStyle{console.color(), console.width()}; };
  auto user = store.local_user();
  if (!user) return tl::unexpected(user.error());

  auto [entries, bank] = engine::make_level_bank(guides);
  LevelOutcome outcome;
  if (bank.empty()) {
    console.write(util::say("level.no_bank") + "\n");
    return outcome;
  }
  const util::Time start = clock();
  options.seed = static_cast<std::uint64_t>(start.time_since_epoch().count());
  engine::Placement test(bank, options);
  console.write(wrap(fmt::format("{}{}{}: {}", ansi.bold(), util::say("page.level_test"), ansi.reset(),
                                 util::say("level.intro", {{"max", options.max_items}, {"bank", bank.size()}})),
                     console.width()));
  while (auto k = test.next_item()) {
    const engine::BankEntry& e = entries[*k];
    console.write(fmt::format(
        "\n{}{}{}\n", ansi.dim(),
        util::say("level.question",
                  {{"number", test.responses().size() + 1}, {"max", options.max_items}, {"topic", e.topic}}),
        ansi.reset()));
    std::optional<bool> right;
    if (e.quiz != nullptr) {
      std::vector<std::size_t> order(e.quiz->options.size());
      std::iota(order.begin(), order.end(), 0);
      console.write(quiz_item_text(*e.quiz, order, style()));
      const ReadAnswer read = read_quiz_answer(console, *e.quiz, order);
      if (read.kind != ReadAnswer::Kind::answer) {
        outcome.interrupted = read.kind == ReadAnswer::Kind::interrupt;
        break;
      }
      const auto score = engine::score_item(*e.quiz, read.answer, engine::Credit::all_or_nothing);
      right = score.correct;
      console.write(std::string(score.correct ? ansi.green() : ansi.red()) +
                    util::say(score.correct ? "answer.right" : "answer.wrong") + std::string(ansi.reset()) + "\n");
    } else {
      const guide::Question& q = *e.question;
      console.write(wrap(in_style(ansi.bold(), inline_text(q.title, ansi)), console.width()));
      if (q.hint) console.write(wrap("\xF0\x9F\xA7\xA0 " + inline_text(*q.hint, ansi), console.width()));
      console.write(util::say(console.raw() ? "answer.show_space" : "answer.show_enter") + "\n");
      const Input shown = console.read();
      if (shown.kind == Input::Kind::end || shown.kind == Input::Kind::interrupt || util::trim(shown.text) == "q") {
        outcome.interrupted = shown.kind == Input::Kind::interrupt;
        break;
      }
      console.write(answer_text(q, style()));
      while (!right) {
        console.write(util::say("grade.ask") + " " + grade_choices() + " (q stops): ");
        const Input reply = console.read();
        if (reply.kind == Input::Kind::end || reply.kind == Input::Kind::interrupt) {
          outcome.interrupted = reply.kind == Input::Kind::interrupt;
          break;
        }
        const std::string key(util::trim(reply.text));
        console.write(key + "\n");
        if (key == "q") break;
        // Hard, Good and Easy are passes, as in FSRS and Anki (engine/known.h).
        if (key.size() == 1 && key[0] >= '1' && key[0] <= '4') right = engine::is_pass(key[0] - '0');
      }
      if (!right) break;
    }
    test.record(*k, *right);
  }
  outcome.asked = static_cast<int>(test.responses().size());
  outcome.estimate = test.estimate();
  outcome.verdict = test.verdict();
  if (outcome.asked == 0) {
    console.write("\n" + util::say("level.none") + "\n");
    return outcome;
  }
  const auto sections = test.sections();
  const engine::LevelWords words = engine::level_words(test, outcome.interrupted || !test.finished());
  std::string text = fmt::format("\n{}{}.{} {}", ansi.bold(), util::say("level.line", {{"level", words.level}}),
                                 ansi.reset(), words.detail);
  if (sections.size() >= 2) {
    const auto best = std::max_element(sections.begin(), sections.end(), [](const auto& a, const auto& b) {
      return a.estimate.theta < b.estimate.theta;
    });
    const auto worst = std::min_element(sections.begin(), sections.end(), [](const auto& a, const auto& b) {
      return a.estimate.theta < b.estimate.theta;
    });
    if (best->estimate.theta > worst->estimate.theta) {
      text += " " + util::say("level.strongest_weakest", {{"strongest", best->section}, {"weakest", worst->section}});
      outcome.strongest = best->section;
      outcome.weakest = worst->section;
    }
  }
  outcome.words = words;
  if (!words.note.empty()) text += " " + words.note;
  text += fmt::format(" {}{}.{}", ansi.dim(), words.scale, ansi.reset());
  console.write(wrap(text, console.width()));

  auto saved = store.record_level(user->id, engine::level_result(test, scope, clock()));
  if (!saved) return tl::unexpected(saved.error());
  outcome.saved = true;
  return outcome;
}

}  // namespace prepdeck::tui
