// An Anki deck package read into plain values: `.apkg` (and `.colpkg`)
// files, whose collection is `collection.anki2` or `collection.anki21`
// (schema 11: note types and decks as JSON in the `col` row) or the
// Zstandard-compressed `collection.anki21b` of Anki 2.1.50 and later (schema
// 18: note types, their fields and the decks in tables of their own). The
// newest collection in the package is read; older Anki versions leave a
// stand-in collection.anki2 beside it.
//
// The package is untrusted: the ZIP is read within limits (a bomb fails),
// the collection through SQLite's defensive mode, a schema version outside
// 11-18 is refused by name, and media names never become paths (see
// AnkiDeck::media).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace prepdeck::importer {

struct AnkiNoteType {
  std::string name;
  std::vector<std::string> fields;  // in order
  bool cloze = false;
};

struct AnkiNote {
  std::int64_t id = 0;
  std::string guid;
  std::int64_t type = 0;  // key of AnkiDeck::types
  std::vector<std::string> fields;
  std::vector<std::string> tags;
  std::string deck;           // "Parent::Child", of the note's first card
  std::int64_t modified = 0;  // Unix seconds
};

// Anki's card row, for its scheduling state.
struct AnkiCard {
  std::int64_t id = 0;
  std::int64_t note = 0;
  std::int64_t deck = 0;
  int ord = 0;
  int type = 0;               // 0 new, 1 learning, 2 review, 3 relearning
  int queue = 0;              // -1 suspended, ...
  std::int64_t interval = 0;  // days (negative: seconds, in learning)
  int reps = 0;
  int lapses = 0;
};

// One answer from Anki's review log.
struct AnkiReview {
  std::int64_t id = 0;  // when, in Unix milliseconds
  std::int64_t card = 0;
  int ease = 0;  // 1 again, 2 hard, 3 good, 4 easy (0: a manual reschedule)
  std::int64_t interval = 0;
  std::int64_t last_interval = 0;
  std::int64_t time_ms = 0;  // time taken to answer
  int type = 0;              // 0 learn, 1 review, 2 relearn, 3 filtered, 4 manual, 5 rescheduled
  // The ease factor after it, in permille; 0 on a filtered review that did
  // not reschedule (cramming) and on a manual entry that reset the card to new.
  std::int64_t factor = 0;
};

struct AnkiDeck {
  int schema = 0;  // col.ver
  std::map<std::int64_t, AnkiNoteType> types;
  std::vector<AnkiNote> notes;  // in id order
  std::vector<AnkiCard> cards;
  std::vector<AnkiReview> reviews;  // in time order
  // Media by the name the fields use, each with its bytes; names hold no path
  // (a name with '/', '\\', a NUL or that is "." or ".." is left out, with a warning).
  std::map<std::string, std::string> media;
  std::vector<std::string> warnings;
};

struct AnkiLimits {
  std::uint64_t max_collection_bytes = std::uint64_t{1} << 30;
  std::uint64_t max_media_bytes = std::uint64_t{2} << 30;  // all media together
  std::size_t max_entries = 200'000;
};

// Reads a package's bytes. Fails (ErrorCode::invalid) when they are not a
// ZIP, hold no collection, or the collection is damaged or of an unknown schema.
util::Expected<AnkiDeck> read_anki_package(std::string bytes, const AnkiLimits& limits = {});

// True for a media name that is safe to write as a file name.
bool is_safe_media_name(std::string_view name);

}  // namespace prepdeck::importer
