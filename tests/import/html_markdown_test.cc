#include "import/html_markdown.h"

#include <gtest/gtest.h>

namespace prepdeck::importer {
namespace {

TEST(HtmlMarkdown, CommonMarkupBecomesMarkdown) {
  EXPECT_EQ(html_to_markdown("<p>A <b>bold</b> and <i>slanted</i> <code>x*y</code> word.</p><p>Two</p>"),
            "A **bold** and *slanted* `x*y` word.\n\nTwo");
  EXPECT_EQ(html_to_markdown("<div>one</div><div>two<br>three</div>"), "one\n\ntwo  \nthree");
  EXPECT_EQ(html_to_markdown("<ul><li>a</li><li>b<ul><li>c</li></ul></li></ul>"), "- a\n- b\n\n    - c");
  EXPECT_EQ(html_to_markdown("<ol><li>first</li><li>second</li></ol>"), "1. first\n2. second");
  // Three levels; a list's child that is not an <li> is an item of its own.
  EXPECT_EQ(html_to_markdown("<ul><li>a<ul><li>b<ul><li>c</li></ul></li></ul></li></ul>"),
            "- a\n\n    - b\n\n        - c");
  EXPECT_EQ(html_to_markdown("<ul><p>loose</p><li>item</li></ul>"), "- loose\n- item");
  EXPECT_EQ(html_to_markdown("<pre><code class=\"language-bash\">ls -l\n  echo `x`\n</code></pre>"),
            "```bash\nls -l\n  echo `x`\n```");
  EXPECT_EQ(html_to_markdown("<blockquote><p>quoted</p></blockquote>"), "> quoted");
  EXPECT_EQ(html_to_markdown("<h2>Heading</h2>text"), "**Heading**\n\ntext");
  EXPECT_EQ(html_to_markdown("<a href=\"https://x.io/a b\">link</a> <img src=\"p.png\" alt=\"pic\">"),
            "[link](<https://x.io/a%20b>) ![pic](<p.png>)");
  EXPECT_EQ(html_to_markdown("Anki&nbsp;text &amp; more"), "Anki\xC2\xA0text &amp; more");
}

TEST(HtmlMarkdown, TextStaysText) {
  EXPECT_EQ(html_to_markdown("2 * 3 = [6] &lt;not a tag&gt; `tick` _under_ \\"),
            "2 \\* 3 = \\[6\\] \\<not a tag\\> \\`tick\\` \\_under\\_ \\\\");
  // What the dialect reads at the start of a line.
  EXPECT_EQ(html_to_markdown("??? question \"x\""), "\\??? question \"x\"");
  EXPECT_EQ(html_to_markdown("!!! note"), "\\!!! note");
  EXPECT_EQ(html_to_markdown("# not a heading"), "\\# not a heading");
  EXPECT_EQ(html_to_markdown("- not a list"), "\\- not a list");
  EXPECT_EQ(html_to_markdown("1. not a list"), "1\\. not a list");
  EXPECT_EQ(html_to_markdown("--8<-- \"secret.md\""), "\\--8\\<-- \"secret.md\"");
  EXPECT_EQ(html_to_markdown("{% include-markdown \"x\" %}"), "\\{% include-markdown \"x\" %}");
  EXPECT_EQ(html_to_markdown("\xE2\x9C\x85 not a choice"), "&#x2705; not a choice");
  EXPECT_EQ(html_to_markdown("\xF0\x9F\xA7\xA0 not a hint"), "&#x1F9E0; not a hint");
  EXPECT_EQ(html_to_markdown("<p>x</p><p>\xF0\x9F\x9F\xA2 Beginner</p>"), "x\n\n&#x1F7E2; Beginner");
  EXPECT_EQ(html_to_markdown("&lt;quiz&gt;"), "\\<quiz\\>");
}

TEST(HtmlMarkdown, NothingThatRunsSurvives) {
  const std::string md = html_to_markdown(
      "<p onclick=\"x()\">a<script>alert(1)</script><style>p{}</style></p>"
      "<a href=\"javascript:alert(1)\">click</a> <a href=\" JavaScript:x\">two</a> <img src=\"javascript:x\">"
      "<iframe src=\"https://evil\"></iframe><form><input value=\"v\"></form>"
      "<table onmouseover=\"x()\"><tr><td style=\"x\" colspan=\"2\">cell<script>bad()</script></td></tr></table>");
  EXPECT_EQ(md.find("script"), std::string::npos) << md;
  EXPECT_EQ(md.find("alert"), std::string::npos) << md;
  EXPECT_EQ(md.find("javascript"), std::string::npos) << md;
  EXPECT_EQ(md.find("JavaScript"), std::string::npos) << md;
  EXPECT_EQ(md.find("iframe"), std::string::npos) << md;
  EXPECT_EQ(md.find("onmouseover"), std::string::npos) << md;
  EXPECT_EQ(md.find("style"), std::string::npos) << md;
  EXPECT_NE(md.find("<table><tr><td colspan=\"2\">cell</td></tr></table>"), std::string::npos) << md;
  EXPECT_NE(md.find("click two"), std::string::npos) << md;
}

TEST(HtmlMarkdown, PrepdecksOwnMarkupGoesBackToTheDialect) {
  EXPECT_EQ(html_to_markdown("<div class=\"callout callout-tip\"><p class=\"callout-label\"><span aria-hidden=\"true\">"
                             "\xF0\x9F\x92\xA1</span> Interview Tip</p>\n<p>Say why.</p>\n</div>"),
            "\xF0\x9F\x92\xA1 **Interview Tip:**\nSay why.");
  EXPECT_EQ(
      html_to_markdown("<div class=\"admonition warning\"><p class=\"admonition-title\">Careful</p><p>Body</p></div>"),
      "!!! warning \"Careful\"\n    Body");
  EXPECT_EQ(html_to_markdown("<details class=\"admonition note\" open><summary>More</summary><p>Hidden</p></details>"),
            "???+ note \"More\"\n    Hidden");
  EXPECT_EQ(
      html_to_markdown("<div class=\"tabbed-set\"><section class=\"tabbed-block\"><h4 class=\"tabbed-label\">A</h4>"
                       "<p>one</p></section><section class=\"tabbed-block\"><h4 class=\"tabbed-label\">B</h4>"
                       "<p>two</p></section></div>"),
      "=== \"A\"\n    one\n\n=== \"B\"\n    two");
  // The label is left out of the tab's body wherever it stands.
  EXPECT_EQ(html_to_markdown("<div class=\"tabbed-set\"><section><p>before</p><h4 class=\"tabbed-label\">A</h4>"
                             "<p>after</p></section></div>"),
            "=== \"A\"\n    before\n\n    after");
}

TEST(HtmlMarkdown, ImagesGoWhereTheImporterSays) {
  MarkdownOptions options;
  options.image = [](std::string_view src) { return "media/" + std::string(src); };
  EXPECT_EQ(html_to_markdown("<img src=\"a.png\" alt=\"x\">", options), "![x](<media/a.png>)");
}

TEST(HtmlMarkdown, InlineIsOneLine) {
  EXPECT_EQ(html_to_inline_markdown("<div>What is <b>DNS</b>?</div><div><br></div><div>Explain.</div>"),
            "What is **DNS**? Explain.");
  EXPECT_EQ(html_to_inline_markdown(""), "");
}

TEST(HtmlMarkdown, DeepNestingAndBadBytesCostLittle) {
  std::string deep;
  for (int i = 0; i < 20000; ++i) deep += "<div><b>";
  deep += "bottom";
  // libxml2 stops at its own depth limit: what is past it is cut, in linear time, without a crash.
  EXPECT_LT(html_to_markdown(deep).size(), 1000u);
  // Elements nested past 32 levels (16 lists: <ul> and <li> each) are read as text, their words kept.
  std::string lists;
  for (int i = 0; i < 60; ++i) lists += "<ul><li>l" + std::to_string(i);
  const std::string flat = html_to_markdown(lists);
  EXPECT_NE(flat.find(std::string(4 * 15, ' ') + "- l15l16"), std::string::npos) << flat;
  EXPECT_EQ(flat.find(std::string(4 * 16, ' ') + "- "), std::string::npos) << flat;
  EXPECT_NE(flat.find("l58l59"), std::string::npos) << flat;
  const std::string bad = html_to_markdown(std::string("a\0b\xFF", 4));
  EXPECT_EQ(bad.find('\0'), std::string::npos);
  EXPECT_NE(bad.find("\xEF\xBF\xBD"), std::string::npos);
}

}  // namespace
}  // namespace prepdeck::importer
