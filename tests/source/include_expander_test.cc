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
  fs.add_file("p/mkdocs.yml", "site_name: x\n");
  fs.add_file("p/docs/main.md",
              "{% include-markdown \"../README.md\"\n"
              "   start=\"<!--start-->\"\n"
              "   end=\"<!--end-->\" %}\n"
              "```\n{% include-markdown \"in-code.md\" %}\n```\n");
  fs.add_file("p/README.md", "skip\n<!--start-->\nkept\n<!--end-->\nskip\n");
  auto doc = load(fs, "p", "main.md");
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

// Issue 12, defect 2: a guide read any file on the machine.
TEST(IncludeExpander, IncludesOutsideTheProjectAreNeverRead) {
  MemoryFileSystem fs;
  fs.add_file("p/mkdocs.yml", "site_name: x\n");
  fs.add_file("p/docs/g.md",
              "--8<-- \"/etc/hostname\"\n"
              "--8<-- \"../../etc/hostname\"\n"
              "{% include-markdown \"../../p/../etc/hostname\" %}\n"
              "--8<-- \"/ok.md\"\n"
              "--8<-- \"../README.md\"\n"
              "--8<-- \"../../no/such/file\"\n");  // outside, and missing: the same answer
  fs.add_file("etc/hostname", "SECRET\n");
  fs.add_file("/etc/hostname", "SECRET\n");
  fs.add_file("p/docs/ok.md", "site-absolute\n");
  fs.add_file("p/README.md", "project\n");
  auto doc = load(fs, "p", "g.md");
  EXPECT_EQ(doc.text, "site-absolute\nproject\n");
  ASSERT_EQ(doc.diagnostics.size(), 4u);
  for (const auto& d : doc.diagnostics) {
    EXPECT_EQ(d.code, codes::k_include_outside) << d.message;
    EXPECT_EQ(d.severity, util::Severity::error);
  }
  EXPECT_NE(doc.diagnostics[0].message.find("outside the project"), std::string::npos) << doc.diagnostics[0].message;
}

TEST(IncludeExpander, ALooseGuideIncludesOnlyFromItsOwnFolder) {
  MemoryFileSystem fs;
  fs.add_file("g/main.md", "--8<-- \"../README.md\"\n--8<-- \"part.md\"\n");
  fs.add_file("README.md", "outside\n");
  fs.add_file("g/part.md", "inside\n");
  auto doc = load(fs, "g/main.md", "main.md");
  EXPECT_EQ(doc.text, "inside\n");
  ASSERT_EQ(doc.diagnostics.size(), 1u);
  EXPECT_EQ(doc.diagnostics[0].code, codes::k_include_outside);
}

TEST(IncludeExpander, SnippetBasePathsOfMkdocsYmlAreAllowed) {
  MemoryFileSystem fs;
  fs.add_file("p/mkdocs.yml",
              "site_name: x\nmarkdown_extensions:\n  - pymdownx.snippets:\n      base_path: [\"../shared\"]\n");
  fs.add_file("p/docs/g.md", "--8<-- \"common.md\"\n--8<-- \"../other/x.md\"\n");
  fs.add_file("shared/common.md", "shared text\n");
  fs.add_file("other/x.md", "not allowed\n");
  auto doc = load(fs, "p", "g.md");
  EXPECT_EQ(doc.text, "shared text\n");
  ASSERT_EQ(doc.diagnostics.size(), 1u);
  EXPECT_EQ(doc.diagnostics[0].code, codes::k_include_outside);
}

// Issue 12, defect 3: 8 files of 1.5 KB, each including the next ten times,
// took 28 s and 279 MB (10^8 lines would be next).
TEST(IncludeExpander, FanOutStopsAtTheBudgetAndEachFileIsReadOnce) {
  MemoryFileSystem fs;
  std::string filler;
  for (int i = 0; i < 30; ++i) filler += "Some words of filler text on a line.\n";
  for (int level = 0; level < 8; ++level) {
    std::string text = filler;
    for (int k = 0; k < 10; ++k) text += "--8<-- \"f" + std::to_string(level + 1) + ".md\"\n";
    fs.add_file("g/f" + std::to_string(level) + ".md", text);
  }
  fs.add_file("g/f8.md", filler);
  int reads = 0;
  auto site = discover_site(fs, "g/f0.md");
  ASSERT_TRUE(site);
  IncludeContext context;
  context.fs = &fs;
  context.docs_dir = "g";
  context.allowed_roots = site->roots;
  context.load = [&](const std::string& path) -> util::Expected<LoadedText> {
    ++reads;
    auto text = fs.read_file(path, 1 << 20);
    if (!text) return tl::unexpected(text.error());
    return LoadedText{std::move(*text), {}};
  };
  auto first = fs.read_file("g/f0.md", 1 << 20);
  ASSERT_TRUE(first);
  const ExpandedText expanded = expand_includes("g/f0.md", std::move(*first), context);
  EXPECT_LE(expanded.text.size(), context.min_budget + 20000);
  EXPECT_EQ(reads, 8) << "f1.md to f8.md, each once";
  std::size_t budget_errors = 0;
  for (const auto& d : expanded.diagnostics) budget_errors += d.code == codes::k_include_budget;
  EXPECT_EQ(budget_errors, 1u);
  EXPECT_EQ(expanded.diagnostics.size(), 1u);
}

}  // namespace
}  // namespace prepdeck::source
