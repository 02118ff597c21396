#include "engine/review_queue.h"

#include <gtest/gtest.h>

#include "source/file_system.h"
#include "util/time.h"

namespace prepdeck::engine {
namespace {

Time at(const char* iso) { return *util::parse_iso8601(iso); }

guide::GuideSet two_guides() {
  source::MemoryFileSystem fs;
  fs.add_file("g/a.md", "# A\n\n??? question \"1. One\"\n    x\n\n??? question \"2. Two\"\n    y\n");
  fs.add_file("g/b.md", "# B\n\n??? question \"1. Three\"\n    z\n");
  return guide::load_guides(fs, {"g"}, {}, 1);
}

store::CardRecord card(const std::string& id, const char* due, CardState state) {
  Card c = new_card(at(due));
  c.state = state;
  c.reps = 1;
  c.stability = 1;
  c.difficulty = 5;
  return store::CardRecord{id, "", to_store(c)};
}

TEST(ReviewQueue, DueCardsComeFirstMostOverdueFirstThenNewInGuideOrder) {
  const auto set = two_guides();
  ReviewQueue queue(set, 20);
  ASSERT_EQ(queue.items().size(), 3u);
  const auto now = at("2026-12-01T09:00:00Z");
  queue.load({card("b/q1", "2026-11-30T09:00:00Z", CardState::review),
              card("a/q2", "2026-11-29T09:00:00Z", CardState::review)},
             {});
  EXPECT_EQ(queue.items()[*queue.pick(now)].question->id, "a/q2");
  queue.items()[*queue.find("a/q2")].card->due = at("2026-12-05T00:00:00Z");
  EXPECT_EQ(queue.items()[*queue.pick(now)].question->id, "b/q1");
  queue.items()[*queue.find("b/q1")].card->due = at("2026-12-05T00:00:00Z");
  EXPECT_EQ(queue.items()[*queue.pick(now)].question->id, "a/q1");
  EXPECT_EQ(queue.counts(now), (std::pair<int, int>{0, 1}));
}

TEST(ReviewQueue, TodaysNewCardsUseUpTheAllowanceAndLearningStepsComeBackSoon) {
  const auto set = two_guides();
  ReviewQueue queue(set, 1);
  const auto now = at("2026-12-01T09:00:00Z");
  store::Review new_today;
  new_today.card_id = "a/q1";
  queue.load({card("a/q1", "2026-12-01T09:10:00Z", CardState::learning)}, {new_today});
  // No new card left today; the learning step 10 minutes away is shown now.
  EXPECT_EQ(queue.counts(now), (std::pair<int, int>{0, 0}));
  EXPECT_EQ(queue.items()[*queue.pick(now)].question->id, "a/q1");
  queue.items()[0].card->due = at("2026-12-01T10:00:00Z");
  EXPECT_FALSE(queue.pick(now));
  queue.count_new(-1);
  EXPECT_EQ(queue.items()[*queue.pick(now)].question->id, "a/q2");
}

TEST(ReviewQueue, OneGuideOnly) {
  const auto set = two_guides();
  ReviewQueue queue(set, 20, "b.md");
  ASSERT_EQ(queue.items().size(), 1u);
  EXPECT_EQ(queue.items()[0].question->id, "b/q1");
  EXPECT_FALSE(queue.find("a/q1"));
}

TEST(ReviewQueue, IntervalsReadAsAPersonWouldSayThem) {
  using std::chrono::milliseconds;
  EXPECT_EQ(format_interval(milliseconds(30'000)), "<1m");
  EXPECT_EQ(format_interval(milliseconds(10 * 60'000)), "10m");
  EXPECT_EQ(format_interval(milliseconds(3 * 3'600'000)), "3h");
  EXPECT_EQ(format_interval(milliseconds(4LL * 86'400'000)), "4d");
  EXPECT_EQ(format_interval(milliseconds(76LL * 86'400'000)), "2.5mo");
  EXPECT_EQ(format_interval(milliseconds(400LL * 86'400'000)), "1.1y");
}

TEST(ReviewQueue, CardsConvertToTheStoreAndBack) {
  Card c = new_card(at("2026-12-01T09:00:00Z"));
  c.state = CardState::relearning;
  c.stability = 3.25;
  c.difficulty = 6.5;
  c.reps = 4;
  c.lapses = 1;
  c.learning_steps = 1;
  c.last_review = at("2026-11-30T09:00:00Z");
  EXPECT_EQ(from_store(to_store(c)), c);
}

}  // namespace
}  // namespace prepdeck::engine
