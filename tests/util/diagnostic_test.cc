#include "util/diagnostic.h"

#include <gtest/gtest.h>

namespace prepdeck::util {
namespace {

Diagnostic sample() {
  Diagnostic d;
  d.file = "guide.md";
  d.line = 3;
  d.column = 5;
  d.severity = Severity::error;
  d.code = "empty-answer";
  d.message = "question has no answer";
  d.source_line = "    ??? question";
  return d;
}

TEST(Diagnostic, TextShowsLocationCodeAndCaret) {
  EXPECT_EQ(format_text(sample()),
            "guide.md:3:5: error: question has no answer [empty-answer]\n"
            "      ??? question\n"
            "      ^\n");
}

TEST(Diagnostic, TextWithoutLocation) {
  Diagnostic d = sample();
  d.line = 0;
  d.column = 0;
  d.severity = Severity::warning;
  EXPECT_EQ(format_text(d), "guide.md: warning: question has no answer [empty-answer]\n");
}

TEST(Diagnostic, CaretKeepsTabsAndWideCharacters) {
  Diagnostic d = sample();
  d.source_line = "\t🧠x";
  d.column = 3;
  EXPECT_EQ(format_text(d).substr(format_text(d).rfind('\n', format_text(d).size() - 2) + 1), "  \t  ^\n");
}

TEST(Diagnostic, GithubEscapesSpecialCharacters) {
  Diagnostic d = sample();
  d.message = "50% done\nnext";
  d.file = "a,b.md";
  EXPECT_EQ(format_github(d), "::error file=a%2Cb.md,line=3,col=5,title=empty-answer::50%25 done%0Anext\n");
}

TEST(Diagnostic, SortAndCount) {
  std::vector<Diagnostic> all = {sample(), sample()};
  all[0].line = 9;
  all[1].severity = Severity::warning;
  sort_diagnostics(all);
  EXPECT_EQ(all[0].line, 3u);
  const auto counts = count(all);
  EXPECT_EQ(counts.errors, 1u);
  EXPECT_EQ(counts.warnings, 1u);
}

}  // namespace
}  // namespace prepdeck::util
