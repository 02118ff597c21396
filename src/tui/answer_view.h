// A question's answer for the terminal: its Markdown laid out, the callouts
// (✔ 💡 ⚠️ 📌) with their labels in colour, and a multiple-choice question's
// options with the right ones marked. Shared by study and the level test.
#pragma once

#include <string>
#include <string_view>

#include "guide/model.h"
#include "tui/terminal_text.h"

namespace prepdeck::tui {

std::string answer_text(const guide::Question& question, const TextStyle& style);

// Inline Markdown (a title, a hint, a quiz option) as one styled line.
std::string inline_text(std::string_view markdown, const Ansi& ansi);

// A grade's name from the learner's words: 1 "Again" ... 4 "Easy".
std::string grade_name(int rating);

// The grades as a terminal offers them: "1 Again, 2 Hard, 3 Good, 4 Easy".
std::string grade_choices();

// "Beginner", "Intermediate", "Advanced", or "" for unspecified.
std::string level_label(guide::Level level);

}  // namespace prepdeck::tui
