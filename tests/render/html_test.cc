#include "render/html.h"

#include <random>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace prepdeck::render {
namespace {

TEST(Html, EscapesTextAndAttributes) {
  EXPECT_EQ(escape(R"(<a href="x">&</a>)"), "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
  EXPECT_EQ(escape("plain"), "plain");
}

TEST(Html, PageUrlsAndRootPrefixes) {
  EXPECT_EQ(page_url("index.md"), "index.html");
  EXPECT_EQ(page_url("interview-questions/git.md"), "interview-questions/git.html");
  EXPECT_EQ(page_url("notes.markdown"), "notes.html");
  EXPECT_EQ(root_prefix("index.html"), "");
  EXPECT_EQ(root_prefix("quiz/git.html"), "../");
  EXPECT_EQ(root_prefix("a/b/c.html"), "../../");
}

TEST(Html, RewritesRelativeLinksToMarkdownPages) {
  EXPECT_EQ(rewrite_page_links(R"(<a href="../quiz/git.md#q3">quiz</a> <a href="x.md?a=1">x</a>)"),
            R"(<a href="../quiz/git.html#q3">quiz</a> <a href="x.html?a=1">x</a>)");
  // Absolute URLs, anchors, root-relative paths and other files stay as written.
  const std::string kept =
      R"(<a href="https://example.com/a.md">a</a><a href="#q1">b</a><a href="/abs.md">c</a><a href="img.png">d</a>)";
  EXPECT_EQ(rewrite_page_links(kept), kept);
}

std::string script_json(std::string_view text) {
  std::string out;
  append_script_json_string(out, text);
  return out;
}

TEST(Html, ScriptJsonStringsEscapeQuotesControlsAndScriptEnds) {
  EXPECT_EQ(script_json("plain text"), R"("plain text")");
  EXPECT_EQ(script_json(""), R"("")");
  EXPECT_EQ(script_json("say \"hi\"\\n"), R"("say \"hi\"\\n")");
  EXPECT_EQ(script_json("a\tb\nc\x01"), R"("a\tb\nc\u0001")");
  EXPECT_EQ(script_json("</script><b>"), R"("\u003c/script>\u003cb>")");
  EXPECT_EQ(script_json("caf\xc3\xa9 \xe2\x80\x94 ok"), "\"caf\xc3\xa9 \xe2\x80\x94 ok\"");
  // Invalid UTF-8 becomes U+FFFD; the ASCII after a cut sequence is kept.
  EXPECT_EQ(script_json("a\xc3z\xff"), "\"a\xef\xbf\xbdz\xef\xbf\xbd\"");
  EXPECT_TRUE(nlohmann::json::accept(script_json("x\"\\\x1f<\x7f")));
}

// The fast path copies ASCII and valid UTF-8 itself; on any bytes the result
// must be what nlohmann gives for the whole string (with "<" as \u003c).
TEST(Html, ScriptJsonStringsMatchNlohmannOnRandomBytes) {
  std::mt19937 random(20261201);
  // Whole and cut UTF-8 sequences, a surrogate, an overlong, a code point past
  // U+10FFFF, stray bytes, controls and the characters JSON escapes.
  const std::vector<std::string> pieces = {"a",
                                           "b",
                                           " ",
                                           "<",
                                           "\"",
                                           "\\",
                                           "\n",
                                           "\t",
                                           "\x01",
                                           "\x1f",
                                           "\x7f",
                                           "\xc3\xa9",
                                           "\xe2\x80\x94",
                                           "\xf0\x9f\x98\x80",
                                           "\xe2\x80",
                                           "\xc3",
                                           "\xed\xa0\x80",
                                           "\xe0\x80\xaf",
                                           "\xf4\x90\x80\x80",
                                           "\xff",
                                           "\x80"};
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const int length = static_cast<int>(random() % 16);
    for (int i = 0; i < length; ++i) text += pieces[random() % pieces.size()];
    std::string expected;
    for (char c : nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)) {
      if (c == '<') {
        expected += "\\u003c";
      } else {
        expected += c;
      }
    }
    ASSERT_EQ(script_json(text), expected)
        << nlohmann::json(text).dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
  }
}

TEST(Html, TextOfHtmlDropsTagsAndFoldsWhiteSpace) {
  EXPECT_EQ(html_to_text("<p>Use <code>git  rebase</code>,\nnot <em>merge</em>.</p><p>Then</p>"),
            "Use git rebase, not merge. Then");
  EXPECT_EQ(html_to_text("<li>a</li><li>b</li>"), "a b");
  EXPECT_EQ(html_to_text("x &lt;T&gt; &amp; &quot;y&quot; &nbsp;"), "x <T> & \"y\" &nbsp;");
  EXPECT_EQ(html_to_text("   lead and trail   "), "lead and trail");
  EXPECT_EQ(html_to_text("cut <b"), "cut");
  EXPECT_EQ(html_to_text(""), "");
}

// The definition html_to_text() implements, one character at a time.
std::string reference_text(std::string_view html) {
  std::string out;
  bool space = true;
  const auto put_space = [&] {
    if (!space) out.push_back(' ');
    space = true;
  };
  for (std::size_t i = 0; i < html.size(); ++i) {
    const char c = html[i];
    if (c == '<') {
      const std::size_t close = html.find('>', i);
      if (close == std::string_view::npos) break;
      const std::string_view tag = html.substr(i, close - i);
      const bool is_inline = tag == "<b" || tag == "</b" || tag == "<span class=\"hl\"" || tag == "</span";
      if (!is_inline) put_space();
      i = close;
    } else if (html.substr(i, 5) == "&amp;") {
      out.push_back('&');
      i += 4;
      space = false;
    } else if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      put_space();
    } else {
      out.push_back(c);
      space = false;
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// Runs of text are found 16 bytes at a time; pieces of every length land on
// each side of those 16-byte boundaries.
TEST(Html, TextOfHtmlMatchesItsDefinitionOnRandomMarkup) {
  std::mt19937 random(1201);
  const std::vector<std::string> pieces = {"a",       "word",  " ",    "  ",       "\n",    "\t",
                                           "\r\n",    "<b>",   "</b>", "<p>",      "</li>", "<span class=\"hl\">",
                                           "</span>", "&amp;", "&",    "x\xc3\xa9"};
  for (int round = 0; round < 20000; ++round) {
    std::string html;
    const int count = static_cast<int>(random() % 40);
    for (int i = 0; i < count; ++i) html += pieces[random() % pieces.size()];
    ASSERT_EQ(html_to_text(html), reference_text(html)) << html;
  }
}

}  // namespace
}  // namespace prepdeck::render
