// What `prepdeck export` hands a format (exporter::ExportInput), made from
// loaded guides: each item's HTML as the guide's site renders it (the site's
// Markdown extensions), images packed as media for the formats that pack
// them, when each guide last changed, and the collection's title.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "export/exporter.h"
#include "guide/guide_set.h"
#include "source/file_system.h"

namespace prepdeck::cli {

struct ExportSettings {
  std::string title;                // --title; empty: the site's name, else the input's
  std::vector<std::string> inputs;  // as given, for the default title
  std::uint64_t max_media_bytes = 16 << 20;
  unsigned jobs = 0;
};

// Problems packing media are reported on `err` (the export goes on without them).
// The times are SOURCE_DATE_EPOCH when set (reproducible builds), else each
// guide file's modification time.
exporter::ExportInput export_input(const guide::GuideSet& set, const exporter::Exporter& format,
                                   const source::FileSystem& fs, const ExportSettings& settings, std::ostream& err);

}  // namespace prepdeck::cli
