// An imported deck as guides in prepdeck's dialect, one guide per top-level
// deck and a section per sub-deck:
//   - a front/back note becomes a `??? question` (front -> title, back ->
//     answer), numbered in the order the deck holds them, so its ids are
//     the same on every import of the same deck;
//   - a cloze note becomes a fill-in `<quiz>` ({{c1::answer}} -> [[answer]]),
//     its extra field the explanation;
//   - prepdeck's own note types (export/anki_fields.h) go back to what they
//     were: the guide named by their Source field, the hint, the level, a
//     choice item's options with the right ones and their feedback;
//   - a tag naming a level (level::beginner, "easy", "Advanced") sets it;
//   - fields are HTML made Markdown (import/html_markdown.h); images from the
//     deck's media are copied to `media/` beside the guides.
// Nothing is written here: the result lists the files, every path relative
// to the output folder and free of "..", absolute parts and odd characters.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "import/anki_deck.h"

namespace prepdeck::importer {

struct ImportedFile {
  std::string path;  // relative to the output folder, '/'-separated
  std::string bytes;
};

struct ImportedGuides {
  std::vector<ImportedFile> files;  // guides, then media
  std::size_t questions = 0;
  std::size_t quizzes = 0;
  std::vector<std::string> warnings;
  // Where each note that became a question went, in the order written.
  struct NoteQuestion {
    std::int64_t note = 0;
    std::string question;  // its id in the guides written: "basics/q3"
    std::string guide;     // the guide's path: "basics.md"
  };
  std::vector<NoteQuestion> question_of_note;
};

ImportedGuides deck_to_guides(const AnkiDeck& deck);

}  // namespace prepdeck::importer
