#include "guide/title.h"

#include <gtest/gtest.h>

namespace prepdeck::guide {
namespace {

TEST(Title, AdmonitionHeaders) {
  auto h = parse_admonition_header("???+ question \"1. A \"quoted\" word\"");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->style, AdmonitionStyle::open);
  EXPECT_EQ(h->type, "question");
  EXPECT_EQ(h->title, "1. A \"quoted\" word");
  auto note = parse_admonition_header("!!! note inline end \"Side\"");
  ASSERT_TRUE(note);
  EXPECT_EQ(note->type, "note");
  EXPECT_EQ(note->title, "Side");
  auto bare = parse_admonition_header("??? tip");
  ASSERT_TRUE(bare);
  EXPECT_FALSE(bare->has_title);
  EXPECT_FALSE(parse_admonition_header("??? "));
  EXPECT_FALSE(parse_admonition_header("?? question \"x\""));
  // A type in another script, as a translated site writes it (Python's \w is Unicode).
  auto translated = parse_admonition_header("!!! \xE6\x8F\x90\xE7\xA4\xBA");  // 提示
  ASSERT_TRUE(translated);
  EXPECT_EQ(translated->type, "\xE6\x8F\x90\xE7\xA4\xBA");
  EXPECT_FALSE(translated->has_title);
  auto titled = parse_admonition_header("??? \xD0\xB7\xD0\xB0\xD0\xBC\xD0\xB5\xD1\x82\xD0\xBA\xD0\xB0 \"T\"");
  ASSERT_TRUE(titled);
  EXPECT_EQ(titled->title, "T");
  auto unquoted = parse_admonition_header("??? question What is X");
  ASSERT_TRUE(unquoted);
  EXPECT_TRUE(unquoted->unterminated);
  EXPECT_EQ(unquoted->title, "What is X");
}

TEST(Title, Numbers) {
  EXPECT_EQ(parse_question_title("12. Foo").number, 12);
  EXPECT_EQ(parse_question_title("Q3) Foo").number, 3);
  EXPECT_EQ(parse_question_title("**7. Bold**").title, "Bold");
  EXPECT_FALSE(parse_question_title("3 ways to fail").number);
  EXPECT_FALSE(parse_question_title("2.5 million rows").number);
  EXPECT_EQ(parse_question_title("Unnumbered").title, "Unnumbered");
  auto stray = parse_question_title("4. Stray**");
  EXPECT_TRUE(stray.stray_emphasis);
  EXPECT_EQ(stray.title, "Stray");
}

// Numbers written as a bold label before the title, with a level in brackets.
TEST(Title, BoldAndLabelledNumbers) {
  const auto easy = parse_question_title("**Q1 (Easy):** What is a Pod?");
  EXPECT_EQ(easy.number, 1);
  EXPECT_EQ(easy.title, "What is a Pod?");
  EXPECT_EQ(parse_question_title("**Q12.** Why?").number, 12);
  EXPECT_EQ(parse_question_title("**3)** How?").number, 3);
  EXPECT_EQ(parse_question_title("**Q4**: Which?").title, "Which?");
  const auto plain = parse_question_title("Q5 (Hard): Explain X");
  EXPECT_EQ(plain.number, 5);
  EXPECT_EQ(plain.title, "Explain X");
  EXPECT_FALSE(parse_question_title("**Note:** not numbered").number);
  EXPECT_EQ(parse_question_title("**Note:** not numbered").title, "**Note:** not numbered");
  EXPECT_FALSE(parse_question_title("Kubernetes (K8s): the basics").number);
}

TEST(Title, Summary) {
  EXPECT_EQ(summary_text(" <b>1. What &quot;is&quot; it?</b> "), "1. What \"is\" it?");
  EXPECT_TRUE(is_question_type("faq"));
  EXPECT_FALSE(is_question_type("note"));
}

}  // namespace
}  // namespace prepdeck::guide
