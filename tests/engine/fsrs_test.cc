#include "engine/fsrs.h"

#include <cmath>
#include <fstream>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace prepdeck::engine {
namespace {

using nlohmann::json;

Time at(std::int64_t ms) { return Time(std::chrono::milliseconds(ms)); }
std::int64_t ms_of(Time t) { return t.time_since_epoch().count(); }
constexpr std::int64_t k_day = 86'400'000;

json load_vectors() {
  std::ifstream in(PREPDECK_SOURCE_DIR "/tests/engine/data/fsrs_vectors.json");
  return json::parse(in);
}

Card card_of(const json& row) {
  Card c;
  c.due = at(row[0].get<std::int64_t>());
  c.stability = row[1].get<double>();
  c.difficulty = row[2].get<double>();
  c.elapsed_days = row[3].get<int>();
  c.scheduled_days = row[4].get<int>();
  c.reps = row[5].get<int>();
  c.lapses = row[6].get<int>();
  c.learning_steps = row[7].get<int>();
  c.state = static_cast<CardState>(row[8].get<int>());
  if (!row[9].is_null()) c.last_review = at(row[9].get<std::int64_t>());
  return c;
}

FsrsParameters parameters_of(const json& p) {
  FsrsParameters parameters;
  for (std::size_t i = 0; i < parameters.w.size(); ++i) parameters.w[i] = p["w"][i].get<double>();
  parameters.desired_retention = p["request_retention"].get<double>();
  parameters.maximum_interval = p["maximum_interval"].get<int>();
  parameters.fuzz = p["enable_fuzz"].get<bool>() ? Fuzz::on : Fuzz::off;
  parameters.short_term = p["enable_short_term"].get<bool>() ? ShortTerm::on : ShortTerm::off;
  parameters.learning_steps = p["learning_steps"].get<std::vector<int>>();
  parameters.relearning_steps = p["relearning_steps"].get<std::vector<int>>();
  return parameters;
}

// Every field but stability and difficulty exactly; those two within 1e-4
// (the bound), though they come out equal to the last digit here.
void expect_card(const Card& actual, const Card& expected, const std::string& where) {
  EXPECT_EQ(ms_of(actual.due), ms_of(expected.due)) << where;
  EXPECT_NEAR(actual.stability, expected.stability, 1e-4) << where;
  EXPECT_NEAR(actual.difficulty, expected.difficulty, 1e-4) << where;
  EXPECT_EQ(actual.elapsed_days, expected.elapsed_days) << where;
  EXPECT_EQ(actual.scheduled_days, expected.scheduled_days) << where;
  EXPECT_EQ(actual.reps, expected.reps) << where;
  EXPECT_EQ(actual.lapses, expected.lapses) << where;
  EXPECT_EQ(actual.learning_steps, expected.learning_steps) << where;
  EXPECT_EQ(actual.state, expected.state) << where;
  EXPECT_EQ(actual.last_review.has_value(), expected.last_review.has_value()) << where;
  if (actual.last_review && expected.last_review) {
    EXPECT_EQ(ms_of(*actual.last_review), ms_of(*expected.last_review)) << where;
  }
}

// ts-fsrs's repeat() on every step of every learner of every case: what each
// of the four ratings would do, the review log of the one taken, and the
// retrievability before it. Each step starts from ts-fsrs's card, so a
// mismatch shows where it starts instead of compounding.
TEST(Fsrs, MatchesTsFsrsOnEveryReferenceReview) {
  const json vectors = load_vectors();
  ASSERT_EQ(vectors["generator"], "ts-fsrs v5.4.2 using FSRS-6.0");
  std::size_t reviews = 0;
  double worst_stability = 0;
  double worst_difficulty = 0;
  for (const json& c : vectors["cases"]) {
    const auto scheduler = Scheduler::create(parameters_of(c["parameters"]));
    ASSERT_TRUE(scheduler) << c["name"];
    for (std::size_t s = 0; s < c["sequences"].size(); ++s) {
      const json& sequence = c["sequences"][s];
      Card card = new_card(at(sequence["start"].get<std::int64_t>()));
      Card own = card;  // carried forward by this scheduler alone
      for (std::size_t k = 0; k < sequence["steps"].size(); ++k) {
        const json& step = sequence["steps"][k];
        const std::string where = fmt::format("{} / learner {} / review {}", c["name"].get<std::string>(), s, k);
        const Time now = at(step["now"].get<std::int64_t>());
        EXPECT_NEAR(scheduler->retrievability(card, now), step["retrievability"].get<double>(), 1e-8) << where;
        const auto preview = scheduler->preview(card, now);
        for (std::size_t g = 0; g < 4; ++g) {
          const Card expected = card_of(step["preview"][g]);
          expect_card(preview[g].card, expected, fmt::format("{} / rating {}", where, g + 1));
          worst_stability = std::max(worst_stability, std::abs(preview[g].card.stability - expected.stability));
          worst_difficulty = std::max(worst_difficulty, std::abs(preview[g].card.difficulty - expected.difficulty));
        }
        const Rating rating = *rating_from_number(step["rating"].get<int>());
        const json& log = step["log"];
        const ReviewLog& actual = preview[static_cast<std::size_t>(rating) - 1].log;
        EXPECT_EQ(static_cast<int>(actual.rating), log[0].get<int>()) << where;
        EXPECT_EQ(static_cast<int>(actual.state), log[1].get<int>()) << where;
        EXPECT_EQ(ms_of(actual.due), log[2].get<std::int64_t>()) << where;
        EXPECT_NEAR(actual.stability, log[3].get<double>(), 1e-4) << where;
        EXPECT_NEAR(actual.difficulty, log[4].get<double>(), 1e-4) << where;
        EXPECT_EQ(actual.elapsed_days, log[5].get<int>()) << where;
        EXPECT_EQ(actual.last_elapsed_days, log[6].get<int>()) << where;
        EXPECT_EQ(actual.scheduled_days, log[7].get<int>()) << where;
        EXPECT_EQ(actual.learning_steps, log[8].get<int>()) << where;
        EXPECT_EQ(ms_of(actual.review), log[9].get<std::int64_t>()) << where;

        own = scheduler->review(own, now, rating).card;
        card = card_of(step["preview"][static_cast<std::size_t>(rating) - 1]);
        expect_card(own, card, where + " (carried forward)");
        ++reviews;
      }
    }
  }
  EXPECT_EQ(reviews, 1296u);
  RecordProperty("worst_stability_difference", fmt::format("{:g}", worst_stability));
  RecordProperty("worst_difficulty_difference", fmt::format("{:g}", worst_difficulty));
}

TEST(Fsrs, ANewCardRatedGoodStartsLearningAtTheSecondStep) {
  const Scheduler scheduler;
  const Time now = at(1'780'000'000'000);
  const Scheduled good = scheduler.review(new_card(now), now, Rating::good);
  EXPECT_EQ(good.card.state, CardState::learning);
  EXPECT_EQ(good.card.learning_steps, 1);
  EXPECT_EQ(ms_of(good.card.due) - ms_of(now), 10 * 60'000);  // the 10-minute step
  EXPECT_DOUBLE_EQ(good.card.stability, k_default_weights[2]);
  EXPECT_EQ(good.card.reps, 1);
  const Scheduled easy = scheduler.review(new_card(now), now, Rating::easy);
  EXPECT_EQ(easy.card.state, CardState::review);  // Easy skips the steps
  EXPECT_GE(easy.card.scheduled_days, 1);
}

TEST(Fsrs, ReviewIntervalsGrowWithTheRatingAndALapseRelearns) {
  const Scheduler scheduler;
  Time now = at(1'780'000'000'000);
  Card card = new_card(now);
  for (Rating r : {Rating::good, Rating::good, Rating::good}) {
    card = scheduler.review(card, now, r).card;
    now = card.due;
  }
  ASSERT_EQ(card.state, CardState::review);
  const auto preview = scheduler.preview(card, card.due);
  EXPECT_EQ(preview[0].card.state, CardState::relearning);
  EXPECT_EQ(preview[0].card.lapses, 1);
  EXPECT_LT(preview[0].card.stability, card.stability);
  EXPECT_LT(preview[1].card.scheduled_days, preview[2].card.scheduled_days);
  EXPECT_LT(preview[2].card.scheduled_days, preview[3].card.scheduled_days);
  EXPECT_NEAR(scheduler.retrievability(card, card.due), 0.9, 0.03);  // due when recall falls to 90%
}

// As in ts-fsrs, Good is kept a day past Hard and Easy a day past Good even at
// the cap, so they can pass it by a day or two.
TEST(Fsrs, TheMaximumIntervalCapsTheIntervals) {
  FsrsParameters parameters;
  parameters.maximum_interval = 30;
  const auto scheduler = Scheduler::create(parameters);
  ASSERT_TRUE(scheduler);
  Time now = at(1'780'000'000'000);
  Card card = new_card(now);
  for (int i = 0; i < 12; ++i) {
    const auto preview = scheduler->preview(card, now);
    if (card.state == CardState::review) {
      EXPECT_LE(preview[1].card.scheduled_days, 30);
      EXPECT_LE(preview[2].card.scheduled_days, 31);
      EXPECT_LE(preview[3].card.scheduled_days, 32);
    }
    card = preview[3].card;
    now = card.due;
  }
  EXPECT_EQ(scheduler->preview(card, now)[1].card.scheduled_days, 30);
}

TEST(Fsrs, FuzzIsDeterministicAndStaysNearTheInterval) {
  FsrsParameters parameters;
  parameters.fuzz = Fuzz::on;
  const auto fuzzy = Scheduler::create(parameters);
  const Scheduler plain;
  ASSERT_TRUE(fuzzy);
  Time now = at(1'780'000'000'000);
  Card card = new_card(now);
  for (int i = 0; i < 6; ++i) {
    card = plain.review(card, now, Rating::good).card;
    now = card.due;
  }
  const int exact = plain.review(card, now, Rating::good).card.scheduled_days;
  const int fuzzed = fuzzy->review(card, now, Rating::good).card.scheduled_days;
  EXPECT_EQ(fuzzed, fuzzy->review(card, now, Rating::good).card.scheduled_days);
  EXPECT_NEAR(fuzzed, exact, std::max(2.0, exact * 0.1));
}

// The interval on a grade's button is the interval the grade gives: the fuzz
// is drawn from the time of the preview, not of the click, when that is known.
TEST(Fsrs, AGradeGivesTheIntervalItsPreviewShowed) {
  FsrsParameters parameters;
  parameters.fuzz = Fuzz::on;
  const auto fuzzy = Scheduler::create(parameters);
  ASSERT_TRUE(fuzzy);
  Time now = at(1'780'000'000'000);
  Card card = new_card(now);
  for (int i = 0; i < 5; ++i) {
    card = fuzzy->review(card, now, Rating::good).card;
    now = card.due;
  }
  int differed = 0;
  for (int seconds = 1; seconds <= 40; ++seconds) {
    const Time shown = now + std::chrono::minutes(seconds);
    const Time clicked = shown + std::chrono::seconds(seconds);
    for (Rating r : {Rating::hard, Rating::good, Rating::easy}) {
      const auto preview = fuzzy->preview(card, shown)[static_cast<std::size_t>(r) - 1].card;
      const auto given = fuzzy->review(card, clicked, r, shown).card;
      EXPECT_EQ(given.scheduled_days, preview.scheduled_days);
      EXPECT_EQ(given.due - clicked, preview.due - shown);
      if (fuzzy->review(card, clicked, r).card.scheduled_days != preview.scheduled_days) ++differed;
    }
  }
  EXPECT_GT(differed, 0);  // without the preview's time, the fuzz would have moved some
}

TEST(Fsrs, ParametersOutsideTheirRangeAreRefused) {
  FsrsParameters p;
  p.desired_retention = 0;
  EXPECT_FALSE(Scheduler::create(p));
  p.desired_retention = 1.2;
  EXPECT_FALSE(Scheduler::create(p));
  p = {};
  p.maximum_interval = 0;
  EXPECT_FALSE(Scheduler::create(p));
  p = {};
  p.w[3] = std::nan("");
  EXPECT_FALSE(Scheduler::create(p));
  p = {};
  p.w[4] = 50;  // clipped into FSRS-6's range, as ts-fsrs does
  const auto clipped = Scheduler::create(p);
  ASSERT_TRUE(clipped);
  EXPECT_EQ(clipped->parameters().w[4], 10);
}

TEST(Fsrs, StepsAreReadInMinutesHoursAndDays) {
  EXPECT_EQ(parse_steps("1m 10m").value(), (std::vector<int>{1, 10}));
  EXPECT_EQ(parse_steps("1m,1h, 2d").value(), (std::vector<int>{1, 60, 2880}));
  EXPECT_EQ(parse_steps("").value(), std::vector<int>{});
  EXPECT_FALSE(parse_steps("10"));
  EXPECT_FALSE(parse_steps("1w"));
  EXPECT_FALSE(parse_steps("m"));
  EXPECT_FALSE(parse_steps("-1m"));
  EXPECT_FALSE(parse_steps("9999999d"));
}

TEST(Fsrs, NamesOfStatesAndRatingsReadBack) {
  for (CardState s : {CardState::fresh, CardState::learning, CardState::review, CardState::relearning})
    EXPECT_EQ(card_state_from_string(to_string(s)), s);
  for (Rating r : {Rating::again, Rating::hard, Rating::good, Rating::easy})
    EXPECT_EQ(rating_from_string(to_string(r)), r);
  EXPECT_FALSE(rating_from_number(0));
  EXPECT_FALSE(rating_from_number(5));
  EXPECT_FALSE(card_state_from_string("old"));
}

// A card read back from damaged storage (difficulty 0 with a stability) is
// scheduled, not refused.
TEST(Fsrs, ADamagedCardIsMendedNotRefused) {
  const Scheduler scheduler;
  Card card = new_card(at(0));
  card.state = CardState::review;
  card.stability = 5;
  card.difficulty = 0;
  card.last_review = at(0);
  const auto preview = scheduler.preview(card, at(10 * k_day));
  for (const auto& s : preview) {
    EXPECT_GE(s.card.difficulty, 1);
    EXPECT_TRUE(std::isfinite(s.card.stability));
  }
}

}  // namespace
}  // namespace prepdeck::engine
