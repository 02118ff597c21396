// Anki's plain-text notes (File > Export > "Notes in Plain Text", and what
// File > Import reads; prepdeck's `--format anki-text`), read into an
// AnkiDeck: the file's headers (#separator, #html, #columns, #deck, #tags,
// #notetype, #guid column, #notetype column, #deck column, #tags column), then
// one note a line, fields quoted as CSV quotes them ("" inside quotes, line
// breaks allowed). Without headers: tab-separated Front and Back. Fields of
// a file without #html:true are text, made HTML here so the rest of the
// import treats every deck alike.
#pragma once

#include <string_view>

#include "import/anki_deck.h"

namespace prepdeck::importer {

// Fails only on input that cannot be notes at all (no line with two fields).
util::Expected<AnkiDeck> read_anki_text(std::string_view text, std::string_view default_deck);

}  // namespace prepdeck::importer
