// `prepdeck level`: the adaptive placement test in the terminal. The bank is
// every quiz item (scored automatically) and every study question (graded by
// the learner: Again and Hard count as wrong, Good and Easy as right) of the
// guides given; each guide is a section the test keeps in balance. It ends
// like "Your level: Intermediate (θ = 0.35 ± 0.38). Strongest: CI/CD.
// Weakest: Containers." and saves the result.
#pragma once

#include "engine/placement.h"
#include "guide/guide_set.h"
#include "store/store.h"
#include "tui/console.h"
#include "util/time.h"

namespace prepdeck::tui {

struct LevelOutcome {
  engine::AbilityEstimate estimate;
  guide::Level verdict = guide::Level::beginner;
  int asked = 0;
  bool interrupted = false;
  bool saved = false;
  engine::LevelWords words;        // the result as it was said
  std::string strongest, weakest;  // topics, when they went differently
};

util::Expected<LevelOutcome> run_level(const guide::GuideSet& guides, store::Store& store, Console& console,
                                       const util::Clock& clock, engine::PlacementOptions options,
                                       const std::string& scope);

}  // namespace prepdeck::tui
