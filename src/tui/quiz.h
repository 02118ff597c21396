// `prepdeck quiz`: the <quiz> items of the guides given, in the terminal:
// one answer, several answers or the missing words; feedback with the right
// answer and the explanation after each (or all at the end in exam mode); a
// score, a level verdict (the static site's rule) and the strongest and
// weakest sections; the attempt saved. Guides without quiz items give a
// self-check quiz of their own questions: think, reveal, say whether you knew it.
#pragma once

#include <chrono>
#include <optional>

#include "engine/quiz_session.h"
#include "guide/guide_set.h"
#include "store/store.h"
#include "tui/console.h"
#include "util/time.h"

namespace prepdeck::tui {

// The session's options; `order` shuffles the items and their options alike
// (--shuffle), and the seed is taken from the clock.
using QuizOptions = engine::QuizSessionOptions;

struct QuizOutcome {
  double score = 0;
  std::size_t answered = 0;
  std::size_t items = 0;
  guide::Level verdict = guide::Level::beginner;
  bool interrupted = false;
  bool self_check = false;
};

util::Expected<QuizOutcome> run_quiz(const guide::GuideSet& guides, store::Store& store, Console& console,
                                     const util::Clock& clock, const QuizOptions& options);

}  // namespace prepdeck::tui
