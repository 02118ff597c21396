// The JSON that `prepdeck stats --format json` and `prepdeck check --format
// json` print (README documents them):
//   stats:  {"guides","questions","quizzes","levels":{...},"errors","warnings"}
//   check:  {"diagnostics":[...],"errors","warnings","files"}
// Keys keep the documented order; the same input always gives the same bytes.
#pragma once

#include <cstddef>
#include <vector>

#include "export/json_export.h"
#include "guide/stats.h"
#include "util/diagnostic.h"

namespace prepdeck::cli {

exporter::Json stats_to_json(const guide::Stats& stats);
exporter::Json check_to_json(const std::vector<util::Diagnostic>& diagnostics, std::size_t files);

}  // namespace prepdeck::cli
