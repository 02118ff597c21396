#include "util/toc_slug.h"

#include <gtest/gtest.h>

namespace prepdeck::util {
namespace {

TEST(TocSlug, PythonMarkdownsRule) {
  EXPECT_EQ(toc_slugify("What is a Pod?"), "what-is-a-pod");
  EXPECT_EQ(toc_slugify("Eesmärk"), "eesmark");
  EXPECT_EQ(toc_slugify("snake_case"), "snake_case");
  EXPECT_EQ(toc_slugify("日本語"), "");
  EXPECT_EQ(toc_slugify("a\xC2\xA0"
                        "b"),
            "a-b");  // NBSP decomposes to a space
  SlugRule underscore;
  underscore.separator = "_";
  EXPECT_EQ(toc_slugify("a - b  c", underscore), "a_-_b_c");
}

TEST(TocSlug, PymdownxRules) {
  EXPECT_EQ(toc_slugify("Eesmärk ja Ülevaade", SlugRule::uslugify()), "eesmärk-ja-ülevaade");
  SlugRule cased = SlugRule::uslugify();
  cased.letter_case = SlugRule::Case::none;
  EXPECT_EQ(toc_slugify("Größe <b>X</b>", cased), "Größe-X");
  SlugRule encoded = SlugRule::uslugify();
  encoded.percent_encode = true;
  EXPECT_EQ(toc_slugify("Ärger", encoded), "%C3%A4rger");
  EXPECT_EQ(toc_slugify("a < b", SlugRule::uslugify()), "a--b");  // a '<' with no '>' after it is no tag
}

TEST(TocIds, UniqueAsToc) {
  TocIds ids;
  ids.add("custom");
  EXPECT_EQ(ids.unique("custom"), "custom_1");
  EXPECT_EQ(ids.unique("a"), "a");
  EXPECT_EQ(ids.unique("a"), "a_1");
  EXPECT_EQ(ids.unique("a_1"), "a_2");
  EXPECT_EQ(ids.unique("a"), "a_3");
  EXPECT_EQ(ids.unique(""), "_1");
  EXPECT_EQ(ids.unique(""), "_2");
  EXPECT_EQ(ids.unique("x_05"), "x_05");
  EXPECT_EQ(ids.unique("x_05"), "x_6");
  EXPECT_EQ(ids.unique("x_1234567890"), "x_1234567890");    // ten digits: read as no number
  EXPECT_EQ(ids.unique("x_1234567890"), "x_1234567890_1");  // (toc would give x_1234567891)
}

// 20,000 headings alike and 20,000 "x_5" cost linear time (the 20,000th takes
// one probe, not 20,000); a regression would show in bench/linear_bench.
TEST(TocIds, ManyAlikeStayUnique) {
  TocIds ids;
  std::unordered_set<std::string> seen;
  for (int i = 0; i < 20000; ++i) ASSERT_TRUE(seen.insert(ids.unique(i % 2 == 0 ? "x_5" : "x")).second);
  EXPECT_TRUE(seen.contains("x_10004"));
}

}  // namespace
}  // namespace prepdeck::util
