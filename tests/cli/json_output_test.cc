#include "cli/json_output.h"

#include <gtest/gtest.h>

namespace prepdeck::cli {
namespace {

TEST(JsonOutput, ShapeOfStats) {
  guide::Stats s;
  s.guides = 2;
  s.questions = 5;
  s.levels[static_cast<std::size_t>(guide::Level::advanced)] = 5;
  EXPECT_EQ(stats_to_json(s).dump(),
            R"({"guides":2,"questions":5,"quizzes":0,"levels":{"beginner":0,"intermediate":0,"advanced":5,)"
            R"("unspecified":0},"errors":0,"warnings":0})");
}

TEST(JsonOutput, ShapeOfCheck) {
  util::Diagnostic warning;
  warning.file = "a.md";
  warning.line = 3;
  warning.column = 5;
  warning.severity = util::Severity::warning;
  warning.code = "link-missing";
  warning.message = "no such page";
  const exporter::Json j = check_to_json({warning}, 4);
  EXPECT_EQ(j.dump(),
            R"({"diagnostics":[{"file":"a.md","line":3,"column":5,"severity":"warning","code":"link-missing",)"
            R"("message":"no such page"}],"errors":0,"warnings":1,"files":4})");
}

}  // namespace
}  // namespace prepdeck::cli
