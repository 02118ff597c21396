#include "export/json_export.h"

#include <fstream>

#include <gtest/gtest.h>

#include "guide/guide_set.h"
#include "tests/support/files.h"

namespace prepdeck::exporter {
namespace {

std::string export_seed(unsigned threads) {
  source::MemoryFileSystem fs;
  fs.add_file("seed/000_f53b7e45484371f1.txt",
              test::read_file(PREPDECK_SHARED_DIR "/fixtures/seed/000_f53b7e45484371f1.txt"));
  const auto set = guide::load_guides(fs, {"seed/000_f53b7e45484371f1.txt"}, {}, threads);
  return dump(guides_to_json(set.guides));
}

// The whole export of the seed guide is pinned. To update after an intended change:
//   build/prepdeck export ... and review the diff of tests/export/golden/seed.json.
TEST(JsonExport, SeedMatchesGolden) {
  const std::string golden = test::read_file(PREPDECK_SOURCE_DIR "/tests/export/golden/seed.json");
  ASSERT_FALSE(golden.empty());
  const std::string actual = export_seed(1);
  if (actual != golden) {
    std::ofstream(PREPDECK_SOURCE_DIR "/build/seed.actual.json") << actual;
  }
  EXPECT_EQ(actual, golden) << "wrote build/seed.actual.json";
}

TEST(JsonExport, SameInputSameBytes) {
  source::MemoryFileSystem fs;
  std::string big;
  for (int i = 1; i <= 300; ++i) {
    fs.add_file("g/p" + std::to_string(i % 17) + "/f" + std::to_string(i) + ".md",
                "## S\n??? question \"" + std::to_string(i) + ". Q\"\n    🟢 **Beginner**\n\n    A.\n");
  }
  const auto a = guide::load_guides(fs, {"g"}, {}, 1);
  const auto b = guide::load_guides(fs, {"g"}, {}, 4);
  EXPECT_EQ(dump(guides_to_json(a.guides)), dump(guides_to_json(b.guides)));
  EXPECT_EQ(export_seed(1), export_seed(3));
}

TEST(JsonExport, InvalidQuizzesAreLeftOutNullsAreNull) {
  source::MemoryFileSystem fs;
  fs.add_file("q.md",
              "??? question \"Unnumbered\"\n    A.\n<quiz>\nQ\n- [ ] a\n</quiz>\n<quiz>\nOk\n- [x] b\n</quiz>\n");
  const auto set = guide::load_guides(fs, {"q.md"}, {}, 1);
  const Json j = guide_to_json(set.guides[0]);
  EXPECT_EQ(j["quizzes"].size(), 1u);
  const Json& q = j["sections"][0]["questions"][0];
  EXPECT_TRUE(q["number"].is_null());
  EXPECT_TRUE(q["level"].is_null());
  EXPECT_TRUE(q["hint"].is_null());
  EXPECT_EQ(j["diagnostics"].size(), 1u);
}

}  // namespace
}  // namespace prepdeck::exporter
