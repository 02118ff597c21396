#include "tui/quiz.h"

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "source/file_system.h"
#include "store/store.h"

namespace prepdeck::tui {
namespace {

constexpr const char* k_quiz = R"(---
title: Shell Quiz
level: intermediate
---

# Shell Quiz

## Files

<quiz>
Which command lists hidden files too?
- [ ] `ls`
- [x] `ls -a`
- [ ] `ls -l`
</quiz>

<quiz>
Which of these change permissions or owners? (Choose all.)
- [x] `chmod`
- [x] `chown`
- [ ] `cat`
> `cat` only prints files.
</quiz>

## Processes

<quiz>
The signal that cannot be caught is [[SIGKILL|KILL]].

Number 9.
</quiz>
)";

constexpr const char* k_guide = R"(# Shell

??? question "1. What does `ls -a` show?"
    🟢 **Beginner**

    Every entry, including those whose names start with a dot.
)";

guide::GuideSet load(const char* text, const char* path = "quiz/shell.md") {
  source::MemoryFileSystem fs;
  fs.add_file(path, text);
  return guide::load_guides(fs, {path}, source::LoadOptions{}, 1);
}

util::Time at(const char* iso) { return *util::parse_iso8601(iso); }

std::string run(const guide::GuideSet& set, store::Store& store, const std::string& script, QuizOptions options = {},
                util::Clock clock = {}) {
  ::setenv("TZ", "UTC", 1);
  ::tzset();
  std::istringstream in(script);
  std::ostringstream out;
  StreamConsole console(in, out, Color::off);
  if (!clock) clock = [] { return at("2026-12-01T09:00:00Z"); };
  const auto outcome = run_quiz(set, store, console, clock, options);
  EXPECT_TRUE(outcome) << outcome.error().message;
  return out.str();
}

