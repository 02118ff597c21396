#include "engine/quiz_session.h"

#include <gtest/gtest.h>

namespace prepdeck::engine {
namespace {

guide::QuizItem single(std::string id, std::size_t right, std::size_t count = 3,
                       guide::Level level = guide::Level::unspecified) {
  guide::QuizItem item;
  item.id = std::move(id);
  item.kind = guide::QuizKind::single;
  for (std::size_t i = 0; i < count; ++i) item.options.push_back({"option " + std::to_string(i), i == right, "", 0});
  item.valid = true;
  item.level = level;
  return item;
}

guide::QuizItem multiple(std::vector<bool> correct) {
  guide::QuizItem item;
  item.id = "m";
  item.kind = guide::QuizKind::multiple;
  for (bool c : correct) item.options.push_back({"x", c, "", 0});
  item.valid = true;
  return item;
}

guide::QuizItem fill(std::vector<std::string> blanks) {
  guide::QuizItem item;
  item.id = "f";
  item.kind = guide::QuizKind::fill;
  item.blanks = std::move(blanks);
  item.valid = true;
  return item;
}

Time at(std::int64_t seconds) { return Time(std::chrono::seconds(seconds)); }

TEST(QuizScoring, BlanksIgnoreCaseAndSpaceAroundAndTakeAlternatives) {
  EXPECT_TRUE(blank_matches("Paris", "  paris "));
  EXPECT_TRUE(blank_matches("HEAD|head commit", "Head Commit"));
  EXPECT_TRUE(blank_matches(" rebase | merge ", "MERGE"));
  EXPECT_FALSE(blank_matches("rebase", "rebased"));
  EXPECT_FALSE(blank_matches("rebase", ""));
  EXPECT_TRUE(blank_matches("", "  "));
  EXPECT_TRUE(
      blank_matches("\xC3\x89"
                    "cole",
                    "\xC3\xA9"
                    "COLE"));                                          // École / éCOLE
  EXPECT_TRUE(blank_matches("\xD0\x94\xD0\xB0", "\xD0\xB4\xD0\x90"));  // Да / дА
  EXPECT_TRUE(
      blank_matches("\xC5\x81\xC3\xB3"
                    "d\xC5\xBA",
                    "\xC5\x82\xC3\x93"
                    "D\xC5\xB9"));                     // Łódź / łÓDŹ
  EXPECT_TRUE(blank_matches("\xCE\xA3", "\xCF\x83"));  // Σ / σ
}

TEST(QuizScoring, SingleAnswerIsRightOnlyForTheRightOption) {
  const auto item = single("s", 1);
  EXPECT_TRUE(score_item(item, {{1}, {}}, Credit::all_or_nothing).correct);
  EXPECT_FALSE(score_item(item, {{0}, {}}, Credit::all_or_nothing).correct);
  EXPECT_FALSE(score_item(item, {{0, 1}, {}}, Credit::all_or_nothing).correct);
  EXPECT_FALSE(score_item(item, {{7}, {}}, Credit::all_or_nothing).correct);
  EXPECT_FALSE(score_item(item, {}, Credit::all_or_nothing).correct);
}

TEST(QuizScoring, MultipleAnswersAreAllOrNothingOrPartial) {
  const auto item = multiple({true, true, false, false});
  EXPECT_EQ(score_item(item, {{0, 1}, {}}, Credit::all_or_nothing).score, 1);
  EXPECT_EQ(score_item(item, {{0}, {}}, Credit::all_or_nothing).score, 0);
  EXPECT_EQ(score_item(item, {{0, 1, 2}, {}}, Credit::all_or_nothing).score, 0);
  EXPECT_DOUBLE_EQ(score_item(item, {{0}, {}}, Credit::partial).score, 0.5);
  EXPECT_DOUBLE_EQ(score_item(item, {{0, 1, 2}, {}}, Credit::partial).score, 0.5);
  EXPECT_DOUBLE_EQ(score_item(item, {{2, 3}, {}}, Credit::partial).score, 0);  // never below 0
  EXPECT_FALSE(score_item(item, {{0}, {}}, Credit::partial).correct);
}

TEST(QuizScoring, FillInCountsEveryBlank) {
  const auto item = fill({"git|Git", "HEAD"});
  const auto both = score_item(item, {{}, {"GIT", "head"}}, Credit::all_or_nothing);
  EXPECT_TRUE(both.correct);
  EXPECT_EQ(both.blanks_right, (std::vector<bool>{true, true}));
  const auto one = score_item(item, {{}, {"git"}}, Credit::partial);
  EXPECT_FALSE(one.correct);
  EXPECT_DOUBLE_EQ(one.score, 0.5);
  EXPECT_EQ(one.blanks_right, (std::vector<bool>{true, false}));
}

TEST(QuizScoring, AnItemThatCannotBeScoredScoresNothing) {
  auto item = single("s", 0);
  item.valid = false;
  EXPECT_FALSE(score_item(item, {{0}, {}}, Credit::all_or_nothing).correct);
}

TEST(QuizScoring, TheVerdictFollowsTheStaticSitesRule) {
  using L = guide::Level;
  const auto results = [](int right, int wrong, L level) {
    std::vector<LevelledResult> r;
    for (int i = 0; i < right; ++i) r.push_back({level, true});
    for (int i = 0; i < wrong; ++i) r.push_back({level, false});
    return r;
  };
  EXPECT_EQ(quiz_verdict({}), L::beginner);
  EXPECT_EQ(quiz_verdict(results(8, 2, L::unspecified)), L::advanced);
  EXPECT_EQ(quiz_verdict(results(7, 3, L::unspecified)), L::intermediate);
  EXPECT_EQ(quiz_verdict(results(5, 5, L::unspecified)), L::beginner);
  // 90% overall, but half the advanced items wrong: not Advanced.
  auto mixed = results(8, 0, L::beginner);
  for (const auto& r : results(1, 1, L::advanced)) mixed.push_back(r);
  EXPECT_EQ(quiz_verdict(mixed), L::intermediate);
  // Most of the harder items wrong: Beginner, whatever the easy ones say.
  mixed.push_back({L::advanced, false});
  EXPECT_EQ(quiz_verdict(mixed), L::beginner);
}

TEST(QuizSession, ItemsComeInOrderOrShuffledBySeedAndUpToTheLimit) {
  std::vector<guide::QuizItem> items;
  for (int i = 0; i < 6; ++i) items.push_back(single("q" + std::to_string(i), 0));
  items[2].valid = false;
  QuizSession in_order(items, {}, at(0));
  ASSERT_EQ(in_order.size(), 5u);
  EXPECT_EQ(in_order.item(2).id, "q3");  // q2 cannot be scored
  EXPECT_EQ(in_order.option_order(0), (std::vector<std::size_t>{0, 1, 2}));

  QuizSessionOptions options;
  options.order = Order::shuffled;
  options.options = Order::shuffled;
  options.seed = 11;
  options.limit = 3;
  QuizSession a(items, options, at(0));
  QuizSession b(items, options, at(0));
  ASSERT_EQ(a.size(), 3u);
  for (std::size_t k = 0; k < a.size(); ++k) {
    EXPECT_EQ(a.item(k).id, b.item(k).id);
    EXPECT_EQ(a.option_order(k), b.option_order(k));
  }
}

TEST(QuizSession, AnswersScoreOnceAndTheResultGivesAVerdict) {
  std::vector<guide::QuizItem> items = {single("a", 0, 3, guide::Level::beginner), single("b", 1),
                                        single("c", 2, 3, guide::Level::advanced)};
  QuizSession session(items, {}, at(0));
  EXPECT_EQ(session.current(at(1)), 0u);
  EXPECT_TRUE(session.answer(0, {{0}, {}}, at(1))->correct);
  EXPECT_FALSE(session.answer(0, {{1}, {}}, at(2)));  // already answered
  EXPECT_EQ(session.current(at(2)), 1u);
  EXPECT_FALSE(session.answer(1, {{0}, {}}, at(3))->correct);
  EXPECT_TRUE(session.answer(2, {{2}, {}}, at(4))->correct);
  EXPECT_FALSE(session.current(at(5)));
  const auto result = session.result(at(5));
  EXPECT_EQ(result.answered, 3u);
  EXPECT_DOUBLE_EQ(result.score, 2);
  EXPECT_EQ(result.verdict, guide::Level::intermediate);  // 67% overall, the advanced one right
}

TEST(QuizSession, TheTimeLimitEndsTheSession) {
  std::vector<guide::QuizItem> items = {single("a", 0), single("b", 0)};
  QuizSessionOptions options;
  options.time_limit = std::chrono::seconds(60);
  QuizSession session(items, options, at(100));
  EXPECT_TRUE(session.answer(0, {{0}, {}}, at(130)));
  EXPECT_FALSE(session.answer(1, {{0}, {}}, at(160)));  // the minute is up
  EXPECT_FALSE(session.current(at(160)));
  const auto result = session.result(at(160));
  EXPECT_TRUE(result.timed_out);
  EXPECT_EQ(result.answered, 1u);
  EXPECT_EQ(result.items, 2u);
}

TEST(QuizSession, StoppingLeavesTheRestUnanswered) {
  std::vector<guide::QuizItem> items = {single("a", 0), single("b", 0)};
  QuizSession session(items, {}, at(0));
  session.answer(0, {{0}, {}}, at(1));
  session.stop();
  EXPECT_FALSE(session.current(at(2)));
  EXPECT_EQ(session.result(at(2)).answered, 1u);
}

}  // namespace
}  // namespace prepdeck::engine
