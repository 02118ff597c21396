#include "render/markdown_html.h"

#include <gtest/gtest.h>

namespace prepdeck::render {
namespace {

TEST(MarkdownHtml, BlocksTablesAndCode) {
  EXPECT_EQ(markdown_to_html("Hello *world*\n"), "<p>Hello <em>world</em></p>\n");
  EXPECT_NE(markdown_to_html("| a | b |\n|---|---|\n| 1 | 2 |\n").find("<table>"), std::string::npos);
  EXPECT_EQ(markdown_to_html("```bash\nls -l\n```\n"), "<pre><code class=\"language-bash\">ls -l\n</code></pre>\n");
}

TEST(MarkdownHtml, InlineDropsTheParagraph) {
  EXPECT_EQ(inline_markdown_to_html("What is `ls`?"), "What is <code>ls</code>?");
  EXPECT_EQ(inline_markdown_to_html("a < b & \"c\""), "a &lt; b &amp; &quot;c&quot;");
}

TEST(MarkdownHtml, LinksToMarkdownPagesPointAtTheBuiltPages) {
  EXPECT_EQ(markdown_to_html("[quiz](../quiz/git.md)\n"), "<p><a href=\"../quiz/git.html\">quiz</a></p>\n");
}

}  // namespace
}  // namespace prepdeck::render