std::string golden(const std::string& name) {
  std::ifstream in(std::string(PREPDECK_SOURCE_DIR "/tests/tui/data/") + name, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void expect_golden(const std::string& actual, const std::string& name) {
  if (actual != golden(name)) std::ofstream(PREPDECK_SOURCE_DIR "/build/" + name, std::ios::binary) << actual;
  EXPECT_EQ(actual, golden(name)) << "the actual transcript is in build/" << name;
}

TEST(Quiz, AScriptedQuizScoresEachKindAndSavesTheAttempt) {
  auto store = std::move(store::open_store(":memory:").value());
  // A wrong choice, a re-typed answer after a malformed one, the blank's alternative.
  const std::string transcript = run(load(k_quiz), *store, "1\n1 x\n1 2\n kill \n");
  expect_golden(transcript, "quiz_session.txt");
  const auto attempts = store->quiz_attempts(store->local_user()->id);
  ASSERT_EQ(attempts->size(), 1u);
  EXPECT_EQ((*attempts)[0].mode, "practice");
  EXPECT_DOUBLE_EQ((*attempts)[0].score, 2);
  EXPECT_EQ((*attempts)[0].verdict, "intermediate");
  ASSERT_EQ((*attempts)[0].responses.size(), 3u);
  EXPECT_EQ((*attempts)[0].responses[2].answer, "kill");
}

TEST(Quiz, ExamModeHoldsTheAnswersBackToTheEnd) {
  auto store = std::move(store::open_store(":memory:").value());
  QuizOptions options;
  options.feedback = engine::Feedback::at_the_end;
  const std::string transcript = run(load(k_quiz), *store, "2\n1 2\nSIGKILL\n", options);
  const auto answers = transcript.find("Answers\n");
  ASSERT_NE(answers, std::string::npos);
  EXPECT_EQ(transcript.find("Right."), transcript.find("Right.", answers));  // no feedback before the end
  EXPECT_NE(transcript.find("Score: 3 of 3 (100%). Your level: Advanced."), std::string::npos);
  EXPECT_EQ(store->quiz_attempts(store->local_user()->id)->at(0).mode, "exam");
}

TEST(Quiz, PartialCreditAndTheTimeLimit) {
  auto store = std::move(store::open_store(":memory:").value());
  QuizOptions options;
  options.credit = engine::Credit::partial;
  options.time_limit = std::chrono::seconds(60);
  // The clock moves 40 seconds per answer: the third answer comes after the minute.
  auto now = std::make_shared<util::Time>(at("2026-12-01T09:00:00Z"));
  int calls = 0;
  const util::Clock clock = [now, &calls] {
    ++calls;
    return *now + std::chrono::seconds(20 * (calls / 3));
  };
  const std::string transcript = run(load(k_quiz), *store, "2\n1\nSIGKILL\n", options, clock);
  EXPECT_NE(transcript.find("Partly right (50%)"), std::string::npos);
  EXPECT_NE(transcript.find("left"), std::string::npos);  // the header counts down
}

TEST(Quiz, AGuideWithoutAQuizGivesASelfCheck) {
  auto store = std::move(store::open_store(":memory:").value());
  const std::string transcript = run(load(k_guide, "guides/shell.md"), *store, "\nmaybe\ny\n");
  EXPECT_NE(transcript.find("Self-check: 1 question"), std::string::npos);
  EXPECT_NE(transcript.find("Every entry, including those whose names start with a dot."), std::string::npos);
  EXPECT_NE(transcript.find("Score: 1 of 1 (100%). Your level: Advanced."), std::string::npos);
  EXPECT_EQ(store->quiz_attempts(store->local_user()->id)->at(0).mode, "self-check");
}

// 2^64 + 2 would wrap to 2 if the digits were summed without a bound.
TEST(Quiz, AnOutOfRangeNumberIsAskedAgain) {
  auto store = std::move(store::open_store(":memory:").value());
  const std::string transcript = run(load(k_quiz), *store, "18446744073709551618\n0\n2\nq\n");
  const auto first = transcript.find("Type one number from 1 to 3.");
  ASSERT_NE(first, std::string::npos);
  EXPECT_NE(transcript.find("Type one number from 1 to 3.", first + 1), std::string::npos);  // 0 too
  EXPECT_NE(transcript.find("\xE2\x9C\x94 Right."), std::string::npos);                      // then 2
}

// Several answers are read as "1 2", "1,2" and "1, 2" alike.
TEST(Quiz, SeveralAnswersWithCommasOrSpaces) {
  for (const char* answer : {"1 2", "1,2", "1, 2", "2,1,", " 1 ,2 "}) {
    auto store = std::move(store::open_store(":memory:").value());
    const std::string transcript = run(load(k_quiz), *store, std::string("2\n") + answer + "\nSIGKILL\n");
    EXPECT_NE(transcript.find("Score: 3 of 3 (100%)"), std::string::npos) << answer << "\n" << transcript;
  }
  auto store = std::move(store::open_store(":memory:").value());
  const std::string transcript = run(load(k_quiz), *store, "2\n12\n,\n1,2\nq\n");
  EXPECT_NE(transcript.find("Score: 2 of 3 (67%)"), std::string::npos) << transcript;  // 12 and "," asked again
}

// "The answer: …" ends with one full stop, also after an option that ends in one.
TEST(Quiz, TheAnswerEndsWithOneFullStop) {
  auto store = std::move(store::open_store(":memory:").value());
  const std::string transcript = run(load(R"(# Cold starts

<quiz>
What is a cold start?
- [x] The time a new execution environment takes to start.
- [ ] A restart after a crash.
</quiz>
)"),
                                     *store, "2\n");
  EXPECT_NE(transcript.find("The answer: 1) The time a new execution environment takes to start.\n"), std::string::npos)
      << transcript;
  EXPECT_EQ(transcript.find(".."), std::string::npos) << transcript;
}

TEST(Quiz, QuittingEarlySavesWhatWasAnswered) {
  auto store = std::move(store::open_store(":memory:").value());
  const std::string transcript = run(load(k_quiz), *store, "2\nq\n");
  EXPECT_NE(transcript.find("Score: 1 of 3 (33%). Your level: Beginner. 2 not answered."), std::string::npos);
  EXPECT_EQ(store->quiz_attempts(store->local_user()->id)->size(), 1u);
  auto empty = std::move(store::open_store(":memory:").value());
  EXPECT_NE(run(load(k_quiz), *empty, "q\n").find("Nothing answered; nothing saved."), std::string::npos);
  EXPECT_TRUE(empty->quiz_attempts(empty->local_user()->id)->empty());
}

}  // namespace
}  // namespace prepdeck::tui
