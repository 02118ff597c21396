#include "tui/study.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "engine/known.h"
#include "engine/review_queue.h"
#include "guide/markdown.h"
#include "tui/answer_view.h"
#include "util/text.h"
#include "util/words.h"

namespace prepdeck::tui {

namespace {

using Item = engine::QueueItem;

class StudySession {
 public:
  StudySession(const guide::GuideSet& guides, store::Store& store, Console& console, const util::Clock& clock,
               const StudyOptions& options, const engine::Scheduler& scheduler)
      : m_store(store),
        m_console(console),
        m_clock(clock),
        m_scheduler(scheduler),
        m_ansi{console.color()},
        m_queue(guides, options.new_per_day) {}

  util::Expected<StudySummary> run() {
    auto user = m_store.local_user();
    if (!user) return tl::unexpected(user.error());
    m_user = user->id;
    auto cards = m_store.cards(m_user);
    if (!cards) return tl::unexpected(cards.error());
    const util::Time now = m_clock();
    auto today = m_store.reviews(m_user, util::start_of_local_day(now));
    if (!today) return tl::unexpected(today.error());
    m_queue.load(*cards, *today);
    if (m_queue.items().empty()) {
      m_console.write(util::say("study.none") + "\n");
      return m_summary;
    }
    while (true) {
      const auto next = m_forced ? m_forced : m_queue.pick(m_clock());
      m_forced.reset();
      if (!next) break;
      auto step = show(*next);
      if (!step) return tl::unexpected(step.error());
      if (*step == Step::quit) break;
    }
    finish();
    return m_summary;
  }

 private:
  enum class Step { next, quit };

  void write(std::string_view text) { m_console.write(text); }

  void show_question(const Item& item, util::Time now) {
    const guide::Guide& g = *item.guide;
    const guide::Question& q = *item.question;
    const int width = m_console.width();
    std::string place = guide::plain_text(g.title);
    if (q.section < g.sections.size() && g.sections[q.section].depth != 0) {
      place += " \xE2\x80\xBA " + guide::plain_text(g.sections[q.section].title);
    }
    const auto [due, fresh] = m_queue.counts(now);
    const std::string right = level_label(q.level) + "  " + util::say("review.counts", {{"due", due}, {"new", fresh}});
    std::string header = std::string(m_ansi.dim()) + place;
    const int gap = width - display_width(place) - display_width(right);
    if (gap >= 2) {
      header += std::string(static_cast<std::size_t>(gap), ' ') + right;
      header += m_ansi.reset();
      header += '\n';
    } else {
      header +=
          std::string(m_ansi.reset()) + "\n" + std::string(m_ansi.dim()) + right + std::string(m_ansi.reset()) + "\n";
    }
    write("\n");
    write(header);
    std::string title = q.number ? fmt::format("Q{}. ", *q.number) : std::string();
    title += inline_text(q.title, m_ansi);
    write(wrap(in_style(m_ansi.bold(), title), width));
    if (q.hint) write(wrap(in_style(m_ansi.yellow(), "\xF0\x9F\xA7\xA0 " + inline_text(*q.hint, m_ansi)), width));
  }

  std::string grade_line(const std::array<engine::Scheduled, 4>& preview, util::Time now) const {
    const std::string_view colors[] = {m_ansi.red(), m_ansi.yellow(), m_ansi.green(), m_ansi.blue()};
    std::string line;
    for (std::size_t g = 0; g < 4; ++g) {
      if (g > 0) line += "   ";
      line += fmt::format("{}{}{} {} {}", m_ansi.bold(), g + 1, m_ansi.reset(),
                          std::string(colors[g]) + grade_name(static_cast<int>(g) + 1),
                          std::string(m_ansi.reset()) +
                              engine::format_interval(
                                  std::chrono::duration_cast<std::chrono::milliseconds>(preview[g].card.due - now)));
    }
    return line;
  }

