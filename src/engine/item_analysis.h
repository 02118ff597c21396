// Classical item analysis of the quizzes, for authors: per quiz item, how
// many answered it, the share right, its point-biserial discrimination (how
// well it separates learners who do well on the rest of the quiz from those
// who do not), how often each option is picked; and flags for items to look
// at: observed difficulty that contradicts the level tag, distractors nobody
// picks, items everyone misses.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/quiz_session.h"
#include "guide/guide_set.h"
#include "store/store.h"

namespace prepdeck::engine {

struct ItemAnalysis {
  const guide::Guide* guide = nullptr;
  const guide::QuizItem* item = nullptr;
  guide::Level level = guide::Level::unspecified;  // as the verdicts take it (QuizItemLevels)
  int attempts = 0;
  double share_correct = 0;
  // Point-biserial correlation of this item with the rest score of its
  // attempts; nothing when it is undefined (everyone right, or everyone wrong,
  // or every rest score equal) or rests on fewer than 2 attempts.
  std::optional<double> discrimination;
  std::vector<int> option_picks;  // per option as written; empty for fill-in
  std::vector<std::string> flags;
};

struct AnalysisOptions {
  int min_attempts = 5;  // flags need at least this many answers
};

// Every valid quiz item of `guides`, in guide order, from the stored responses.
std::vector<ItemAnalysis> analyse_items(const guide::GuideSet& guides, const std::vector<store::ResponseRow>& rows,
                                        const AnalysisOptions& options = {});

// The point-biserial correlation of `right` (0/1) with `scores`; nothing when undefined.
std::optional<double> point_biserial(const std::vector<bool>& right, const std::vector<double>& scores);

}  // namespace prepdeck::engine
