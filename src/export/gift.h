// Moodle's GIFT format (Question bank > Import > GIFT), in the site's HTML
// (each question marked [html]):
//   - quiz items: single choice (=right ~wrong), multiple answers (each
//     right one ~%w% with the weights summing to 100, each wrong one
//     ~%-100%), fill-in with one blank as short answer ({=one =other}, the
//     blank where it stands); per-option feedback after #, the explanation as
//     general feedback after ####;
//   - study questions: an essay question, the answer as general feedback; a
//     question with choices becomes a choice question.
// Each question is named by its id (::id::); a $CATEGORY: line puts it under
// the collection's title, its guide and its section. Every special character
// (~ = # { } : and backslash) in a text is escaped; line breaks are written \n
// so a blank line or a // in code never ends a question early.
// A fill-in item with several blanks does not fit one GIFT question: it is
// left out, with a note (Moodle XML carries it as a Cloze question).
#pragma once

#include <string>
#include <string_view>

#include "export/exporter.h"

namespace prepdeck::exporter {

util::Expected<Exported> write_gift(const ExportInput& input);

// `text` with ~ = # { } : and backslash escaped, CR dropped and LF as \n.
std::string gift_escape(std::string_view text);

// Moodle's grade for each of `right` right answers, as GIFT writes it
// ("33.33333"): Moodle accepts only the grades of its list, so for a count
// whose share is not in it (11 and up, but 20), the nearest grade below.
std::string_view gift_weight(std::size_t right);

}  // namespace prepdeck::exporter
