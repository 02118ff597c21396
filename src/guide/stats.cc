#include "guide/stats.h"

namespace prepdeck::guide {

Stats compute_stats(std::span<const Guide> guides, const std::vector<util::Diagnostic>& extra) {
  Stats stats;
  auto add = [&stats](const std::vector<util::Diagnostic>& diagnostics) {
    const auto counts = util::count(diagnostics);
    stats.errors += counts.errors;
    stats.warnings += counts.warnings;
  };
  for (const auto& g : guides) {
    if (g.readable) ++stats.guides;
    stats.questions += g.questions.size();
    for (const auto& q : g.questions) ++stats.levels[static_cast<std::size_t>(q.level)];
    for (const auto& quiz : g.quizzes) {
      if (quiz.valid) ++stats.quizzes;
    }
    add(g.diagnostics);
  }
  add(extra);
  return stats;
}

}  // namespace prepdeck::guide
