#include "tui/terminal_text.h"

#include <gtest/gtest.h>

#include "util/text.h"

namespace prepdeck::tui {
namespace {

const TextStyle k_plain{Color::off, 40};

int widest_line(const std::string& text) {
  int widest = 0;
  util::for_each_line(text, [&](std::string_view line) { widest = std::max(widest, display_width(line)); });
  return widest;
}

TEST(TerminalText, WidthsCountColumnsNotBytes) {
  EXPECT_EQ(display_width("abc"), 3);
  EXPECT_EQ(display_width("caf\xC3\xA9"), 4);               // é
  EXPECT_EQ(display_width("e\xCC\x81"), 1);                 // e + combining acute
  EXPECT_EQ(display_width("\xE6\x97\xA5\xE6\x9C\xAC"), 4);  // 日本
  EXPECT_EQ(display_width("\xF0\x9F\xA7\xA0"), 2);          // 🧠
  EXPECT_EQ(display_width("\x1b[1mbold\x1b[0m"), 4);        // escapes take no room
  EXPECT_EQ(display_width("\xE2\x9A\xA0\xEF\xB8\x8F"), 2);  // ⚠️ (with its variation selector)
}

TEST(TerminalText, WrapBreaksAtSpacesAndCutsLongWords) {
  EXPECT_EQ(wrap("one two three four", 9), "one two\nthree\nfour\n");
  EXPECT_EQ(wrap("abcdefghijklmnop", 8, "", ""), "abcdefgh\nijklmnop\n");
  EXPECT_EQ(wrap("a b c d e f", 10, "- ", "  "), "- a b c d\n  e f\n");
  EXPECT_EQ(wrap("line\nbreak", 20), "line\nbreak\n");
  EXPECT_EQ(wrap("", 10), "");
}

// A style open across a line break is closed at the end of the line and
// opened again after the next line's prefix.
TEST(TerminalText, WrapCarriesStylesAcrossLines) {
  EXPECT_EQ(wrap("\x1b[1mone two three\x1b[0m four", 10, "", "> "),
            "\x1b[1mone two\x1b[0m\n> \x1b[1mthree\x1b[0m\n> four\n");
}

TEST(TerminalText, ParagraphsListsAndCode) {
  const std::string text = render_markdown(
      "A paragraph that is long enough to wrap at forty columns.\n\n- first\n- second item\n  1. nested\n\n"
      "```bash\nls -la\n```\n",
      k_plain);
  EXPECT_EQ(text,
            "A paragraph that is long enough to wrap\n"
            "at forty columns.\n"
            "\n"
            "\xE2\x80\xA2 first\n"
            "\xE2\x80\xA2 second item\n"
            "  1. nested\n"
            "\n"
            "  ls -la\n");
}

TEST(TerminalText, EntitiesAreDecodedAndNeverSendControlsToTheTerminal) {
  EXPECT_EQ(render_markdown("AT&amp;T &eacute;t&eacute; &#x1F600; &copy;\n", k_plain),
            "AT&T \xC3\xA9t\xC3\xA9 \xF0\x9F\x98\x80 \xC2\xA9\n");
  const std::string text = render_markdown("a &#27;]0;pwned&#7; &#x9B;31m b\n", k_plain);
  EXPECT_EQ(text.find('\x1b'), std::string::npos) << text;
  EXPECT_EQ(text.find('\x07'), std::string::npos) << text;
  EXPECT_EQ(text.find("\xC2\x9B"), std::string::npos) << text;
}

TEST(TerminalText, TablesFitTheWidth) {
  const std::string text = render_markdown(
      "| Command | What it does |\n|---|---|\n| `git rebase -i` | rewrites the branch's commits one by one, "
      "as you choose |\n| `git merge` | joins |\n",
      k_plain);
  EXPECT_LE(widest_line(text), 40);
  EXPECT_NE(text.find("Command"), std::string::npos);
  EXPECT_NE(text.find("\xE2\x94\x82"), std::string::npos);  // │ between the columns
  EXPECT_NE(text.find("\xE2\x94\xBC"), std::string::npos);  // ┼ under the header
}

TEST(TerminalText, InlineStylesInColourAndPlain) {
  const TextStyle colour{Color::on, 80};
  const std::string styled = render_markdown("**bold**, *it*, `code`", colour);
  EXPECT_NE(styled.find("\x1b[1mbold"), std::string::npos);
  EXPECT_NE(styled.find("\x1b[3mit"), std::string::npos);
  EXPECT_NE(styled.find("\x1b[36mcode"), std::string::npos);
  EXPECT_EQ(render_markdown("**bold**, *it*, `code`", k_plain), "bold, it, code\n");
  EXPECT_EQ(render_markdown("[docs](https://example.com/d) and [here](#q1)", k_plain),
            "docs <https://example.com/d> and here\n");
}

TEST(TerminalText, ABaseStyleOutlivesTheInlineStylesInside) {
  EXPECT_EQ(in_style("\x1b[1m", "What does \x1b[36mgit gc\x1b[0m do?"),
            "\x1b[1mWhat does \x1b[36mgit gc\x1b[0m\x1b[1m do?\x1b[0m");
  EXPECT_EQ(in_style("", "plain"), "plain");
}

TEST(TerminalText, QuotesHeadingsAndEntities) {
  EXPECT_EQ(render_markdown("> quoted\n> text", k_plain), "\xE2\x94\x82 quoted text\n");
  EXPECT_EQ(render_markdown("## Title\n\nbody &amp; &#x263A;", k_plain), "Title\n\nbody & \xE2\x98\xBA\n");
}

TEST(TerminalText, IndentIsCountedInTheWidth) {
  const std::string text = render_markdown("word word word word word word word word word", k_plain, "   ");
  EXPECT_LE(widest_line(text), 40);
  EXPECT_EQ(text.rfind("   ", 0), 0u);
}

}  // namespace
}  // namespace prepdeck::tui