  util::Expected<Step> show(std::size_t index) {
    Item& item = m_queue.items()[index];
    const util::Time now = m_clock();
    show_question(item, now);
    const bool raw = m_console.raw();
    write(std::string(m_ansi.dim()) + util::say(raw ? "study.keys_space" : "study.keys_enter") +
          std::string(m_ansi.reset()) + "\n");
    bool revealed = false;
    while (true) {
      const Input input = m_console.read();
      if (input.kind == Input::Kind::end) return Step::quit;
      if (input.kind == Input::Kind::interrupt) {
        m_summary.interrupted = true;
        return Step::quit;
      }
      const std::string key(util::trim(input.text));
      if (key == "q" || key == "Q") return Step::quit;
      if (key == "u" || key == "U") {
        auto undone = undo();
        if (!undone) return tl::unexpected(undone.error());
        if (*undone) return Step::next;
        write(util::say("review.nothing_to_undo") + "\n");
        continue;
      }
      const bool grade_key = key.size() == 1 && key[0] >= '1' && key[0] <= '4';
      const bool reveal_key = raw ? (input.text == " " || input.text == "\n" || key == "r" || key == "s")
                                  : (key.empty() || key == "r" || key == "s" || key == "show");
      if (!revealed) {
        // A grade on its own line implies the reveal; on a terminal the answer comes first.
        if (reveal_key || (grade_key && !raw)) {
          reveal(item, m_clock());
          revealed = true;
          if (!grade_key) continue;
        } else {
          write(util::say(grade_key ? "review.show_first" : raw ? "study.help_space" : "study.help_enter") + "\n");
          continue;
        }
      }
      if (grade_key) return grade(index, *engine::rating_from_number(key[0] - '0'));
      write(util::say(
                "study.grade_it",
                {{"again", grade_name(1)}, {"hard", grade_name(2)}, {"good", grade_name(3)}, {"easy", grade_name(4)}}) +
            "\n");
    }
  }

  void reveal(const Item& item, util::Time now) {
    const int width = m_console.width();
    write(std::string(m_ansi.dim()) + repeat("\xE2\x94\x80", width) + std::string(m_ansi.reset()) + "\n");
    write(answer_text(*item.question, TextStyle{m_console.color(), width}));
    const engine::Card card = item.card ? *item.card : engine::new_card(now);
    write("\n" + grade_line(m_scheduler.preview(card, now), now) + "\n");
    m_previewed = now;  // the grade gives the interval shown (Scheduler::review)
    // A reveal, as on the web, for the authors' analytics: a failure to count
    // it never stops a session.
    static_cast<void>(m_store.record_reveal(m_user, item.question->id, now));
  }

  util::Expected<Step> grade(std::size_t index, engine::Rating rating) {
    Item& item = m_queue.items()[index];
    const util::Time now = m_clock();
    const engine::Card before = item.card ? *item.card : engine::new_card(now);
    const engine::Scheduled after = m_scheduler.review(before, now, rating, m_previewed);
    m_previewed.reset();
    store::Review review;
    review.card_id = item.question->id;
    review.guide = item.guide->path;
    review.rating = static_cast<int>(rating);
    review.reviewed = now;
    review.before = engine::to_store(before);
    review.after = engine::to_store(after.card);
    review.mark = engine::mark_for_rating(static_cast<int>(rating));  // one progress (engine/known.h)
    auto saved = m_store.record_review(m_user, review);
    if (!saved) return tl::unexpected(saved.error());
    if (before.state == engine::CardState::fresh) m_queue.count_new(1);
    item.card = after.card;
    m_done.emplace_back(index, *saved);
    ++m_summary.reviewed;
    counter(rating) += 1;
    // Hard, Good and Easy are passes, as in FSRS and Anki: a check mark; Again comes round again.
    const std::string_view mark = rating == engine::Rating::again ? "\xE2\x86\xBB" : "\xE2\x9C\x93";  // ↻ or ✓
    write(fmt::format("{}{} {}{}\n", m_ansi.dim(), mark,
                      util::say("study.graded", {{"grade", grade_name(static_cast<int>(rating))},
                                                 {"when", describe_next(after.card, now)}}),
                      m_ansi.reset()));
    return Step::next;
  }

