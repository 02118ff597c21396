// `prepdeck progress`: what is due today and this week, reviews per day over
// the last twelve weeks as a small heatmap, retention, and the level history;
// or, as JSON, every card's memory state.
#pragma once

#include <optional>
#include <set>
#include <string>

#include "store/store.h"
#include "tui/terminal_text.h"
#include "util/time.h"

namespace prepdeck::tui {

struct ProgressScope {
  // The card ids of the guides asked about, or every card when empty.
  std::optional<std::set<std::string>> cards;
  std::size_t questions = 0;  // questions in those guides (for "not yet seen")
};

util::Expected<std::string> progress_text(store::Store& store, const ProgressScope& scope, util::Time now,
                                          const TextStyle& style);
util::Expected<std::string> progress_json(store::Store& store, const ProgressScope& scope, util::Time now);

}  // namespace prepdeck::tui
