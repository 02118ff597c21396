#include "source/include_expander.h"

#include <gtest/gtest.h>

#include "source/site_loader.h"
#include "source/source_codes.h"

namespace prepdeck::source {
namespace {

SourceDocument load(MemoryFileSystem& fs, const std::string& input, const std::string& page_path) {
  auto site = discover_site(fs, input);
  EXPECT_TRUE(site);
  for (const auto& p : site->pages) {
    if (p.path == page_path) return load_document(fs, *site, p, {});
  }
  ADD_FAILURE() << "no page " << page_path;
  return {};
}

TEST(IncludeExpander, SnippetsAndIncludeMarkdownNestWithIndentation) {
  MemoryFileSystem fs;
  fs.add_file("p/mkdocs.yml", "site_name: x\n");
  fs.add_file("p/docs/guide.md",
              "# G\n"
              "??? question \"1. Q\"\n"
              "    --8<-- \".partials/answer.md\"\n"
              "{% include-markdown \"shared/tail.md\" %}\n");
  fs.add_file("p/docs/.partials/answer.md", "First line.\n--8<-- \"inner.md\"\n");
  fs.add_file("p/docs/.partials/inner.md", "Inner.\n");
  fs.add_file("p/docs/shared/tail.md", "Tail.\n");
  auto doc = load(fs, "p", "guide.md");
  EXPECT_TRUE(doc.diagnostics.empty());
  EXPECT_EQ(doc.text, "# G\n??? question \"1. Q\"\n    First line.\n    Inner.\nTail.\n");
  // Line 3 of the expanded text is line 1 of answer.md, behind 4 columns of indentation.
  const auto loc = doc.map.locate(2);
  EXPECT_EQ(doc.map.files()[loc.file], "p/docs/.partials/answer.md");
  EXPECT_EQ(loc.line, 1u);
  EXPECT_EQ(loc.indent, 4u);
  const auto inner = doc.map.locate(3);
  EXPECT_EQ(doc.map.files()[inner.file], "p/docs/.partials/inner.md");
  EXPECT_EQ(doc.map.locate(4).line, 1u);
}

TEST(IncludeExpander, MissingFileAndCycleAreDiagnostics) {
  MemoryFileSystem fs;
  fs.add_file("g/a.md", "A\n--8<-- \"b.md\"\n--8<-- \"nope.md\"\nend\n");
  fs.add_file("g/b.md", "B\n--8<-- \"a.md\"\n");
  auto doc = load(fs, "g/a.md", "a.md");
  EXPECT_EQ(doc.text, "A\nB\nend\n");
  ASSERT_EQ(doc.diagnostics.size(), 2u);
  EXPECT_EQ(doc.diagnostics[0].code, codes::k_include_cycle);
  EXPECT_EQ(doc.diagnostics[0].file, "g/b.md");
  EXPECT_EQ(doc.diagnostics[0].line, 2u);
  EXPECT_EQ(doc.diagnostics[1].code, codes::k_include_missing);
  EXPECT_EQ(doc.diagnostics[1].file, "g/a.md");
  EXPECT_EQ(doc.diagnostics[1].line, 3u);
  EXPECT_EQ(doc.map.locate(2).line, 4u);  // "end" is line 4 of a.md
}

TEST(IncludeExpander, ProblemsInsideAnIncludedFileNameTheIncludingPage) {
  MemoryFileSystem fs;
  fs.add_file("p/mkdocs.yml", "site_name: x\n");
  fs.add_file("p/docs/a.md", "# A\n\n{% include-markdown \".partials/level.md\" %}\n");
  fs.add_file("p/docs/.partials/level.md", "Level.\n--8<-- \"button.md\"\n");
  auto doc = load(fs, "p", "a.md");
  ASSERT_EQ(doc.diagnostics.size(), 1u);
  EXPECT_EQ(doc.diagnostics[0].file, "p/docs/.partials/level.md");
  EXPECT_EQ(doc.diagnostics[0].line, 2u);
  EXPECT_NE(doc.diagnostics[0].message.find("(included from p/docs/a.md:3)"), std::string::npos)
      << doc.diagnostics[0].message;
}

TEST(IncludeExpander, LineRangesSectionsAndBlockForm) {
  MemoryFileSystem fs;
  fs.add_file("g/main.md",
              "--8<-- \"lib.md:2:3\"\n"
              "--8<-- \"lib.md:part\"\n"
              "--8<--\n"
              "one.md\n"
              "; skipped.md\n"
              "--8<--\n"
              ";--8<-- \"literal.md\"\n");
  fs.add_file("g/lib.md", "l1\nl2\nl3\n--8<-- [start:part]\nP\n--8<-- [end:part]\n");
  fs.add_file("g/one.md", "one\n");
  auto doc = load(fs, "g/main.md", "main.md");
  EXPECT_TRUE(doc.diagnostics.empty()) << doc.diagnostics[0].message;
  EXPECT_EQ(doc.text, "l2\nl3\nP\none\n--8<-- \"literal.md\"\n");
}

TEST(IncludeExpander, IncludeMarkdownStartEndAndMultiLineTag) {
  MemoryFileSystem fs;
  fs.add_file("g/main.md",
              "{% include-markdown \"../README.md\"\n"
              "   start=\"<!--start-->\"\n"
              "   end=\"<!--end-->\" %}\n"
              "```\n{% include-markdown \"in-code.md\" %}\n```\n");
  fs.add_file("README.md", "skip\n<!--start-->\nkept\n<!--end-->\nskip\n");
  auto doc = load(fs, "g/main.md", "main.md");
  EXPECT_TRUE(doc.diagnostics.empty());
  EXPECT_EQ(doc.text, "\nkept\n```\n{% include-markdown \"in-code.md\" %}\n```\n");
}

TEST(IncludeExpander, DeepChainsStop) {
  MemoryFileSystem fs;
  for (int i = 0; i < 30; ++i) {
    fs.add_file("g/f" + std::to_string(i) + ".md", "--8<-- \"f" + std::to_string(i + 1) + ".md\"\n");
  }
  auto doc = load(fs, "g/f0.md", "f0.md");
  ASSERT_EQ(doc.diagnostics.size(), 1u);
  EXPECT_EQ(doc.diagnostics[0].code, codes::k_include_too_deep);
}

TEST(IncludeExpander, RemoteIncludesAreNotFetched) {
  MemoryFileSystem fs;
  fs.add_file("g.md", "--8<-- \"https://example.com/x.md\"\n");
  auto doc = load(fs, "g.md", "g.md");
  ASSERT_EQ(doc.diagnostics.size(), 1u);
  EXPECT_EQ(doc.diagnostics[0].code, codes::k_include_unsupported);
}

}  // namespace
}  // namespace prepdeck::source
