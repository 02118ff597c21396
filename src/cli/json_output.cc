#include "cli/json_output.h"

namespace prepdeck::cli {

exporter::Json stats_to_json(const guide::Stats& s) {
  exporter::Json j;
  j["guides"] = s.guides;
  j["questions"] = s.questions;
  j["quizzes"] = s.quizzes;
  exporter::Json levels;
  levels["beginner"] = s.levels[static_cast<std::size_t>(guide::Level::beginner)];
  levels["intermediate"] = s.levels[static_cast<std::size_t>(guide::Level::intermediate)];
  levels["advanced"] = s.levels[static_cast<std::size_t>(guide::Level::advanced)];
  levels["unspecified"] = s.levels[static_cast<std::size_t>(guide::Level::unspecified)];
  j["levels"] = std::move(levels);
  j["errors"] = s.errors;
  j["warnings"] = s.warnings;
  return j;
}

exporter::Json check_to_json(const std::vector<util::Diagnostic>& diagnostics, std::size_t files) {
  const auto counts = util::count(diagnostics);
  exporter::Json j;
  exporter::Json list = exporter::Json::array();
  for (const auto& d : diagnostics) list.push_back(exporter::diagnostic_to_json(d));
  j["diagnostics"] = std::move(list);
  j["errors"] = counts.errors;
  j["warnings"] = counts.warnings;
  j["files"] = files;
  return j;
}

}  // namespace prepdeck::cli
