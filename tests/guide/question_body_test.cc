#include "guide/question_body.h"

#include <gtest/gtest.h>

namespace prepdeck::guide {
namespace {

TEST(QuestionBody, LevelMarkers) {
  EXPECT_EQ(parse_level_marker("🟢 **Beginner**")->level, Level::beginner);
  EXPECT_EQ(parse_level_marker("🔴 Hard")->level, Level::advanced);
  EXPECT_EQ(parse_level_marker("🟡")->level, Level::intermediate);
  EXPECT_EQ(parse_level_marker("**Intermediate**")->level, Level::intermediate);
  EXPECT_EQ(parse_level_marker("**Level:** Expert")->level, Level::advanced);
  EXPECT_EQ(parse_level_marker("Difficulty: Easy")->level, Level::beginner);
  auto conflict = parse_level_marker("🟢 **Advanced**");
  EXPECT_TRUE(conflict->conflict);
  EXPECT_EQ(conflict->level, Level::advanced);
  EXPECT_FALSE(parse_level_marker("**Basic**: the default setting"));
  EXPECT_FALSE(parse_level_marker("An advanced topic"));
}

}  // namespace
}  // namespace prepdeck::guide
