#include "export/anki_package.h"

#include <nettle/sha1.h>

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "export/anki_fields.h"
#include "export/collection.h"
#include "store/sql.h"
#include "store/sqlite/sqlite_store.h"
#include "util/parallel.h"
#include "util/text.h"
#include "util/zip_archive.h"

namespace prepdeck::exporter {

std::int64_t anki_checksum(std::string_view text) {
  sha1_ctx ctx;
  sha1_init(&ctx);
  sha1_update(&ctx, text.size(), reinterpret_cast<const std::uint8_t*>(text.data()));
  std::uint8_t digest[SHA1_DIGEST_SIZE];
  sha1_digest(&ctx, sizeof digest, digest);
  return (std::int64_t{digest[0]} << 24) | (std::int64_t{digest[1]} << 16) | (std::int64_t{digest[2]} << 8) |
         std::int64_t{digest[3]};
}

namespace {

using Json = nlohmann::ordered_json;

// Anki 2.1's schema 11 (what genanki writes and every Anki since 2.1 imports).
constexpr const char* k_schema = R"sql(
CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null, scm integer not null,
  ver integer not null, dty integer not null, usn integer not null, ls integer not null, conf text not null,
  models text not null, decks text not null, dconf text not null, tags text not null);
CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null, mod integer not null,
  usn integer not null, tags text not null, flds text not null, sfld integer not null, csum integer not null,
  flags integer not null, data text not null);
CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null, ord integer not null,
  mod integer not null, usn integer not null, type integer not null, queue integer not null, due integer not null,
  ivl integer not null, factor integer not null, reps integer not null, lapses integer not null,
  left integer not null, odue integer not null, odid integer not null, flags integer not null, data text not null);
CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer not null, ease integer not null,
  ivl integer not null, lastIvl integer not null, factor integer not null, time integer not null,
  type integer not null);
CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);
)sql";

// Made once the rows are in: SQLite then sorts each index once instead of inserting into it row by row.
constexpr const char* k_indexes = R"sql(
CREATE INDEX ix_notes_usn on notes (usn);
CREATE INDEX ix_cards_usn on cards (usn);
CREATE INDEX ix_revlog_usn on revlog (usn);
CREATE INDEX ix_cards_nid on cards (nid);
CREATE INDEX ix_cards_sched on cards (did, queue, due);
CREATE INDEX ix_revlog_cid on revlog (cid);
CREATE INDEX ix_notes_csum on notes (csum);
)sql";

