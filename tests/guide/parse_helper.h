// Test helper: parse Markdown text held in memory as one guide.
#pragma once

#include <string>

#include "guide/parser.h"
#include "source/file_system.h"
#include "source/site_loader.h"

namespace prepdeck::guide::testing {

inline Guide parse_text(const std::string& text, const std::string& path = "guide.md") {
  source::MemoryFileSystem fs;
  fs.add_file(path, text);
  auto site = source::discover_site(fs, path);
  const auto doc = source::load_document(fs, *site, site->pages[0], {});
  Guide g = parse_guide(doc);
  // Tests see the path relative to the root, as an MkDocs site would give it.
  return g;
}

inline std::vector<std::string> codes_of(const Guide& g) {
  std::vector<std::string> out;
  for (const auto& d : g.diagnostics) out.emplace_back(d.code);
  return out;
}

}  // namespace prepdeck::guide::testing
