#include "guide/quiz_parser.h"

#include <gtest/gtest.h>

#include "tests/guide/parse_helper.h"

namespace prepdeck::guide {
namespace {

using testing::codes_of;
using testing::parse_text;

TEST(QuizParser, SingleAnswerWithFeedbackAndExplanation) {
  const Guide g =
      parse_text("<quiz>\nWhat is **2+2**?\n- [ ] 3\n> Too small.\n- [x] 4\n* [] 5\n\nBecause arithmetic.\n</quiz>\n");
  ASSERT_EQ(g.quizzes.size(), 1u);
  const QuizItem& q = g.quizzes[0];
  EXPECT_TRUE(q.valid);
  EXPECT_EQ(q.kind, QuizKind::single);
  EXPECT_EQ(q.question_markdown, "What is **2+2**?");
  ASSERT_EQ(q.options.size(), 3u);
  EXPECT_EQ(q.options[0].feedback, "Too small.");
  EXPECT_TRUE(q.options[1].correct);
  EXPECT_EQ(q.options[2].markdown, "5");
  EXPECT_EQ(q.explanation_markdown, "Because arithmetic.");
  EXPECT_EQ(q.id, "guide/quiz/what-is-2-2");
  EXPECT_EQ(q.line, 1u);
  EXPECT_EQ(q.options[1].line, 5u);
}

TEST(QuizParser, MultipleAnswersAndRuleBeforeExplanation) {
  const Guide g = parse_text("<quiz>\nPick two\n- [X] a\n- [x] b\n- [ ] c\n---\nWhy.\n</quiz>\n");
  ASSERT_EQ(g.quizzes.size(), 1u);
  EXPECT_EQ(g.quizzes[0].kind, QuizKind::multiple);
  EXPECT_EQ(g.quizzes[0].explanation_markdown, "Why.");
}

TEST(QuizParser, FillInTheBlankIgnoresBracketsInCode) {
  const Guide g =
      parse_text("<quiz>\nThe capital of France is [[Paris]] and `[[not]]` is code.\n---\nIt is.\n</quiz>\n");
  ASSERT_EQ(g.quizzes.size(), 1u);
  EXPECT_EQ(g.quizzes[0].kind, QuizKind::fill);
  EXPECT_EQ(g.quizzes[0].blanks, (std::vector<std::string>{"Paris"}));
  EXPECT_EQ(g.quizzes[0].explanation_markdown, "It is.");
}

TEST(QuizParser, OptionsInsideCodeFencesAreNotOptions) {
  const Guide g =
      parse_text("<quiz>\nWhat does this print?\n```\n- [x] not an option\n```\n- [x] yes\n- [ ] no\n</quiz>\n");
  ASSERT_EQ(g.quizzes.size(), 1u);
  EXPECT_EQ(g.quizzes[0].options.size(), 2u);
  EXPECT_NE(g.quizzes[0].question_markdown.find("not an option"), std::string::npos);
}

TEST(QuizParser, ProblemsAreReportedAndItemsMarkedInvalid) {
  const Guide g = parse_text(
      "<quiz>\n- [x] answer without question\n</quiz>\n"
      "<quiz>\nNo options at all\n</quiz>\n"
      "<quiz>\nNone right\n- [ ] a\n- [ ] b\n</quiz>\n"
      "<quiz>\nBad mark\n- [y] a\n- [ ] b\n</quiz>\n"
      "<quiz>\nOrphan\n- [x] a\n\n> lost feedback\n- [ ] b\n</quiz>\n"
      "<quiz>\n</quiz>\n");
  EXPECT_EQ(codes_of(g),
            (std::vector<std::string>{"quiz-without-question", "quiz-without-options", "quiz-without-correct",
                                      "bad-checkbox-mark", "orphaned-feedback", "quiz-without-question"}));
  ASSERT_EQ(g.quizzes.size(), 6u);
  EXPECT_FALSE(g.quizzes[0].valid);
  EXPECT_FALSE(g.quizzes[1].valid);
  EXPECT_FALSE(g.quizzes[2].valid);
  EXPECT_FALSE(g.quizzes[3].valid);
  EXPECT_TRUE(g.quizzes[3].options[0].correct);  // [y] read as right
  EXPECT_TRUE(g.quizzes[4].valid);
  EXPECT_EQ(g.quizzes[4].options[0].feedback, "lost feedback");
}

TEST(QuizParser, UnterminatedQuizEndsAtTheNextQuiz) {
  const Guide g = parse_text("<quiz>\nQ1\n- [x] a\n\n<quiz>\nQ2\n- [x] b\n</quiz>\n");
  EXPECT_EQ(codes_of(g), (std::vector<std::string>{"unterminated-quiz"}));
  ASSERT_EQ(g.quizzes.size(), 2u);
  EXPECT_EQ(g.quizzes[1].question_markdown, "Q2");
}

TEST(QuizParser, StrayClosingTagIsReported) {
  const Guide g = parse_text("text\n</quiz>\n");
  EXPECT_EQ(codes_of(g), (std::vector<std::string>{"unmatched-closing-tag"}));
}

TEST(QuizParser, IntroAndResultsMarkers) {
  const Guide g =
      parse_text("<!-- mkdocs-quiz intro -->\n\n<quiz>\nQ\n- [x] a\n</quiz>\n<!-- mkdocs-quiz results -->\n");
  ASSERT_EQ(g.blocks.size(), 3u);
  EXPECT_EQ(g.blocks[0].kind, BlockKind::quiz_intro);
  EXPECT_EQ(g.blocks[1].kind, BlockKind::quiz);
  EXPECT_EQ(g.blocks[2].kind, BlockKind::quiz_results);
}

}  // namespace
}  // namespace prepdeck::guide
