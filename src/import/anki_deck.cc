#include "import/anki_deck.h"

#include <algorithm>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "store/sql.h"
#include "store/sqlite/sqlite_store.h"
#include "util/text.h"
#include "util/zip_archive.h"
#include "util/zstd_stream.h"

namespace prepdeck::importer {

bool is_safe_media_name(std::string_view name) {
  if (name.empty() || name == "." || name == ".." || name.size() > 255) return false;
  return name.find_first_of(std::string_view("/\\\0", 3)) == std::string_view::npos && util::is_valid_utf8(name);
}

namespace {

using Connection = store::sql::Connection;

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> out;
  while (true) {
    const std::size_t at = text.find(separator);
    out.emplace_back(text.substr(0, at));
    if (at == std::string_view::npos) break;
    text.remove_prefix(at + 1);
  }
  return out;
}

bool has_table(Connection& db, std::string_view name) {
  const store::sql::Value params[] = {name};
  auto rows = db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $1", params);
  return rows->next();
}

util::Expected<void> ok_or_invalid(const store::sql::Rows& rows, std::string_view what) {
  if (auto ok = rows.ok(); !ok)
    return util::fail(util::ErrorCode::invalid, fmt::format("{}: {}", what, ok.error().message));
  return {};
}

// Schema 11: note types and decks are JSON in the col row.
util::Expected<std::map<std::int64_t, std::string>> read_json_types_and_decks(Connection& db, AnkiDeck& deck) {
  auto col = db.query("SELECT models, decks FROM col", {});
  if (!col->next()) {
    if (auto ok = ok_or_invalid(*col, "col"); !ok) return tl::unexpected(ok.error());
    return util::fail(util::ErrorCode::invalid, "the collection has no col row");
  }
  std::map<std::int64_t, std::string> decks;
  const auto models = nlohmann::json::parse(col->text(0), nullptr, false);
  const auto deck_json = nlohmann::json::parse(col->text(1), nullptr, false);
  if (!models.is_object() || !deck_json.is_object()) {
    return util::fail(util::ErrorCode::invalid, "the collection's note types or decks are not JSON objects");
  }
  for (const auto& [id, model] : models.items()) {
    if (!model.is_object()) continue;
    AnkiNoteType type;
    type.name = model.value("name", "");
    type.cloze = model.value("type", 0) == 1;
    if (model.contains("flds") && model["flds"].is_array()) {
      for (const auto& f : model["flds"]) {
        if (f.is_object()) type.fields.push_back(f.value("name", ""));
      }
    }
    deck.types[std::strtoll(id.c_str(), nullptr, 10)] = std::move(type);
  }
  for (const auto& [id, d] : deck_json.items()) {
    if (d.is_object()) decks[std::strtoll(id.c_str(), nullptr, 10)] = d.value("name", "");
  }
  return decks;
}

// Schema 18: tables of their own; deck names separate their parts with 0x1f.
util::Expected<std::map<std::int64_t, std::string>> read_table_types_and_decks(Connection& db, AnkiDeck& deck) {
  auto types = db.query("SELECT id, name FROM notetypes", {});
  while (types->next()) deck.types[types->integer(0)].name = types->text(1);
  if (auto ok = ok_or_invalid(*types, "notetypes"); !ok) return tl::unexpected(ok.error());
  auto fields = db.query("SELECT ntid, name FROM fields ORDER BY ntid, ord", {});
  while (fields->next()) deck.types[fields->integer(0)].fields.push_back(fields->text(1));
  if (auto ok = ok_or_invalid(*fields, "fields"); !ok) return tl::unexpected(ok.error());
  // The note type's kind sits in a protobuf blob; a cloze type's front template names a cloze field.
  auto templates = db.query("SELECT ntid, CAST(config AS BLOB) FROM templates", {});
  while (templates->next()) {
    if (templates->text(1).find("{{cloze:") != std::string::npos) deck.types[templates->integer(0)].cloze = true;
  }
  if (auto ok = ok_or_invalid(*templates, "templates"); !ok) return tl::unexpected(ok.error());
  std::map<std::int64_t, std::string> decks;
  auto rows = db.query("SELECT id, name FROM decks", {});
  while (rows->next()) {
    std::string name = rows->text(1);
    std::string joined;
    for (const std::string& part : split(name, '\x1f')) joined += (joined.empty() ? "" : "::") + part;
    decks[rows->integer(0)] = joined;
  }
  if (auto ok = ok_or_invalid(*rows, "decks"); !ok) return tl::unexpected(ok.error());
  return decks;
}

util::Expected<void> read_collection(Connection& db, AnkiDeck& deck) {
  auto version = db.query("SELECT ver FROM col", {});
  if (!version->next()) {
    if (auto ok = ok_or_invalid(*version, "col"); !ok) return ok;
    return util::fail(util::ErrorCode::invalid, "the collection has no col row");
  }
  deck.schema = static_cast<int>(version->integer(0));
  version.reset();
  if (deck.schema < 11 || deck.schema > 18) {
    return util::fail(util::ErrorCode::invalid,
                      fmt::format("collection schema version {} is not one prepdeck reads (11 to 18)", deck.schema));
  }
  auto decks = has_table(db, "notetypes") ? read_table_types_and_decks(db, deck) : read_json_types_and_decks(db, deck);
  if (!decks) return tl::unexpected(decks.error());

  std::map<std::int64_t, std::int64_t> first_card_deck;  // note -> deck of its lowest ord card
  auto cards =
      db.query("SELECT id, nid, did, ord, type, queue, ivl, reps, lapses FROM cards ORDER BY nid, ord, id", {});
  while (cards->next()) {
    AnkiCard c;
    c.id = cards->integer(0);
    c.note = cards->integer(1);
    c.deck = cards->integer(2);
    c.ord = static_cast<int>(cards->integer(3));
    c.type = static_cast<int>(cards->integer(4));
    c.queue = static_cast<int>(cards->integer(5));
    c.interval = cards->integer(6);
    c.reps = static_cast<int>(cards->integer(7));
    c.lapses = static_cast<int>(cards->integer(8));
    first_card_deck.emplace(c.note, c.deck);
    deck.cards.push_back(c);
  }
  if (auto ok = ok_or_invalid(*cards, "cards"); !ok) return ok;

  auto notes = db.query("SELECT id, guid, mid, mod, tags, flds FROM notes ORDER BY id", {});
  std::size_t unknown_types = 0;
  while (notes->next()) {
    AnkiNote n;
    n.id = notes->integer(0);
    n.guid = notes->text(1);
    n.type = notes->integer(2);
    n.modified = notes->integer(3);
    for (std::string& tag : split(notes->text(4), ' ')) {
      if (!tag.empty()) n.tags.push_back(std::move(tag));
    }
    n.fields = split(notes->text(5), '\x1f');
    if (deck.types.count(n.type) == 0) {
      ++unknown_types;
      continue;
    }
    if (const auto d = first_card_deck.find(n.id); d != first_card_deck.end()) {
      const auto name = decks->find(d->second);
      n.deck = name != decks->end() ? name->second : std::string();
    }
    deck.notes.push_back(std::move(n));
  }
  if (auto ok = ok_or_invalid(*notes, "notes"); !ok) return ok;
  if (unknown_types != 0)
    deck.warnings.push_back(fmt::format("{} notes name a note type the deck lacks: left out", unknown_types));

  auto reviews = db.query("SELECT id, cid, ease, ivl, lastIvl, time, type, factor FROM revlog ORDER BY id", {});
  while (reviews->next()) {
    deck.reviews.push_back(AnkiReview{reviews->integer(0), reviews->integer(1), static_cast<int>(reviews->integer(2)),
                                      reviews->integer(3), reviews->integer(4), reviews->integer(5),
                                      static_cast<int>(reviews->integer(6)), reviews->integer(7)});
  }
  return ok_or_invalid(*reviews, "revlog");
}

// A protobuf varint at `pos` (Anki 2.1.50's media list is protobuf).
std::optional<std::uint64_t> varint(std::string_view bytes, std::size_t& pos) {
  std::uint64_t value = 0;
  for (int shift = 0; shift < 64 && pos < bytes.size(); shift += 7) {
    const auto byte = static_cast<unsigned char>(bytes[pos++]);
    value |= std::uint64_t{byte & 0x7fu} << shift;
    if ((byte & 0x80u) == 0) return value;
  }
  return std::nullopt;
}

// MediaEntries { repeated MediaEntry entries = 1; } MediaEntry { string name = 1; ...;
// optional uint32 legacy_zip_filename = 255; }: the zip entry of entry i is "i" unless it says.
std::optional<std::map<std::string, std::string>> media_entries(std::string_view bytes) {
  std::map<std::string, std::string> out;  // zip entry -> name
  std::size_t pos = 0;
  std::uint64_t index = 0;
  while (pos < bytes.size()) {
    const auto key = varint(bytes, pos);
    if (!key) return std::nullopt;
    const auto wire = *key & 7u;
    if (wire == 0) {
      if (!varint(bytes, pos)) return std::nullopt;
      continue;
    }
    if (wire != 2) return std::nullopt;
    const auto length = varint(bytes, pos);
    if (!length || *length > bytes.size() - pos) return std::nullopt;
    const std::string_view body = bytes.substr(pos, *length);
    pos += *length;
    if ((*key >> 3) != 1) continue;
    std::string name;
    std::optional<std::uint64_t> legacy;
    for (std::size_t p = 0; p < body.size();) {
      const auto k = varint(body, p);
      if (!k) return std::nullopt;
      if ((*k & 7u) == 0) {
        const auto v = varint(body, p);
        if (!v) return std::nullopt;
        if ((*k >> 3) == 255) legacy = *v;
      } else if ((*k & 7u) == 2) {
        const auto n = varint(body, p);
        if (!n || *n > body.size() - p) return std::nullopt;
        if ((*k >> 3) == 1) name = std::string(body.substr(p, *n));
        p += *n;
      } else {
        return std::nullopt;
      }
    }
    out[std::to_string(legacy.value_or(index))] = std::move(name);
    ++index;
  }
  return out;
}

}  // namespace

