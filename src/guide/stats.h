// Counts over a set of guides: what `prepdeck stats` prints.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <vector>

#include "guide/model.h"

namespace prepdeck::guide {

struct Stats {
  std::size_t guides = 0;  // pages that could be read
  std::size_t questions = 0;
  std::size_t quizzes = 0;              // valid quiz items only
  std::array<std::size_t, 4> levels{};  // indexed by Level
  std::size_t errors = 0;
  std::size_t warnings = 0;
};

// `extra` holds diagnostics that belong to no guide (mkdocs.yml, nav).
Stats compute_stats(std::span<const Guide> guides, const std::vector<util::Diagnostic>& extra = {});

}  // namespace prepdeck::guide