  int& counter(engine::Rating r) {
    switch (r) {
      case engine::Rating::again:
        return m_summary.again;
      case engine::Rating::hard:
        return m_summary.hard;
      case engine::Rating::good:
        return m_summary.good;
      case engine::Rating::easy:
        return m_summary.easy;
    }
    return m_summary.good;
  }

  static std::string describe_next(const engine::Card& card, util::Time now) {
    const auto until = std::chrono::duration_cast<std::chrono::milliseconds>(card.due - now);
    if (until < std::chrono::hours(24)) return util::say("study.in", {{"interval", engine::format_interval(until)}});
    return util::say("study.on",
                     {{"when", util::describe_when(card.due, now)}, {"interval", engine::format_interval(until)}});
  }

  // Takes back the last grade of this session; the card is shown again next.
  util::Expected<bool> undo() {
    if (m_done.empty()) return false;
    const auto [index, review_id] = m_done.back();
    auto undone = m_store.undo_review(m_user, review_id);
    if (!undone) return tl::unexpected(undone.error());
    m_done.pop_back();
    if (!*undone) {
      write(util::say("study.kept_elsewhere") + "\n");
      return false;
    }
    Item& item = m_queue.items()[index];
    const store::Review& r = **undone;
    if (r.before.reps == 0 && r.before.state == 0) {
      item.card.reset();
      m_queue.count_new(-1);
    } else {
      item.card = engine::from_store(r.before);
    }
    --m_summary.reviewed;
    if (auto rating = engine::rating_from_number(r.rating)) counter(*rating) -= 1;
    write(wrap(fmt::format("{}{}{}", m_ansi.dim(),
                           util::say("study.taken_back", {{"title", guide::plain_text(item.question->title)}}),
                           m_ansi.reset()),
               m_console.width()));
    m_forced = index;
    return true;
  }

  void finish() {
    const util::Time now = m_clock();
    std::string text = "\n";
    if (m_summary.reviewed == 0) {
      text += util::say("study.nothing_reviewed");
    } else {
      text += util::say(
          "study.reviewed",
          {{"cards", util::counted(m_summary.reviewed, "card")},
           {"again", m_summary.again},
           {"hard", m_summary.hard},
           {"good", m_summary.good},
           {"easy", m_summary.easy},
           {"percent", std::lround(100.0 * (m_summary.hard + m_summary.good + m_summary.easy) / m_summary.reviewed)}});
    }
    std::optional<util::Time> next;
    int due_now = 0;
    for (const auto& item : m_queue.items()) {
      if (!item.card || item.card->state == engine::CardState::fresh) continue;
      if (item.card->due <= now) ++due_now;
      if (item.card->due > now && (!next || item.card->due < *next)) next = item.card->due;
    }
    if (due_now > 0) {
      text += " " + util::counted(static_cast<std::size_t>(due_now), "card_still_due");
    } else if (next) {
      text += " " + util::say("study.next_due", {{"when", util::describe_when(*next, now)}});
    }
    const int fresh = m_queue.counts(now).second;
    if (fresh > 0 && m_summary.reviewed > 0) text += " " + util::say("study.new_left", {{"n", fresh}});
    write(wrap(text, m_console.width()));
  }

  store::Store& m_store;
  Console& m_console;
  const util::Clock& m_clock;
  const engine::Scheduler& m_scheduler;
  Ansi m_ansi;
  engine::ReviewQueue m_queue;
  std::vector<std::pair<std::size_t, std::int64_t>> m_done;  // (item, review id) graded this session, for undo
  std::optional<std::size_t> m_forced;
  store::UserId m_user = 0;
  std::optional<util::Time> m_previewed;  // when the grades of the card shown were previewed
  StudySummary m_summary;
};

}  // namespace

util::Expected<StudySummary> run_study(const guide::GuideSet& guides, store::Store& store, Console& console,
                                       const util::Clock& clock, const StudyOptions& options) {
  auto scheduler = engine::Scheduler::create(options.fsrs);
  if (!scheduler) return tl::unexpected(scheduler.error());
  StudySession session(guides, store, console, clock, options, *scheduler);
  return session.run();
}

}  // namespace prepdeck::tui