util::Expected<AnkiDeck> read_anki_package(std::string bytes, const AnkiLimits& limits) {
  util::ZipLimits zip_limits;
  zip_limits.max_entries = limits.max_entries;
  zip_limits.max_entry_bytes = std::max(limits.max_collection_bytes, limits.max_media_bytes);
  zip_limits.max_total_bytes = limits.max_collection_bytes + limits.max_media_bytes;
  auto zip = util::ZipReader::open(std::move(bytes), zip_limits);
  if (!zip) return util::fail(util::ErrorCode::invalid, "not an Anki package: " + zip.error().message);

  std::string collection;
  bool compressed = false;
  if (zip->contains("collection.anki21b")) {
    auto read = zip->read("collection.anki21b");
    if (!read) return util::fail("collection.anki21b", read.error());
    auto inflated = util::zstd_decompress(*read, limits.max_collection_bytes);
    if (!inflated) return util::fail("collection.anki21b", inflated.error());
    collection = std::move(*inflated);
    compressed = true;
  } else {
    const char* name = zip->contains("collection.anki21") ? "collection.anki21" : "collection.anki2";
    if (!zip->contains(name)) {
      return util::fail(util::ErrorCode::invalid,
                        "not an Anki package: no collection.anki2, collection.anki21 or collection.anki21b in it");
    }
    auto read = zip->read(name);
    if (!read) return util::fail(name, read.error());
    collection = std::move(*read);
  }
  auto db = store::open_sqlite_image(collection);
  if (!db) return util::fail(util::ErrorCode::invalid, "the collection: " + db.error().message);
  AnkiDeck deck;
  if (auto ok = read_collection(**db, deck); !ok)
    return util::fail(util::ErrorCode::invalid, "the collection: " + ok.error().message);

  // The media list: JSON {"0": "name"} in older packages, zstd-compressed protobuf in newer ones.
  std::map<std::string, std::string> entries;
  if (zip->contains("media")) {
    auto media = zip->read("media");
    if (!media) return util::fail("media", media.error());
    std::string list = std::move(*media);
    if (util::is_zstd(list)) {
      auto inflated = util::zstd_decompress(list, 64 << 20);
      if (!inflated) return util::fail("media", inflated.error());
      list = std::move(*inflated);
    }
    const auto json = nlohmann::json::parse(list, nullptr, false);
    if (json.is_object()) {
      for (const auto& [entry, name] : json.items()) {
        if (name.is_string()) entries[entry] = name.get<std::string>();
      }
    } else if (auto parsed = media_entries(list)) {
      entries = std::move(*parsed);
    } else {
      deck.warnings.push_back("the media list is neither JSON nor Anki's protobuf: media left out");
    }
  }
  std::uint64_t total = 0;
  for (const auto& [entry, name] : entries) {
    if (!is_safe_media_name(name)) {
      deck.warnings.push_back(fmt::format("media name {:?} could be a path: left out", name.substr(0, 80)));
      continue;
    }
    if (!zip->contains(entry)) continue;
    auto read = zip->read(entry);
    if (!read) {
      deck.warnings.push_back(fmt::format("media {}: {}", name, read.error().message));
      continue;
    }
    std::string file = std::move(*read);
    if (compressed && util::is_zstd(file)) {
      auto inflated = util::zstd_decompress(file, limits.max_media_bytes);
      if (!inflated) {
        deck.warnings.push_back(fmt::format("media {}: {}", name, inflated.error().message));
        continue;
      }
      file = std::move(*inflated);
    }
    total += file.size();
    if (total > limits.max_media_bytes) {
      return util::fail(util::ErrorCode::invalid,
                        fmt::format("the media pass {} bytes: refused", limits.max_media_bytes));
    }
    deck.media.emplace(name, std::move(file));
  }
  return deck;
}

}  // namespace prepdeck::importer
