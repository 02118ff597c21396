#include "render/page.h"

#include <fstream>

#include <gtest/gtest.h>

#include "guide/guide_set.h"
#include "render/html.h"
#include "tests/support/files.h"

namespace prepdeck::render {
namespace {

guide::GuideSet load_unit() {
  source::MemoryFileSystem fs;
  fs.add_file("site/unit.md", test::read_file(PREPDECK_SOURCE_DIR "/tests/render/golden/unit.md"));
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
  PageLinks links;
  links.nav_path = add_nav_page(site.nav, {"Guides"}, "Rendering units", "unit.html");
  links.quiz_url = "quiz.html";
  links.quiz_title = "Unit quiz";
  const std::string actual = render_guide_page(set.guides[0], "unit.html", site, links);
  const std::string golden = test::read_file(PREPDECK_SOURCE_DIR "/tests/render/golden/unit.html");
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

// A page's sidebar opens the sections on its own path and shows every other
// section closed, as a link to its first page: the sidebar's size does not
// grow with the site.
TEST(Page, SidebarOpensOnlyTheSectionsOnThePagesPath) {
  SiteContext site;
  add_nav_page(site.nav, {"Linux"}, "Basics", "linux/basics.html");
  const auto path = add_nav_page(site.nav, {"Linux", "Kernel"}, "Memory", "linux/kernel/memory.html");
  add_nav_page(site.nav, {"Linux", "Kernel"}, "Scheduler", "linux/kernel/sched.html");
  add_nav_page(site.nav, {"Git"}, "Branches", "git/branches.html");
  add_nav_page(site.nav, {"Git"}, "Merges", "git/merges.html");
  EXPECT_EQ(path, (std::vector<std::uint32_t>{0, 1, 0}));
  ASSERT_EQ(site.nav.children.size(), 2u);
  EXPECT_EQ(site.nav.children[1].url, "git/branches.html");  // a section links to its first page

  source::MemoryFileSystem fs;
  fs.add_file("g.md", "# Memory\n\n??? question \"1. What is a page?\"\n    4 KiB.\n");
  const auto set = guide::load_guides(fs, {"g.md"}, {}, 1);
  PageLinks links;
  links.nav_path = path;
  const std::string html = render_guide_page(set.guides[0], "linux/kernel/memory.html", site, links);
  EXPECT_NE(html.find(R"(<li class="nav-section open"><span>Linux</span>)"), std::string::npos);
  EXPECT_NE(html.find(R"(<li class="nav-section open"><span>Kernel</span>)"), std::string::npos);
  EXPECT_NE(html.find(R"(<a href="../../linux/kernel/memory.html" aria-current="page">Memory</a>)"), std::string::npos);
  EXPECT_NE(html.find(R"(<a href="../../linux/kernel/sched.html">Scheduler</a>)"), std::string::npos);
  EXPECT_NE(html.find(R"(<li class="nav-section closed"><a href="../../git/branches.html">Git</a></li>)"),
            std::string::npos);
  EXPECT_EQ(html.find("Merges"), std::string::npos);  // inside a closed section

  // A page outside the nav (the home page) shows the top level only.
  const std::string top = render_guide_page(set.guides[0], "other.html", site, PageLinks{});
  EXPECT_NE(top.find(R"(<li class="nav-section closed"><a href="linux/basics.html">Linux</a></li>)"),
            std::string::npos);
  EXPECT_EQ(top.find("Scheduler"), std::string::npos);
}

TEST(Page, AnchorsAreTheLastPartOfTheId) {
  EXPECT_EQ(anchor_of("interview-questions/git/q3"), "q3");
  EXPECT_EQ(anchor_of("guide/quiz/pick-one"), "pick-one");
  EXPECT_EQ(anchor_of("plain"), "plain");
}

}  // namespace
}  // namespace prepdeck::render