// The note types' stylesheet. Its .hl-* colors are the light and dark values of web/prepdeck.css's --hl-*
// variables (Anki marks night mode with a class, not a media query): change them together.
constexpr std::string_view k_css = R"css(.card {
  font-family: -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  font-size: 18px; line-height: 1.5; text-align: left; color: #1f2328; background: #fff;
  max-width: 46em; margin: 0 auto;
}
.nightMode .card, .card.nightMode { color: #e6edf3; background: #0d1117; }
.prepdeck-title { font-size: 1.2em; font-weight: 600; }
.prepdeck-hint { margin-top: .6em; color: #6e7781; font-style: italic; }
.prepdeck-meta { margin-top: 1.5em; font-size: .75em; color: #6e7781; }
.prepdeck-level { font-weight: 600; }
ol.prepdeck-options li { margin: .3em 0; }
ol.prepdeck-options li.right { color: #1a7f37; font-weight: 600; }
ol.prepdeck-options li.wrong { color: #6e7781; }
.prepdeck-feedback, .prepdeck-explanation { font-weight: normal; color: inherit; }
.prepdeck-explanation { margin-top: 1em; }
pre { background: #f6f8fa; padding: .6em .8em; overflow-x: auto; border-radius: 6px; font-size: .85em; }
.nightMode pre { background: #161b22; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
table { border-collapse: collapse; }
th, td { border: 1px solid #d0d7de; padding: .3em .6em; }
.callout, .admonition { border-left: 4px solid #0969da; padding: .2em .8em; margin: .8em 0; }
.callout-label, .admonition-title { font-weight: 600; margin: .2em 0; }
.cloze { font-weight: bold; color: #0969da; }
.hl-keyword, .hl-preproc { color: #cf222e; }
.hl-string, .hl-regexp, .hl-value { color: #0a3069; }
.hl-comment, .hl-todo { color: #6e7781; font-style: italic; }
.hl-number, .hl-specialchar, .hl-symbol { color: #0550ae; }
.hl-type, .hl-classname, .hl-usertype, .hl-label { color: #953800; }
.hl-function, .hl-attribute, .hl-property { color: #8250df; }
.hl-variable { color: #116329; }
.hll { display: inline-block; min-width: 100%; background: rgba(255, 213, 79, .28); }
.nightMode .hl-keyword, .nightMode .hl-preproc { color: #ff7b72; }
.nightMode .hl-string, .nightMode .hl-regexp, .nightMode .hl-value { color: #a5d6ff; }
.nightMode .hl-comment, .nightMode .hl-todo { color: #8b949e; }
.nightMode .hl-number, .nightMode .hl-specialchar, .nightMode .hl-symbol { color: #79c0ff; }
.nightMode .hl-type, .nightMode .hl-classname, .nightMode .hl-usertype, .nightMode .hl-label { color: #ffa657; }
.nightMode .hl-function, .nightMode .hl-attribute, .nightMode .hl-property { color: #d2a8ff; }
.nightMode .hl-variable { color: #7ee787; }
)css";

constexpr std::string_view k_meta =
    "\n<div class=\"prepdeck-meta\">{{#Level}}<span class=\"prepdeck-level\">{{Level}}</span> "
    "&middot; {{/Level}}{{Source}}</div>";

struct Model {
  std::int64_t id;
  AnkiKind kind;
  std::string_view name;
  std::string qfmt, afmt;
};

std::vector<Model> models() {
  return {
      {k_anki_question_model, AnkiKind::question, "prepdeck Question",
       "<div class=\"prepdeck-title\">{{Title}}</div>\n"
       "{{#Hint}}<div class=\"prepdeck-hint\">\xF0\x9F\xA7\xA0 {{Hint}}</div>{{/Hint}}",
       "{{FrontSide}}\n<hr id=\"answer\">\n<div class=\"prepdeck-answer\">{{Answer}}</div>" + std::string(k_meta)},
      {k_anki_choice_model, AnkiKind::choice, "prepdeck Choice",
       "<div class=\"prepdeck-question\">{{Question}}</div>\n{{Options}}",
       "<div class=\"prepdeck-question\">{{Question}}</div>\n<hr id=\"answer\">\n{{Answer}}\n"
       "{{#Explanation}}<div class=\"prepdeck-explanation\">{{Explanation}}</div>{{/Explanation}}" +
           std::string(k_meta)},
      {k_anki_cloze_model, AnkiKind::cloze, "prepdeck Cloze", "{{cloze:Text}}",
       "{{cloze:Text}}\n{{#Extra}}<div class=\"prepdeck-explanation\">{{Extra}}</div>{{/Extra}}" + std::string(k_meta)},
  };
}

Json model_json(const Model& m, std::int64_t modified, std::int64_t deck) {
  Json j;
  j["id"] = m.id;
  j["name"] = m.name;
  j["type"] = m.kind == AnkiKind::cloze ? 1 : 0;
  j["mod"] = modified;
  j["usn"] = -1;
  j["sortf"] = 0;
  j["did"] = deck;
  Json tmpl;
  tmpl["name"] = m.kind == AnkiKind::cloze ? "Cloze" : "Card 1";
  tmpl["ord"] = 0;
  tmpl["qfmt"] = m.qfmt;
  tmpl["afmt"] = m.afmt;
  tmpl["bqfmt"] = "";
  tmpl["bafmt"] = "";
  tmpl["did"] = nullptr;
  tmpl["bfont"] = "";
  tmpl["bsize"] = 0;
  j["tmpls"] = Json::array({tmpl});
  Json fields = Json::array();
  const auto& names = anki_field_names(m.kind);
  for (std::size_t i = 0; i < names.size(); ++i) {
    Json f;
    f["name"] = names[i];
    f["ord"] = i;
    f["sticky"] = false;
    f["rtl"] = false;
    f["font"] = "Arial";
    f["size"] = 20;
    f["media"] = Json::array();
    fields.push_back(std::move(f));
  }
  j["flds"] = std::move(fields);
  j["css"] = k_css;
  j["latexPre"] =
      "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n"
      "\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n";
  j["latexPost"] = "\\end{document}";
  j["latexsvg"] = false;
  // The first field makes the card: without it the front is empty.
  j["req"] = Json::array({Json::array({0, "any", Json::array({0})})});
  j["tags"] = Json::array();
  j["vers"] = Json::array();
  return j;
}

Json deck_json(std::int64_t id, const std::string& name, std::int64_t modified) {
  Json j;
  j["id"] = id;
  j["name"] = name;
  j["desc"] = "";
  j["mod"] = modified;
  j["usn"] = -1;
  j["collapsed"] = false;
  j["browserCollapsed"] = false;
  j["dyn"] = 0;
  j["conf"] = 1;
  j["extendNew"] = 0;
  j["extendRev"] = 0;
  for (const char* day : {"newToday", "revToday", "lrnToday", "timeToday"}) j[day] = Json::array({0, 0});
  return j;
}

// Anki's default deck options.
Json options_json() {
  Json j;
  j["id"] = 1;
  j["name"] = "Default";
  j["mod"] = 0;
  j["usn"] = 0;
  j["maxTaken"] = 60;
  j["autoplay"] = true;
  j["timer"] = 0;
  j["replayq"] = true;
  j["dyn"] = false;
  j["new"] = Json{{"bury", false}, {"delays", {1.0, 10.0}}, {"initialFactor", 2500}, {"ints", {1, 4, 0}},
                  {"order", 1},    {"perDay", 20}};
  j["lapse"] = Json{{"delays", {10.0}}, {"leechAction", 1}, {"leechFails", 8}, {"minInt", 1}, {"mult", 0.0}};
  j["rev"] =
      Json{{"bury", false}, {"ease4", 1.3}, {"ivlFct", 1.0}, {"maxIvl", 36500}, {"perDay", 200}, {"hardFactor", 1.2}};
  return j;
}

// A deck id from its name: the same deck every export.
std::int64_t deck_id(const std::string& name) {
  return 1'700'000'000'000 + static_cast<std::int64_t>(util::fnv1a(name) % 100'000'000'000);
}

// A field holds no 0x1f (Anki's field separator) and no NUL.
std::string field_text(std::string_view text) {
  std::string out(text);
  std::erase_if(out, [](char c) { return c == '\x1f' || c == '\0'; });
  return out;
}

// The cards a cloze note makes, as Anki makes them: one per cloze number
// used (c1 is ord 0, c2 ord 1...), at least one.
std::set<std::int64_t> cloze_cards(std::string_view text) {
  std::set<std::int64_t> ords;
  for (std::size_t at = text.find("{{c"); at != std::string_view::npos; at = text.find("{{c", at + 3)) {
    std::int64_t n = 0;
    std::size_t i = at + 3;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && n < 10'000) n = n * 10 + (text[i++] - '0');
    if (n > 0 && i + 1 < text.size() && text[i] == ':' && text[i + 1] == ':') ords.insert(n - 1);
  }
  if (ords.empty()) ords.insert(0);
  return ords;
}

class PackageWriter {
 public:
  PackageWriter(const ExportInput& input, store::sql::Connection& db) : m_input(input), m_db(db) {
    for (const std::int64_t t : input.modified) {
      m_newest = std::max(m_newest, t);
      m_oldest = m_oldest == 0 ? t : std::min(m_oldest, t);
    }
    // Ids are creation times in milliseconds, as Anki makes them (from 2001 at the earliest).
    m_next_note = std::max<std::int64_t>(m_oldest, 1'000'000'000) * 1000;
    m_next_card = m_next_note;
  }

  util::Expected<void> notes() {
    // Each guide's notes are made on every core (names are a Markdown parse each, fields are joined HTML,
    // checksums SHA-1), then written in order: ids and positions are the same every export.
    const auto& guides = m_input.set->guides;
    std::vector<std::vector<MadeNote>> made(guides.size());
    util::parallel_for(guides.size(), 0, [&](std::size_t i) {
      const guide::Guide& g = guides[i];
      const ItemsHtml& html = m_input.html[i];
      const GuideNames names(m_input, g);
      for_each_item(
          g, [&](std::size_t k) { made[i].push_back(make_note(anki_question_note(names, g, k, html.questions[k]))); },
          [&](std::size_t k) { made[i].push_back(make_note(anki_quiz_note(names, g, k, html.quizzes[k]))); });
    });
    for (std::size_t i = 0; i < guides.size(); ++i) {
      const std::int64_t modified = i < m_input.modified.size() ? m_input.modified[i] : 0;
      for (const MadeNote& n : made[i]) {
        if (auto ok = note(n, modified); !ok) return ok;
      }
      made[i] = {};  // written: its memory goes back before the next guide's
    }
    return {};
  }

  util::Expected<void> collection() {
    Json models_map = Json::object();
    const std::int64_t first_deck = m_decks.empty() ? 1 : m_decks.begin()->second;
    for (const Model& m : models()) models_map[std::to_string(m.id)] = model_json(m, m_newest, first_deck);
    Json decks = Json::object();
    decks["1"] = deck_json(1, "Default", m_newest);
    for (const auto& [name, id] : m_decks) decks[std::to_string(id)] = deck_json(id, name, m_newest);
    Json dconf = Json::object();
    dconf["1"] = options_json();
    Json conf;
    conf["activeDecks"] = Json::array({1});
    conf["curDeck"] = 1;
    conf["newSpread"] = 0;
    conf["collapseTime"] = 1200;
    conf["timeLim"] = 0;
    conf["estTimes"] = true;
    conf["dueCounts"] = true;
    conf["curModel"] = k_anki_question_model;
    conf["nextPos"] = m_position + 1;
    conf["sortType"] = "noteFld";
    conf["sortBackwards"] = false;
    conf["addToCur"] = true;
    const std::string conf_text = conf.dump();
    const std::string models_text = models_map.dump();
    const std::string decks_text = decks.dump();
    const std::string dconf_text = dconf.dump();
    const store::sql::Value params[] = {m_oldest,    m_newest * 1000, m_newest * 1000, conf_text,
                                        models_text, decks_text,      dconf_text};
    return m_db.execute("INSERT INTO col VALUES (1, $1, $2, $3, 11, 0, 0, 0, $4, $5, $6, $7, '{}')", params);
  }

  std::int64_t newest() const { return m_newest; }

 private:
  // A note's row as written, but for the ids and times that depend on the order.
  struct MadeNote {
    std::string deck, guid, tags, fields, sort_field;
    std::int64_t model = 0, checksum = 0;
    std::set<std::int64_t> ords;  // its cards
  };

  static MadeNote make_note(AnkiNote note) {
    MadeNote made;
    made.deck = std::move(note.deck);
    made.guid = std::move(note.guid);
    made.model = note.kind == AnkiKind::question ? k_anki_question_model
                 : note.kind == AnkiKind::choice ? k_anki_choice_model
                                                 : k_anki_cloze_model;
    for (std::size_t i = 0; i < note.fields.size(); ++i) {
      if (i != 0) made.fields += '\x1f';
      made.fields += field_text(note.fields[i]);
    }
    made.tags = " " + note.tags + " ";
    made.checksum = anki_checksum(note.sort_field);
    made.sort_field = std::move(note.sort_field);
    made.ords = note.kind == AnkiKind::cloze ? cloze_cards(note.front) : std::set<std::int64_t>{0};
    return made;
  }

  util::Expected<void> note(const MadeNote& note, std::int64_t modified) {
    const std::int64_t deck = deck_of(note.deck);
    const std::int64_t id = m_next_note++;
    const store::sql::Value note_params[] = {id,        note.guid,   note.model,      modified,
                                             note.tags, note.fields, note.sort_field, note.checksum};
    if (auto ok = m_db.execute("INSERT INTO notes VALUES ($1, $2, $3, $4, -1, $5, $6, $7, $8, 0, '')", note_params);
        !ok) {
      return ok;
    }
    for (const std::int64_t ord : note.ords) {
      const store::sql::Value card_params[] = {m_next_card++, id, deck, ord, modified, ++m_position};
      if (auto ok = m_db.execute(
              "INSERT INTO cards VALUES ($1, $2, $3, $4, $5, -1, 0, 0, $6, 0, 0, 0, 0, 0, 0, 0, 0, '')", card_params);
          !ok) {
        return ok;
      }
    }
    return {};
  }

  // The deck's id; its parents ("A" and "A::B" of "A::B::C") are made too, as Anki keeps them.
  std::int64_t deck_of(const std::string& name) {
    if (const auto it = m_decks.find(name); it != m_decks.end()) return it->second;
    for (std::size_t at = name.find("::"); at != std::string::npos; at = name.find("::", at + 2)) {
      const std::string parent = name.substr(0, at);
      m_decks.emplace(parent, deck_id(parent));
    }
    return m_decks.emplace(name, deck_id(name)).first->second;
  }

  const ExportInput& m_input;
  store::sql::Connection& m_db;
  std::map<std::string, std::int64_t> m_decks;
  std::int64_t m_oldest = 0, m_newest = 0;
  std::int64_t m_next_note = 0, m_next_card = 0;
  std::int64_t m_position = 0;  // new cards' order
};

}  // namespace

util::Expected<Exported> write_anki_package(const ExportInput& input) {
  auto db = store::open_sqlite_memory();
  if (!db) return tl::unexpected(db.error());
  // Built in memory and thrown away if anything fails: no journal; large pages, fewer of them.
  if (auto ok = (*db)->script("PRAGMA page_size = 16384; PRAGMA journal_mode = OFF"); !ok) {
    return util::fail("anki", ok.error());
  }
  if (auto ok = (*db)->script(k_schema); !ok) return util::fail("anki: schema", ok.error());
  if (auto ok = (*db)->script("BEGIN"); !ok) return tl::unexpected(ok.error());
  PackageWriter writer(input, **db);
  if (auto ok = writer.notes(); !ok) return util::fail("anki: notes", ok.error());
  if (auto ok = writer.collection(); !ok) return util::fail("anki: collection", ok.error());
  if (auto ok = (*db)->script(k_indexes); !ok) return util::fail("anki: indexes", ok.error());
  if (auto ok = (*db)->script("COMMIT"); !ok) return tl::unexpected(ok.error());
  auto image = store::sqlite_image(**db);
  if (!image) return tl::unexpected(image.error());

  // ZIP times are DOS times, which start in 1980.
  const std::time_t when = std::max<std::int64_t>(writer.newest(), 315'532'800);
  util::ZipWriter zip;
  if (auto ok = zip.add("collection.anki2", std::move(*image), when); !ok) return tl::unexpected(ok.error());
  Json media = Json::object();
  for (std::size_t i = 0; i < input.media.size(); ++i) media[std::to_string(i)] = input.media[i].name;
  if (auto ok = zip.add("media", media.dump(), when); !ok) return tl::unexpected(ok.error());
  for (std::size_t i = 0; i < input.media.size(); ++i) {
    if (auto ok = zip.add(std::to_string(i), input.media[i].bytes, when, util::ZipWriter::Compression::store); !ok) {
      return tl::unexpected(ok.error());
    }
  }
  auto bytes = zip.finish();
  if (!bytes) return tl::unexpected(bytes.error());
  return Exported{std::move(*bytes), {}};
}

}  // namespace prepdeck::exporter
