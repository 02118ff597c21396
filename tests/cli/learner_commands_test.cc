// study, quiz, level and progress through the command table, as a script
// would drive them: lines on standard input, one database across commands.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "guide/model.h"

namespace prepdeck::cli {
namespace {

namespace fs = std::filesystem;

const std::string k_examples = PREPDECK_SOURCE_DIR "/examples";

class LearnerCommands : public ::testing::Test {
 protected:
  void SetUp() override {
    m_dir = fs::temp_directory_path() / ("prepdeck-learner-" + std::to_string(::getpid()));
    fs::remove_all(m_dir);
    ::setenv("PREPDECK_NOW", "2026-12-01T09:00:00Z", 1);
    ::setenv("TZ", "UTC", 1);
  }
  void TearDown() override {
    ::unsetenv("PREPDECK_NOW");
    fs::remove_all(m_dir);
  }

  struct Result {
    int code;
    std::string out;
    std::string err;
  };

  Result run_command(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), "prepdeck");
    args.push_back("--db");
    args.push_back((m_dir / "progress.db").string());
    std::istringstream in(input);
    std::ostringstream out;
    std::ostringstream err;
    const int code = run(args, {out, err, &in});
    return {code, out.str(), err.str()};
  }

  fs::path m_dir;
};

TEST_F(LearnerCommands, StudyThenProgressSeesTheGrades) {
  const auto study = run_command({"study", k_examples, "--no-fuzz"}, "3\n4\n1\nq\n");
  EXPECT_EQ(study.code, k_exit_ok) << study.err;
  EXPECT_NE(study.out.find("Reviewed 3 cards: 1 again, 0 hard, 1 good, 1 easy"), std::string::npos) << study.out;
  EXPECT_TRUE(fs::exists(m_dir / "progress.db"));  // the folder is made

  const auto progress = run_command({"progress", "--json"});
  ASSERT_EQ(progress.code, k_exit_ok) << progress.err;
  const auto j = nlohmann::json::parse(progress.out);
  ASSERT_EQ(j["cards"].size(), 3u);
  EXPECT_EQ(j["reviews_per_day"]["2026-12-01"], 3);

  const auto text = run_command({"progress", k_examples});
  EXPECT_NE(text.out.find("Progress: 3 cards studied, 50 not yet seen."), std::string::npos) << text.out;
}

TEST_F(LearnerCommands, QuizAndLevelAreSavedForProgress) {
  const auto quiz = run_command({"quiz", k_examples + "/docs/quiz/git.md", "--limit", "2"}, "1\n2\n");
  EXPECT_EQ(quiz.code, k_exit_ok) << quiz.err;
  EXPECT_NE(quiz.out.find("Score: 2 of 2 (100%)"), std::string::npos) << quiz.out;
  std::string answers;
  for (int i = 0; i < 40; ++i) answers += "1\n\n3\n";
  const auto level = run_command({"level", k_examples, "--max-items", "6"}, answers);
  EXPECT_EQ(level.code, k_exit_ok) << level.err;
  EXPECT_NE(level.out.find("Your level: "), std::string::npos) << level.out;
  const auto progress = run_command({"progress"});
  EXPECT_NE(progress.out.find("Level history:\n  2026-12-01"), std::string::npos) << progress.out;
  EXPECT_NE(progress.out.find("Quizzes: 1 attempt"), std::string::npos) << progress.out;
}

// `prepdeck quiz GUIDE` of a study guide asks the quiz its front matter links.
TEST_F(LearnerCommands, QuizFollowsTheGuidesFrontMatterQuizLink) {
  const fs::path guides = m_dir / "guides";
  fs::create_directories(guides / "tests");
  {
    std::ofstream(guides / "shell.md") << "---\nquiz: tests/shell-check.md\n---\n# Shell\n\n"
                                          "??? question \"1. What does ls -a show?\"\n    Every entry.\n";
    std::ofstream(guides / "tests" / "shell-check.md")
        << "# Shell check\n\n<quiz>\nWhich lists hidden files?\n- [ ] ls\n- [x] ls -a\n</quiz>\n";
  }
  const auto quiz = run_command({"quiz", (guides / "shell.md").string()}, "2\n");
  EXPECT_EQ(quiz.code, k_exit_ok) << quiz.err;
  EXPECT_NE(quiz.out.find("Quiz: " + (guides / "tests" / "shell-check.md").string()), std::string::npos) << quiz.out;
  EXPECT_NE(quiz.out.find("Which lists hidden files?"), std::string::npos) << quiz.out;
  EXPECT_NE(quiz.out.find("Score: 1 of 1 (100%)"), std::string::npos) << quiz.out;
}

// --format json: the result alone on stdout, as JSON; the session on stderr.
TEST_F(LearnerCommands, QuizAndLevelResultsAsJson) {
  const auto quiz =
      run_command({"quiz", k_examples + "/docs/quiz/git.md", "--limit", "2", "--format", "json"}, "1\n2\n");
  ASSERT_EQ(quiz.code, k_exit_ok) << quiz.err;
  const auto q = nlohmann::json::parse(quiz.out);
  EXPECT_EQ(q.at("words"), "2 of 2 (100%)");
  EXPECT_EQ(q.at("items"), 2);
  EXPECT_EQ(q.at("verdict"), "advanced");
  EXPECT_NE(quiz.err.find("Score: 2 of 2 (100%)"), std::string::npos) << quiz.err;
  std::string answers;
  for (int i = 0; i < 40; ++i) answers += "1\n\n2\n";
  const auto level = run_command({"level", k_examples, "--max-items", "6", "--json"}, answers);
  ASSERT_EQ(level.code, k_exit_ok) << level.err;
  const auto l = nlohmann::json::parse(level.out);
  EXPECT_EQ(l.at("asked"), 6);
  EXPECT_EQ(l.at("saved"), true);
  EXPECT_TRUE(l.at("words").at("level").get<std::string>().starts_with(
      guide::display_name(*guide::level_from_word(l.at("verdict").get<std::string>()))))
      << l.dump();
  EXPECT_NE(level.err.find("Your level: "), std::string::npos);
}

TEST_F(LearnerCommands, ABadClockOrDatabaseIsAUsageError) {
  ::setenv("PREPDECK_NOW", "yesterday", 1);
  const auto clock = run_command({"study", k_examples});
  EXPECT_EQ(clock.code, k_exit_usage);
  EXPECT_NE(clock.err.find("PREPDECK_NOW='yesterday' is not an ISO 8601 time"), std::string::npos) << clock.err;
  ::setenv("PREPDECK_NOW", "2026-12-01T09:00:00Z", 1);
  std::istringstream in;
  std::ostringstream out;
  std::ostringstream err;
  const int code = run({"prepdeck", "progress", "--db", "mysql://x/y"}, {out, err, &in});
  EXPECT_EQ(code, k_exit_usage);
  EXPECT_NE(err.str().find("unknown database URL scheme 'mysql'"), std::string::npos) << err.str();
  const auto steps = run_command({"study", k_examples, "--learning-steps", "10 minutes"});
  EXPECT_EQ(steps.code, k_exit_usage);
  EXPECT_NE(steps.err.find("--learning-steps"), std::string::npos);
}

}  // namespace
}  // namespace prepdeck::cli
