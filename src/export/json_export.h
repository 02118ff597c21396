// The guides as JSON (`prepdeck export --format json`, README documents it):
//   {"schema":"prepdeck.guides/1","guides":[...]}
// Keys keep the documented order; the same input always gives the same bytes.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "export/exporter.h"
#include "guide/model.h"

namespace prepdeck::exporter {

using Json = nlohmann::ordered_json;

inline constexpr const char* k_guides_schema = "prepdeck.guides/1";

Json guide_to_json(const guide::Guide& guide);
Json guides_to_json(const std::vector<guide::Guide>& guides);
Json diagnostic_to_json(const util::Diagnostic& diagnostic);

// The `json` format: guides_to_json of the input, dumped.
util::Expected<Exported> write_json(const ExportInput& input);

// Pretty-printed with two spaces and a final newline; invalid UTF-8 is replaced, never thrown on.
std::string dump(const Json& json);

}  // namespace prepdeck::exporter
