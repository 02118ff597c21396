// A quiz item in the terminal, shared by `quiz` and `level`: the stem (a
// fill-in's blanks shown as numbered gaps) and the options numbered in the
// order shown; reading an answer (a number for one answer, numbers for
// several, text for each blank); and the feedback after it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/quiz_session.h"
#include "guide/guide_set.h"
#include "guide/model.h"
#include "tui/console.h"

namespace prepdeck::tui {

std::string quiz_item_text(const guide::QuizItem& item, const std::vector<std::size_t>& order, const TextStyle& style);

struct ReadAnswer {
  enum class Kind { answer, quit, interrupt } kind = Kind::answer;
  engine::QuizAnswer answer;
  std::string as_typed;  // for the stored response
};

// Reads until a well-formed answer, `q`, the end of input or Ctrl-C. One
// answer: on a terminal a digit key answers at once.
ReadAnswer read_quiz_answer(Console& console, const guide::QuizItem& item, const std::vector<std::size_t>& order);

// "✔ Right." or "✘ Wrong.", the right answer, the chosen option's feedback and
// the explanation.
std::string quiz_feedback(const guide::QuizItem& item, const engine::QuizAnswer& answer, const engine::ItemScore& score,
                          const std::vector<std::size_t>& order, const TextStyle& style);

// A line read on a terminal in raw mode, echoed, with backspace; a line as
// it is otherwise. Nothing at the end of input or on Ctrl-C.
std::optional<Input> read_text_line(Console& console);

}  // namespace prepdeck::tui
