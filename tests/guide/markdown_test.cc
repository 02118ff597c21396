#include "guide/markdown.h"

#include <gtest/gtest.h>

namespace prepdeck::guide {
namespace {

TEST(Markdown, PlainTextDropsMarkup) {
  EXPECT_EQ(plain_text("**What** is `ls` and [a link](http://x)?"), "What is ls and a link?");
  EXPECT_EQ(plain_text("AT&amp;T <b>bold</b>"), "AT&T bold");
  // Blocks are separated, so words of two paragraphs or two table cells never merge.
  EXPECT_EQ(plain_text("First *para*.\n\n| Who | Bits |\n|---|---|\n| owner | rwx |\n"),
            "First para. Who Bits owner rwx");
  EXPECT_EQ(plain_text("plain"), "plain");
}

TEST(Markdown, BlanksSkipCode) {
  auto blanks = find_blanks("A [[one]], `[[two]]`, [[ three ]] and\n\n```\n[[four]]\n```\n[[]] [[x");
  ASSERT_EQ(blanks.size(), 2u);
  EXPECT_EQ(blanks[0].answer, "one");
  EXPECT_EQ(blanks[1].answer, "three");
  EXPECT_EQ(blanks[0].offset, 2u);
}

}  // namespace
}  // namespace prepdeck::guide
