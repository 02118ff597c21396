#include "guide/superfences.h"

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "util/text.h"

namespace prepdeck::guide {
namespace {

// The lines as md4c would read them after the rewrites, joined by '\n'.
struct Paired {
  std::string text;
  std::vector<FenceReport> reports;
};

Paired pair(std::string_view document) {
  std::vector<Line> lines;
  util::for_each_line(document, [&](std::string_view line) {
    lines.push_back(Line{line, static_cast<std::uint32_t>(lines.size())});
  });
  const FencePairing pairing = pair_fences_as_superfences(lines);
  std::vector<std::string_view> out;
  for (const Line& l : lines) out.push_back(l.text);
  std::uint32_t previous = 0;
  for (const FenceRewrite& r : pairing.rewrites) {
    EXPECT_GE(r.row, previous) << "rewrites come by row";
    previous = r.row;
    out[r.row] = std::string_view(pairing.text).substr(r.offset, r.length);
  }
  Paired result;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (i > 0) result.text += '\n';
    result.text += out[i];
  }
  result.reports = pairing.reports;
  return result;
}

TEST(Superfences, AcceptsWhatItsExpressionAndValidatorAccept) {
  for (std::string_view info : {"",
                                "python",
                                " python",
                                ".python",
                                "c++",
                                "objective-c",
                                "python3.10",
                                "#sh",
                                "python title=\"a b.py\"",
                                "python linenums=\"1\"",
                                "python linenums=\"1 2\"",
                                "python hl_lines=\"2 4-5\"",
                                "python title='x'",
                                "python title",
                                "title=\"t\"",
                                "{.python .extra #id linenums=\"1\"}",
                                "{ .js }  ",
                                "python title=\"the \"x\" file\"",
                                "c++title=\"x\"",
                                "mermaid",
                                "python  \t"}) {
    EXPECT_TRUE(superfences_accepts_info(info)) << info;
  }
  for (std::string_view info : {"python {linenums=\"1\"}", "#!sh", "python foo", "bash $ ls", "python linenums=1",
                                "python hl_lines=\"a\"", "python linenums", "python hl_lines", "{.python} x",
                                "{.python", "python data-x=\"1\"", "js`", "python \"x\"", "python title=\"unclosed"}) {
    EXPECT_FALSE(superfences_accepts_info(info)) << info;
  }
}

TEST(Superfences, ClosedFencesAreLeftAsWritten) {
  const std::string doc = "```python\nx\n```\n\n    ~~~\n    y\n    ~~~\n";
  const Paired p = pair(doc);
  EXPECT_EQ(p.text, "```python\nx\n```\n\n    ~~~\n    y\n    ~~~");
  EXPECT_TRUE(p.reports.empty());
}

TEST(Superfences, ANeverClosedFenceIsTextAndSoIsEveryOpeningAfterIt) {
  const Paired p = pair("a\n```\nb\n  ```js\nc\n~~~\n");
  EXPECT_EQ(p.text, "a\n\\```\nb\n  \\```js\nc\n\\~~~");
  ASSERT_EQ(p.reports.size(), 1u);
  EXPECT_EQ(p.reports[0].problem, FenceProblem::never_closed);
  EXPECT_EQ(p.reports[0].row, 1u);
}

TEST(Superfences, ALessIndentedLineAbandonsTheFenceAndIsNotAnOpeningItself) {
  const Paired p = pair("    ```\n    ```js\n```\n```\nz\n```\n");
  // Row 2 abandons the fence of row 0 (and opens nothing); rows 3-5 pair.
  EXPECT_EQ(p.text, "    \\```\n    \\```js\n```\n```\nz\n```");
  ASSERT_EQ(p.reports.size(), 1u);
  EXPECT_EQ(p.reports[0].problem, FenceProblem::abandoned);
  EXPECT_EQ(p.reports[0].ended_at, 2u);
  EXPECT_EQ(p.reports[0].offset, 4u);
}

TEST(Superfences, OnlyTheExactRunAtTheExactIndentationCloses) {
  // CommonMark would close on "````" and on "  ```": the pair gets a fence longer than both.
  const Paired p = pair("```\n````\n  ```\n```\n");
  EXPECT_EQ(p.text, "`````\n````\n  ```\n`````");
  EXPECT_TRUE(p.reports.empty());
  // A run indented four more is code to CommonMark too: nothing to lengthen.
  EXPECT_EQ(pair("```\n    ````\n```\n").text, "```\n    ````\n```");
}

TEST(Superfences, RejectedOptionsAreTextAndTheNextFenceLineOpens) {
  const Paired p = pair("```python {linenums=\"1\"}\nx\n```\ny\n```\n");
  // Row 0 is text; row 2 opens a fence that row 4 closes.
  EXPECT_EQ(p.text, "\\```python {linenums=\"1\"}\nx\n```\ny\n```");
  ASSERT_EQ(p.reports.size(), 1u);
  EXPECT_EQ(p.reports[0].problem, FenceProblem::rejected_options);
  // Not a CommonMark fence either: nothing to say.
  EXPECT_TRUE(pair("```js`\n").reports.empty());
}

TEST(Superfences, BlankLinesAndDeeperLinesStayInside) {
  const Paired p = pair("  ```\n\nx\n");
  EXPECT_EQ(p.reports.size(), 1u);
  EXPECT_EQ(p.reports[0].problem, FenceProblem::abandoned);
  const Paired q = pair("  ```\n\n      deeper\n  ```\n");
  EXPECT_TRUE(q.reports.empty());
}

TEST(Superfences, ManyUnclosedOpeningsCostOnePass) {
  std::string doc;
  for (int i = 0; i < 100000; ++i) doc += "```x\n";
  const Paired p = pair(doc);
  EXPECT_EQ(p.reports.size(), 1u);
  std::size_t escaped = 0;
  for (std::size_t at = p.text.find("\\```x"); at != std::string::npos; at = p.text.find("\\```x", at + 1)) ++escaped;
  EXPECT_EQ(escaped, 100000u);
}

}  // namespace
}  // namespace prepdeck::guide
