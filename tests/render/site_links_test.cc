#include "render/site_links.h"

#include <gtest/gtest.h>

namespace prepdeck::render {
namespace {

SiteLinks site(util::UrlStyle style) {
  SiteLinks links;
  links.style = style;
  links.pages = {"index.md", "a/b.md", "a/index.md", "other.md", "a/c d.md", "README.md"};
  links.files = {"img/logo.png", "a/diagram.svg", "files/paper one.pdf"};
  return links;
}

// MkDocs' rule: a relative path to a page or file of the site, from the
// page's own Markdown file, becomes its URL from where the page is served.
TEST(SiteLinks, DirectoryUrlsAsMkdocsMakesThem) {
  const SiteLinks links = site(util::UrlStyle::directory);
  EXPECT_EQ(resolve_link("../other.md#x", "a/b.md", links), "../../other/#x");
  EXPECT_EQ(resolve_link("b.md", "a/index.md", links), "b/");
  EXPECT_EQ(resolve_link("index.md", "a/b.md", links), "../");
  EXPECT_EQ(resolve_link("../index.md", "a/b.md", links), "../../");
  EXPECT_EQ(resolve_link("../img/logo.png", "a/b.md", links), "../../img/logo.png");
  EXPECT_EQ(resolve_link("diagram.svg", "a/b.md", links), "../diagram.svg");
  EXPECT_EQ(resolve_link("diagram.svg", "a/index.md", links), "diagram.svg");
  EXPECT_EQ(resolve_link("c%20d.md", "a/b.md", links), "../c%20d/");
  EXPECT_EQ(resolve_link("../files/paper one.pdf?v=1", "a/b.md", links), "../../files/paper%20one.pdf?v=1");
  EXPECT_EQ(resolve_link("b.md", "a/b.md", links), "./");
  EXPECT_EQ(resolve_link("a/b.md", "README.md", links), "a/b/");
}

TEST(SiteLinks, FlatUrlsKeepFilesWhereTheyAre) {
  const SiteLinks links = site(util::UrlStyle::flat);
  EXPECT_EQ(resolve_link("../other.md#x", "a/b.md", links), "../other.html#x");
  EXPECT_EQ(resolve_link("../img/logo.png", "a/b.md", links), "../img/logo.png");
  EXPECT_EQ(resolve_link("index.md", "a/b.md", links), "index.html");
}

// What MkDocs leaves alone stays as written: absolute URLs, anchors, folders,
// targets that are not in the site, paths that climb out of it.
TEST(SiteLinks, WhatIsNotAFileOfTheSiteStaysAsWritten) {
  const SiteLinks links = site(util::UrlStyle::directory);
  for (const char* url : {"https://example.com/a.md", "mailto:x@y.z", "#q1", "/abs/path.md", "//cdn.example/x.js",
                          "../missing.md", "../a/", "../../../../etc/passwd", "../../../other.md", "", "?x=1"}) {
    EXPECT_FALSE(resolve_link(url, "a/b.md", links)) << url;
  }
}

TEST(SiteLinks, RelativeUrls) {
  EXPECT_EQ(relative_url("a/x/", "a/b"), "../x/");
  EXPECT_EQ(relative_url("a/bc/", "a/b"), "../bc/");
  EXPECT_EQ(relative_url("", "a/b"), "../../");
  EXPECT_EQ(relative_url("img.png", ""), "img.png");
  EXPECT_EQ(relative_url("a/img.png", "a"), "img.png");
  EXPECT_EQ(relative_url("a/b/", "a/b"), "./");
}

}  // namespace
}  // namespace prepdeck::render
