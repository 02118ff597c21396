#include "tui/level.h"

#include <algorithm>
#include <sstream>

#include <gtest/gtest.h>

#include "source/file_system.h"
#include "store/store.h"

namespace prepdeck::tui {
namespace {

// Two topics of five questions each, and a quiz page of the first.
guide::GuideSet bank() {
  source::MemoryFileSystem fs;
  for (const char* topic : {"git", "docker"}) {
    std::string text = std::string("# ") + (topic[0] == 'g' ? "Git" : "Docker") + " Interview Questions\n\n";
    for (int i = 1; i <= 5; ++i) {
      const char* level = i <= 2 ? "🟢 **Beginner**" : i <= 4 ? "🟡 **Intermediate**" : "🔴 **Advanced**";
      text += "??? question \"" + std::to_string(i) + ". " + topic + " question " + std::to_string(i) + "?\"\n    " +
              level + "\n\n    The answer to " + topic + " question " + std::to_string(i) + ".\n\n";
    }
    fs.add_file(std::string("docs/interview-questions/") + topic + ".md", text);
  }
  fs.add_file("docs/quiz/git.md",
              "# Git Quiz\n\n<quiz>\ngit question 5?\n- [x] right\n- [ ] wrong\n</quiz>\n\n"
              "<quiz>\nWhich is a VCS?\n- [x] git\n- [ ] make\n</quiz>\n");
  return guide::load_guides(fs, {"docs"}, source::LoadOptions{}, 1);
}

util::Time at(const char* iso) { return *util::parse_iso8601(iso); }

// Answers every question the test asks: quiz items by `choice`, questions by `grade`.
std::string run(store::Store& store, const std::string& choice, const std::string& grade,
                engine::PlacementOptions options = {}) {
  std::string script;
  for (int i = 0; i < 40; ++i) script += choice + "\n\n" + grade + "\n";
  std::istringstream in(script);
  std::ostringstream out;
  StreamConsole console(in, out, Color::off);
  const util::Clock clock = [] { return at("2026-12-01T09:00:00Z"); };
  const auto outcome = run_level(bank(), store, console, clock, options, "docs");
  EXPECT_TRUE(outcome) << outcome.error().message;
  return out.str();
}

TEST(Level, KnowingEverythingPlacesYouAdvancedAndIsSaved) {
  auto store = std::move(store::open_store(":memory:").value());
  const std::string transcript = run(*store, "1", "4");
  EXPECT_NE(transcript.find("Your level: Advanced, "), std::string::npos) << transcript;
  EXPECT_NE(transcript.find(" \xCE\xB8 = "), std::string::npos) << transcript;  // the estimate, after the words
  const auto levels = store->levels(store->local_user()->id);
  ASSERT_EQ(levels->size(), 1u);
  EXPECT_EQ((*levels)[0].verdict, "advanced");
  EXPECT_EQ((*levels)[0].scope, "docs");
  EXPECT_GT((*levels)[0].theta, 0.5);
  EXPECT_GE((*levels)[0].sections.size(), 2u);  // both topics were asked
}

TEST(Level, KnowingNothingPlacesYouBeginner) {
  auto store = std::move(store::open_store(":memory:").value());
  const std::string transcript = run(*store, "2", "1");
  EXPECT_NE(transcript.find("Your level: Beginner"), std::string::npos) << transcript;
}

// Hard, Good and Easy are passes, as in FSRS and Anki (and on the web); Again is not.
TEST(Level, HardIsAPassAsGoodIsAndAgainIsNot) {
  auto hard = std::move(store::open_store(":memory:").value());
  run(*hard, "1", "2");
  auto good = std::move(store::open_store(":memory:").value());
  run(*good, "1", "3");
  auto again = std::move(store::open_store(":memory:").value());
  run(*again, "1", "1");
  EXPECT_DOUBLE_EQ(hard->levels(1)->at(0).theta, good->levels(1)->at(0).theta);
  EXPECT_LT(again->levels(1)->at(0).theta, good->levels(1)->at(0).theta);
}

// A bank too small for the precision the test aims for says so.
TEST(Level, ABankThatRunsOutBeforeThePrecisionTargetIsNamed) {
  auto store = std::move(store::open_store(":memory:").value());
  engine::PlacementOptions options;
  options.max_items = 40;
  options.target_standard_error = 0.01;
  options.stop_when_level_certain = 0;
  std::string transcript = run(*store, "1", "3", options);
  std::replace(transcript.begin(), transcript.end(), '\n', ' ');
  EXPECT_NE(transcript.find("From 12 questions;"), std::string::npos) << transcript;
  EXPECT_NE(transcript.find("The guides ran out of questions (12)"), std::string::npos) << transcript;
}

TEST(Level, TheTestStopsAtItsItemLimitAndNamesTheTopics) {
  auto store = std::move(store::open_store(":memory:").value());
  engine::PlacementOptions options;
  options.max_items = 4;
  options.stop_when_level_certain = 0;
  std::string transcript = run(*store, "1", "1", options);
  std::replace(transcript.begin(), transcript.end(), '\n', ' ');  // the last line wraps
  EXPECT_NE(transcript.find("From 4 questions; more answers could move it one level"), std::string::npos) << transcript;
  EXPECT_EQ(transcript.find("ran out"), std::string::npos) << transcript;  // the limit, not the bank
  EXPECT_NE(transcript.find("Git"), std::string::npos);
  EXPECT_NE(transcript.find("Docker"), std::string::npos);
  EXPECT_EQ(transcript.find("Git Interview Questions \xC2\xB7"), std::string::npos);  // topics lose the suffix
}

TEST(Level, QuittingAtOnceSavesNothing) {
  auto store = std::move(store::open_store(":memory:").value());
  std::istringstream in("q\n");
  std::ostringstream out;
  StreamConsole console(in, out, Color::off);
  const util::Clock clock = [] { return at("2026-12-01T09:00:00Z"); };
  const auto outcome = run_level(bank(), *store, console, clock, {}, "docs");
  ASSERT_TRUE(outcome);
  EXPECT_FALSE(outcome->saved);
  EXPECT_NE(out.str().find("No answers, no level."), std::string::npos);
}

}  // namespace
}  // namespace prepdeck::tui
