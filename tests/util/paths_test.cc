#include "util/paths.h"

#include <gtest/gtest.h>

namespace prepdeck::util {
namespace {

TEST(Paths, PageUrlsFlatAndAsDirectories) {
  EXPECT_EQ(page_url("a/git.md"), "a/git.html");
  EXPECT_EQ(page_file("a/git.md"), "a/git.html");
  EXPECT_EQ(page_url("a/index.md"), "a/index.html");
  EXPECT_EQ(page_url("a/git.md", UrlStyle::directory), "a/git/");
  EXPECT_EQ(page_file("a/git.md", UrlStyle::directory), "a/git/index.html");
  EXPECT_EQ(page_url("a/index.md", UrlStyle::directory), "a/");
  EXPECT_EQ(page_url("a/README.md", UrlStyle::directory), "a/");
  EXPECT_EQ(page_file("a/README.md", UrlStyle::directory), "a/index.html");
  EXPECT_EQ(page_url("index.md", UrlStyle::directory), "");
  EXPECT_EQ(page_file("index.md", UrlStyle::directory), "index.html");
  EXPECT_EQ(page_url("notes.markdown", UrlStyle::directory), "notes/");
}

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
