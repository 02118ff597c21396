#include "cli/progress.h"

#include <sstream>

#include <gtest/gtest.h>

namespace prepdeck::cli {
namespace {

TEST(Progress, LineShowsCellsAndCounts) {
  EXPECT_EQ(progress_line("Rendering", 0, 4, 8), "Rendering [........] 0/4");
  EXPECT_EQ(progress_line("Rendering", 1, 4, 8), "Rendering [##......] 1/4");
  EXPECT_EQ(progress_line("Rendering", 4, 4, 8), "Rendering [########] 4/4");
  EXPECT_EQ(progress_line("Rendering", 0, 0, 4), "Rendering [####] 0/0");
}

TEST(Progress, RedrawsOnlyWhenTheBarMovesAndErasesItselfAtTheEnd) {
  std::ostringstream out;
  {
    ProgressBar bar(out, "Rendering", true);
    for (std::size_t i = 1; i <= 300; ++i) bar.update(i, 300);
  }
  const std::string text = out.str();
  std::size_t draws = 0;
  for (std::size_t at = text.find("Rendering"); at != std::string::npos; at = text.find("Rendering", at + 1)) ++draws;
  EXPECT_EQ(draws, 31u);  // the empty bar, then one per cell of 30: not one per page
  EXPECT_NE(text.find("300/300"), std::string::npos);
  EXPECT_EQ(text.substr(text.size() - 4), "\r\x1b[K");  // the line is cleared
}

TEST(Progress, DisabledDrawsNothing) {
  std::ostringstream out;
  ProgressBar bar(out, "Rendering", false);
  bar.update(1, 2);
  bar.finish();
  EXPECT_TRUE(out.str().empty());
}

}  // namespace
}  // namespace prepdeck::cli
