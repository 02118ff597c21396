#include "engine/item_analysis.h"

#include <gtest/gtest.h>

#include "source/file_system.h"

namespace prepdeck::engine {
namespace {

TEST(ItemAnalysis, PointBiserialOfAKnownCase) {
  // Rest scores 3, 2 for the right answers, 1, 0 for the wrong ones.
  const auto r = point_biserial({true, true, false, false}, {3, 2, 1, 0});
  ASSERT_TRUE(r);
  EXPECT_NEAR(*r, 0.894427, 1e-6);                      // (2.5 - 0.5) / sqrt(1.25) * sqrt(.25)
  EXPECT_FALSE(point_biserial({true, true}, {1, 0}));   // nobody wrong
  EXPECT_FALSE(point_biserial({true, false}, {1, 1}));  // rest scores all equal
  EXPECT_FALSE(point_biserial({true}, {1}));
}

TEST(ItemAnalysis, FlagsItemsToLookAt) {
  source::MemoryFileSystem fs;
  fs.add_file("q/quiz/x.md",
              "---\nlevel: beginner\n---\n# X\n\n<quiz>\nEasy one?\n- [x] yes\n- [ ] no\n- [ ] never\n</quiz>\n\n"
              "<quiz>\nHard one?\n- [x] right\n- [ ] wrong\n</quiz>\n");
  const auto set = guide::load_guides(fs, {"q"}, {}, 1);
  ASSERT_EQ(set.guides.size(), 1u);
  ASSERT_EQ(set.guides[0].quizzes.size(), 2u);
  const std::string easy = set.guides[0].quizzes[0].id;
  const std::string hard = set.guides[0].quizzes[1].id;
  std::vector<store::ResponseRow> rows;
  for (int a = 1; a <= 6; ++a) {
    // The easy one: right for 4 of 6, the wrong ones all pick option 2 ("no"), never option 3.
    rows.push_back(store::ResponseRow{a, easy, a <= 4 ? "1" : "2", a <= 4});
    rows.push_back(store::ResponseRow{a, hard, "2", false});  // everyone misses it
  }
  const auto analysis = analyse_items(set, rows);
  ASSERT_EQ(analysis.size(), 2u);
  EXPECT_EQ(analysis[0].attempts, 6);
  EXPECT_NEAR(analysis[0].share_correct, 4.0 / 6, 1e-9);
  EXPECT_EQ(analysis[0].option_picks, (std::vector<int>{4, 2, 0}));
  EXPECT_EQ(analysis[0].flags, std::vector<std::string>{"nobody picks option 3"});
  EXPECT_FALSE(analysis[0].discrimination);  // the rest scores are all 0
  EXPECT_EQ(analysis[1].share_correct, 0);
  EXPECT_EQ(analysis[1].flags,
            (std::vector<std::string>{"everyone misses it", "harder than its Beginner tag (0% right)"}));
}

}  // namespace
}  // namespace prepdeck::engine
