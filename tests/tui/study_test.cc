#include "tui/study.h"

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "source/file_system.h"
#include "store/store.h"

namespace prepdeck::tui {
namespace {

constexpr const char* k_guide = R"(# Git

## Basics

??? question "1. What does `git status` show?"
    🧠 Think before expanding...

    🟢 **Beginner**

    The state of the **working tree** and the **index**:

    - staged changes
    - unstaged changes

??? question "2. What is a commit?"
    🧠 Think about what it points to.

    🟡 **Intermediate**

    A snapshot of the tree, with its parents, author and message.

    💡 **Interview Tip:**
    Mention that its id is a hash of all of that.

## Branches

??? question "3. What is a branch?"
    🔴 **Advanced**

    A movable name for a commit.
)";

guide::GuideSet guides() {
  source::MemoryFileSystem fs;
  fs.add_file("guides/git.md", k_guide);
  return guide::load_guides(fs, {"guides"}, source::LoadOptions{}, 1);
}

util::Time at(const char* iso) { return *util::parse_iso8601(iso); }

std::string read_golden(const std::string& name) {
  std::ifstream in(std::string(PREPDECK_SOURCE_DIR "/tests/tui/data/") + name, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs a scripted session; the transcript is what the learner would see.
std::string session(store::Store& store, const std::string& script, util::Time now, int new_per_day = 20) {
  ::setenv("TZ", "UTC", 1);  // "today 09:10" in the summary is local time
  ::tzset();
  const auto set = guides();
  std::istringstream in(script);
  std::ostringstream out;
  StreamConsole console(in, out, Color::off);
  StudyOptions options;
  options.new_per_day = new_per_day;
  options.fsrs.fuzz = engine::Fuzz::off;
  const util::Clock clock = [now] { return now; };
  const auto summary = run_study(set, store, console, clock, options);
  EXPECT_TRUE(summary) << summary.error().message;
  return out.str();
}

void expect_golden(const std::string& actual, const std::string& name) {
  const std::string expected = read_golden(name);
  if (actual != expected) std::ofstream(PREPDECK_SOURCE_DIR "/build/" + name, std::ios::binary) << actual;
  EXPECT_EQ(actual, expected) << "the actual transcript is in build/" << name;
}

TEST(Study, AScriptedSessionRevealsGradesUndoesAndSums) {
  auto store = std::move(store::open_store(":memory:").value());
  // Enter reveals; 3 grades Good; a bare 1 reveals and grades Again; u takes it back; 4; q.
  const std::string transcript = session(*store, "\n3\n1\nu\n4\nq\n", at("2026-12-01T09:00:00Z"));
  expect_golden(transcript, "study_session.txt");
  const auto user = store->local_user();
  const auto cards = store->cards(user->id);
  ASSERT_EQ(cards->size(), 2u);  // the undone grade left no trace; the third card was never graded
  EXPECT_EQ(store->reviews(user->id, at("2026-01-01"))->size(), 2u);
}

TEST(Study, DueCardsComeBackOnTheirDayAndNewOnesAreRationed) {
  auto store = std::move(store::open_store(":memory:").value());
  session(*store, "4\n4\n4\n", at("2026-12-01T09:00:00Z"));  // Easy, Easy, Easy
  // The next day none is due; the daily allowance of new cards is spent.
  const std::string next_day = session(*store, "q\n", at("2026-12-02T09:00:00Z"), 3);
  EXPECT_NE(next_day.find("Nothing reviewed."), std::string::npos);
  // A week and a half later all three are due, the most overdue first.
  const std::string later = session(*store, "3\n3\n3\n", at("2026-12-12T09:00:00Z"), 3);
  EXPECT_NE(later.find("3 due"), std::string::npos);
  EXPECT_NE(later.find("Reviewed 3 cards"), std::string::npos);
}

TEST(Study, TheEndOfInputEndsTheSessionWithASummary) {
  auto store = std::move(store::open_store(":memory:").value());
  const std::string transcript = session(*store, "2\n", at("2026-12-01T09:00:00Z"));
  EXPECT_NE(transcript.find("Reviewed 1 card: 0 again, 1 hard"), std::string::npos);
}

TEST(Study, UnknownCommandsGetHelpAndNothingIsGraded) {
  auto store = std::move(store::open_store(":memory:").value());
  const std::string transcript = session(*store, "x\n\nmaybe\nq\n", at("2026-12-01T09:00:00Z"));
  EXPECT_NE(transcript.find("Enter shows the answer; 1-4 grade"), std::string::npos);
  EXPECT_NE(transcript.find("Grade it 1-4"), std::string::npos);
  EXPECT_NE(transcript.find("Nothing reviewed."), std::string::npos);
}

}  // namespace
}  // namespace prepdeck::tui
