#include "tui/answer_view.h"

#include <gtest/gtest.h>

#include "tests/guide/parse_helper.h"

namespace prepdeck::tui {
namespace {

// A nested reveal shows as itself in the terminal too: its title as a line,
// its content indented under it, never the `???` line as text.
TEST(AnswerView, NestedBlocksShowUnderTheirTitles) {
  const guide::Guide g = guide::testing::parse_text(
      "??? question \"1. What does a Pod share?\"\n"
      "    Think first.\n\n"
      "    ??? success \"Reveal the answer\"\n"
      "        The network.\n\n"
      "    ✔ **Why:** Because.\n\n"
      "    ✅ right\n");
  ASSERT_EQ(g.questions.size(), 1u);
  const std::string text = answer_text(g.questions[0], TextStyle{Color::off, 60});
  EXPECT_EQ(text,
            "Think first.\n"
            "\n"
            "\xE2\x96\xB8 Reveal the answer\n"
            "  The network.\n"
            "\n"
            "\xE2\x9C\x94 Why\n"
            "   Because.\n"
            "\n"
            "\xE2\x9C\x94 right\n");
}

}  // namespace
}  // namespace prepdeck::tui
