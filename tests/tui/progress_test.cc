#include "tui/progress.h"

#include <cstdlib>
#include <ctime>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "store/store.h"

namespace prepdeck::tui {
namespace {

util::Time at(const char* iso) { return *util::parse_iso8601(iso); }

// Reviews on three days; the last puts a card due in two days.
std::unique_ptr<store::Store> history() {
  ::setenv("TZ", "UTC", 1);
  ::tzset();
  auto store = std::move(store::open_store(":memory:").value());
  const auto user = store->local_user()->id;
  const auto review = [&](const char* card, int rating, const char* when, int before_state, const char* due) {
    store::Review r;
    r.card_id = card;
    r.guide = "git.md";
    r.rating = rating;
    r.reviewed = at(when);
    r.before.state = before_state;
    r.before.reps = before_state == 0 ? 0 : 3;
    r.after.state = 2;
    r.after.reps = r.before.reps + 1;
    r.after.stability = 4.5;
    r.after.difficulty = 5.5;
    r.after.due = at(due);
    r.after.last_review = r.reviewed;
    ASSERT_TRUE(store->record_review(user, r));
  };
  review("git#a", 3, "2026-11-20T10:00:00Z", 0, "2026-11-25T10:00:00Z");
  review("git#b", 3, "2026-11-20T10:05:00Z", 0, "2026-12-10T10:00:00Z");
  review("git#a", 1, "2026-11-25T10:00:00Z", 2, "2026-11-30T10:00:00Z");
  review("git#a", 4, "2026-11-30T10:00:00Z", 2, "2026-12-03T10:00:00Z");
  store::LevelResult level;
  level.scope = "examples";
  level.taken = at("2026-11-30T11:00:00Z");
  level.theta = 0.35;
  level.standard_error = 0.38;
  level.items = 12;
  level.verdict = "intermediate";
  store->record_level(user, level);
  return store;
}

TEST(Progress, TheSummaryCountsDueCardsRetentionAndHistory) {
  auto store = history();
  const auto text = progress_text(*store, {}, at("2026-12-01T09:00:00Z"), TextStyle{Color::off, 80});
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_NE(text->find("Progress: 2 cards studied."), std::string::npos) << *text;
  EXPECT_NE(text->find("Due now: 0 \xC2\xB7 today: 0 \xC2\xB7 within 7 days: 1"), std::string::npos) << *text;
  EXPECT_NE(text->find("Retention, last 30 days: 50% (1 of 2"), std::string::npos) << *text;
  EXPECT_NE(text->find("Reviews per day, last 12 weeks (4 in all)"), std::string::npos);
  EXPECT_NE(text->find("2026-11-30  Intermediate  \xCE\xB8 =  0.35 \xC2\xB1 0.38  12 questions, examples"),
            std::string::npos)
      << *text;
  // The heatmap: seven rows, Monday first; the two reviews of Friday 20 November are the busiest day.
  EXPECT_NE(text->find("  Mon "), std::string::npos);
  EXPECT_NE(text->find("(busiest day: 2)"), std::string::npos);
}

TEST(Progress, JsonListsEveryCard) {
  auto store = history();
  const auto text = progress_json(*store, {}, at("2026-12-01T09:00:00Z"));
  ASSERT_TRUE(text);
  const auto j = nlohmann::json::parse(*text);
  ASSERT_EQ(j["cards"].size(), 2u);
  EXPECT_EQ(j["cards"][0]["id"], "git#a");
  EXPECT_EQ(j["cards"][0]["state"], "review");
  EXPECT_EQ(j["cards"][0]["due"], "2026-12-03T10:00:00Z");
  EXPECT_EQ(j["cards"][0]["reps"], 4);
  EXPECT_DOUBLE_EQ(j["cards"][0]["stability"].get<double>(), 4.5);
  EXPECT_EQ(j["reviews_per_day"]["2026-11-20"], 2);
  EXPECT_DOUBLE_EQ(j["retention_30_days"].get<double>(), 0.5);
  EXPECT_EQ(j["levels"][0]["verdict"], "intermediate");
}

TEST(Progress, AScopeKeepsOnlyItsGuidesCards) {
  auto store = history();
  ProgressScope scope;
  scope.cards = std::set<std::string>{"git#b", "git#c"};
  scope.questions = 2;
  const auto text = progress_text(*store, scope, at("2026-12-01T09:00:00Z"), TextStyle{Color::off, 80});
  ASSERT_TRUE(text);
  EXPECT_NE(text->find("Progress: 1 card studied, 1 not yet seen."), std::string::npos) << *text;
  const auto j = nlohmann::json::parse(*progress_json(*store, scope, at("2026-12-01T09:00:00Z")));
  EXPECT_EQ(j["cards"].size(), 1u);
}

}  // namespace
}  // namespace prepdeck::tui
