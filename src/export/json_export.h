// JSON shapes that users and later features build on (README documents them):
//   export: {"schema":"prepdeck.guides/1","guides":[...]}
//   stats:  {"guides","questions","quizzes","levels":{...},"errors","warnings"}
//   check:  {"diagnostics":[...],"errors","warnings","files"}
// Keys keep the documented order; the same input always gives the same bytes.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "guide/model.h"
#include "guide/stats.h"

namespace prepdeck::exporter {

using Json = nlohmann::ordered_json;

inline constexpr const char* k_guides_schema = "prepdeck.guides/1";

Json guide_to_json(const guide::Guide& guide);
Json guides_to_json(const std::vector<guide::Guide>& guides);
Json stats_to_json(const guide::Stats& stats);
Json diagnostic_to_json(const util::Diagnostic& diagnostic);

// Pretty-printed with two spaces and a final newline; invalid UTF-8 is replaced, never thrown on.
std::string dump(const Json& json);

}  // namespace prepdeck::exporter
