#include "render/page.h"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "guide/guide_set.h"
#include "render/html.h"

namespace prepdeck::render {
namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

guide::GuideSet load_unit() {
  source::MemoryFileSystem fs;
  fs.add_file("site/unit.md", read(PREPDECK_SOURCE_DIR "/tests/render/golden/unit.md"));
  return guide::load_guides(fs, {"site"}, {}, 1);
}

// Every rendering unit (question with hint, badge, callouts and choices;
// admonitions, nested and collapsible; tabs; single, multiple and fill-in
// quizzes) on one page, pinned. After an intended change, review the diff of
// build/unit.actual.html against tests/render/golden/unit.html and copy it over.
TEST(Page, RenderingUnitsMatchGolden) {
  const auto set = load_unit();
  ASSERT_EQ(set.guides.size(), 1u);
  ASSERT_TRUE(set.guides[0].diagnostics.empty()) << set.guides[0].diagnostics[0].message;
  SiteContext site;
  site.site_name = "Unit site";
  site.nav.push_back(NavEntry{"Rendering units", "unit.html", {"Guides"}});
  PageLinks links;
  links.quiz_url = "quiz.html";
  links.quiz_title = "Unit quiz";
  const std::string actual = render_guide_page(set.guides[0], "unit.html", site, links);
  const std::string golden = read(PREPDECK_SOURCE_DIR "/tests/render/golden/unit.html");
  if (actual != golden) std::ofstream(PREPDECK_SOURCE_DIR "/build/unit.actual.html", std::ios::binary) << actual;
  EXPECT_EQ(actual, golden) << "wrote build/unit.actual.html";
}

TEST(Page, TitlesAndTextAreEscaped) {
  source::MemoryFileSystem fs;
  fs.add_file("g.md",
              "---\ntitle: \"<script>alert(1)</script>\"\n---\n??? question \"1. Is <b>this</b> & that?\"\n    Yes.\n");
  const auto set = guide::load_guides(fs, {"g.md"}, {}, 1);
  const std::string html = render_guide_page(set.guides[0], "g.html", SiteContext{}, PageLinks{});
  EXPECT_EQ(html.find("<script>alert(1)"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
}

TEST(Page, AnchorsAreTheLastPartOfTheId) {
  EXPECT_EQ(anchor_of("interview-questions/git/q3"), "q3");
  EXPECT_EQ(anchor_of("guide/quiz/pick-one"), "pick-one");
  EXPECT_EQ(anchor_of("plain"), "plain");
}

}  // namespace
}  // namespace prepdeck::render
