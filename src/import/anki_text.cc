#include "import/anki_text.h"

#include <optional>

#include <fmt/format.h>

#include "util/html_entities.h"
#include "util/text.h"

namespace prepdeck::importer {

namespace {

char separator_named(std::string_view name) {
  const std::string n = util::to_lower_ascii(util::trim(name));
  if (n == "tab" || n == "\t") return '\t';
  if (n == "comma" || n == ",") return ',';
  if (n == "semicolon" || n == ";") return ';';
  if (n == "space" || n == " ") return ' ';
  if (n == "pipe" || n == "|") return '|';
  if (n == "colon" || n == ":") return ':';
  return n.size() == 1 ? n[0] : '\t';
}

// One record from `pos`: fields split at `separator`, quoted fields may hold it, quotes ("") and line breaks.
std::vector<std::string> record(std::string_view text, std::size_t& pos, char separator) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  bool at_field_start = true;
  while (pos < text.size()) {
    const char c = text[pos++];
    if (quoted) {
      if (c == '"') {
        if (pos < text.size() && text[pos] == '"') {
          fields.back() += '"';
          ++pos;
        } else {
          quoted = false;
        }
      } else {
        fields.back() += c;
      }
      continue;
    }
    if (c == '"' && at_field_start) {
      quoted = true;
      at_field_start = false;
      continue;
    }
    if (c == separator) {
      fields.emplace_back();
      at_field_start = true;
      continue;
    }
    if (c == '\n' || c == '\r') {
      if (c == '\r' && pos < text.size() && text[pos] == '\n') ++pos;
      break;
    }
    fields.back() += c;
    at_field_start = false;
  }
  return fields;
}

std::size_t column(std::string_view value) {
  std::size_t n = 0;
  for (const char c : util::trim(value)) {
    if (c < '0' || c > '9' || n > 1000) return 0;
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  return n;  // 1-based; 0: none
}

}  // namespace

util::Expected<AnkiDeck> read_anki_text(std::string_view text, std::string_view default_deck) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  char separator = '\t';
  bool html = false;
  std::string deck_name(default_deck);
  std::string notetype = "Basic";
  std::vector<std::string> extra_tags;
  std::size_t guid_column = 0, notetype_column = 0, deck_column = 0, tags_column = 0;
  std::size_t pos = 0;
  // Headers: lines starting with '#' before the first note.
  while (pos < text.size() && (text[pos] == '#' || text[pos] == '\n' || text[pos] == '\r')) {
    if (text[pos] != '#') {
      ++pos;
      continue;
    }
    const std::size_t end = text.find('\n', pos);
    const std::string_view line = util::trim(text.substr(pos, end == std::string_view::npos ? end : end - pos));
    pos = end == std::string_view::npos ? text.size() : end + 1;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string key = util::to_lower_ascii(line.substr(1, colon - 1));
    const std::string_view value = line.substr(colon + 1);
    if (key == "separator")
      separator = separator_named(value);
    else if (key == "html")
      html = util::to_lower_ascii(util::trim(value)) == "true";
    else if (key == "deck")
      deck_name = util::trim(value);
    else if (key == "notetype")
      notetype = util::trim(value);
    else if (key == "tags") {
      for (std::string_view rest = value;;) {
        rest = util::trim_left(rest);
        if (rest.empty()) break;
        const std::size_t space = rest.find(' ');
        extra_tags.emplace_back(rest.substr(0, space));
        if (space == std::string_view::npos) break;
        rest.remove_prefix(space);
      }
    } else if (key == "guid column")
      guid_column = column(value);
    else if (key == "notetype column")
      notetype_column = column(value);
    else if (key == "deck column")
      deck_column = column(value);
    else if (key == "tags column")
      tags_column = column(value);
  }

  AnkiDeck deck;
  deck.schema = 11;
  deck.types[1] = AnkiNoteType{"Basic", {"Front", "Back"}, false};
  deck.types[2] = AnkiNoteType{"Cloze", {"Text", "Back Extra"}, true};
  std::int64_t id = 0;
  std::size_t line = 0;
  while (pos < text.size()) {
    ++line;
    std::vector<std::string> fields = record(text, pos, separator);
    if (fields.size() == 1 && util::trim(fields[0]).empty()) continue;
    const auto take = [&fields](std::size_t col) -> std::optional<std::string> {
      if (col == 0 || col > fields.size()) return std::nullopt;
      return fields[col - 1];
    };
    AnkiNote note;
    note.id = ++id;
    note.guid = take(guid_column).value_or("");
    note.deck = take(deck_column).value_or(deck_name);
    const std::string type = take(notetype_column).value_or(notetype);
    std::string tags = take(tags_column).value_or("");
    // The note's own fields: the columns no header claimed.
    std::vector<std::string> own;
    for (std::size_t c = 1; c <= fields.size(); ++c) {
      if (c == guid_column || c == notetype_column || c == deck_column || c == tags_column) continue;
      own.push_back(html ? fields[c - 1] : util::replace_all(util::escape_html(fields[c - 1]), "\n", "<br>"));
    }
    if (own.empty() || (own.size() == 1 && util::trim(own[0]).empty())) continue;
    for (std::string_view rest = tags;;) {
      rest = util::trim_left(rest);
      if (rest.empty()) break;
      const std::size_t space = rest.find(' ');
      note.tags.emplace_back(rest.substr(0, space));
      if (space == std::string_view::npos) break;
      rest.remove_prefix(space);
    }
    for (const std::string& t : extra_tags) note.tags.push_back(t);
    const bool cloze = util::to_lower_ascii(type).find("cloze") != std::string::npos;
    note.type = cloze ? 2 : 1;
    note.fields = std::move(own);
    deck.notes.push_back(std::move(note));
  }
  if (deck.notes.empty()) return util::fail(util::ErrorCode::invalid, "no notes: not Anki's text format");
  return deck;
}

}  // namespace prepdeck::importer
