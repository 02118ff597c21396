#include "render/site_builder.h"

#include <algorithm>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "render/page.h"
#include "util/gzip.h"

namespace prepdeck::render {
namespace {

guide::GuideSet load(source::MemoryFileSystem& fs, const std::string& input, unsigned threads = 1) {
  return guide::load_guides(fs, {input}, {}, threads);
}

const SiteFile* find(const std::vector<SiteFile>& files, const std::string& path) {
  const auto it = std::find_if(files.begin(), files.end(), [&](const SiteFile& f) { return f.path == path; });
  return it == files.end() ? nullptr : &*it;
}

source::MemoryFileSystem mkdocs_site() {
  source::MemoryFileSystem fs;
  fs.add_file("p/mkdocs.yml",
              "site_name: Prep\nuse_directory_urls: false\nnav:\n  - Home: index.md\n  - Guides:\n      - Git: "
              "interview-questions/git.md\n"
              "  - Quizzes:\n      - Git quiz: quiz/git.md\n");
  fs.add_file("p/docs/index.md", "# Welcome\n\nStart here.\n");
  fs.add_file(
      "p/docs/interview-questions/git.md",
      "# Git\n\n## Basics\n\n??? question \"1. What is a commit?\"\n    🟢 **Beginner**\n\n    A snapshot.\n");
  fs.add_file("p/docs/quiz/git.md",
              "# Git quiz\n\n<quiz>\nWhat is a commit?\n- [x] A snapshot\n- [ ] A branch\n</quiz>\n");
  fs.add_file("p/docs/notes.md", "---\nquiz: quiz/git.md\n---\n# Notes\n\n??? question \"Why?\"\n    Because.\n");
  return fs;
}

TEST(SiteBuilder, WritesEveryPageTheHomeTheIndexAndTheAssets) {
  auto fs = mkdocs_site();
  const auto files = build_site(load(fs, "p"));
  for (const char* path : {"index.html", "interview-questions/git.html", "quiz/git.html", "notes.html",
                           "assets/prepdeck.css", "assets/prepdeck.js", "assets/search-index.js", "assets/theme.js"}) {
    EXPECT_NE(find(files, path), nullptr) << path;
  }
  // index.md is the home page's introduction, not a page of its own.
  const SiteFile* home = find(files, "index.html");
  ASSERT_NE(home, nullptr);
  EXPECT_NE(home->content.find("Start here."), std::string::npos);
  EXPECT_NE(home->content.find(R"(<a class="guide-title" href="interview-questions/git.html">Git</a>)"),
            std::string::npos);
  EXPECT_NE(home->content.find(R"(<a class="guide-quiz" href="quiz/git.html">Quiz</a>)"), std::string::npos);
  // nav titles and sections from mkdocs.yml; the home page shows the sections closed.
  EXPECT_NE(home->content.find(R"(<li class="nav-section closed"><a href="interview-questions/git.html">Guides</a>)"),
            std::string::npos);
  const SiteFile* git = find(files, "interview-questions/git.html");
  ASSERT_NE(git, nullptr);
  EXPECT_NE(git->content.find(R"(<li class="nav-section open"><span>Guides</span>)"), std::string::npos);
  EXPECT_NE(git->content.find(R"(<a href="../interview-questions/git.html" aria-current="page">Git</a>)"),
            std::string::npos);
  // nav's `Home: index.md` is the site's index.html, first in the sidebar as mkdocs.yml puts it.
  EXPECT_NE(git->content.find("<ul>\n<li><a href=\"../index.html\">Home</a></li>"), std::string::npos);
  // notes.md is not in mkdocs.yml's nav: built, but not in the sidebar (as MkDocs does).
  EXPECT_NE(find(files, "notes.html"), nullptr);
  EXPECT_EQ(git->content.find(R"(notes.html")"), std::string::npos);
}

// Issue 12: every page runs under a Content-Security-Policy that forbids
// inline script and style attributes, so prepdeck's own pages must need none.
// The site's own files go over at their paths, except where prepdeck makes a
// file of that name (its assets, a page): the made file wins, once.
TEST(SiteBuilder, TheSitesOwnFilesAreCarriedOverUnlessAMadeFileHasTheirPath) {
  auto fs = mkdocs_site();
  fs.add_file("p/docs/CNAME", "prep.example.com");
  fs.add_file("p/docs/img/a.png", "png");
  fs.add_file("p/docs/assets/prepdeck.css", "an author's own file of our name");
  fs.add_file("p/docs/notes.html", "<p>a page's name</p>");
  const auto files = build_site(load(fs, "p"));
  const SiteFile* cname = find(files, "CNAME");
  ASSERT_NE(cname, nullptr);
  EXPECT_EQ(cname->copy_from, "p/docs/CNAME");
  ASSERT_NE(find(files, "img/a.png"), nullptr);
  ASSERT_NE(find(files, ".nojekyll"), nullptr);
  EXPECT_TRUE(find(files, "assets/prepdeck.css")->copy_from.empty());
  EXPECT_TRUE(find(files, "notes.html")->copy_from.empty());
  EXPECT_EQ(std::count_if(files.begin(), files.end(), [](const SiteFile& f) { return f.path == "notes.html"; }), 1);
}

// MkDocs' default, use_directory_urls: each page is a folder's index.html,
// linked as the folder; Markdown links and images are rewritten from the
// page's Markdown file to where it is served, and raw HTML is left as the
// author wrote it for MkDocs.
TEST(SiteBuilder, DirectoryUrlsAsMkdocsMakesThem) {
  source::MemoryFileSystem fs;
  fs.add_file("p/mkdocs.yml", "site_name: Prep\n");
  fs.add_file("p/docs/index.md", "# Home\n\nSee [Git](guides/git.md#basics).\n");
  fs.add_file("p/docs/guides/git.md",
              "# Git\n\n## Basics\n\n[home](../index.md) [kube](kube.md) ![logo](../img/logo.png)\n\n"
              "<img src=\"../../img/logo.png\" alt=\"raw\">\n\n"
              "??? question \"1. What is a commit?\"\n    A snapshot; see [kube](kube.md#q1).\n");
  fs.add_file("p/docs/guides/kube.md", "# Kube\n\n??? question \"1. Pod?\"\n    Containers.\n");
  fs.add_file("p/docs/img/logo.png", "png");
  const auto set = load(fs, "p");
  EXPECT_EQ(set.url_style, util::UrlStyle::directory);
  const auto files = build_site(set);
  ASSERT_NE(find(files, "guides/git/index.html"), nullptr);
  ASSERT_NE(find(files, "guides/kube/index.html"), nullptr);
  ASSERT_NE(find(files, "img/logo.png"), nullptr);
  const std::string& git = find(files, "guides/git/index.html")->content;
  EXPECT_NE(git.find(R"(<a href="../../">home</a>)"), std::string::npos);
  EXPECT_NE(git.find(R"(<a href="../kube/">kube</a>)"), std::string::npos);
  EXPECT_NE(git.find(R"(<img src="../../img/logo.png" alt="logo">)"), std::string::npos);
  EXPECT_NE(git.find(R"(<img src="../../img/logo.png" alt="raw">)"), std::string::npos);
  EXPECT_NE(git.find(R"(<a href="../kube/#q1">kube</a>)"), std::string::npos);
  EXPECT_NE(git.find(R"(href="../../assets/prepdeck.css")"), std::string::npos);
  const std::string& home = find(files, "index.html")->content;
  EXPECT_NE(home.find(R"(<a href="guides/git/#basics">Git</a>)"), std::string::npos);
  const std::string& index = find(files, "assets/search-index.js")->content;
  EXPECT_NE(index.find(R"("u":"guides/git/#q1")"), std::string::npos);
}

// mkdocs.yml's site settings on every page: description, favicon and logo
// (files of the site), copyright (through the sanitizer), site_url for the
// canonical links.
TEST(SiteBuilder, SiteSettingsFromMkdocsYml) {
  source::MemoryFileSystem fs;
  fs.add_file("p/mkdocs.yml",
              "site_name: Prep\nsite_description: Interview prep\nsite_url: https://prep.example.com/\n"
              "copyright: 'Copyright &copy; 2026 <a href=\"/about/\" onclick=\"x()\">Us</a><script>x()</script>'\n"
              "theme:\n  name: material\n  logo: assets/logo.png\n  favicon: img/fav.ico\n");
  fs.add_file("p/docs/guides/git.md", "# Git\n\n??? question \"1. Q?\"\n    A.\n");
  fs.add_file("p/docs/assets/logo.png", "png");
  fs.add_file("p/docs/img/fav.ico", "ico");
  const auto files = build_site(load(fs, "p"));
  const std::string& git = find(files, "guides/git/index.html")->content;
  EXPECT_NE(git.find(R"(<meta name="description" content="Interview prep">)"), std::string::npos);
  EXPECT_NE(git.find(R"(<link rel="icon" href="../../img/fav.ico">)"), std::string::npos);
  EXPECT_NE(git.find(R"(<a class="site-logo" href="../../"><img src="../../assets/logo.png")"), std::string::npos);
  EXPECT_NE(git.find(R"(<link rel="canonical" href="https://prep.example.com/guides/git/">)"), std::string::npos);
  EXPECT_NE(git.find(R"(<div class="copyright">Copyright &copy; 2026 <a href="/about/">Us</a>)"), std::string::npos);
  EXPECT_EQ(git.find("onclick"), std::string::npos);
  EXPECT_EQ(git.find("<script>x()"), std::string::npos);
  // 404.html, served at any depth: its links start at the root.
  const std::string& missing = find(files, "404.html")->content;
  EXPECT_NE(missing.find(R"(<link rel="stylesheet" href="/assets/prepdeck.css">)"), std::string::npos);
  EXPECT_NE(missing.find(R"(<a href="/">Go to the home page</a>)"), std::string::npos);
  // sitemap.xml (and its gzip) with every page's full URL, as MkDocs writes them.
  const std::string& map = find(files, "sitemap.xml")->content;
  EXPECT_NE(map.find("<loc>https://prep.example.com/</loc>"), std::string::npos);
  EXPECT_NE(map.find("<loc>https://prep.example.com/guides/git/</loc>"), std::string::npos);
  EXPECT_EQ(util::gzip_decompress(find(files, "sitemap.xml.gz")->content), map);
}

TEST(SiteBuilder, EveryPageCarriesThePolicyAndNeedsNoInlineScriptOrStyle) {
  source::DiskFileSystem disk;
  const auto set = guide::load_guides(disk, {PREPDECK_SOURCE_DIR "/examples"}, {}, 1);
  std::size_t pages = 0;
  for (const SiteFile& f : build_site(set)) {
    if (!f.path.ends_with(".html")) continue;
    ++pages;
    EXPECT_NE(f.content.find("<meta http-equiv=\"Content-Security-Policy\" content=\"" +
                             std::string(k_content_security_policy) + "\">"),
              std::string::npos)
        << f.path;
    // Scripts come from files; the one inline element is the scoring rules,
    // JSON data that no browser runs.
    static constexpr std::string_view k_rules = R"(<script type="application/json" id="prepdeck-scoring">)";
    for (std::size_t at = f.content.find("<script"); at != std::string::npos; at = f.content.find("<script", at + 1)) {
      EXPECT_TRUE(f.content.compare(at, 13, "<script src=\"") == 0 ||
                  f.content.compare(at, k_rules.size(), k_rules) == 0)
          << f.path << ": an inline script";
    }
    EXPECT_EQ(f.content.find(" style=\""), std::string::npos) << f.path << ": a style attribute";
    EXPECT_EQ(f.content.find(" onclick="), std::string::npos) << f.path;
  }
  EXPECT_GE(pages, 8u);
}

TEST(SiteBuilder, WithoutAnMkdocsNavTheSidebarFollowsTheFolders) {
  source::MemoryFileSystem fs;
  fs.add_file("d/interview-questions/cloud_aws/ec2.md", "# EC2\n\n??? question \"1. What is EC2?\"\n    VMs.\n");
  fs.add_file("d/interview-questions/linux.md", "# Linux\n\n??? question \"1. What is a pid?\"\n    An id.\n");
  fs.add_file("d/top.md", "# Top\n\n??? question \"1. Why?\"\n    Because.\n");
  const auto files = build_site(load(fs, "d"));
  const SiteFile* ec2 = find(files, "interview-questions/cloud_aws/ec2.html");
  ASSERT_NE(ec2, nullptr);
  EXPECT_NE(ec2->content.find(R"(<li class="nav-section open"><span>Interview questions</span>)"), std::string::npos);
  EXPECT_NE(ec2->content.find(R"(<li class="nav-section open"><span>Cloud aws</span>)"), std::string::npos);
  EXPECT_NE(ec2->content.find(R"(<a href="../../top.html">Top</a>)"), std::string::npos);
}

TEST(SiteBuilder, RelatedQuizMirrorsThePathOrFollowsFrontMatter) {
  auto fs = mkdocs_site();
  const auto set = load(fs, "p");
  const auto& guides = set.guides;
  const auto by_path = [&](const std::string& p) {
    return *std::find_if(guides.begin(), guides.end(), [&](const guide::Guide& g) { return g.path == p; });
  };
  EXPECT_EQ(related_quiz(by_path("interview-questions/git.md"), guides), "quiz/git.md");
  EXPECT_EQ(related_quiz(by_path("notes.md"), guides), "quiz/git.md");
  EXPECT_EQ(related_quiz(by_path("quiz/git.md"), guides), "");
  const auto files = build_site(set);
  const SiteFile* quiz = find(files, "quiz/git.html");
  ASSERT_NE(quiz, nullptr);
  EXPECT_NE(quiz->content.find(R"(Study guide: <a href="../interview-questions/git.html">Git</a>)"), std::string::npos);
}

TEST(SiteBuilder, QuizItemsThatRepeatAStudyQuestionTakeItsLevelAndLinkToIt) {
  auto fs = mkdocs_site();
  const auto files = build_site(load(fs, "p"));
  const SiteFile* quiz = find(files, "quiz/git.html");
  ASSERT_NE(quiz, nullptr);
  EXPECT_NE(quiz->content.find(R"(data-level="beginner" data-study="../interview-questions/git.html#q1")"),
            std::string::npos);
}

TEST(SiteBuilder, SearchIndexHoldsTitlesAndAnswers) {
  auto fs = mkdocs_site();
  const auto files = build_site(load(fs, "p"));
  const SiteFile* index = find(files, "assets/search-index.js");
  ASSERT_NE(index, nullptr);
  EXPECT_EQ(index->content.rfind("window.PREPDECK_INDEX=", 0), 0u);
  EXPECT_NE(index->content.find(R"("t":"What is a commit?")"), std::string::npos);
  EXPECT_NE(index->content.find(R"("x":"A snapshot.")"), std::string::npos);
  EXPECT_NE(index->content.find(R"("u":"interview-questions/git.html#q1")"), std::string::npos);
}

// The entries of assets/search-index.js: a script whose array is JSON
// ("window.PREPDECK_INDEX=[...];\n").
nlohmann::json index_entries(const SiteFile& index) {
  static constexpr std::string_view k_prefix = "window.PREPDECK_INDEX=";
  EXPECT_EQ(index.content.rfind(k_prefix, 0), 0u);
  EXPECT_EQ(index.content.substr(index.content.size() - 2), ";\n");
  return nlohmann::json::parse(index.content.substr(k_prefix.size(), index.content.size() - k_prefix.size() - 2));
}

// Search finds a quiz item by its question and options, and never gives its
// answer away: blanks are ____, the right option is not told apart, and the
// explanation (shown after answering) is not in the index.
TEST(SiteBuilder, SearchIndexNeverHoldsQuizAnswers) {
  source::MemoryFileSystem fs;
  fs.add_file("q/quiz.md",
              "# Quiz\n\n<quiz>\nA cached ETag is sent back in [[If-None-Match|INM]].\n</quiz>\n\n<quiz>\nWhich port "
              "does HTTPS use?\n- [x] 443\n- [ ] 80\n\nBecause TLS listens on 443.\n</quiz>\n");
  const auto files = build_site(load(fs, "q"));
  const SiteFile* index = find(files, "assets/search-index.js");
  ASSERT_NE(index, nullptr);
  const auto entries = index_entries(*index);
  ASSERT_EQ(entries.size(), 2u) << index->content;
  EXPECT_EQ(entries[0]["t"], "A cached ETag is sent back in ____.");
  EXPECT_EQ(entries[0]["x"], "");
  EXPECT_EQ(entries[1]["t"], "Which port does HTTPS use?");
  EXPECT_EQ(entries[1]["x"], "443 \u00B7 80");
  EXPECT_EQ(index->content.find("If-None-Match"), std::string::npos);
  EXPECT_EQ(index->content.find("INM"), std::string::npos);
  EXPECT_EQ(index->content.find("TLS"), std::string::npos);
}

// The index is a script whose array is JSON, whatever the titles and paths hold.
TEST(SiteBuilder, SearchIndexIsJsonWithAwkwardTitlesAndPaths) {
  source::MemoryFileSystem fs;
  fs.add_file("g/we\"ird\\dir/pa<ge>.md",
              "# Guide \"one\" \\ </script>\n\n## S\n"
              "??? question \"What's \"new\" in café \\ </script>?\"\n    Tab\there, <b>bold</b> & \"more\".\n"
              "??? question \"2. Numbered\"\n    🧠 Think first...\n\n    Plain.\n");
  const auto files = build_site(load(fs, "g"));
  const SiteFile* index = find(files, "assets/search-index.js");
  ASSERT_NE(index, nullptr);
  EXPECT_EQ(index->content.find("</script"), std::string::npos);
  const auto entries = index_entries(*index);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0]["t"], "What's \"new\" in café \\ ?");  // the title's raw HTML is not text
  EXPECT_EQ(entries[0]["u"], "we\"ird\\dir/pa<ge>.html#whats-new-in-café");
  EXPECT_EQ(entries[0]["g"], "Guide \"one\" \\ </script>");
  EXPECT_EQ(entries[0]["l"], "unspecified");
  EXPECT_EQ(entries[0]["x"], "Tab here, bold & \"more\".");
  EXPECT_EQ(entries[1]["u"], "we\"ird\\dir/pa<ge>.html#q2");
}

TEST(SiteBuilder, SameInputSameBytesWhateverTheThreads) {
  source::MemoryFileSystem fs;
  for (int i = 0; i < 40; ++i) {
    fs.add_file("g/t" + std::to_string(i % 7) + "/p" + std::to_string(i) + ".md",
                "## S\n??? question \"1. Q" + std::to_string(i) + "\"\n    A <b>" + std::to_string(i) + "</b>.\n");
  }
  const auto one = build_site(load(fs, "g", 1), BuildOptions{"", 1, {}});
  const auto many = build_site(load(fs, "g", 4), BuildOptions{"", 4, {}});
  ASSERT_EQ(one.size(), many.size());
  for (std::size_t i = 0; i < one.size(); ++i) {
    EXPECT_EQ(one[i].path, many[i].path);
    EXPECT_EQ(one[i].content, many[i].content) << one[i].path;
  }
}

TEST(SiteBuilder, BaseUrlGivesCanonicalLinks) {
  auto fs = mkdocs_site();
  const auto files = build_site(load(fs, "p"), BuildOptions{"https://example.com/prep", 1, {}});
  const SiteFile* page = find(files, "quiz/git.html");
  ASSERT_NE(page, nullptr);
  EXPECT_NE(page->content.find(R"(<link rel="canonical" href="https://example.com/prep/quiz/git.html">)"),
            std::string::npos);
}

// A guide with no quiz doubles as a self-check quiz of its own questions at
// page.html#self-check: the page carries the intro and results panel (hidden
// until the script switches the mode on) and the guide links to it as its quiz.
TEST(SiteBuilder, AGuideWithoutAQuizDoublesAsASelfCheckQuiz) {
  source::MemoryFileSystem fs;
  fs.add_file("d/guides/docker.md",
              "# Docker\n\n## Images\n\n??? question \"1. What is an image?\"\n    🧠 Think first...\n\n"
              "    🟢 **Beginner**\n\n    Read-only **layers**.\n\n"
              "??? question \"2. Why multi-stage?\"\n    🔴 **Advanced**\n\n    Smaller images.\n");
  fs.add_file("d/interview-questions/git.md", "# Git\n\n??? question \"1. What is a commit?\"\n    A snapshot.\n");
  fs.add_file("d/quiz/git.md", "# Git quiz\n\n<quiz>\nWhat is a commit?\n- [x] A snapshot\n- [ ] A branch\n</quiz>\n");
  fs.add_file("d/guides/notes.md", "---\nquiz: ../quiz/git.md\n---\n# Notes\n\n??? question \"Why?\"\n    Because.\n");
  const auto files = build_site(load(fs, "d"));
  const SiteFile* docker = find(files, "guides/docker.html");
  ASSERT_NE(docker, nullptr);
  const std::string& html = docker->content;
  EXPECT_NE(html.find(" data-self-check-available>"), std::string::npos);
  EXPECT_NE(html.find(R"(<div class="quiz-intro" data-quiz-intro hidden><p>Self-check: 2 questions from this guide.)"),
            std::string::npos);
  EXPECT_NE(html.find(R"(<div class="quiz-results" data-quiz-results hidden></div>)"), std::string::npos);
  EXPECT_NE(html.find(R"(<details class="q" id="q1" data-id="guides/docker/q1" data-level="beginner" )"
                      R"(data-section="Images">)"),
            std::string::npos);
  EXPECT_NE(
      html.find(R"(<a class="button" href="../guides/docker.html#self-check">Take the quiz: Docker self-check</a>)"),
      std::string::npos);
  EXPECT_NE(find(files, "index.html")->content.find(R"(href="guides/docker.html#self-check">Self-check</a>)"),
            std::string::npos);
  // A guide with a quiz page, one with a quiz in front matter, and a quiz page itself: none.
  for (const char* page : {"interview-questions/git.html", "guides/notes.html", "quiz/git.html"}) {
    EXPECT_EQ(find(files, page)->content.find("data-self-check-available"), std::string::npos) << page;
  }
}

TEST(SiteBuilder, QuizPagesCarryTheIntroAndTheShuffleSetting) {
  source::MemoryFileSystem fs;
  fs.add_file("d/quiz.md",
              "---\nquiz:\n  shuffle_answers: true\n---\n# Quiz\n\n<!-- mkdocs-quiz intro -->\n\n"
              "<quiz>\nPick one\n- [x] A\n- [ ] B\n</quiz>\n\n<quiz>\nPick two\n- [x] A\n- [x] B\n- [ ] C\n</quiz>\n\n"
              "<!-- mkdocs-quiz results -->\n");
  fs.add_file("d/plain.md", "# Plain\n\n<quiz>\nPick one\n- [x] A\n- [ ] B\n</quiz>\n");
  const auto files = build_site(load(fs, "d"));
  const std::string& quiz = find(files, "quiz.html")->content;
  EXPECT_NE(quiz.find("data-shuffle"), std::string::npos);
  EXPECT_NE(quiz.find(R"(<div class="quiz-intro" data-quiz-intro><p>2 questions.)"), std::string::npos);
  EXPECT_NE(quiz.find(R"(<div class="quiz-results" data-quiz-results hidden></div>)"), std::string::npos);
  EXPECT_EQ(find(files, "plain.html")->content.find("data-shuffle"), std::string::npos);
}

}  // namespace
}  // namespace prepdeck::render
