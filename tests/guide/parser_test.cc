#include "guide/parser.h"

#include <set>

#include <gtest/gtest.h>

#include "guide/diagnostic_codes.h"
#include "tests/guide/parse_helper.h"
#include "tests/support/files.h"

namespace prepdeck::guide {
namespace {

using testing::codes_of;
using testing::parse_text;

TEST(Parser, QuestionWithHintLevelAndCallout) {
  const Guide g = parse_text(
      "---\ntitle: T\n---\n\n## Section A\n\n"
      "??? question \"1. What is X?\"\n"
      "    🧠 Think before expanding...\n\n"
      "    🟡 **Intermediate**\n\n"
      "    X is a thing.\n\n"
      "    ✔ **Why it matters:**\n"
      "    It matters.\n");
  ASSERT_EQ(g.questions.size(), 1u);
  const Question& q = g.questions[0];
  EXPECT_EQ(g.title, "T");
  EXPECT_EQ(q.id, "guide/q1");
  EXPECT_EQ(q.number, 1);
  EXPECT_EQ(q.title, "What is X?");
  EXPECT_EQ(q.hint, "Think before expanding...");
  EXPECT_EQ(q.level, Level::intermediate);
  EXPECT_EQ(q.level_source, LevelSource::marker);
  EXPECT_FALSE(q.open);
  EXPECT_EQ(q.answer_markdown, "X is a thing.\n\n✔ **Why it matters:**\nIt matters.");
  ASSERT_EQ(q.callouts.size(), 1u);
  EXPECT_EQ(q.callouts[0].label, "Why it matters");
  EXPECT_EQ(q.callout_markdown(q.callouts[0]), "It matters.");
  EXPECT_EQ(q.lead_markdown(), "X is a thing.\n\n");
  EXPECT_EQ(q.line, 7u);
  EXPECT_EQ(g.sections[q.section].title, "Section A");
  EXPECT_TRUE(g.diagnostics.empty());
}

TEST(Parser, TitleRunsToTheLastQuote) {
  const Guide g = parse_text("??? question \"11. What is \"Drift Detection\"?\"\n    Answer.\n");
  ASSERT_EQ(g.questions.size(), 1u);
  EXPECT_EQ(g.questions[0].title, "What is \"Drift Detection\"?");
  EXPECT_EQ(g.questions[0].number, 11);
}

TEST(Parser, RecoversBrokenTitlesWithWarnings) {
  const Guide g = parse_text(
      "??? question \"1. Missing quote\n    A.\n\n"
      "??? question \"2. Stray bold?**\"\n    B.\n\n"
      "??? question \"3. After quote\"**\n    C.\n\n"
      "??? question 4. Unquoted?\n    D.\n");
  ASSERT_EQ(g.questions.size(), 4u);
  EXPECT_EQ(g.questions[0].title, "Missing quote");
  EXPECT_EQ(g.questions[1].title, "Stray bold?");
  EXPECT_EQ(g.questions[2].title, "After quote");
  EXPECT_EQ(g.questions[3].title, "Unquoted?");
  EXPECT_EQ(g.questions[3].number, 4);
  EXPECT_EQ(codes_of(g), (std::vector<std::string>{"unterminated-title", "title-trailing-emphasis",
                                                   "title-trailing-emphasis", "unterminated-title"}));
  EXPECT_EQ(g.diagnostics[0].line, 1u);
  EXPECT_EQ(g.diagnostics[0].column, 14u);
}

TEST(Parser, OpenQuestionsUnnumberedIdsAndDetails) {
  const Guide g = parse_text(
      "???+ question \"What's a Pod?\"\n    A group of containers.\n\n"
      "<details open>\n<summary><b>2. Why?</b></summary>\n\nBecause.\n\n</details>\n");
  ASSERT_EQ(g.questions.size(), 2u);
  EXPECT_TRUE(g.questions[0].open);
  EXPECT_EQ(g.questions[0].id, "guide/whats-a-pod");
  EXPECT_FALSE(g.questions[0].number.has_value());
  EXPECT_EQ(g.questions[1].title, "Why?");
  EXPECT_EQ(g.questions[1].number, 2);
  EXPECT_TRUE(g.questions[1].open);
  EXPECT_EQ(g.questions[1].style, QuestionStyle::details);
  EXPECT_EQ(g.questions[1].answer_markdown, "Because.");
  EXPECT_TRUE(g.diagnostics.empty());
}

TEST(Parser, CodeFencesAndCommentsHideTheDialect) {
  const Guide g = parse_text(
      "```markdown\n??? question \"1. Not a question\"\n    no\n<quiz>\n```\n\n"
      "<!--\n??? question \"2. Commented out\"\n    no\n-->\n\n"
      "~~~~\n<details><summary>x</summary>\n~~~~\n");
  EXPECT_TRUE(g.questions.empty());
  EXPECT_TRUE(g.quizzes.empty());
  EXPECT_TRUE(g.diagnostics.empty());
}

TEST(Parser, AdmonitionsNestAndQuestionsInsideTabsCount) {
  const Guide g = parse_text(
      "!!! note \"Outer\"\n    Text.\n\n    ??? tip\n        Inner.\n\n"
      "=== \"Beginner\"\n\n    ??? question \"1. In a tab\"\n        Yes.\n");
  ASSERT_EQ(g.blocks.size(), 2u);
  EXPECT_EQ(g.blocks[0].kind, BlockKind::admonition);
  EXPECT_EQ(g.blocks[0].type, "note");
  EXPECT_EQ(g.blocks[0].text, "Outer");
  ASSERT_EQ(g.blocks[0].children.size(), 2u);
  EXPECT_EQ(g.blocks[0].children[1].type, "tip");
  EXPECT_EQ(g.blocks[0].children[1].style, AdmonitionStyle::collapsed);
  EXPECT_EQ(g.blocks[1].kind, BlockKind::tab);
  ASSERT_EQ(g.questions.size(), 1u);
  EXPECT_EQ(g.questions[0].answer_markdown, "Yes.");
}

// An answer holds any block a page can: its nested admonitions, collapsibles,
// tabs and headings are blocks of the answer, never questions or sections of
// the page; each callout is a block holding its own.
TEST(Parser, AnswersAreReadAsBlocks) {
  const Guide g = parse_text(
      "## Pods\n\n"
      "??? question \"1. What does a Pod share?\"\n"
      "    Think first.\n\n"
      "    ??? success \"Reveal the answer\"\n"
      "        The network.\n\n"
      "        ??? question \"Nested\"\n"
      "            Not a question of the page.\n\n"
      "    ### Heading in the answer\n"
      "    More.\n\n"
      "    ✔ **Why:** Because.\n\n"
      "    !!! note\n"
      "        In the callout.\n");
  ASSERT_EQ(g.questions.size(), 1u);
  ASSERT_EQ(g.sections.size(), 1u);
  const Question& q = g.questions[0];
  ASSERT_EQ(q.blocks.size(), 5u);
  EXPECT_EQ(q.blocks[0].kind, BlockKind::markdown);
  EXPECT_EQ(q.blocks[0].text, "Think first.");
  EXPECT_EQ(q.blocks[1].kind, BlockKind::admonition);
  EXPECT_EQ(q.blocks[1].type, "success");
  EXPECT_EQ(q.blocks[1].style, AdmonitionStyle::collapsed);
  EXPECT_EQ(q.blocks[1].line, 6u);
  ASSERT_EQ(q.blocks[1].children.size(), 2u);
  EXPECT_EQ(q.blocks[1].children[1].kind, BlockKind::admonition);
  EXPECT_EQ(q.blocks[1].children[1].type, "question");
  EXPECT_EQ(q.blocks[2].kind, BlockKind::heading);
  EXPECT_EQ(q.blocks[2].index, UINT32_MAX);
  EXPECT_EQ(q.blocks[3].text, "More.");
  EXPECT_EQ(q.blocks[4].kind, BlockKind::callout);
  EXPECT_EQ(q.blocks[4].index, 0u);
  ASSERT_EQ(q.blocks[4].children.size(), 2u);
  EXPECT_EQ(q.blocks[4].children[0].text, "Because.");
  EXPECT_EQ(q.blocks[4].children[1].kind, BlockKind::admonition);
  EXPECT_EQ(q.blocks[4].children[1].line, 17u);
  EXPECT_TRUE(g.diagnostics.empty());
}

// A fence left open inside an answer runs to the answer's end, and says so.
TEST(Parser, AnUnclosedFenceInAnAnswerIsReported) {
  const Guide g = parse_text("??? question \"Q\"\n    Lead.\n\n    ```bash\n    ls\n\nAfter.\n");
  ASSERT_EQ(g.questions.size(), 1u);
  EXPECT_EQ(codes_of(g), std::vector<std::string>{"unterminated-fence"});
  EXPECT_EQ(g.diagnostics[0].line, 4u);
}

TEST(Parser, LevelFallsBackToFrontMatterThenFolder) {
  const Guide fm = parse_text("---\nlevel: advanced\n---\n??? question \"1. Q\"\n    A.\n");
  EXPECT_EQ(fm.questions[0].level, Level::advanced);
  EXPECT_EQ(fm.questions[0].level_source, LevelSource::front_matter);
  const Guide folder = parse_text("??? question \"1. Q\"\n    A.\n", "basics/x.md");
  EXPECT_EQ(folder.questions[0].level, Level::beginner);
  EXPECT_EQ(folder.questions[0].level_source, LevelSource::path);
  const Guide none = parse_text("??? question \"1. Q\"\n    A.\n");
  EXPECT_EQ(none.questions[0].level, Level::unspecified);
}

TEST(Parser, NumberingAndDuplicateTitles) {
  const Guide g = parse_text(
      "## A\n??? question \"1. One\"\n    a\n??? question \"3. Three\"\n    a\n??? question \"3. One\"\n    a\n"
      "## B\n??? question \"1. Restart\"\n    a\n??? question \"2. Two\"\n    a\n");
  EXPECT_EQ(codes_of(g), (std::vector<std::string>{"numbering-gap", "duplicate-title", "numbering-duplicate"}));
  EXPECT_EQ(g.questions[2].id, "guide/q3-2");
  EXPECT_EQ(g.questions[3].id, "guide/q1-2");
}

TEST(Parser, EmptyAnswerIsAnError) {
  const Guide g = parse_text("??? question \"1. Q\"\n    🧠 Think\n\n    🟢 **Beginner**\n\ntext\n");
  EXPECT_EQ(codes_of(g), (std::vector<std::string>{"empty-answer"}));
  EXPECT_EQ(g.diagnostics[0].severity, util::Severity::error);
  ASSERT_EQ(g.questions.size(), 1u);
  EXPECT_EQ(g.questions[0].hint, "Think");
}

TEST(Parser, SectionsComeFromH2AndH3AndSetext) {
  const Guide g = parse_text("# Title\n\n## One\n\n### Two {#two}\n\nThree\n-----\n\n??? question \"1. Q\"\n    A.\n");
  EXPECT_EQ(g.title, "Title");
  ASSERT_EQ(g.sections.size(), 3u);
  EXPECT_EQ(g.sections[1].title, "Two");
  EXPECT_EQ(g.sections[2].title, "Three");
  EXPECT_EQ(g.questions[0].section, 2u);
}

TEST(Parser, QuestionsBeforeAnyHeadingGetAnImplicitSection) {
  const Guide g = parse_text("---\ntitle: Guide\n---\n??? question \"1. Q\"\n    A.\n");
  ASSERT_EQ(g.sections.size(), 1u);
  EXPECT_EQ(g.sections[0].title, "Guide");
  EXPECT_EQ(g.sections[0].depth, 0u);
}

TEST(Parser, CrlfTabsAndChoices) {
  const Guide g = parse_text(
      "??? question \"1. Pick\"\r\n\t🧠 Think\r\n\r\n\t▫️ wrong\r\n\t✅ right\r\n\t❌ also "
      "wrong\r\n\r\n\tBecause.\r\n");
  ASSERT_EQ(g.questions.size(), 1u);
  const Question& q = g.questions[0];
  ASSERT_EQ(q.choices.size(), 3u);
  EXPECT_FALSE(q.choices[0].correct);
  EXPECT_TRUE(q.choices[1].correct);
  EXPECT_EQ(q.choices[1].text, "right");
  EXPECT_EQ(q.choices[1].line, 5u);
  EXPECT_EQ(q.answer_markdown, "Because.");
}

TEST(Parser, DeepNestingIsReportedNotCrashed) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += std::string(static_cast<std::size_t>(4 * i), ' ') + "!!! note\n";
  text += std::string(160, ' ') + "deep\n";
  const Guide g = parse_text(text);
  EXPECT_EQ(codes_of(g), (std::vector<std::string>{"nesting-too-deep"}));
}

TEST(Parser, UnterminatedBlocks) {
  const Guide g = parse_text("<details><summary>1. Q</summary>\nanswer\n## Next\n```\ncode\n");
  EXPECT_EQ(codes_of(g), (std::vector<std::string>{"unterminated-details", "unterminated-fence"}));
  ASSERT_EQ(g.questions.size(), 1u);
  EXPECT_EQ(g.questions[0].answer_markdown, "answer");
  EXPECT_EQ(g.sections.back().title, "Next");
}

TEST(Parser, IncludedContentReportsItsOwnFile) {
  source::MemoryFileSystem fs;
  fs.add_file("g/guide.md", "??? question \"1. Q\"\n    --8<-- \"part.md\"\n");
  fs.add_file("g/part.md", "Answer.\n\n✔ **Note:**\nMore.\n\n??? question \"Nested\"\n");
  auto site = source::discover_site(fs, "g/guide.md");
  const Guide g = parse_guide(source::load_document(fs, *site, site->pages[0], {}));
  ASSERT_EQ(g.questions.size(), 1u);
  EXPECT_EQ(g.questions[0].callouts[0].line, 3u);
  EXPECT_EQ(g.files.size(), 2u);
}

TEST(Parser, SeedFixtureReadsAsTheAuthorMeantIt) {
  const Guide g =
      parse_text(test::read_file(PREPDECK_SHARED_DIR "/fixtures/seed/000_f53b7e45484371f1.txt"), "aws-devops.md");
  EXPECT_EQ(g.title, "AWS DevOps Engineer Interview Questions");
  ASSERT_EQ(g.questions.size(), 20u);
  std::vector<std::string> with_questions;
  for (std::size_t s = 0; s < g.sections.size(); ++s) {
    for (const auto& q : g.questions) {
      if (q.section == s) {
        with_questions.push_back(g.sections[s].title);
        break;
      }
    }
  }
  EXPECT_EQ(with_questions, (std::vector<std::string>{"CI/CD & Automation", "Containerization (ECS/EKS)",
                                                      "Monitoring & Logging", "Intermediate/Advanced"}));
  int levels[4] = {0, 0, 0, 0};
  std::set<std::string> hints;
  for (const auto& q : g.questions) {
    ++levels[static_cast<int>(q.level)];
    ASSERT_TRUE(q.hint);
    hints.insert(*q.hint);
    EXPECT_EQ(q.answer_markdown.find("ð"), std::string::npos);
    EXPECT_EQ(q.answer_markdown.find("â"), std::string::npos);
  }
  EXPECT_EQ(levels[static_cast<int>(Level::beginner)], 3);
  EXPECT_EQ(levels[static_cast<int>(Level::intermediate)], 9);
  EXPECT_EQ(levels[static_cast<int>(Level::advanced)], 8);
  EXPECT_EQ(hints.size(), 4u);
  EXPECT_EQ(g.questions[1].callouts.at(0).label, "Why it matters");
  for (const auto& d : g.diagnostics) EXPECT_EQ(d.code, source::codes::k_mojibake_repaired);
}

}  // namespace
}  // namespace prepdeck::guide

