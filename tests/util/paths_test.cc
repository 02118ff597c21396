#include "util/paths.h"

#include <gtest/gtest.h>

namespace prepdeck::util {
namespace {

TEST(Paths, JoinAndNormalize) {
  EXPECT_EQ(join_path("docs/guides", "../.partials/x.md"), "docs/.partials/x.md");
  EXPECT_EQ(join_path("docs", "/abs/x.md"), "/abs/x.md");
  EXPECT_EQ(join_path("", "x.md"), "x.md");
  EXPECT_EQ(normalize_path("./a//b/"), "a/b");
  EXPECT_EQ(normalize_path("."), ".");
}

TEST(Paths, Components) {
  EXPECT_EQ(parent_path("a/b/c.md"), "a/b");
  EXPECT_EQ(parent_path("c.md"), "");
  EXPECT_EQ(file_name("a/b/c.md"), "c.md");
  EXPECT_EQ(strip_extension("a/b.c/d.md"), "a/b.c/d");
  EXPECT_EQ(strip_extension("a/.hidden"), "a/.hidden");
}

}  // namespace
}  // namespace prepdeck::util
