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

namespace prepdeck::guide {
namespace {

// Link destinations are replaced where they are written: inline links,
// images and reference definitions; raw HTML and code are never touched.
TEST(MarkdownLinks, DestinationsAreRewrittenInPlace) {
  const auto rewrite = [](std::string_view url, LinkKind kind) -> std::optional<std::string> {
    if (url.ends_with(".md")) return "P(" + std::string(url) + ")";
    if (kind == LinkKind::image) return "I:" + std::string(url);
    return std::nullopt;
  };
  EXPECT_EQ(rewrite_link_destinations("See [a](x.md) and ![i](p.png) and [b][r].\n\n[r]: y.md\n", rewrite),
            "See [a](P(x.md)) and ![i](I:p.png) and [b][r].\n\n[r]: P(y.md)\n");
  EXPECT_EQ(rewrite_link_destinations("<a href=\"x.md\">raw</a> `[c](x.md)` [e](x\\_y.md)\n", rewrite),
            "<a href=\"x.md\">raw</a> `[c](x.md)` [e](x\\_y.md)\n");
  EXPECT_EQ(rewrite_link_destinations("[twice][r] [again][r]\n\n[r]: z.md\n", rewrite),
            "[twice][r] [again][r]\n\n[r]: P(z.md)\n");
  EXPECT_EQ(rewrite_link_destinations("no links here\n", rewrite), "no links here\n");
}

}  // namespace
}  // namespace prepdeck::guide
