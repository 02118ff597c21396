// An item as an Anki note: what the .apkg (export/anki_package.h) and Anki's
// text import (export/csv.h) both carry. Three note types:
//   question: "prepdeck Question" (Title, Answer, Hint, Level, Source); a card
//             shows the hint under the question;
//   choice:   "prepdeck Choice" (Question, Options, Answer, Explanation,
//             Level, Source): the options on the front, the right ones
//             revealed on the back;
//   cloze:    "prepdeck Cloze" (Text, Extra, Level, Source): a fill-in item,
//             each blank a cloze deletion {{cN::answer}}.
// For a plain "Basic"/"Cloze" note type the same note is `front` and `back`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "export/collection.h"
#include "export/exporter.h"

namespace prepdeck::exporter {

enum class AnkiKind : std::uint8_t { question, choice, cloze };

struct AnkiNote {
  std::string guid;  // stable_guid(item id): exporting again updates the note
  AnkiKind kind = AnkiKind::question;
  std::string deck;                 // "Title::Guide::Section"
  std::string tags;                 // space-separated
  std::vector<std::string> fields;  // in the order of its note type's fields
  std::string front, back;          // Basic's Front and Back; Cloze's Text and Back Extra
  std::string sort_field;           // plain text of the first field, for Anki's browser
};

// The field names of a note type, in order.
const std::vector<std::string>& anki_field_names(AnkiKind kind);

// An Anki deck name: `path` joined with "::" (a "::" inside a name becomes ":").
std::string anki_deck_name(const std::vector<std::string>& path);

AnkiNote anki_question_note(const GuideNames& names, const guide::Guide& guide, std::size_t index,
                            const ItemsHtml::Question& html);
AnkiNote anki_quiz_note(const GuideNames& names, const guide::Guide& guide, std::size_t index,
                        const ItemsHtml::Quiz& html);

}  // namespace prepdeck::exporter
