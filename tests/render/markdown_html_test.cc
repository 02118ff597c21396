#include "render/markdown_html.h"

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace prepdeck::render {
namespace {

TEST(MarkdownHtml, BlocksTablesAndCode) {
  EXPECT_EQ(markdown_to_html("Hello *world*\n"), "<p>Hello <em>world</em></p>\n");
  EXPECT_NE(markdown_to_html("| a | b |\n|---|---|\n| 1 | 2 |\n").find("<table>"), std::string::npos);
  EXPECT_EQ(markdown_to_html("```bash\nls -l\n```\n"), "<pre><code class=\"language-bash\">ls -l\n</code></pre>\n");
}

// A ```mermaid fence is a diagram for mermaid.js: its source, escaped, in
// <pre class="mermaid">; other code stays code.
TEST(MarkdownHtml, MermaidFencesBecomeDiagrams) {
  EXPECT_EQ(markdown_to_html("```mermaid\ngraph LR\n  A --> B<br>\n```\n"),
            "<pre class=\"mermaid\">graph LR\n  A --&gt; B&lt;br&gt;\n</pre>\n");
  EXPECT_EQ(markdown_to_html("~~~ mermaid\nsequenceDiagram\n~~~\n"),
            "<pre class=\"mermaid\">sequenceDiagram\n</pre>\n");
  EXPECT_NE(markdown_to_html("```text\nmermaid\n```\n").find("<pre><code"), std::string::npos);
}

TEST(MarkdownHtml, InlineDropsTheParagraph) {
  EXPECT_EQ(inline_markdown_to_html("What is `ls`?"), "What is <code>ls</code>?");
  EXPECT_EQ(inline_markdown_to_html("a < b & \"c\""), "a &lt; b &amp; &quot;c&quot;");
}

TEST(MarkdownHtml, LinksToMarkdownPagesPointAtTheBuiltPages) {
  EXPECT_EQ(markdown_to_html("[quiz](../quiz/git.md)\n"), "<p><a href=\"../quiz/git.html\">quiz</a></p>\n");
}

// A batch renders each fragment exactly as it renders alone, also when a
// fragment would swallow the others (an unclosed fence, raw <pre>, a list
// left open) and when a fragment holds the batch's own separator.
TEST(MarkdownHtml, ABatchRendersEachFragmentAsItRendersAlone) {
  const std::vector<std::pair<std::string, bool>> sets[] = {
      {{"What is `ls`?", true}, {"It **lists** files.\n\n* one\n* two", false}, {"a < b", true}, {"", false}},
      {{"Tail of a list:\n\n1. a\n2. b", false}, {"| x | y |\n|---|---|\n| 1 | 2 |", false}, {"> quote", false}},
      {{"```bash\nunclosed fence", false}, {"after the fence", false}, {"*inline*", true}},
      {{"<pre>\nraw pre, never closed", false}, {"next", false}},
      {{"has <!--prepdeck:split--> inside", false}, {"other", false}},
      // found by render_fuzzer: a white-space-only last line inside a raw HTML block
      {{"<details><summary>Hint</summary>inner\n    ", false}, {"next", false}, {"  \n\t", false}},
      {{"<details>\ninner\r\t\t", false}, {"next\r\n", true}},  // \r ends a line too
      {{"Which one?\n        <p", false}, {"next", false}},     // an unfinished tag on the last line
      // found by render_fuzzer: a fence left open in a list item took the blank line before the marker
      {{"- [ ] vim\n\n    ```bash\n    kubectl rollout", false}, {"next", false}},
      {{"> ```\n> quoted, open", false}, {"1. ~~~~\n   still open\n   ~~~", false}, {"last", true}},
  };
  for (const auto& set : sets) {
    MarkdownBatch batch;
    std::vector<std::size_t> index;
    for (const auto& [text, is_inline] : set) index.push_back(is_inline ? batch.add_inline(text) : batch.add(text));
    batch.render();
    ASSERT_EQ(batch.size(), set.size());
    for (std::size_t i = 0; i < set.size(); ++i) {
      const auto& [text, is_inline] = set[i];
      EXPECT_EQ(batch.html(index[i]), is_inline ? inline_markdown_to_html(text) : markdown_to_html(text)) << text;
    }
  }
}

}  // namespace
}  // namespace prepdeck::render
