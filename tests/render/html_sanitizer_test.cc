#include "render/html_sanitizer.h"

#include <gtest/gtest.h>

#include "render/markdown_html.h"

namespace prepdeck::render {
namespace {

TEST(HtmlSanitizer, ScriptAndItsKinAreShownAsText) {
  EXPECT_EQ(sanitize_html("<script>alert(1)</script>"), "&lt;script>alert(1)&lt;/script>");
  EXPECT_EQ(sanitize_html("<SCRIPT src=x></SCRIPT>"), "&lt;SCRIPT src=x>&lt;/SCRIPT>");
  EXPECT_EQ(sanitize_html("<iframe src=\"javascript:x\"></iframe>"), "&lt;iframe src=\"javascript:x\">&lt;/iframe>");
  EXPECT_EQ(sanitize_html("<svg onload=x>"), "&lt;svg onload=x>");
  EXPECT_EQ(sanitize_html("<style>*{}</style>"), "&lt;style>*{}&lt;/style>");
  EXPECT_EQ(sanitize_html("<object data=x>"), "&lt;object data=x>");
  EXPECT_EQ(sanitize_html("<form><button formaction=x>"), "&lt;form>&lt;button formaction=x>");
}

TEST(HtmlSanitizer, AllowedTagsKeepOnlyHarmlessAttributes) {
  EXPECT_EQ(sanitize_html("<img src=\"a.png\" onerror=\"x()\" alt='A \"quote\"'>"),
            "<img src=\"a.png\" alt=\"A &quot;quote&quot;\">");
  EXPECT_EQ(sanitize_html("<div class=\"note\" style=\"position:fixed\" onclick=x>t</div>"),
            "<div class=\"note\">t</div>");
  EXPECT_EQ(sanitize_html("<p NAME=getElementById id=ok>"), "<p id=\"ok\">");
  EXPECT_EQ(sanitize_html("<details open><summary>S</summary></details>"),
            "<details open><summary>S</summary></details>");
  EXPECT_EQ(sanitize_html("<br/>"), "<br />");
  EXPECT_EQ(sanitize_html("<a href=\"https://x.io\" target=\"_top\">x</a>"),
            "<a href=\"https://x.io\" target=\"_blank\" rel=\"noopener noreferrer\">x</a>");
  EXPECT_EQ(sanitize_html("<input type=\"checkbox\" checked disabled>"), "<input type=\"checkbox\" disabled checked>");
  EXPECT_EQ(sanitize_html("<input type=\"text\" value=x>"), "&lt;input type=\"text\" value=x>");
  // An attribute value hiding a '>' does not end the tag early.
  EXPECT_EQ(sanitize_html("<span title=\"a>b\" onmouseover=x>t</span>"), "<span title=\"a>b\">t</span>");
}

TEST(HtmlSanitizer, UnsafeUrlsAreDroppedHoweverTheyAreSpelt) {
  for (const char* url :
       {"javascript:alert(1)", "JaVaScRiPt:x", " javascript:x", "java\tscript:x", "java&#x09;script:x",
        "&#106;avascript:x", "&#x6A;avascript:x", "javascript&colon;x", "&#0000106avascript:x", "&#106avascript:x",
        "javascript&#58x", "vbscript:x", "data:text/html,<script>", "jav&NewLine;ascript:x", "&unknown;javascript:x"}) {
    EXPECT_FALSE(is_safe_url(url)) << url;
    EXPECT_EQ(sanitize_html(std::string("<a href=\"") + url + "\">x</a>"), "<a>x</a>") << url;
  }
  for (const char* url :
       {"https://example.com/a?b=c#d", "http://x", "mailto:a@b.c", "tel:+1", "page.html#q3", "#q1", "../quiz/git.html",
        "/abs/path", "a/b:c", "?q=javascript:x", "https&#58;//x.io", "http&#x3A//x.io", "&#104;ttps://x.io"}) {
    EXPECT_TRUE(is_safe_url(url)) << url;
  }
}

TEST(HtmlSanitizer, TextCommentsAndStrayBracketsPassSafely) {
  EXPECT_EQ(sanitize_html("a &amp; b <!-- note --> c"), "a &amp; b <!-- note --> c");
  EXPECT_EQ(sanitize_html("x < y and <unclosed"), "x &lt; y and &lt;unclosed");
  EXPECT_EQ(sanitize_html("<a <b>"), "&lt;a <b>");
  EXPECT_EQ(sanitize_html("<!-- never closed <script>"), "&lt;!-- never closed &lt;script>");
  // Comments a browser would end before this scan does are shown as text (found by fuzzing).
  EXPECT_EQ(sanitize_html("<!-- x --!><script>alert(1)</script> -->"),
            "&lt;!-- x --!>&lt;script>alert(1)&lt;/script> -->");
  EXPECT_EQ(sanitize_html("<!--><script>alert(1)</script>-->"), "&lt;!-->&lt;script>alert(1)&lt;/script>-->");
  EXPECT_EQ(sanitize_html("<!---><img src=x onerror=y>-->"), "&lt;!---><img src=\"x\">-->");
  EXPECT_EQ(sanitize_html("<!--<base-->"), "&lt;!--&lt;base-->");
}

TEST(HtmlSanitizer, MarkdownOutputIsKeptAndRawHtmlInItIsMadeInert) {
  EXPECT_EQ(markdown_to_html("**bold** `code` [link](https://x.io \"T\")\n"),
            "<p><strong>bold</strong> <code>code</code> <a href=\"https://x.io\" title=\"T\">link</a></p>\n");
  EXPECT_EQ(markdown_to_html("[x](javascript:alert(1))\n"), "<p><a>x</a></p>\n");
  EXPECT_EQ(markdown_to_html("<img src=x onerror=alert(1)>\n"), "<img src=\"x\">\n");
  EXPECT_EQ(
      markdown_to_html("| a |\n|---|\n| b |\n"),
      "<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>b</td>\n</tr>\n</tbody>\n</table>\n");
  EXPECT_EQ(markdown_to_html("- [x] done\n"),
            "<ul>\n<li class=\"task-list-item\"><input type=\"checkbox\" disabled checked>done</li>\n</ul>\n");
}

}  // namespace
}  // namespace prepdeck::render
