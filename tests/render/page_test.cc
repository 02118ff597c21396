#include "render/page.h"

#include <fstream>
#include <map>

#include <gtest/gtest.h>

#include "guide/guide_set.h"
#include "render/html.h"
#include "render/site_builder.h"
#include "tests/support/files.h"

namespace prepdeck::render {
namespace {

guide::GuideSet load_unit() {
  source::MemoryFileSystem fs;
  fs.add_file("site/unit.md", test::read_file(PREPDECK_SOURCE_DIR "/tests/render/golden/unit.md"));
  fs.add_file("site/quiz.md", "# Unit quiz\n");  // the page unit.md links to
  return guide::load_guides(fs, {"site"}, {}, 1);
}

// Every rendering unit (question with hint, badge, callouts and choices;
// admonitions, nested and collapsible; tabs; single, multiple and fill-in
// quizzes) on one page, pinned. After an intended change, review the diff of
// build/unit.actual.html against tests/render/golden/unit.html and copy it over.
TEST(Page, RenderingUnitsMatchGolden) {
  const auto set = load_unit();
  ASSERT_EQ(set.guides.size(), 2u);  // quiz.md, then unit.md
  ASSERT_EQ(set.guides[1].path, "unit.md");
  ASSERT_TRUE(set.guides[1].diagnostics.empty()) << set.guides[1].diagnostics[0].message;
  SiteContext site;
  site.site_name = "Unit site";
  PageLinks links;
  links.nav_path = add_nav_page(site.nav, {"Guides"}, "Rendering units", "unit.html");
  links.quiz_url = "quiz.html";
  links.quiz_title = "Unit quiz";
  const std::string actual = render_guide_page(set.guides[1], "unit.html", site, links);
  const std::string golden = test::read_file(PREPDECK_SOURCE_DIR "/tests/render/golden/unit.html");
  if (actual != golden) std::ofstream(PREPDECK_SOURCE_DIR "/build/unit.actual.html", std::ios::binary) << actual;
  EXPECT_EQ(actual, golden) << "wrote build/unit.actual.html";
}

// The site's extra_javascript and extra_css load after prepdeck's own; a
// mermaid script only on a page with a diagram, whose policy then allows its
// URL and the inline styles mermaid.js writes. Other pages keep the strict policy.
TEST(Page, SiteScriptsAndStylesAndDiagrams) {
  source::MkdocsConfig config;
  config.extra_javascript = {{"https://unpkg.com/mermaid@11/dist/mermaid.min.js?v=1", "", false, false},
                             {"javascripts/extra.js", "module", false, false},
                             {"bad'; script-src *", "", false, false}};
  config.extra_css = {"stylesheets/extra.css", "https://fonts.example.com/a.css"};
  SiteContext site;
  site.extra = extra_assets(config);
  ASSERT_TRUE(site.extra.diagrams);
  EXPECT_EQ(site.extra.scripts.size(), 1u);  // the one that cannot stand in a policy is left out
  EXPECT_EQ(content_security_policy(ExtraAssets{}, Diagrams::drawn), k_content_security_policy);
  EXPECT_EQ(content_security_policy(site.extra, Diagrams::drawn),
            "default-src 'self'; script-src 'self' https://unpkg.com/mermaid@11/dist/mermaid.min.js; style-src 'self' "
            "https://fonts.example.com/a.css 'unsafe-inline'; img-src 'self' http: https:; font-src 'self' "
            "https://fonts.example.com; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            "frame-src 'none'");

  source::MemoryFileSystem fs;
  fs.add_file("a/g.md", "# G\n\n```mermaid\ngraph LR\n  A --> B\n```\n");
  fs.add_file("a/plain.md", "# Plain\n\nNo diagram.\n");
  const auto set = guide::load_guides(fs, {"a"}, {}, 1);
  const std::string with = render_guide_page(set.guides[0], "sub/g.html", site, PageLinks{});
  EXPECT_NE(with.find(R"(<script src="https://unpkg.com/mermaid@11/dist/mermaid.min.js?v=1" defer></script>
<script src="../assets/prepdeck.js" defer></script>
<script src="../javascripts/extra.js" type="module"></script>)"),
            std::string::npos);
  EXPECT_NE(with.find(R"(<link rel="stylesheet" href="../stylesheets/extra.css">)"), std::string::npos);
  EXPECT_NE(with.find("'unsafe-inline'"), std::string::npos);
  const std::string without = render_guide_page(set.guides[1], "plain.html", site, PageLinks{});
  EXPECT_EQ(without.find("mermaid"), std::string::npos);
  EXPECT_EQ(without.find("'unsafe-inline'"), std::string::npos);
  EXPECT_NE(without.find(R"(<script src="javascripts/extra.js" type="module"></script>)"), std::string::npos);
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

namespace prepdeck::render {
namespace {

TEST(PageTheme, MkdocsThemeSettingsReachEveryPage) {
  source::MkdocsConfig config;
  config.theme_language = "fr";
  config.palette_primary = "Deep Purple";
  config.palette_accent = "teal";
  config.repo_url = "https://github.com/acme/prep";
  config.social = {{"fontawesome/brands/github", "https://github.com/acme", "GitHub"},
                   {"material/web", "javascript:alert(1)", "Bad"}};
  config.analytics_provider = "google";
  config.analytics_property = "G-ABC123";
  SiteContext site;
  apply_theme_settings(config, site);
  EXPECT_EQ(site.repo_name, "GitHub");
  EXPECT_EQ(site.edit_base, "https://github.com/acme/prep/edit/master/docs/");

  source::MemoryFileSystem fs;
  fs.add_file("a/k8s/pods.md", "# Pods\n\n## One\n\nText.\n");
  fs.add_file("a/home.md", "---\nhide:\n  - navigation\n  - toc\n---\n# Home\n\n## Part\n\nText.\n");
  const auto set = guide::load_guides(fs, {"a"}, {}, 1);
  site.nav.children.push_back(NavNode{"Pods", "k8s/pods.html", {}});
  const std::string page = render_guide_page(set.guides[1], "k8s/pods.html", site, PageLinks{});
  EXPECT_NE(page.find("<html lang=\"fr\">"), std::string::npos);
  EXPECT_NE(page.find("<body data-md-color-primary=\"deep-purple\" data-md-color-accent=\"teal\">"), std::string::npos);
  EXPECT_NE(page.find(R"(<a class="repo" href="https://github.com/acme/prep" title="Aller au dépôt">)"),
            std::string::npos);
  // The frame's words in French, from Debian's mkdocs-material translations.
  EXPECT_NE(page.find(R"(<a class="skip-link" href="#content">Aller au contenu</a>)"), std::string::npos);
  EXPECT_NE(page.find(R"(placeholder="Rechercher")"), std::string::npos);
  EXPECT_NE(page.find(R"(data-none="Aucun document trouvé")"), std::string::npos);
  EXPECT_NE(page.find(R"(<p class="toc-title">Table des matières</p>)"), std::string::npos);
  EXPECT_NE(page.find(R"(rel="edit">Editer cette page</a>)"), std::string::npos);
  EXPECT_NE(page.find(R"(href="https://github.com/acme/prep/edit/master/docs/k8s/pods.md")"), std::string::npos);
  EXPECT_NE(page.find(R"(<a href="https://github.com/acme" title="GitHub" aria-label="GitHub" rel="me">)"),
            std::string::npos);
  EXPECT_EQ(page.find("javascript:"), std::string::npos);
  EXPECT_NE(page.find("<script src=\"../assets/analytics.js\"></script>"), std::string::npos);
  EXPECT_NE(page.find("https://www.googletagmanager.com/gtag/js?id=G-ABC123"), std::string::npos);
  EXPECT_NE(page.find("script-src 'self' https://www.googletagmanager.com"), std::string::npos);
  EXPECT_NE(analytics_script(site).find("gtag(\"config\", \"G-ABC123\")"), std::string::npos);
  EXPECT_NE(page.find("class=\"sidebar\""), std::string::npos);
  EXPECT_NE(page.find("class=\"toc\""), std::string::npos);
  // A page's front matter hides its navigation and table of contents.
  const std::string hidden = render_guide_page(set.guides[0], "home.html", site, PageLinks{});
  EXPECT_EQ(hidden.find("class=\"sidebar\""), std::string::npos);
  EXPECT_EQ(hidden.find("class=\"toc\""), std::string::npos);

  // What does not look right is left out: a property of another form, an
  // edit_uri set empty, a repository URL that is not one.
  config.analytics_property = "G-1\"><script>";
  config.edit_uri = "";
  config.repo_url = "javascript:alert(1)";
  SiteContext other;
  apply_theme_settings(config, other);
  EXPECT_TRUE(other.analytics_property.empty());
  EXPECT_TRUE(other.repo_url.empty());
  EXPECT_TRUE(other.edit_base.empty());
  config.repo_url = "https://gitlab.example.com/team/prep";
  config.edit_uri = "-/edit/main/docs";
  apply_theme_settings(config, other);
  EXPECT_EQ(other.edit_base, "https://gitlab.example.com/team/prep/-/edit/main/docs/");
}

// toc: permalink as MkDocs has it: no link after a heading unless it is set,
// "¶" for true, its own text otherwise, with permalink_title as the tooltip.
TEST(PageTheme, HeadingLinksFollowTocPermalink) {
  source::MemoryFileSystem fs;
  fs.add_file("a/pods.md", "# Pods\n\n## One\n\nText.\n");
  const auto set = guide::load_guides(fs, {"a"}, {}, 1);
  const auto page_with = [&](const std::string& yaml) {
    const auto result = source::parse_mkdocs_config(yaml);
    SiteContext site;
    apply_theme_settings(result.config, site);
    return render_guide_page(set.guides[0], "pods.html", site, PageLinks{});
  };
  EXPECT_EQ(page_with("site_name: x\n").find("headerlink"), std::string::npos);
  EXPECT_EQ(page_with("markdown_extensions:\n  - toc:\n      permalink: false\n").find("headerlink"),
            std::string::npos);
  EXPECT_NE(page_with("markdown_extensions:\n  - toc:\n      permalink: true\n")
                .find(R"(<a class="headerlink" href="#one" title="Permanent link" aria-label="Permanent link">¶</a>)"),
            std::string::npos);
  EXPECT_NE(page_with("markdown_extensions:\n  - toc:\n      permalink: \"#\"\n      permalink_title: Link <here>\n")
                .find(R"(href="#one" title="Link &lt;here&gt;" aria-label="Link &lt;here&gt;">#</a>)"),
            std::string::npos);
  // A folder without mkdocs.yml keeps prepdeck's own link.
  EXPECT_NE(render_guide_page(set.guides[0], "pods.html", SiteContext{}, PageLinks{}).find(">#</a></h2>"),
            std::string::npos);
}

}  // namespace
}  // namespace prepdeck::render

namespace prepdeck::render {
namespace {

TEST(PageTheme, MaterialTagsShowAboveAPageAndTheTagsPageListsThem) {
  source::MemoryFileSystem fs;
  fs.add_file("p/mkdocs.yml", "site_name: P\nplugins:\n  - search\n  - tags:\n      tags_file: tags.md\n");
  fs.add_file("p/docs/index.md", "# Home\n");
  fs.add_file("p/docs/tags.md", "# Tags\n\n[TAGS]\n");
  fs.add_file("p/docs/k8s/pods.md", "---\ntags:\n  - Kubernetes\n  - <b>Core</b>\n---\n# Pods\n");
  fs.add_file("p/docs/k8s/nodes.md", "---\ntags: [Kubernetes]\n---\n# Nodes\n");
  const auto set = guide::load_guides(fs, {"p"}, {}, 1);
  ASSERT_TRUE(set.sites.front().config.tags_plugin);
  std::map<std::string, std::string> files;
  build_site(set, BuildOptions{}, [&files](SiteFile f) { files[f.path] = std::move(f.content); });
  const std::string& tags = files["tags/index.html"];
  EXPECT_NE(tags.find("<h2 id=\"kubernetes\">Kubernetes</h2>\n<ul>\n<li><a href=\"../k8s/nodes/\">Nodes</a></li>\n"
                      "<li><a href=\"../k8s/pods/\">Pods</a></li>\n</ul>"),
            std::string::npos);
  EXPECT_NE(tags.find("<h2 id=\"bcoreb\">&lt;b&gt;Core&lt;/b&gt;</h2>"), std::string::npos);
  EXPECT_EQ(tags.find("[TAGS]"), std::string::npos);
  const std::string& pods = files["k8s/pods/index.html"];
  EXPECT_NE(pods.find("<nav class=\"page-tags\" aria-label=\"Tags\"><a class=\"tag\" href=\"../../tags/#kubernetes\">"
                      "Kubernetes</a>"),
            std::string::npos);
}

}  // namespace
}  // namespace prepdeck::render
