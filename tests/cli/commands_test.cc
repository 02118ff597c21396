#include "cli/commands.h"

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace prepdeck::cli {
namespace {

struct Result {
  int code;
  std::string out;
  std::string err;
};

Result run_args(std::vector<std::string> args) {
  args.insert(args.begin(), "prepdeck");
  std::ostringstream out;
  std::ostringstream err;
  const int code = run(args, {out, err});
  return {code, out.str(), err.str()};
}

const std::string k_examples = PREPDECK_SOURCE_DIR "/examples";
const std::string k_bad = PREPDECK_SOURCE_DIR "/tests/cli/data/bad.md";

TEST(Cli, CheckExamplesIsClean) {
  auto r = run_args({"check", k_examples});
  EXPECT_EQ(r.code, k_exit_ok) << r.out << r.err;
  EXPECT_NE(r.out.find("0 errors, 0 warnings"), std::string::npos) << r.out;
}

TEST(Cli, CheckReportsErrorsWithExitOne) {
  auto r = run_args({"check", k_bad});
  EXPECT_EQ(r.code, k_exit_findings);
  EXPECT_NE(r.out.find("bad.md:5:1: error: quiz has no options"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[quiz-without-options]"), std::string::npos);
  // The summary counts quiz items as `stats` does, and says how many cannot be scored.
  EXPECT_NE(r.out.find("1 file, 0 questions, 0 quiz items (1 more cannot be scored): 1 error, 0 warnings"),
            std::string::npos)
      << r.out;
}

TEST(Cli, StrictTurnsWarningsIntoFailure) {
  const std::string seed = PREPDECK_SHARED_DIR "/fixtures/seed/000_f53b7e45484371f1.txt";
  EXPECT_EQ(run_args({"check", seed}).code, k_exit_ok);
  EXPECT_EQ(run_args({"check", "--strict", seed}).code, k_exit_findings);
}

// The seed repairs mojibake on 52 lines: text output shows three and counts the
// rest; JSON keeps every one.
TEST(Cli, ARepeatedWarningIsShownThreeTimesThenCounted) {
  const std::string seed = PREPDECK_SHARED_DIR "/fixtures/seed/000_f53b7e45484371f1.txt";
  auto r = run_args({"check", seed});
  std::size_t shown = 0;
  for (std::size_t at = r.out.find("[mojibake-repaired]\n"); at != std::string::npos;
       at = r.out.find("[mojibake-repaired]\n", at + 1)) {
    ++shown;
  }
  EXPECT_EQ(shown, 3u) << r.out;
  EXPECT_NE(r.out.find("000_f53b7e45484371f1.txt: 49 more warnings like this [mojibake-repaired]"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("0 errors, 52 warnings"), std::string::npos);
  auto json = run_args({"check", "--format", "json", seed});
  std::size_t listed = 0;
  for (std::size_t at = json.out.find("\"mojibake-repaired\""); at != std::string::npos;
       at = json.out.find("\"mojibake-repaired\"", at + 1)) {
    ++listed;
  }
  EXPECT_EQ(listed, 52u);
}

TEST(Cli, CheckFormats) {
  auto json = run_args({"check", "--format", "json", k_bad});
  EXPECT_EQ(json.out.rfind("{\n  \"diagnostics\": [", 0), 0u) << json.out;
  auto github = run_args({"check", "--format=github", k_bad});
  EXPECT_NE(github.out.find("::error file="), std::string::npos);
  EXPECT_EQ(run_args({"check", "--format", "xml", k_bad}).code, k_exit_usage);
}

TEST(Cli, MissingInputIsAnIoError) {
  auto r = run_args({"check", "/nonexistent/guides"});
  EXPECT_EQ(r.code, k_exit_usage);
  EXPECT_NE(r.err.find("no such file or directory"), std::string::npos);
  // No summary that could read as a clean check.
  EXPECT_EQ(r.out.find("0 errors"), std::string::npos) << r.out;
}

// One voice: every error begins "prepdeck: " on stderr, flags get a did-you-mean too.
TEST(Cli, AnUnknownFlagGetsPrepdecksVoiceAndADidYouMean) {
  auto r = run_args({"check", "--frmat", "json", k_examples});
  EXPECT_EQ(r.code, k_exit_usage);
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_EQ(r.err.rfind("prepdeck: '--frmat' is not an option of 'check'. Did you mean '--format'?\n", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("Run 'prepdeck help check' for its options."), std::string::npos) << r.err;
  // Nothing near: no guess.
  r = run_args({"check", "--zzzzzzzzzz", k_examples});
  EXPECT_EQ(r.err.rfind("prepdeck: '--zzzzzzzzzz' is not an option of 'check'.\n", 0), 0u) << r.err;
}

TEST(Cli, BarePrepdeckPrintsAShortUsageOnStderr) {
  auto r = run_args({});
  EXPECT_EQ(r.code, k_exit_usage);
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_EQ(r.err.rfind("usage: prepdeck COMMAND", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("check, stats"), std::string::npos) << r.err;
}

TEST(Cli, HelpAndVersionAsGitHasThem) {
  auto top = run_args({"help"});
  EXPECT_EQ(top.code, k_exit_ok);
  EXPECT_NE(top.out.find("Usage: prepdeck [OPTIONS] [SUBCOMMAND]"), std::string::npos) << top.out;
  EXPECT_EQ(top.out, run_args({"--help"}).out);
  auto check = run_args({"help", "check"});
  EXPECT_EQ(check.code, k_exit_ok);
  EXPECT_EQ(check.out, run_args({"check", "--help"}).out);
  auto typo = run_args({"help", "chek"});
  EXPECT_EQ(typo.code, k_exit_usage);
  EXPECT_EQ(typo.err.rfind("prepdeck: 'chek' is not a prepdeck command. Did you mean 'check'?", 0), 0u) << typo.err;
  EXPECT_EQ(run_args({"help", "check", "stats"}).code, k_exit_usage);
  // "prepdeck 0.1.0 (commit, date)"
  auto version = run_args({"--version"});
  EXPECT_EQ(version.code, k_exit_ok);
  EXPECT_EQ(version.out.rfind("prepdeck " PREPDECK_TEST_VERSION " (", 0), 0u) << version.out;
  EXPECT_EQ(version.out, version_line() + "\n");
  EXPECT_NE(version_line().find(", "), std::string::npos);
}

// Counts have their nouns right, and the total row sits in the table's columns.
TEST(Cli, StatsTotalRowIsAlignedAndCountsReadRight) {
  const std::string one = std::string(k_examples) + "/docs/quiz/git.md";
  auto r = run_args({"stats", one});
  EXPECT_EQ(r.code, k_exit_ok) << r.err;
  std::vector<std::string> lines;
  for (std::size_t at = 0, nl; (nl = r.out.find('\n', at)) != std::string::npos; at = nl + 1)
    lines.push_back(r.out.substr(at, nl - at));
  ASSERT_EQ(lines.size(), 3u) << r.out;
  EXPECT_EQ(lines[2].rfind("total, 1 guide ", 0), 0u) << r.out;
  EXPECT_EQ(lines[0].size(), lines[1].size()) << r.out;
  EXPECT_EQ(lines[1].size(), lines[2].size()) << r.out;
  auto check = run_args({"check", one});
  EXPECT_NE(check.out.find("1 file, 0 questions, "), std::string::npos) << check.out;
  EXPECT_NE(check.out.find(": 0 errors, 0 warnings"), std::string::npos) << check.out;
}

// A guide of the bundled MkDocs project named on its own is read with its
// project: its snippets resolve, and its ids are the project's.
TEST(Cli, AGuideInsideAnMkdocsProjectIsReadWithItsProject) {
  auto r = run_args({"check", k_examples + "/docs/interview-questions/git.md"});
  EXPECT_EQ(r.code, k_exit_ok) << r.out;
  EXPECT_NE(r.out.find("1 file, 16 questions, 0 quiz items: 0 errors, 0 warnings"), std::string::npos) << r.out;
  auto json = run_args({"export", k_examples + "/docs/interview-questions/git.md"});
  EXPECT_NE(json.out.find("\"id\": \"interview-questions/git/q1\""), std::string::npos) << json.out.substr(0, 400);
}

// -q, --no-color and --color are accepted by every command (and subcommand).
TEST(Cli, EveryCommandTakesTheCommonFlags) {
  for (const Command& c : command_table()) {
    const auto help = run_args({"help", std::string(c.name)});
    EXPECT_EQ(help.code, k_exit_ok) << c.name;
    for (const char* flag : {"--quiet", "--no-color", "--color"})
      EXPECT_NE(help.out.find(flag), std::string::npos) << c.name << " lacks " << flag;
  }
  EXPECT_EQ(run_args({"check", "--no-color", "-q", k_examples}).code, k_exit_ok);
  EXPECT_EQ(run_args({"stats", "-q", "--color=never", k_examples}).code, k_exit_ok);
  EXPECT_EQ(run_args({"export", "-q", "--no-color", k_examples}).code, k_exit_ok);
  auto bad = run_args({"stats", "--color=sometimes", k_examples});
  EXPECT_EQ(bad.code, k_exit_usage);
  EXPECT_EQ(bad.err.rfind("prepdeck: --color: sometimes not in {auto,always,never}", 0), 0u) << bad.err;
  // --color=always colours even what is no terminal.
  auto coloured = run_args({"check", "--color=always", k_bad});
  EXPECT_NE(coloured.out.find("\x1b["), std::string::npos) << coloured.out;
  EXPECT_EQ(run_args({"check", k_bad}).out.find("\x1b["), std::string::npos);
}

// --format json (and --json) where a command reports: the output is JSON.
TEST(Cli, ReportingCommandsSpeakJson) {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"check", "--format", "json", k_examples},
                                               {"stats", "--format", "json", k_examples},
                                               {"export", k_examples}}) {
    const auto r = run_args(args);
    EXPECT_EQ(r.code, k_exit_ok) << args[0] << r.err;
    EXPECT_TRUE(nlohmann::json::accept(r.out)) << args[0] << ": " << r.out.substr(0, 200);
  }
  const std::string out = ::testing::TempDir() + "prepdeck-cli-json-site";
  const auto built = run_args({"build", k_examples, "-o", out, "--format", "json", "--force", "-q"});
  ASSERT_EQ(built.code, k_exit_ok) << built.err;
  const auto summary = nlohmann::json::parse(built.out);
  EXPECT_EQ(summary.at("pages"), 8);
  EXPECT_EQ(summary.at("questions"), 53);
  EXPECT_EQ(summary.at("unchanged"), false);
  const auto again = nlohmann::json::parse(run_args({"build", k_examples, "-o", out, "--json"}).out);
  EXPECT_EQ(again.at("unchanged"), true);
  std::filesystem::remove_all(out);
}

// A folder that would overwrite the guides is refused before any diagnostic.
TEST(Cli, ARefusedOutputFolderComesBeforeTheDiagnostics) {
  const auto r =
      run_args({"build", PREPDECK_SOURCE_DIR "/tests/cli/data", "-o", PREPDECK_SOURCE_DIR "/tests/cli/data/out"});
  EXPECT_EQ(r.code, k_exit_usage);
  EXPECT_EQ(r.err.rfind("prepdeck: will not write the site to ", 0), 0u) << r.err;
  EXPECT_EQ(r.err.find("error: quiz"), std::string::npos) << r.err;
}

TEST(Cli, StatsJsonShape) {
  auto r = run_args({"stats", "--format", "json", k_examples});
  EXPECT_EQ(r.code, k_exit_ok);
  EXPECT_NE(r.out.find("\"questions\": 53"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"quizzes\": 35"), std::string::npos) << r.out;
}

TEST(Cli, ExportJson) {
  auto r = run_args({"export", "--format", "json", k_examples});
  EXPECT_EQ(r.code, k_exit_ok);
  EXPECT_EQ(r.out.rfind("{\n  \"schema\": \"prepdeck.guides/1\"", 0), 0u);
}

// Issue 12, defect 9: -o onto a device replaced it with a regular file.
TEST(Cli, ExportOntoADeviceWritesThroughItAndOntoAFolderFails) {
  const std::string dir = ::testing::TempDir() + "prepdeck-cli-export";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string device = "/dev/null";
  if (::mknod((dir + "/null").c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0) device = dir + "/null";  // as root
  auto r = run_args({"export", k_examples, "-o", device});
  EXPECT_EQ(r.code, k_exit_ok) << r.err;
  struct stat st {};
  ASSERT_EQ(::lstat(device.c_str(), &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode)) << device << " is no longer a device";
  r = run_args({"export", k_examples, "-o", dir});
  EXPECT_EQ(r.code, k_exit_usage);
  EXPECT_NE(r.err.find("is a directory"), std::string::npos) << r.err;
  r = run_args({"export", k_examples, "-o", "-"});
  EXPECT_EQ(r.code, k_exit_ok);
  EXPECT_EQ(r.out.rfind("{\n  \"schema\"", 0), 0u);
  std::filesystem::remove_all(dir);
}

TEST(Cli, UnknownCommandSuggestsTheNearest) {
  auto r = run_args({"chek", "x"});
  EXPECT_EQ(r.code, k_exit_usage);
  EXPECT_NE(r.err.find("Did you mean 'check'?"), std::string::npos) << r.err;
  EXPECT_EQ(suggest_command("stat"), "stats");
  EXPECT_EQ(suggest_command("zzzzzzzz"), "");
}

TEST(Cli, HelpListsEveryCommandFromTheTable) {
  auto r = run_args({"--help"});
  EXPECT_EQ(r.code, k_exit_ok);
  for (const auto& c : command_table()) EXPECT_NE(r.out.find(std::string(c.name)), std::string::npos);
  EXPECT_EQ(run_args({}).code, k_exit_usage);
  EXPECT_EQ(run_args({"check"}).code, k_exit_usage);
}

TEST(Cli, BuildWritesTheSiteAndRefusesTheSourceTree) {
  const std::string out = ::testing::TempDir() + "prepdeck-cli-build";
  std::filesystem::remove_all(out);
  auto r = run_args({"build", k_examples, "-o", out});
  EXPECT_EQ(r.code, k_exit_ok) << r.err;
  EXPECT_NE(r.out.find("Built 8 pages (53 questions) into " + out), std::string::npos) << r.out;
  EXPECT_TRUE(std::filesystem::exists(out + "/interview-questions/git.html"));
  EXPECT_TRUE(std::filesystem::exists(out + "/assets/prepdeck.js"));
  std::filesystem::remove_all(out);

  r = run_args({"build", k_examples, "-o", k_examples + "/docs/site"});
  EXPECT_EQ(r.code, k_exit_usage);
  EXPECT_NE(r.err.find("will not write the site"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(k_examples + "/docs/site"));
}

TEST(Cli, BuildStrictBuildsNothingWhenThereAreFindings) {
  const std::string out = ::testing::TempDir() + "prepdeck-cli-strict";
  std::filesystem::remove_all(out);
  auto r = run_args({"build", "--strict", k_bad, "-o", out});
  EXPECT_EQ(r.code, k_exit_findings);
  EXPECT_NE(r.err.find("[quiz-without-options]"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));
  // Without --strict the page is built anyway, and the problem is still printed.
  r = run_args({"build", k_bad, "-o", out});
  EXPECT_EQ(r.code, k_exit_ok) << r.err;
  EXPECT_NE(r.err.find("[quiz-without-options]"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(out + "/bad.html"));
  std::filesystem::remove_all(out);
}

// A second build with nothing changed leaves the site as it is and tells the
// same; a change to a page, to the site, or --force builds again.
TEST(Cli, BuildLeavesAnUnchangedSiteAsItIs) {
  const std::string dir = ::testing::TempDir() + "prepdeck-cli-rebuild";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir + "/docs");
  std::filesystem::copy_file(k_bad, dir + "/docs/bad.md");
  const std::string out = dir + "/out";
  const auto build = [&](std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"build", dir + "/docs", "-o", out};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_args(args);
  };
  auto r = build();
  ASSERT_EQ(r.code, k_exit_ok) << r.err;
  EXPECT_EQ(r.out.find("nothing changed"), std::string::npos) << r.out;
  r = build();
  EXPECT_EQ(r.code, k_exit_ok) << r.err;
  EXPECT_NE(r.out.find("Built 1 page (0 questions) into " + out), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(nothing changed since its last build): 1 error, 0 warnings"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("[quiz-without-options]"), std::string::npos) << r.err;  // told again
  // --strict still refuses, from the stamp alone.
  EXPECT_EQ(build({"--strict"}).code, k_exit_findings);
  r = build({"--force"});
  EXPECT_EQ(r.out.find("nothing changed"), std::string::npos) << r.out;
  // A page edited, a file added beside it, a page of the site removed: built again.
  std::ofstream(dir + "/docs/bad.md", std::ios::app) << "\nMore text.\n";
  EXPECT_EQ(build().out.find("nothing changed"), std::string::npos);
  EXPECT_NE(build().out.find("nothing changed"), std::string::npos);
  std::ofstream(dir + "/docs/style.css") << "p{}";
  EXPECT_EQ(build().out.find("nothing changed"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(out + "/style.css"));
  std::filesystem::remove(out + "/bad.html");
  r = build();
  EXPECT_EQ(r.out.find("nothing changed"), std::string::npos) << r.out;
  EXPECT_TRUE(std::filesystem::exists(out + "/bad.html"));
  std::filesystem::remove_all(dir);
}

TEST(Cli, MaxFileSize) {
  auto r = run_args({"check", "--max-file-size", "1K", PREPDECK_SHARED_DIR "/fixtures/seed/000_f53b7e45484371f1.txt"});
  EXPECT_EQ(r.code, k_exit_findings);
  EXPECT_NE(r.out.find("[file-too-large]"), std::string::npos);
  EXPECT_EQ(run_args({"check", "--max-file-size", "lots", k_examples}).code, k_exit_usage);
}

}  // namespace
}  // namespace prepdeck::cli
