// The bank of the adaptive level test, the same for every front end: every
// valid quiz item (scored) and every study question (self-graded), each with
// its difficulty from its level and its topic: a guide and its quiz page are
// one topic (interview-questions/git.md and quiz/git.md), named after the
// study guide without a trailing "Interview Questions" or "Quiz".
#pragma once

#include <string>
#include <vector>

#include "engine/fsrs.h"
#include "engine/placement.h"
#include "guide/guide_set.h"
#include "store/store.h"

namespace prepdeck::engine {

struct BankEntry {
  const guide::Guide* guide = nullptr;
  const guide::QuizItem* quiz = nullptr;      // a quiz item, scored...
  const guide::Question* question = nullptr;  // ...or a study question, self-graded
  std::string topic;
};

struct LevelBank {
  std::vector<BankEntry> entries;
  std::vector<PlacementItem> items;  // parallel to entries
};

LevelBank make_level_bank(const guide::GuideSet& guides);

// What the store keeps of a finished (or stopped) test.
store::LevelResult level_result(const Placement& test, const std::string& scope, Time taken);

}  // namespace prepdeck::engine
