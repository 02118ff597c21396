// An Anki review log as prepdeck history: which answers count, the states
// replaying them gives, and importing again adding only what is new.
#include "import/anki_history.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "engine/review_queue.h"

namespace prepdeck::importer {
namespace {

using std::chrono::days;
using std::chrono::milliseconds;

const store::Time k_t0 = store::Time(milliseconds(1'700'000'000'000));

std::int64_t at(store::Time t) { return t.time_since_epoch().count(); }

// Anki's log row: card, when, ease, revlog type, factor.
AnkiReview answer(std::int64_t card, store::Time when, int ease, int type = 1, std::int64_t factor = 2500) {
  AnkiReview r;
  r.id = at(when);
  r.card = card;
  r.ease = ease;
  r.type = type;
  r.factor = factor;
  r.time_ms = 4200;
  return r;
}

// Notes 1 and 2 became questions (note 1 has a reversed second card), note 3 a quiz item.
AnkiDeck deck_with_log(std::vector<AnkiReview> log) {
  AnkiDeck deck;
  deck.cards = {{11, 1, 1, 0}, {12, 1, 1, 1}, {21, 2, 1, 0}, {31, 3, 1, 0}};
  std::sort(log.begin(), log.end(), [](const AnkiReview& a, const AnkiReview& b) { return a.id < b.id; });
  deck.reviews = std::move(log);
  return deck;
}

ImportedGuides two_questions() {
  ImportedGuides g;
  g.question_of_note = {{1, "net/q1", "net.md"}, {2, "net/q2", "net.md"}};
  return g;
}

std::vector<engine::Rating> ratings(const QuestionHistory& q) {
  std::vector<engine::Rating> out;
  for (const HistoryAnswer& a : q.answers) out.push_back(a.rating);
  return out;
}

TEST(AnkiHistory, OnlyGradedAnswersAfterTheLastResetCountAsAnkiReadsThem) {
  using engine::Rating;
  const DeckHistory h =
      deck_history(deck_with_log({
                       answer(11, k_t0, 3, 0),                                        // learning: Good
                       answer(11, k_t0 + days(1), 3),                                 // review: Good
                       answer(11, k_t0 + days(2), 3, 3, 0),                           // cramming: does not count
                       answer(11, k_t0 + days(3), 0, 4, 2500),                        // set due date: does not count
                       answer(11, k_t0 + days(5), 1),                                 // review: Again
                       answer(11, k_t0 + days(6), 9),                                 // not a grade
                       answer(12, k_t0 + days(1), 3), answer(12, k_t0 + days(4), 4),  // the reversed card
                       answer(21, k_t0, 3, 0), answer(21, k_t0 + days(1), 1),         // before the reset
                       answer(21, k_t0 + days(2), 0, 4, 0),                           // Forget: new again
                       answer(21, k_t0 + days(3), 2, 0), answer(21, k_t0 + days(3) + milliseconds(600'000), 3, 0),
                       answer(31, k_t0, 3),  // a quiz item's card
                       answer(99, k_t0, 3),  // a card the deck no longer has
                   }),
                   two_questions());
  ASSERT_EQ(h.questions.size(), 2u);
  EXPECT_EQ(h.questions[0].question, "net/q1");
  EXPECT_EQ(h.questions[0].guide, "net.md");
  EXPECT_EQ(ratings(h.questions[0]), (std::vector<Rating>{Rating::good, Rating::good, Rating::again}));
  EXPECT_EQ(h.questions[0].answers[2].at, k_t0 + days(5));
  EXPECT_EQ(h.questions[0].answers[2].duration_ms, 4200);
  EXPECT_EQ(ratings(h.questions[1]), (std::vector<Rating>{Rating::hard, Rating::good}));
  EXPECT_EQ(h.answers, 5u);
  EXPECT_EQ(h.not_graded, 6u);  // cramming, set due date, not a grade, two before the reset and the reset
  EXPECT_EQ(h.of_other_cards, 2u);
  EXPECT_EQ(h.of_quiz_items, 1u);
  EXPECT_EQ(h.of_lost_cards, 1u);
}

TEST(AnkiHistory, ACardResetAndNotAnsweredSinceHasNoHistory) {
  const DeckHistory h =
      deck_history(deck_with_log({answer(21, k_t0, 3, 0), answer(21, k_t0 + days(2), 0, 4, 0)}), two_questions());
  EXPECT_TRUE(h.questions.empty());
  EXPECT_EQ(h.not_graded, 2u);
}

TEST(AnkiHistory, TimesNoClockGivesAreLeftOut) {
  const DeckHistory h =
      deck_history(deck_with_log({answer(11, store::Time(milliseconds(-86'400'000)), 3),
                                  answer(11, store::Time(milliseconds(INT64_MAX)), 3), answer(11, k_t0, 3)}),
                   two_questions());
  ASSERT_EQ(h.questions.size(), 1u);
  EXPECT_EQ(h.questions[0].answers.size(), 1u);
  EXPECT_EQ(h.not_graded, 2u);
}

// The card the scheduler makes of these ratings at these times, from new.
engine::Card replayed(const engine::Scheduler& s, const std::vector<std::pair<store::Time, engine::Rating>>& answers) {
  engine::Card card = engine::new_card(answers.front().first);
  for (const auto& [when, rating] : answers) card = s.review(card, when, rating).card;
  return card;
}

TEST(AnkiHistory, WrittenHistoryIsTheSchedulersReplayAndImportingAgainAddsOnlyNewerAnswers) {
  using engine::Rating;
  auto store = store::open_store("sqlite::memory:");
  ASSERT_TRUE(store.has_value()) << store.error().message;
  auto user = (*store)->local_user();
  ASSERT_TRUE(user.has_value());
  engine::FsrsParameters p;
  p.fuzz = engine::Fuzz::on;
  const auto scheduler = engine::Scheduler::create(p);
  ASSERT_TRUE(scheduler.has_value());

  std::vector<AnkiReview> log = {answer(11, k_t0, 3, 0), answer(11, k_t0 + days(1), 3), answer(11, k_t0 + days(9), 1),
                                 answer(21, k_t0, 4, 0)};
  const DeckHistory first = deck_history(deck_with_log(log), two_questions());
  auto written = write_history(**store, user->id, first, *scheduler);
  ASSERT_TRUE(written.has_value()) << written.error().message;
  EXPECT_EQ(written->answers, 4u);
  EXPECT_EQ(written->questions, 2u);
  EXPECT_EQ(written->already, 0u);

  auto card = (*store)->card(user->id, "net/q1");
  ASSERT_TRUE(card.has_value() && card->has_value());
  EXPECT_EQ((*card)->guide, "net.md");
  const engine::Card expected =
      replayed(*scheduler, {{k_t0, Rating::good}, {k_t0 + days(1), Rating::good}, {k_t0 + days(9), Rating::again}});
  EXPECT_EQ(engine::from_store((*card)->state), expected);
  EXPECT_EQ(expected.lapses, 1);
  auto reviews = (*store)->reviews(user->id, store::Time{});
  ASSERT_TRUE(reviews.has_value());
  ASSERT_EQ(reviews->size(), 4u);
  auto marks = (*store)->marks(user->id);
  ASSERT_TRUE(marks.has_value());
  ASSERT_EQ(marks->size(), 2u);
  EXPECT_EQ((*marks)[0].mark, "review");  // q1's last answer was Again
  EXPECT_EQ((*marks)[1].mark, "knew");

  // The same deck again: nothing new.
  written = write_history(**store, user->id, first, *scheduler);
  ASSERT_TRUE(written.has_value());
  EXPECT_EQ(written->answers, 0u);
  EXPECT_EQ(written->already, 4u);
  EXPECT_EQ((*store)->reviews(user->id, store::Time{})->size(), 4u);

  // A newer export of the deck: only the answer given since, from the state the database holds.
  log.push_back(answer(11, k_t0 + days(12), 3));
  written = write_history(**store, user->id, deck_history(deck_with_log(log), two_questions()), *scheduler);
  ASSERT_TRUE(written.has_value());
  EXPECT_EQ(written->answers, 1u);
  EXPECT_EQ(written->already, 4u);
  card = (*store)->card(user->id, "net/q1");
  EXPECT_EQ(engine::from_store((*card)->state), replayed(*scheduler, {{k_t0, Rating::good},
                                                                      {k_t0 + days(1), Rating::good},
                                                                      {k_t0 + days(9), Rating::again},
                                                                      {k_t0 + days(12), Rating::good}}));
}

TEST(AnkiHistory, AnswersOlderThanAReviewInPrepdeckAreLeftAlone) {
  auto store = store::open_store("sqlite::memory:");
  ASSERT_TRUE(store.has_value());
  auto user = (*store)->local_user();
  ASSERT_TRUE(user.has_value());
  const engine::Scheduler scheduler;
  // Studied in prepdeck on day 3.
  const engine::Card studied =
      scheduler.review(engine::new_card(k_t0 + days(3)), k_t0 + days(3), engine::Rating::easy).card;
  store::Review own;
  own.card_id = "net/q2";
  own.guide = "net.md";
  own.rating = 4;
  own.reviewed = k_t0 + days(3);
  own.before = engine::to_store(engine::new_card(k_t0 + days(3)));
  own.after = engine::to_store(studied);
  ASSERT_TRUE((*store)->record_review(user->id, own).has_value());

  const DeckHistory h =
      deck_history(deck_with_log({answer(21, k_t0, 3, 0), answer(21, k_t0 + days(5), 3)}), two_questions());
  auto written = write_history(**store, user->id, h, scheduler);
  ASSERT_TRUE(written.has_value());
  EXPECT_EQ(written->already, 1u);  // day 0, before prepdeck's review
  EXPECT_EQ(written->answers, 1u);  // day 5, after it: from prepdeck's state
  auto card = (*store)->card(user->id, "net/q2");
  EXPECT_EQ(engine::from_store((*card)->state), scheduler.review(studied, k_t0 + days(5), engine::Rating::good).card);
}

TEST(AnkiHistory, ALearnerTheDatabaseLacksIsAnErrorAndWritesNothing) {
  auto store = store::open_store("sqlite::memory:");
  ASSERT_TRUE(store.has_value());
  const engine::Scheduler scheduler;
  const DeckHistory h = deck_history(deck_with_log({answer(11, k_t0, 3, 0), answer(21, k_t0, 3, 0)}), two_questions());
  EXPECT_FALSE(write_history(**store, 424242, h, scheduler).has_value());  // the reviews' foreign key
  auto cards = (*store)->cards(424242);
  ASSERT_TRUE(cards.has_value());
  EXPECT_TRUE(cards->empty());
}

}  // namespace
}  // namespace prepdeck::importer
