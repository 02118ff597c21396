#include "render/html_sanitizer.h"

#include <gtest/gtest.h>
#include <md4c-html.h>

#include <string>
#include <utility>
#include <vector>

#include "guide/markdown.h"
#include "render/markdown_html.h"
#include "tests/support/files.h"
#include "util/text.h"

namespace prepdeck::render {
namespace {

TEST(HtmlSanitizer, ScriptAndItsKinAreLeftOutOrShownAsText) {
  // A script or style element goes whole (its code or CSS as text would fill
  // the page); one never closed stays text, as it was written.
  EXPECT_EQ(sanitize_html("a<script>alert(1)</script>b"), "ab");
  EXPECT_EQ(sanitize_html("<SCRIPT src=x></SCRIPT >"), "");
  EXPECT_EQ(sanitize_html("<script>if (a</b) x()</script>c"), "c");
  EXPECT_EQ(sanitize_html("<script>alert(1)"), "&lt;script>alert(1)");
  EXPECT_EQ(sanitize_html("<scripts>x</scripts>"), "&lt;scripts>x&lt;/scripts>");
  EXPECT_EQ(sanitize_html("<iframe src=\"javascript:x\"></iframe>"), "&lt;iframe src=\"javascript:x\">&lt;/iframe>");
  EXPECT_EQ(sanitize_html("<svg onload=x>"), "&lt;svg onload=x>");
  EXPECT_EQ(sanitize_html("a<style>*{}</style>b<STYLE media=x>p{}</Style >c"), "abc");
  EXPECT_EQ(sanitize_html("<style>*{}"), "&lt;style>*{}");
  EXPECT_EQ(sanitize_html("<styles>x</styles>"), "&lt;styles>x&lt;/styles>");
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
  // A checkbox comes out as md4c writes a task list's, whatever else it had.
  EXPECT_EQ(sanitize_html("<input type=\"checkbox\" checked disabled onclick=x>"),
            "<input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled checked>");
  EXPECT_EQ(sanitize_html("<INPUT TYPE=CheckBox>"),
            "<input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled>");
  EXPECT_EQ(sanitize_html("<input type=\"text\" value=x>"), "&lt;input type=\"text\" value=x>");
  // An attribute value hiding a '>' does not end the tag early.
  EXPECT_EQ(sanitize_html("<span title=\"a>b\" onmouseover=x>t</span>"), "<span title=\"a&gt;b\">t</span>");
}

TEST(HtmlSanitizer, ValuesAreWrittenAsTheBrowserWillReadThem) {
  // Decoded as the HTML standard decodes attribute values, then escaped again:
  // only &amp; &lt; &gt; &quot; reach the browser.
  EXPECT_EQ(sanitize_html("<a href=\"?a=1&b=2&amp;c=3\">x</a>"), "<a href=\"?a=1&amp;b=2&amp;c=3\">x</a>");
  EXPECT_EQ(sanitize_html("<a href=\"?a=1&copy=2\">x</a>"), "<a href=\"?a=1&amp;copy=2\">x</a>");
  EXPECT_EQ(sanitize_html("<span title=\"&#x41;&eacute;&#0;\">t</span>"),
            "<span title=\"A\xC3\xA9\xEF\xBF\xBD\">t</span>");
  EXPECT_EQ(sanitize_html("<img src=\"a.png?w=1&amp;h=2\" alt=\"x\">"), "<img src=\"a.png?w=1&amp;h=2\" alt=\"x\">");
}

// Issue 12, defect 1: the decoder read at most 8 digits of a numeric
// reference, so these passed as URLs without a scheme; browsers decode every
// digit and run them.
TEST(HtmlSanitizer, NumericReferencesOfAnyLengthCannotHideAScheme) {
  for (const std::string& url :
       std::vector<std::string>{"javascript&#x00000003A;alert(document.domain)", "javascript&#0000000058;alert(1)",
                                "javascript&#x" + std::string(1000, '0') + "3a;alert(1)",
                                "&#x" + std::string(40, '0') + "6A;avascript:alert(1)", "javascript&#58alert(1)",
                                "jav&#x61;script&#x3a;alert(1)", "JAVASCRIPT&colon;x", "javascript&#x3A&#x3A;x",
                                "&#x0A;javascript:x", "java&NewLine;script:x", "java&Tab;script:x", " \x01javascript:x",
                                "data&colon;text/html,x", "vbscript&#x3A;x", "javascript\x0b:x"}) {
    EXPECT_FALSE(is_safe_url(url)) << url;
    EXPECT_EQ(sanitize_html("<a href=\"" + url + "\">x</a>"), "<a>x</a>") << url;
    EXPECT_EQ(sanitize_html("<img src='" + url + "'>"), "<img>") << url;
  }
}

// What no sanitized output may hold, checked by a reading of its own: a tag
// that runs script or changes where links go, an event handler, a style or
// srcset attribute, or a URL (with the four escapes the sanitizer writes
// undone) whose scheme is not http, https, mailto or tel.
std::string inert_problem(const std::string& html) {
  std::string low;
  for (const char c : html) low += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  // Only real tags matter: text shown as text ("&lt;script") is harmless.
  for (std::size_t lt = low.find('<'); lt != std::string::npos; lt = low.find('<', lt + 1)) {
    if (low.compare(lt, 4, "<!--") == 0) {
      lt = low.find("-->", lt);
      if (lt == std::string::npos) return "an unclosed comment";
      continue;
    }
    const std::size_t gt = low.find('>', lt);
    if (gt == std::string::npos) return "an unclosed tag";
    const std::string tag = low.substr(lt, gt + 1 - lt);
    for (const char* name : {"<script", "<svg", "<math", "<iframe", "<object", "<embed", "<base", "<meta", "<form",
                             "<button", "<style", "<noscript", "<textarea", "<link", "<animate"}) {
      if (tag.starts_with(name)) return "kept " + tag;
    }
    std::string names;  // the tag with its quoted values left out
    bool quoted = false;
    for (const char c : tag) {
      if (c == '"') quoted = !quoted;
      if (!quoted && c != '"') names += c;
    }
    for (const char* attribute : {" style=", " srcset=", " formaction=", " xlink:href=", " on", " srcdoc="}) {
      if (names.find(attribute) != std::string::npos) return "kept " + tag;
    }
    for (const std::string_view attribute : {" href=\"", " src=\""}) {
      const std::size_t at = tag.find(attribute);
      if (at == std::string::npos) continue;
      const std::size_t start = at + attribute.size();
      std::string url = tag.substr(start, tag.find('"', start) - start);
      for (const auto& [escape, c] :
           {std::pair<std::string, std::string>{"&quot;", "\""}, {"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}}) {
        url = util::replace_all(url, escape, c);
      }
      std::erase_if(url, [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; });
      const std::size_t colon = url.find(':');
      if (colon == std::string::npos || url.find_first_of("/?#") < colon) continue;
      const std::string scheme = url.substr(0, colon);
      if (scheme != "http" && scheme != "https" && scheme != "mailto" && scheme != "tel") return "a URL in " + tag;
    }
  }
  return {};
}

// Issue 12: the corpus of known bypass spellings (also run in chromium by
// tests/browser/xss.test.mjs, and the sanitizer fuzzer's seeds).
TEST(HtmlSanitizer, KnownBypassesComeOutInert) {
  const std::string corpus = test::read_file(PREPDECK_SOURCE_DIR "/tests/render/data/xss_vectors.txt");
  std::size_t vectors = 0;
  util::for_each_line(corpus, [&](std::string_view line) {
    if (line.empty() || line.front() == '#') return;
    ++vectors;
    const std::string payload(line);
    EXPECT_EQ(inert_problem(sanitize_html(payload)), "") << payload << "\n -> " << sanitize_html(payload);
    EXPECT_EQ(inert_problem(markdown_to_html(payload + "\n")), "") << payload;
    EXPECT_EQ(inert_problem(markdown_to_html("Text " + payload + " more.\n")), "") << payload;
  });
  EXPECT_GE(vectors, 50u);
}

// Issue 12, defect 4: inputs that made the scan quadratic.
TEST(HtmlSanitizer, UnclosedValuesCommentsStylesAndAmpersandsCostLinearTime) {
  std::string open_values;
  for (int i = 0; i < 50000; ++i) open_values += "<a x=\"bbb";
  EXPECT_EQ(sanitize_html(open_values).size(), open_values.size() + 3 * 50000);
  std::string comments;
  for (int i = 0; i < 100000; ++i) comments += "<!--";
  EXPECT_EQ(sanitize_html(comments).find("<"), std::string::npos);
  std::string styles;  // each once looked for its end to the end of the text
  for (int i = 0; i < 50000; ++i) styles += "<style> <script> ";
  EXPECT_EQ(sanitize_html(styles).size(), styles.size() + 3 * 100000);
  const std::string amps = "<a href=\"" + std::string(1 << 20, '&') + "\">x</a>";
  EXPECT_NE(sanitize_html(amps).find("&amp;&amp;"), std::string::npos);
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
  EXPECT_EQ(sanitize_html("<!-- x --!><script>alert(1)</script> -->"), "&lt;!-- x --!> -->");
  EXPECT_EQ(sanitize_html("<!--><script>alert(1)</script>-->"), "&lt;!-->-->");
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
            "<ul>\n<li class=\"task-list-item\"><input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled "
            "checked>done</li>\n</ul>\n");
}

std::string md4c_html(std::string_view markdown) {
  std::string html;
  md_html(
      markdown.data(), static_cast<MD_SIZE>(markdown.size()),
      [](const MD_CHAR* text, MD_SIZE size, void* out) { static_cast<std::string*>(out)->append(text, size); }, &html,
      guide::markdown_flags(), 0);
  return html;
}

// Markdown with no '<' takes the fast path; it must find what the full scan finds.
TEST(HtmlSanitizer, GeneratedHtmlComesOutAsTheFullScanWouldHaveIt) {
  for (const char* markdown : {
           "# Title\n\nText with **bold**, *em*, `code` and ~~gone~~.\n",
           "[link](https://x.io \"T\") ![img](a.png \"t\") [rel](../quiz/git.md#q1) www.example.com a@b.io\n",
           "- [x] done\n- [ ] todo\n\n1. one\n2. two\n\n3) three\n",
           "| a | b |\n|:--|--:|\n| 1 | 2 |\n",
           "```cpp\nint main() { return a && b; }\n```\n\n    indented\n\n> quote\n\n---\nline  \nbreak\n",
           "[x](javascript:alert(1)) ![y](JaVaScRiPt:x) [z](data:text/html,x) [e](java&#x09;script:x)\n",
           "[x](\"quoted\") &amp; &lt;script&gt; &#60;b&#62; \"quotes\" 'single'\n",
           "[ref]\n\n[ref]: https://x.io \"R\"\n\n[bad]\n\n[bad]: vbscript:x\n",
       }) {
    const std::string html = md4c_html(markdown);
    EXPECT_EQ(sanitize_generated_html(html), sanitize_html(html)) << markdown;
  }
  EXPECT_EQ(sanitize_generated_html(md4c_html("[x](javascript:alert(1))\n")), "<p><a>x</a></p>\n");
  const std::string safe = md4c_html("[x](https://x.io) ![i](i.png)\n");
  EXPECT_EQ(sanitize_generated_html(safe), safe);
}

}  // namespace
}  // namespace prepdeck::render

namespace prepdeck::render {
namespace {

TEST(HtmlSanitizer, TellsWhatItTakesAway) {
  std::vector<HtmlRemoval> removed;
  const std::string html = sanitize_html(
      "<p style=\"x\" class=\"k\">a</p><script>b</script> 1 < 2 <a href=\"javascript:x\" "
      "target=\"_blank\">c</a><style>p{}</style>",
      removed);
  EXPECT_EQ(html, "<p class=\"k\">a</p> 1 &lt; 2 <a target=\"_blank\" rel=\"noopener noreferrer\">c</a>");
  ASSERT_EQ(removed.size(), 4u);
  EXPECT_EQ(removed[0].offset, 0u);
  EXPECT_NE(removed[0].message.find("<p>'s style attribute is dropped"), std::string::npos);
  EXPECT_NE(removed[1].message.find("<script> is left out"), std::string::npos);  // not its end, not "1 < 2"
  EXPECT_NE(removed[2].message.find("<a>'s href is dropped"), std::string::npos);
  EXPECT_NE(removed[3].message.find("<style> is left out"), std::string::npos);
  // Told no more than asked.
  removed.clear();
  sanitize_html("<x1><x2><x3>", removed, 2);
  EXPECT_EQ(removed.size(), 2u);
  // A tag that is not a script is still told as text.
  removed.clear();
  sanitize_html("<iframe src=x>", removed);
  ASSERT_EQ(removed.size(), 1u);
  EXPECT_NE(removed[0].message.find("<iframe> is shown as text"), std::string::npos);
}

}  // namespace
}  // namespace prepdeck::render
