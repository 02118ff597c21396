// `prepdeck study`: the review queue in the terminal. Due cards first (the
// most overdue first), then up to `new_per_day` new questions a day, in guide
// order; learning steps that come due during the session are shown again.
// Each card shows its guide, section, level and hint and waits: a key reveals
// the answer (its Markdown laid out in colour), then 1-4 grade it with the
// next interval shown for each. Every grade is committed to the store before
// the next card appears; `u` takes the last one back; `q` (or Ctrl-C, or the
// end of input) ends with a summary.
#pragma once

#include <string>
#include <vector>

#include "engine/fsrs.h"
#include "guide/guide_set.h"
#include "store/store.h"
#include "tui/console.h"
#include "util/time.h"

namespace prepdeck::tui {

struct StudyOptions {
  int new_per_day = 20;
  engine::FsrsParameters fsrs;
};

struct StudySummary {
  int reviewed = 0;
  int again = 0;
  int hard = 0;
  int good = 0;
  int easy = 0;
  bool interrupted = false;
};

// Runs the session; fails only when the store does.
util::Expected<StudySummary> run_study(const guide::GuideSet& guides, store::Store& store, Console& console,
                                       const util::Clock& clock, const StudyOptions& options);

}  // namespace prepdeck::tui
