#include "render/level_chart.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace prepdeck::render {
namespace {

TEST(LevelChart, ThreeBarsScaledToTheLargestWithACountEach) {
  const std::string svg = level_chart_svg({"beginner", "advanced", "advanced", "advanced", "unknown", ""});
  EXPECT_TRUE(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_TRUE(svg.ends_with("</svg>\n"));
  EXPECT_NE(svg.find("<title id=\"t\">Levels of this guide's learners: 1 beginner, 0 intermediate, 3 advanced</title>"),
            std::string::npos);
  EXPECT_NE(svg.find("width=\"200\" height=\"18\" rx=\"3\" fill=\"#c62828\""), std::string::npos);  // the largest bar
  EXPECT_NE(svg.find("width=\"66\" height=\"18\" rx=\"3\" fill=\"#1b7f3b\""), std::string::npos);   // a third of it
  EXPECT_NE(svg.find("width=\"2\" height=\"18\" rx=\"3\" fill=\"#9a6700\""), std::string::npos);    // none: a sliver
  EXPECT_EQ(svg.find("No levels yet."), std::string::npos);
}

TEST(LevelChart, NoLearnersSaySo) {
  const std::string svg = level_chart_svg({});
  EXPECT_NE(svg.find("0 beginner, 0 intermediate, 0 advanced"), std::string::npos);
  EXPECT_NE(svg.find("No levels yet."), std::string::npos);
}

}  // namespace
}  // namespace prepdeck::render