namespace prepdeck::guide {
namespace {

Guide parse_with(const std::string& text, const source::MarkdownExtensions& extensions) {
  source::MemoryFileSystem fs;
  fs.add_file("guide.md", text);
  auto site = source::discover_site(fs, "guide.md");
  const auto doc = source::load_document(fs, *site, site->pages[0], {});
  ParseOptions options;
  options.extensions = extensions;
  return parse_guide(doc, {}, options);
}

TEST(ParserExtensions, FootnotesAreThePagesInTheOrderReferred) {
  const Guide g = testing::parse_text(
      "# T\n\nSee[^b] and[^a].\n\n"
      "[^a]: First\nlazy line.\n\n    Indented paragraph.\n"
      "[^b]: Second.\n"
      "[^unused]: Never referred to.\n\n"
      "??? question \"Q?\"\n    Answer[^c].\n\n    [^c]: In an answer.\n\nAfter.\n");
  ASSERT_EQ(g.footnotes.size(), 4u);
  EXPECT_EQ(g.footnotes[0].label, "b");
  EXPECT_EQ(g.footnotes[1].label, "a");
  EXPECT_EQ(g.footnotes[2].label, "c");  // referred to in the question's answer
  EXPECT_EQ(g.footnotes[3].label, "unused");
  ASSERT_EQ(g.footnotes[1].blocks.size(), 1u);
  EXPECT_EQ(g.footnotes[1].blocks[0].text, "First\nlazy line.\n\nIndented paragraph.");
  EXPECT_EQ(g.footnotes[1].line, 5u);
  // Nothing of them stays in the page's text; the question is still one.
  ASSERT_EQ(g.questions.size(), 1u);
  EXPECT_EQ(g.questions[0].blocks.size(), 1u);
  EXPECT_EQ(g.blocks.back().text, "After.");
}

TEST(ParserExtensions, AbbreviationsDefinitionListsMathAndMarkdownInHtml) {
  const Guide g = testing::parse_text(
      "# T\n\n*[HTML]: Hyper Text\n*[HTML]: Hyper Text Markup Language\n\n"
      "Apple\nPear\n:   A fruit.\n\n    More of it.\n:   Another meaning.\n\n"
      "Orange\n\n:   Loose.\n\n"
      "\\begin{align}\na &= b \\\\\n\\end{align}\n\n"
      "<figure markdown>\n  ![Cat](cat.png)\n  <figcaption>Cap</figcaption>\n</figure>\n");
  ASSERT_EQ(g.abbreviations.size(), 1u);
  EXPECT_EQ(g.abbreviations[0].title, "Hyper Text Markup Language");
  ASSERT_EQ(g.blocks.size(), 4u);
  const Block& list = g.blocks[1];
  ASSERT_EQ(list.kind, BlockKind::definitions);
  ASSERT_EQ(list.children.size(), 6u);  // one list: Apple, Pear, two definitions, Orange, one
  EXPECT_EQ(list.children[0].kind, BlockKind::term);
  EXPECT_EQ(list.children[1].text, "Pear");
  EXPECT_EQ(list.children[2].kind, BlockKind::definition);
  EXPECT_EQ(list.children[2].children[0].text, "A fruit.\n\nMore of it.");
  EXPECT_EQ(list.children[3].children[0].text, "Another meaning.");
  EXPECT_EQ(list.children[4].text, "Orange");
  EXPECT_EQ(g.blocks[2].kind, BlockKind::math);
  EXPECT_EQ(g.blocks[2].text, "\\begin{align}\na &= b \\\\\n\\end{align}");
  EXPECT_EQ(g.blocks[3].kind, BlockKind::html);
  EXPECT_EQ(g.blocks[3].type, "figure");
  ASSERT_EQ(g.blocks[3].children.size(), 1u);
  EXPECT_EQ(g.blocks[3].children[0].text, "![Cat](cat.png)\n<figcaption>Cap</figcaption>");
}

TEST(ParserExtensions, OffUnlessEnabled) {
  const std::string text =
      "# T\n\nA[^1].\n\n[^1]: Note.\n\n*[A]: Abbr\n\nTerm\n:   Def\n\n<div markdown>\n*x*\n</div>\n\n"
      "\\[\nx\n\\]\n";
  const Guide g = parse_with(text, source::MarkdownExtensions::none());
  EXPECT_TRUE(g.footnotes.empty());
  EXPECT_TRUE(g.abbreviations.empty());
  for (const Block& b : g.blocks) EXPECT_TRUE(b.kind == BlockKind::markdown || b.kind == BlockKind::heading);
  const Guide on = parse_with(text, source::MarkdownExtensions{});
  EXPECT_EQ(on.footnotes.size(), 1u);
}

TEST(ParserExtensions, HostileShapesStayLinearAndBounded) {
  // An unclosed md_in_html tag, an unclosed math block, definitions with no
  // terms, footnotes nested in footnotes: kept, never a hang.
  std::string text = "<div markdown>\n\\begin{x}\n: no term\n";
  for (int i = 0; i < 3000; ++i) text += "[^" + std::to_string(i) + "]: note [^" + std::to_string(i + 1) + "]\n";
  for (int i = 0; i < 3000; ++i) text += "<div markdown>\n";
  for (int i = 0; i < 100000; ++i) text += "[^x";  // references never closed, in the page's text
  const Guide g = testing::parse_text(text);
  EXPECT_EQ(g.footnotes.size(), 3000u);
}

}  // namespace
}  // namespace prepdeck::guide

