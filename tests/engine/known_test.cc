#include "engine/known.h"

#include <gtest/gtest.h>

namespace prepdeck::engine {
namespace {

TEST(Known, HardGoodAndEasyArePassesAndAgainIsNot) {
  EXPECT_EQ(mark_for_rating(1), "review");
  EXPECT_EQ(mark_for_rating(2), "knew");
  EXPECT_EQ(mark_for_rating(3), "knew");
  EXPECT_EQ(mark_for_rating(4), "knew");
  EXPECT_FALSE(is_pass(0));
  EXPECT_FALSE(is_pass(5));
}

TEST(Known, OnlyKnewMarksOfTheQuestionsAskedAboutCount) {
  const std::vector<store::Mark> marks = {
      {"a", "g.md", "knew", {}}, {"b", "g.md", "review", {}}, {"c", "g.md", "knew", {}}, {"z", "h.md", "knew", {}}};
  EXPECT_EQ(known_count(marks, {"a", "b", "c", "d"}), 2u);
  EXPECT_EQ(known_count(marks, {}), 0u);
  EXPECT_EQ(known_count({}, {"a"}), 0u);
}

}  // namespace
}  // namespace prepdeck::engine
