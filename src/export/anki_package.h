// Anki's deck package (.apkg; Anki: File > Import): a ZIP holding
// `collection.anki2` (the SQLite collection of Anki 2.1's schema 11, `col.ver`
// 11, with its note types, decks and deck options as JSON in the `col` row),
// `media` (the JSON map from entry number to file name) and the media files.
//
// One deck per guide, under the collection's title, with a sub-deck per
// section ("Title::Guide::Section"); the note types of export/anki_fields.h
// with prepdeck's card styles; tags for the level and the section. Note GUIDs
// come from the items' stable ids, so importing an export of an edited guide
// updates its notes instead of adding them again; a note's modification time
// is its guide's (ExportInput::modified), so Anki's "update if newer" sees
// the edit. The same input gives the same bytes.
#pragma once

#include "export/exporter.h"

namespace prepdeck::exporter {

util::Expected<Exported> write_anki_package(const ExportInput& input);

// The note type ids prepdeck's packages use (stable: a second import finds
// the note types of the first).
inline constexpr std::int64_t k_anki_question_model = 1733000000001;
inline constexpr std::int64_t k_anki_choice_model = 1733000000002;
inline constexpr std::int64_t k_anki_cloze_model = 1733000000003;

// Anki's note checksum: the first 8 hex digits of the SHA-1 of the sort field's text, as a number.
std::int64_t anki_checksum(std::string_view text);

}  // namespace prepdeck::exporter
