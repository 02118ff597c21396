#include "guide/markdown_bounds.h"

#include <string>

#include <gtest/gtest.h>

#include "guide/markdown.h"
#include "render/markdown_html.h"

namespace prepdeck::guide {
namespace {

std::string repeat(std::string_view unit, std::size_t times) {
  std::string out;
  out.reserve(unit.size() * times);
  for (std::size_t i = 0; i < times; ++i) out += unit;
  return out;
}

TEST(MarkdownBounds, RealPagesPassThroughUntouched) {
  const std::string page =
      "# Title\n\nA [link](https://x.example) and [a reference][r], with `code [x]`.\n\n"
      "| a | b |\n|---|---|\n| 1 | 2 |\n\n[r]: https://r.example \"Title\"\n\n```\n[x]: y\n```\n";
  std::string storage;
  const BoundedMarkdown bounded = bound_markdown(page, storage);
  EXPECT_EQ(bounded.text.data(), page.data()) << "no copy";
  EXPECT_TRUE(bounded.inserted.empty());
  EXPECT_TRUE(storage.empty());
}

TEST(MarkdownBounds, LongParagraphsFullOfBracketsAreCut) {
  const std::string text = repeat("[a] b\n", 20000);
  std::string storage;
  const BoundedMarkdown bounded = bound_markdown(text, storage);
  ASSERT_EQ(bounded.text.data(), storage.data());
  EXPECT_EQ(bounded.inserted.size(), 20000 / k_max_paragraph_lines - (20000 % k_max_paragraph_lines == 0 ? 1 : 0));
  EXPECT_EQ(bounded.text.size(), text.size() + bounded.inserted.size());
  for (const std::size_t at : bounded.inserted) EXPECT_EQ(bounded.text[at], '\n');
  // Offsets lead back to the input.
  const std::size_t last = bounded.text.size() - 2;
  EXPECT_EQ(text[bounded.input_offset(last)], bounded.text[last]);
}

TEST(MarkdownBounds, CodeFencesAreNeverCut) {
  std::string text = "```\n" + repeat("[a]\n", 2000) + "```\n" + repeat("[b] c\n", 20000);
  std::string storage;
  const BoundedMarkdown bounded = bound_markdown(text, storage);
  ASSERT_FALSE(bounded.inserted.empty());
  EXPECT_GT(bounded.inserted.front(), 4 + 2000 * 4 + 4) << "the first cut is after the fence";
}

TEST(MarkdownBounds, AReferenceUsedTooOftenIsShownAsText) {
  // mity/md4c#238: 5 KB of input would make 25 MB of HTML.
  const std::string text = "[x]: " + repeat("x", 5000) + "\n\n" + repeat("[x]\n\n", 5000);
  std::string storage;
  const BoundedMarkdown bounded = bound_markdown(text, storage);
  ASSERT_EQ(bounded.inserted.size(), 1u);
  EXPECT_EQ(bounded.text.substr(0, 3), "\\[x");
  const std::string html = render::markdown_to_html(text);
  EXPECT_LT(html.size(), 4 * text.size()) << "no expansion";
  EXPECT_EQ(html.find("<a "), std::string::npos);
}

TEST(MarkdownBounds, ReferencesWithinTheBudgetStillResolve) {
  const std::string text = "[x]: https://example.com/a/long/path\n\n" + repeat("see [x] ", 200) + "\n";
  std::string storage;
  EXPECT_TRUE(bound_markdown(text, storage).inserted.empty());
  EXPECT_NE(render::markdown_to_html(text).find("<a href=\"https://example.com/a/long/path\">x</a>"),
            std::string::npos);
}

TEST(MarkdownBounds, ATableWiderThanMd4cLaterAllowsIsText) {
  const std::string wide = repeat("|a", 2000) + "|\n" + repeat("|---", 2000) + "|\n" + repeat("|x\n", 2000);
  const std::string html = render::markdown_to_html(wide);
  EXPECT_EQ(html.find("<table"), std::string::npos);
  EXPECT_LT(html.size(), 4 * wide.size());
  const std::string narrow = repeat("|a", 100) + "|\n" + repeat("|---", 100) + "|\n|x\n";
  EXPECT_NE(render::markdown_to_html(narrow).find("<table"), std::string::npos);
}

TEST(MarkdownBounds, BlanksKeepTheirOffsetsInCutText) {
  std::string text = repeat("[a] b\n", 3000) + "`[[code]]` and [[answer]]\n";
  const auto blanks = find_blanks(text);
  ASSERT_EQ(blanks.size(), 1u);
  EXPECT_EQ(blanks[0].answer, "answer");
  EXPECT_EQ(text.substr(blanks[0].offset, blanks[0].length), "[[answer]]");
}

}  // namespace
}  // namespace prepdeck::guide