namespace prepdeck::guide {
namespace {

TEST(ParserLists, AListHoldingAnAdmonitionIsReadItemByItem) {
  const Guide g = testing::parse_text(
      "# T\n\n4.  **Create**:\n    ```sql\n    !!! not an admonition in code\n    ```\n    Text\nlazy line.\n\n"
      "    !!! warning \"Why?\"\n        Because.\n\n5. Next.\n\n- plain\n- list\n\n!!! note\n    After.\n");
  ASSERT_GE(g.blocks.size(), 3u);
  const Block& list = g.blocks[1];
  ASSERT_EQ(list.kind, BlockKind::list);
  EXPECT_EQ(list.type, "ol");
  EXPECT_EQ(list.index, 4u);
  ASSERT_EQ(list.children.size(), 2u);
  const Block& first = list.children[0];
  ASSERT_EQ(first.children.size(), 2u);
  EXPECT_EQ(first.children[0].text, "**Create**:\n```sql\n!!! not an admonition in code\n```\nText\nlazy line.");
  EXPECT_EQ(first.children[1].kind, BlockKind::admonition);
  EXPECT_EQ(first.children[1].line, 10u);
  EXPECT_EQ(list.children[1].children[0].text, "Next.");
  // A list with no such block stays Markdown for md4c.
  EXPECT_EQ(g.blocks[2].kind, BlockKind::markdown);
  EXPECT_EQ(g.blocks[2].text, "- plain\n- list");
  EXPECT_EQ(g.blocks[3].kind, BlockKind::admonition);
}

TEST(ParserLists, ManyListsCostOneLookEach) {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "- item\n    more\n";
  text += "\n    !!! note\n        deep\n";
  const Guide g = testing::parse_text(text);
  ASSERT_EQ(g.blocks.size(), 1u);
  EXPECT_EQ(g.blocks[0].kind, BlockKind::list);
  EXPECT_EQ(g.blocks[0].children.size(), 20000u);
}

}  // namespace
}  // namespace prepdeck::guide
