// The chart of a guide's learners by their latest verified level (GET
// /api/levels.svg, shown beside the guide's comments): three bars in SVG.
#pragma once

#include <string>
#include <vector>

namespace prepdeck::render {

// `levels`: one verdict per learner ("beginner", "intermediate", "advanced";
// others are not counted). Self-contained SVG text with a <title> for screen readers.
std::string level_chart_svg(const std::vector<std::string>& levels);

}  // namespace prepdeck::render
