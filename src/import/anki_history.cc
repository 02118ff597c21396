#include "import/anki_history.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>

#include "engine/known.h"
#include "engine/review_queue.h"

namespace prepdeck::importer {

namespace {

// Anki's revlog.type.
constexpr int k_filtered = 3;
constexpr int k_manual = 4;

// "Forget": the card was made new again.
bool is_reset(const AnkiReview& r) { return r.type == k_manual && r.factor == 0; }
// A filtered deck's review that did not reschedule the card.
bool is_cramming(const AnkiReview& r) { return r.type == k_filtered && r.factor == 0; }
// A time a clock gives: 1970 to 9999 (a hostile log's times could make the
// scheduler's date arithmetic overflow).
bool is_sane_time(std::int64_t ms) { return ms >= 0 && ms <= 253'402'300'799'999; }
bool is_graded(const AnkiReview& r) { return r.ease >= 1 && r.ease <= 4 && !is_cramming(r) && is_sane_time(r.id); }

int duration_of(std::int64_t ms) {
  return static_cast<int>(std::clamp<std::int64_t>(ms, 0, std::numeric_limits<int>::max()));
}

}  // namespace

DeckHistory deck_history(const AnkiDeck& deck, const ImportedGuides& guides) {
  // Each question's note, and the note's first card (the cards come in note, ord order).
  std::unordered_map<std::int64_t, std::size_t> question_of_note;
  for (std::size_t i = 0; i < guides.question_of_note.size(); ++i) {
    question_of_note.emplace(guides.question_of_note[i].note, i);
  }
  std::unordered_map<std::int64_t, std::int64_t> note_of_card;
  std::unordered_map<std::int64_t, std::int64_t> first_card_of_note;
  for (const AnkiCard& c : deck.cards) {
    note_of_card.emplace(c.id, c.note);
    first_card_of_note.emplace(c.note, c.id);
  }

  // Each question's card's log, oldest first (the log is read in id order, which is time).
  DeckHistory out;
  std::vector<std::vector<const AnkiReview*>> logs(guides.question_of_note.size());
  for (const AnkiReview& r : deck.reviews) {
    const auto note = note_of_card.find(r.card);
    if (note == note_of_card.end()) {
      ++out.of_lost_cards;
      continue;
    }
    const auto question = question_of_note.find(note->second);
    if (question == question_of_note.end()) {
      ++out.of_quiz_items;
      continue;
    }
    if (first_card_of_note.at(note->second) != r.card) {
      ++out.of_other_cards;
      continue;
    }
    logs[question->second].push_back(&r);
  }

  for (std::size_t i = 0; i < logs.size(); ++i) {
    const std::vector<const AnkiReview*>& log = logs[i];
    // Only what follows the last reset counts.
    std::size_t start = 0;
    for (std::size_t k = log.size(); k-- > 0;) {
      if (is_reset(*log[k])) {
        start = k + 1;
        break;
      }
    }
    out.not_graded += start;
    QuestionHistory h{guides.question_of_note[i].question, guides.question_of_note[i].guide, {}};
    for (std::size_t k = start; k < log.size(); ++k) {
      const AnkiReview& r = *log[k];
      if (!is_graded(r)) {
        ++out.not_graded;
        continue;
      }
      h.answers.push_back(HistoryAnswer{store::Time(std::chrono::milliseconds(r.id)),
                                        *engine::rating_from_number(r.ease), duration_of(r.time_ms)});
    }
    if (h.answers.empty()) continue;
    out.answers += h.answers.size();
    out.questions.push_back(std::move(h));
  }
  return out;
}

util::Expected<HistoryWritten> write_history(store::Store& store, store::UserId user, const DeckHistory& history,
                                             const engine::Scheduler& scheduler) {
  // The states the database holds, read once.
  auto cards = store.cards(user);
  if (!cards) return tl::unexpected(cards.error());
  std::unordered_map<std::string, engine::Card> held;
  for (const store::CardRecord& c : *cards) held.emplace(c.card_id, engine::from_store(c.state));

  HistoryWritten written;
  std::vector<store::Review> pending;
  // Rows go in pieces, so that a long log is never all in memory as rows.
  constexpr std::size_t k_piece = 8192;
  auto done = store.batch([&]() -> util::Expected<void> {
    for (const QuestionHistory& q : history.questions) {
      std::optional<engine::Card> card;
      if (const auto found = held.find(q.question); found != held.end() && found->second.last_review) {
        card = found->second;
      }
      // The last review the database holds (none: before any time).
      const store::Time last = card ? *card->last_review : store::Time::min();
      const std::size_t answers_before = written.answers;
      for (std::size_t k = 0; k < q.answers.size(); ++k) {
        const HistoryAnswer& a = q.answers[k];
        if (card && a.at <= last) {
          ++written.already;
          continue;
        }
        const engine::Card before = card ? *card : engine::new_card(a.at);
        const engine::Scheduled after = scheduler.review(before, a.at, a.rating);
        store::Review& review = pending.emplace_back();
        review.card_id = q.question;
        review.guide = q.guide;
        review.rating = static_cast<int>(a.rating);
        review.reviewed = a.at;
        review.duration_ms = a.duration_ms;
        review.before = engine::to_store(before);
        review.after = engine::to_store(after.card);
        if (k + 1 == q.answers.size()) review.mark = std::string(engine::mark_for_rating(review.rating));
        card = after.card;
        ++written.answers;
      }
      if (written.answers != answers_before) ++written.questions;
      if (pending.size() >= k_piece) {
        if (auto ok = store.import_reviews(user, pending); !ok) return ok;
        pending.clear();
      }
    }
    return store.import_reviews(user, pending);
  });
  if (!done) return tl::unexpected(done.error());
  return written;
}

}  // namespace prepdeck::importer
