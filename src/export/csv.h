// CSV fields and the CSV formats: the guides' items one per row (`csv`),
// the same as Anki's text import reads it (`anki-text`), and author
// analytics (`analytics-csv`). RFC 4180: quoted fields, CRLF line ends.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "export/exporter.h"

namespace prepdeck::exporter {

// How a cell may be read. spreadsheet: a leading =, +, - or @ gets a ' before
// it so a spreadsheet does not run it as a formula; plain: kept as it is
// (for tools that import text, not formulas).
enum class Cells : std::uint8_t { spreadsheet, plain };

// A CSV field: quoted when it holds the separator, a quote or a line break.
std::string csv_field(std::string_view text, Cells cells = Cells::spreadsheet, char separator = ',');

// id, kind, guide, section, level, title, hint, answer, choices, explanation:
// a row per question and per quiz item that can be scored, Markdown as written.
util::Expected<Exported> write_csv(const ExportInput& input);

// Anki's text import (File > Import, Anki 2.1.54 and later reads the
// headers): tab-separated GUID, note type, deck, front, back and tags, the
// fields in the site's HTML. Questions and choice items are "Basic" notes,
// fill-in items "Cloze" notes.
util::Expected<Exported> write_anki_text(const ExportInput& input);

// The analytics CSV (export/analytics_csv.h) of ExportInput::analytics.
util::Expected<Exported> write_analytics_csv(const ExportInput& input);

}  // namespace prepdeck::exporter
