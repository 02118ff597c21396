#include "util/unique_names.h"

#include <string>

#include <gtest/gtest.h>

namespace prepdeck::util {
namespace {

TEST(UniqueNames, FirstKeepsItsNameLaterOnesAreNumbered) {
  UniqueNames names;
  EXPECT_EQ(names.take("intro"), "intro");
  EXPECT_EQ(names.take("intro"), "intro-2");
  EXPECT_EQ(names.take("setup"), "setup");
  EXPECT_EQ(names.take("intro"), "intro-3");
}

TEST(UniqueNames, SkipsSuffixedNamesAlreadyTaken) {
  UniqueNames names;
  EXPECT_EQ(names.take("a-2"), "a-2");
  EXPECT_EQ(names.take("a"), "a");
  EXPECT_EQ(names.take("a"), "a-3");
  EXPECT_EQ(names.take("a-3"), "a-3-2");
}

TEST(UniqueNames, SeparatorAndFirstNumberAreChosen) {
  UniqueNames names("_", 1);
  EXPECT_EQ(names.take("x"), "x");
  EXPECT_EQ(names.take("x"), "x_1");
  EXPECT_EQ(names.take("x"), "x_2");
}

TEST(UniqueNames, ManyOfOneNameStayDistinct) {
  UniqueNames names;
  for (int i = 0; i < 20000; ++i) {
    const std::string got = names.take("h");
    EXPECT_EQ(got, i == 0 ? std::string("h") : "h-" + std::to_string(i + 1));
  }
}

}  // namespace
}  // namespace prepdeck::util
