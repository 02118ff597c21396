#pragma once
// The words a learner reads, in one table for the terminal, the CLI and the
// pages alike: util/words.en.json, built into the binary and shipped to the
// page as assets/words.js (web/words.js reads it with the same rules). It is
// the seam where translations go: a translation is another table with the
// same keys.
//
// An entry is a text with {name} placeholders, or for a count an object with
// "one" and "other" forms of "{n} noun". A placeholder without an argument
// is left as written; a key missing from the table reads as the key itself,
// so a slip shows on screen instead of crashing (tests/util/words_test.cc
// holds every key the code names to the table).

#include <concepts>
#include <cstddef>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace prepdeck::util {

// One {name} and its value.
struct WordArg {
  WordArg(std::string_view n, std::string v) : name(n), value(std::move(v)) {}
  WordArg(std::string_view n, std::string_view v) : name(n), value(v) {}
  WordArg(std::string_view n, const char* v) : name(n), value(v) {}
  template <std::integral I>
  WordArg(std::string_view n, I v) : name(n), value(std::to_string(v)) {}
  std::string_view name;
  std::string value;
};
using WordArgs = std::initializer_list<WordArg>;

// The table's text for `key` with its placeholders filled.
std::string say(std::string_view key, WordArgs args = {});

// A count with its noun from the table's "n.<noun>" entry: "1 error",
// "2 errors", "1 quiz item" (noun "quiz_item"). English plural rule: "one"
// for 1, "other" for anything else.
std::string counted(std::size_t n, std::string_view noun);

// `text` with each {name} that has an argument replaced by it, in one pass
// (linear in the text; values are not read again). web/words.js's fill()
// follows the same rule (tests/util/data/words_vectors.json).
std::string fill(std::string_view text, WordArgs args);

// The same, with arguments made at run time.
std::string say_all(std::string_view key, std::span<const WordArg> args);
std::string fill_all(std::string_view text, std::span<const WordArg> args);

// The i-th of a space-separated list entry ("when.weekdays"), or "" past its end.
std::string nth_word(std::string_view key, std::size_t i);

// The whole table as its JSON text, for the page.
std::string_view words_json();

}  // namespace prepdeck::util
