#include "export/analytics_csv.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "export/csv.h"

#include "guide/guide_set.h"

namespace prepdeck::exporter {
namespace {

TEST(AnalyticsCsv, FieldsAreQuotedAndFormulasDefused) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\r\nlines"), "\"two\r\nlines\"");
  for (const char* formula : {"=1+1", "+1", "-1", "@SUM(A1)"})
    EXPECT_EQ(csv_field(formula), std::string("'") + formula) << formula;
  EXPECT_EQ(csv_field("=HYPERLINK(\"x\",\"y\")"), "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
  EXPECT_EQ(csv_field(""), "");
}

TEST(AnalyticsCsv, ARowPerQuestionWithItsStatsOrBlanks) {
  guide::GuideSet set;
  guide::Guide g;
  g.path = "linux.md";
  guide::Question seen;
  seen.id = "linux/pid";
  seen.title = "What is a PID, really?";
  seen.level = guide::Level::beginner;
  guide::Question unseen;
  unseen.id = "linux/=cmd";
  unseen.title = "=cmd";
  g.questions = {seen, unseen};
  set.guides.push_back(g);
  store::QuestionStats stats;
  stats.question_id = "linux/pid";
  stats.reveals = 7;
  stats.knew = 3;
  stats.review = 1;
  stats.cards = 2;
  stats.mean_difficulty = 5.25;
  const std::string csv = analytics_csv(set, {stats}, {});
  EXPECT_EQ(csv,
            "kind,id,guide,title,level,attempts_or_reveals,share_right_or_knew,discrimination_or_difficulty,"
            "option_picks,flags\r\n"
            "question,linux/pid,linux.md,\"What is a PID, really?\",beginner,7,0.750,5.25,,\r\n"
            "question,linux/=cmd,linux.md,'=cmd,unspecified,0,,,,\r\n");
}

}  // namespace
}  // namespace prepdeck::exporter
