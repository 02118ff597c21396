#include "source/site_loader.h"

#include <gtest/gtest.h>

#include "source/source_codes.h"

namespace prepdeck::source {
namespace {

std::vector<std::string> paths(const Site& site) {
  std::vector<std::string> out;
  for (const auto& p : site.pages) out.push_back(p.path);
  return out;
}

std::vector<std::string> static_paths(const Site& site) {
  std::vector<std::string> out;
  for (const auto& f : site.static_files) out.push_back(f.path);
  return out;
}

TEST(SiteLoader, FolderReadsEveryMarkdownFileSortedSkippingHiddenAndSite) {
  MemoryFileSystem fs;
  fs.add_file("g/b.md", "b");
  fs.add_file("g/a/z.md", "z");
  fs.add_file("g/a.markdown", "a");
  fs.add_file("g/.partials/p.md", "p");
  fs.add_file("g/site/index.md", "built");
  fs.add_file("g/notes.txt", "t");
  auto site = discover_site(fs, "g");
  ASSERT_TRUE(site);
  EXPECT_FALSE(site->is_mkdocs);
  EXPECT_EQ(paths(*site), (std::vector<std::string>{"a.markdown", "a/z.md", "b.md"}));
  EXPECT_EQ(site->pages[1].file, "g/a/z.md");
  EXPECT_EQ(static_paths(*site), std::vector<std::string>{"notes.txt"});
}

// The files MkDocs copies: every file under docs_dir that is not a page,
// except dot-files, dot-folders, exclude_docs and the top `templates/` folder.
TEST(SiteLoader, EveryOtherFileUnderDocsIsCarriedOver) {
  MemoryFileSystem fs;
  fs.add_file("p/mkdocs.yml", "site_name: x\nexclude_docs: |\n  drafts/\n  *.psd\n");
  fs.add_file("p/docs/index.md", "# Home");
  fs.add_file("p/docs/CNAME", "example.com");
  fs.add_file("p/docs/img/logo one.png", "png");
  fs.add_file("p/docs/img/d\xC3\xA9j\xC3\xA0.svg", "svg");
  fs.add_file("p/docs/.nojekyll", "");
  fs.add_file("p/docs/.git/config", "x");
  fs.add_file("p/docs/drafts/plan.pdf", "pdf");
  fs.add_file("p/docs/art/cover.psd", "psd");
  fs.add_file("p/docs/templates/main.html", "t");
  fs.add_file("p/docs/guide/templates/kept.txt", "t");
  fs.add_file("p/README.txt", "outside docs");
  auto site = discover_site(fs, "p");
  ASSERT_TRUE(site);
  EXPECT_EQ(static_paths(*site), (std::vector<std::string>{"CNAME", "guide/templates/kept.txt",
                                                           "img/d\xC3\xA9j\xC3\xA0.svg", "img/logo one.png"}));
  EXPECT_EQ(site->static_files[0].file, "p/docs/CNAME");
  EXPECT_EQ(paths(*site), std::vector<std::string>{"index.md"});
}

TEST(SiteLoader, MissingInputFails) {
  MemoryFileSystem fs;
  EXPECT_FALSE(discover_site(fs, "nope"));
}

TEST(SiteLoader, SingleFile) {
  MemoryFileSystem fs;
  fs.add_file("docs/x/guide.md", "# G");
  fs.add_file("docs/x/photo.png", "png");
  auto site = discover_site(fs, "docs/x/guide.md");
  ASSERT_TRUE(site);
  ASSERT_EQ(site->pages.size(), 1u);
  EXPECT_EQ(site->pages[0].path, "guide.md");
  EXPECT_EQ(site->root_dir, "docs/x");
  EXPECT_TRUE(site->is_single_file);
  EXPECT_TRUE(site->static_files.empty());  // one guide carries no folder with it
}

// A file or folder inside an MkDocs project's docs_dir is read with its
// project, as git finds its repository: the same paths (so the same ids), nav
// titles and includes, whichever path names it.
TEST(SiteLoader, AFileOrFolderInsideAProjectIsReadWithIt) {
  MemoryFileSystem fs;
  fs.add_file("p/mkdocs.yml", "site_name: Prep\nnav:\n  - Git basics: topics/git.md\n");
  fs.add_file("p/docs/topics/git.md", "# Git");
  fs.add_file("p/docs/topics/k8s.md", "# K8s");
  fs.add_file("p/docs/topics/diagram.png", "png");
  fs.add_file("p/docs/other/x.md", "# X");
  fs.add_file("p/README.md", "# Readme");

  auto file = discover_site(fs, "p/docs/topics/git.md");
  ASSERT_TRUE(file);
  EXPECT_TRUE(file->is_mkdocs);
  EXPECT_TRUE(file->is_single_file);
  EXPECT_EQ(file->root_dir, "p/docs");
  ASSERT_EQ(file->pages.size(), 1u);
  EXPECT_EQ(file->pages[0].path, "topics/git.md");
  EXPECT_EQ(file->pages[0].nav_title, "Git basics");
  EXPECT_TRUE(file->static_files.empty());
  EXPECT_TRUE(file->within_project);  // build puts it in ./site, not the project's site/

  auto folder = discover_site(fs, "p/docs/topics");
  ASSERT_TRUE(folder);
  EXPECT_TRUE(folder->is_mkdocs);
  ASSERT_EQ(folder->pages.size(), 2u);
  EXPECT_EQ(folder->pages[0].path, "topics/git.md");
  EXPECT_EQ(folder->pages[1].path, "topics/k8s.md");
  ASSERT_EQ(folder->static_files.size(), 1u);
  EXPECT_EQ(folder->static_files[0].path, "topics/diagram.png");

  // Beside docs_dir, not in it: a file of its own.
  auto readme = discover_site(fs, "p/README.md");
  ASSERT_TRUE(readme);
  EXPECT_FALSE(readme->is_mkdocs);
  EXPECT_FALSE(discover_site(fs, "p")->within_project);
  EXPECT_EQ(readme->pages[0].path, "README.md");
}

TEST(SiteLoader, MkdocsProjectOrdersByNavAndKeepsPagesMissingFromNav) {
  MemoryFileSystem fs;
  fs.add_file("p/mkdocs.yml",
              "site_name: Prep\n"
              "nav:\n"
              "  - Home: index.md\n"
              "  - Topics:\n"
              "      - AWS:\n"
              "          - DevOps: aws/devops.md\n"
              "        # - Old: aws/old.md\n"
              "      - k8s/pods.md\n"
              "      - Missing: gone.md\n"
              "  - Blog: https://example.com\n");
  fs.add_file("p/docs/index.md", "# Home");
  fs.add_file("p/docs/aws/devops.md", "# DevOps");
  fs.add_file("p/docs/aws/old.md", "# Old");
  fs.add_file("p/docs/k8s/pods.md", "# Pods");
  fs.add_file("p/docs/.partials/x.md", "x");
  auto site = discover_site(fs, "p");
  ASSERT_TRUE(site);
  EXPECT_TRUE(site->is_mkdocs);
  EXPECT_EQ(site->config.site_name, "Prep");
  EXPECT_EQ(paths(*site), (std::vector<std::string>{"index.md", "aws/devops.md", "k8s/pods.md", "aws/old.md"}));
  EXPECT_EQ(site->pages[1].nav_title, "DevOps");
  EXPECT_EQ(site->pages[1].nav_sections, (std::vector<std::string>{"Topics", "AWS"}));
  EXPECT_FALSE(site->pages[3].in_nav);
  ASSERT_EQ(site->diagnostics.size(), 1u);
  EXPECT_EQ(site->diagnostics[0].code, codes::k_nav_missing_page);
  EXPECT_EQ(site->diagnostics[0].line, 9u);
}

TEST(SiteLoader, ExcludeDocsPatternsReadAsMkdocsReadsThem) {
  const std::vector<std::string> patterns = {"_partials/", "drafts/*.md", "!drafts/keep.md",
                                             "/top.md",    "*.tmp.md",    "notes/**/old.md"};
  EXPECT_TRUE(is_excluded("_partials/a.md", patterns));
  EXPECT_TRUE(is_excluded("guides/_partials/a.md", patterns));  // a folder name at any depth
  EXPECT_FALSE(is_excluded("_partials.md", patterns));          // `name/` matches folders only
  EXPECT_TRUE(is_excluded("drafts/x.md", patterns));
  EXPECT_FALSE(is_excluded("drafts/keep.md", patterns));   // the last matching pattern decides
  EXPECT_FALSE(is_excluded("drafts/sub/x.md", patterns));  // `*` stays within one name
  EXPECT_TRUE(is_excluded("top.md", patterns));
  EXPECT_FALSE(is_excluded("a/top.md", patterns));  // a leading '/' anchors at docs_dir
  EXPECT_TRUE(is_excluded("deep/x.tmp.md", patterns));
  EXPECT_TRUE(is_excluded("notes/a/b/old.md", patterns));
  EXPECT_FALSE(is_excluded("guide.md", patterns));
  EXPECT_FALSE(is_excluded("guide.md", {}));
}

TEST(SiteLoader, ExcludeDocsLeavesPagesOutButNotIncludes) {
  MemoryFileSystem fs;
  fs.add_file("p/mkdocs.yml",
              "site_name: Prep\n"
              "exclude_docs: |\n"
              "  # partials are included, never pages\n"
              "  _partials/\n"
              "nav:\n"
              "  - guide.md\n"
              "  - _partials/note.md\n");
  fs.add_file("p/docs/guide.md", "# G\n\n{% include-markdown \"_partials/note.md\" %}\n");
  fs.add_file("p/docs/_partials/note.md", "Included text.\n");
  auto site = discover_site(fs, "p");
  ASSERT_TRUE(site);
  EXPECT_EQ(site->config.exclude_docs, (std::vector<std::string>{"_partials/"}));
  EXPECT_EQ(paths(*site), (std::vector<std::string>{"guide.md"}));
  ASSERT_EQ(site->diagnostics.size(), 1u);
  EXPECT_EQ(site->diagnostics[0].code, codes::k_nav_missing_page);
  EXPECT_NE(site->diagnostics[0].message.find("exclude_docs"), std::string::npos);
  const auto doc = load_document(fs, *site, site->pages[0], {});
  EXPECT_NE(doc.text.find("Included text."), std::string::npos);
  EXPECT_TRUE(doc.diagnostics.empty());
}

TEST(SiteLoader, BrokenMkdocsYamlFallsBackToFolderOrder) {
  MemoryFileSystem fs;
  fs.add_file("p/mkdocs.yaml", "site_name: [unclosed\nnav: {\n");
  fs.add_file("p/docs/b.md", "b");
  fs.add_file("p/docs/a.md", "a");
  auto site = discover_site(fs, "p");
  ASSERT_TRUE(site);
  EXPECT_EQ(paths(*site), (std::vector<std::string>{"a.md", "b.md"}));
  ASSERT_FALSE(site->diagnostics.empty());
  EXPECT_EQ(site->diagnostics[0].code, codes::k_mkdocs_config_invalid);
}

TEST(SiteLoader, LoadDocumentReportsFileLevelProblems) {
  MemoryFileSystem fs;
  fs.add_file("g/bin.md", std::string("\x89PNG\0\0", 6));
  fs.add_file("g/big.md", std::string(200, 'x'));
  fs.add_unreadable("g/locked.md");
  fs.add_file("g/latin.md", "caf\xE9\n");
  auto site = discover_site(fs, "g");
  ASSERT_TRUE(site);
  LoadOptions options;
  options.max_file_bytes = 100;
  std::vector<std::string_view> codes_seen;
  for (const auto& page : site->pages) {
    auto doc = load_document(fs, *site, page, options);
    ASSERT_EQ(doc.diagnostics.size(), 1u) << page.path;
    codes_seen.push_back(doc.diagnostics[0].code);
    if (page.path == "latin.md") {
      EXPECT_TRUE(doc.readable);
      EXPECT_EQ(doc.text, "café\n");
    } else {
      EXPECT_FALSE(doc.readable);
    }
  }
  EXPECT_EQ(codes_seen, (std::vector<std::string_view>{codes::k_file_too_large, codes::k_not_a_text_file,
                                                       codes::k_decoded_as_windows_1252, codes::k_unreadable_file}));
}

TEST(SiteLoader, MojibakeRepairsAreWarningsWithTheirLine) {
  MemoryFileSystem fs;
  fs.add_file("g.md", "# T\n\nðŸ§\u00a0 Think and âœ” check\n");
  auto site = discover_site(fs, "g.md");
  auto doc = load_document(fs, *site, site->pages[0], {});
  EXPECT_EQ(doc.text, "# T\n\n🧠 Think and ✔ check\n");
  ASSERT_EQ(doc.diagnostics.size(), 1u);
  EXPECT_EQ(doc.diagnostics[0].code, codes::k_mojibake_repaired);
  EXPECT_EQ(doc.diagnostics[0].line, 3u);
  EXPECT_EQ(doc.diagnostics[0].column, 1u);
  EXPECT_NE(doc.diagnostics[0].message.find("\"âœ”\" -> \"✔\""), std::string::npos);
}

}  // namespace
}  // namespace prepdeck::source
