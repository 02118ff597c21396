// Anki packages read back: prepdeck's own (the round trip), hand-made ones
// with every kind of note, and hostile ones.
#include "import/anki_deck.h"

#include <cstdlib>
#include <map>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/export_input.h"
#include "export/exporter.h"
#include "import/anki_text.h"
#include "import/deck_guides.h"
#include "render/page.h"
#include "store/sql.h"
#include "store/sqlite/sqlite_store.h"
#include "tests/support/files.h"
#include "util/html_tree.h"
#include "util/text.h"
#include "util/zip_archive.h"

namespace prepdeck::importer {
namespace {

// A schema 11 collection made by hand: `models` and `decks` JSON, then notes (mid, deck id, fields, tags).
struct HandNote {
  std::int64_t model;
  std::int64_t deck;
  std::vector<std::string> fields;
  std::string tags;
};

std::string collection(const std::string& models, const std::string& decks, const std::vector<HandNote>& notes,
                       int version = 11) {
  auto db = store::open_sqlite_memory();
  EXPECT_TRUE(db.has_value());
  EXPECT_TRUE(
      (*db)
          ->script("CREATE TABLE col (id integer primary key, crt integer, mod integer, scm integer, ver integer,"
                   " dty integer, usn integer, ls integer, conf text, models text, decks text, dconf text, tags text);"
                   "CREATE TABLE notes (id integer primary key, guid text, mid integer, mod integer, usn integer,"
                   " tags text, flds text, sfld text, csum integer, flags integer, data text);"
                   "CREATE TABLE cards (id integer primary key, nid integer, did integer, ord integer, mod integer,"
                   " usn integer, type integer, queue integer, due integer, ivl integer, factor integer,"
                   " reps integer, lapses integer, left integer, odue integer, odid integer, flags integer, data text);"
                   "CREATE TABLE revlog (id integer primary key, cid integer, usn integer, ease integer, ivl integer,"
                   " lastIvl integer, factor integer, time integer, type integer);")
          .has_value());
  const store::sql::Value col[] = {version, models, decks};
  EXPECT_TRUE((*db)->execute("INSERT INTO col VALUES (1, 0, 0, 0, $1, 0, 0, 0, '{}', $2, $3, '{}', '{}')", col));
  std::int64_t id = 100;
  for (const HandNote& n : notes) {
    std::string fields;
    for (std::size_t i = 0; i < n.fields.size(); ++i) fields += (i ? "\x1f" : "") + n.fields[i];
    const std::string guid = "g" + std::to_string(id);
    const store::sql::Value note[] = {++id, guid, n.model, n.tags, fields};
    EXPECT_TRUE((*db)->execute("INSERT INTO notes VALUES ($1, $2, $3, 1700000000, -1, $4, $5, '', 0, 0, '')", note));
    const store::sql::Value card[] = {id * 10, id, n.deck};
    EXPECT_TRUE(
        (*db)->execute("INSERT INTO cards VALUES ($1, $2, $3, 0, 0, -1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, '')", card));
  }
  return *store::sqlite_image(**db);
}

std::string package(std::vector<std::pair<std::string, std::string>> entries) {
  util::ZipWriter zip;
  for (auto& [name, bytes] : entries) EXPECT_TRUE(zip.add(name, std::move(bytes), 1700000000).has_value());
  return *zip.finish();
}

constexpr const char* k_models = R"({
  "1": {"name": "Basic", "type": 0, "flds": [{"name": "Front"}, {"name": "Back"}]},
  "2": {"name": "Cloze", "type": 1, "flds": [{"name": "Text"}, {"name": "Back Extra"}]}
})";
constexpr const char* k_decks = R"({"1": {"name": "Default"}, "10": {"name": "Networking"},
  "11": {"name": "Networking::DNS"}, "12": {"name": "Networking::TCP"}})";

std::string file_named(const ImportedGuides& guides, std::string_view path) {
  for (const ImportedFile& f : guides.files) {
    if (f.path == path) return f.bytes;
  }
  return "(no " + std::string(path) + ")";
}

TEST(AnkiImport, AHandMadeDeckBecomesAGuideWithSections) {
  const std::string bytes = package(
      {{"collection.anki2",
        collection(k_models, k_decks,
                   {{1, 10, {"What is <b>latency</b>?", "<div>Time to first byte.</div><div><br></div>"}, "hard"},
                    {1, 11, {"What does a resolver do?<br><img src=\"dns.png\">", "Finds records."}, "level::beginner"},
                    {2, 12, {"TCP port {{c1::443}} is HTTPS; {{c2::53::DNS}} is DNS.", "Well known."}, ""}})},
       {"media", R"({"0": "dns.png", "1": "../escape.png", "2": "a/b.png"})"},
       {"0", "PNG"},
       {"1", "X"},
       {"2", "Y"}});
  auto deck = read_anki_package(bytes);
  ASSERT_TRUE(deck.has_value()) << deck.error().message;
  EXPECT_EQ(deck->notes.size(), 3u);
  EXPECT_EQ(deck->media.size(), 1u);
  EXPECT_EQ(deck->warnings.size(), 2u);  // the two names that could be paths
  const ImportedGuides guides = deck_to_guides(*deck);
  EXPECT_EQ(guides.questions, 2u);
  EXPECT_EQ(guides.quizzes, 1u);
  const std::string g = file_named(guides, "networking.md");
  EXPECT_NE(g.find("# Networking\n\n??? question \"1. What is **latency**?\"\n    \xF0\x9F\x94\xB4 **Advanced**\n\n"
                   "    Time to first byte.\n"),
            std::string::npos)
      << g;
  EXPECT_NE(g.find("## DNS\n\n??? question \"2. What does a resolver do? ![](<media/dns.png>)\"\n"), std::string::npos)
      << g;
  EXPECT_NE(g.find("## TCP\n\n<quiz>\nTCP port [[443]] is HTTPS; [[53]] is DNS.\n---\nWell known.\n</quiz>"),
            std::string::npos)
      << g;
  EXPECT_EQ(file_named(guides, "media/dns.png"), "PNG");

  // What prepdeck reads back from it.
  source::MemoryFileSystem fs;
  for (const ImportedFile& f : guides.files) fs.add_file("out/" + f.path, f.bytes);
  const auto set = guide::load_guides(fs, {"out"}, {}, 1);
  ASSERT_EQ(set.guides.size(), 1u);
  const guide::Guide& read = set.guides[0];
  EXPECT_TRUE(read.diagnostics.empty()) << read.diagnostics[0].message;
  ASSERT_EQ(read.questions.size(), 2u);
  EXPECT_EQ(read.questions[0].level, guide::Level::advanced);
  EXPECT_EQ(read.questions[1].level, guide::Level::beginner);
  EXPECT_EQ(read.sections[read.questions[1].section].title, "DNS");
  ASSERT_EQ(read.quizzes.size(), 1u);
  EXPECT_EQ(read.quizzes[0].blanks, (std::vector<std::string>{"443", "53"}));
  ASSERT_EQ(guides.question_of_note.size(), 2u);
  EXPECT_EQ(guides.question_of_note[0].question, "networking/q1");
  EXPECT_EQ(guides.question_of_note[0].guide, "networking.md");
  EXPECT_EQ(read.questions[0].id, "networking/q1");
}

TEST(AnkiImport, HostilePackagesGetAClearError) {
  const auto error = [](const std::string& bytes) {
    auto deck = read_anki_package(bytes);
    EXPECT_FALSE(deck.has_value());
    return deck ? std::string() : deck.error().message;
  };
  EXPECT_NE(error("not a zip at all, but long enough to look at").find("not an Anki package"), std::string::npos);
  EXPECT_NE(error(package({{"readme.txt", "hello"}})).find("no collection.anki2"), std::string::npos);
  EXPECT_NE(error(package({{"collection.anki2", "SQLite format 3"}})).find("not an SQLite database"),
            std::string::npos);
  std::string damaged = collection(k_models, k_decks, {{1, 10, {std::string(3000, 'x'), "b"}, ""}});
  for (std::size_t i = 1500; i < damaged.size(); i += 7) damaged[i] = '\x7f';
  EXPECT_NE(error(package({{"collection.anki2", damaged}})).find("damaged"), std::string::npos);
  EXPECT_NE(error(package({{"collection.anki2", collection(k_models, k_decks, {}, 99)}})).find("schema version 99"),
            std::string::npos);
  EXPECT_NE(error(package({{"collection.anki21b", "not zstd"}})).find("zstd"), std::string::npos);
  // A bomb: a collection that inflates past the limit.
  AnkiLimits limits;
  limits.max_collection_bytes = 1 << 20;
  limits.max_media_bytes = 1 << 20;
  auto bomb = read_anki_package(package({{"collection.anki2", std::string(8 << 20, '\0')}}), limits);
  ASSERT_FALSE(bomb.has_value());
  EXPECT_NE(bomb.error().message.find("ZIP bomb"), std::string::npos) << bomb.error().message;
}

TEST(AnkiImport, FieldsWithNulsAndBadBytesAndHostileSourcesStayInside) {
  const std::string models = R"({"7": {"name": "prepdeck Question", "type": 0,
    "flds": [{"name": "Title"}, {"name": "Answer"}, {"name": "Hint"}, {"name": "Level"}, {"name": "Source"}]}})";
  const std::string decks = R"({"20": {"name": "T::G::S"}})";
  auto deck = read_anki_package(package(
      {{"collection.anki2",
        collection(models, decks,
                   {{7, 20, {"Bad \xFF bytes", "A<script>x()</script>", "", "", "../../../etc/passwd.md:3"}, ""},
                    {7, 20, {"Abs", "B", "", "", "/tmp/x.md:1"}, ""},
                    {7, 20, {"Ok", "C", "", "Hard", "guides/net.md:9"}, ""}})}}));
  ASSERT_TRUE(deck.has_value()) << deck.error().message;
  const ImportedGuides guides = deck_to_guides(*deck);
  for (const ImportedFile& f : guides.files) {
    EXPECT_EQ(f.path.find(".."), std::string::npos) << f.path;
    EXPECT_NE(f.path.front(), '/') << f.path;
    EXPECT_EQ(f.bytes.find('\0'), std::string::npos);
    EXPECT_EQ(f.bytes.find("script"), std::string::npos) << f.bytes;
    EXPECT_TRUE(util::is_valid_utf8(f.bytes)) << f.path;
  }
  EXPECT_NE(file_named(guides, "guides/net.md").find("\xF0\x9F\x94\xB4 **Advanced**"), std::string::npos);
  EXPECT_NE(file_named(guides, "g.md").find("??? question \"2. Bad \xEF\xBF\xBD bytes\""), std::string::npos)
      << file_named(guides, "g.md");
}

TEST(AnkiImport, DeckNamesWithLineBreaksQuotesAndBackslashesStayOneLine) {
  const std::string decks = R"({"30": {"name": "Bad \\ 'name\"\n---\ntitle: x::Sub\n## y"}})";
  auto deck =
      read_anki_package(package({{"collection.anki2", collection(k_models, decks, {{1, 30, {"Q", "A"}, ""}})}}));
  ASSERT_TRUE(deck.has_value()) << deck.error().message;
  const ImportedGuides guides = deck_to_guides(*deck);
  ASSERT_FALSE(guides.files.empty());
  source::MemoryFileSystem fs;
  fs.add_file("out/" + guides.files[0].path, guides.files[0].bytes);
  const auto set = guide::load_guides(fs, {"out"}, {}, 1);
  ASSERT_EQ(set.guides.size(), 1u);
  EXPECT_EQ(set.guides[0].title, "Bad \\ 'name\" --- title: x");
  EXPECT_EQ(set.guides[0].questions.size(), 1u);
  EXPECT_TRUE(set.guides[0].diagnostics.empty()) << set.guides[0].diagnostics[0].message;
}

TEST(AnkiTextImport, HeadersColumnsAndQuotedFields) {
  auto deck = read_anki_text(
      "#separator:Semicolon\n#html:false\n#deck:Ops\n#tags:imported\n#columns:Front;Back;Tags\n#tags column:3\n"
      "What is 2 < 3?;\"Yes; \"\"true\"\"\nand more\";easy\n"
      "Second;Answer two;\n",
      "file");
  ASSERT_TRUE(deck.has_value()) << deck.error().message;
  ASSERT_EQ(deck->notes.size(), 2u);
  EXPECT_EQ(deck->notes[0].fields,
            (std::vector<std::string>{"What is 2 &lt; 3?", "Yes; &quot;true&quot;<br>and more"}));
  EXPECT_EQ(deck->notes[0].tags, (std::vector<std::string>{"easy", "imported"}));
  EXPECT_EQ(deck->notes[0].deck, "Ops");
  const ImportedGuides guides = deck_to_guides(*deck);
  const std::string g = file_named(guides, "ops.md");
  EXPECT_NE(g.find("??? question \"1. What is 2 \\< 3?\"\n    \xF0\x9F\x9F\xA2 **Beginner**\n\n    Yes; \"true\"  \n   "
                   " and more\n"),
            std::string::npos)
      << g;
  EXPECT_FALSE(read_anki_text("\n\n#separator:tab\n", "x").has_value());
}

// --- the round trip: guides -> .apkg -> import anki -> guides ---

struct Item {
  std::string section, title, level, hint, answer_text;
  std::vector<std::pair<std::string, bool>> choices;
  bool operator==(const Item&) const = default;
};

std::string text_of(std::string_view html) { return util::html_text(html); }

std::map<std::string, Item> questions_of(const guide::GuideSet& set) {
  std::map<std::string, Item> out;
  for (const guide::Guide& g : set.guides) {
    const render::ItemsHtml html = render::render_items_html(g, {});
    for (std::size_t i = 0; i < g.questions.size(); ++i) {
      const guide::Question& q = g.questions[i];
      Item item{g.sections[q.section].depth == 0 ? std::string() : g.sections[q.section].title,
                q.title,
                std::string(guide::to_string(q.level)),
                q.hint.value_or(""),
                text_of(html.questions[i].answer),
                {}};
      for (const guide::Choice& c : q.choices) item.choices.emplace_back(c.text, c.correct);
      out[q.id] = std::move(item);
    }
    for (std::size_t i = 0; i < g.quizzes.size(); ++i) {
      const guide::QuizItem& q = g.quizzes[i];
      if (!q.valid) continue;
      std::string question;
      for (const std::string& piece : html.quizzes[i].question) question += piece + "|";
      Item item{g.sections[q.section].title,           text_of(question),
                std::string(guide::to_string(q.kind)), "",
                text_of(html.quizzes[i].explanation),  {}};
      for (const guide::QuizOption& o : q.options)
        item.choices.emplace_back(o.markdown + " // " + o.feedback, o.correct);
      for (const std::string& b : q.blanks) item.choices.emplace_back(b, true);
      out[g.id + "#" + std::to_string(i)] = std::move(item);
    }
  }
  return out;
}

void round_trip(const guide::GuideSet& original, const source::FileSystem& fs) {
  ::setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
  const exporter::Exporter* anki = exporter::find_exporter("anki");
  std::ostringstream err;
  const exporter::ExportInput input = cli::export_input(original, *anki, fs, cli::ExportSettings{}, err);
  auto bytes = anki->write(input);
  ::unsetenv("SOURCE_DATE_EPOCH");
  ASSERT_TRUE(bytes.has_value());
  auto deck = read_anki_package(bytes->bytes);
  ASSERT_TRUE(deck.has_value()) << deck.error().message;
  const ImportedGuides guides = deck_to_guides(*deck);
  source::MemoryFileSystem out;
  for (const ImportedFile& f : guides.files) out.add_file("out/" + f.path, f.bytes);
  const auto again = guide::load_guides(out, {"out"}, {}, 1);
  for (const guide::Guide& g : again.guides) {
    for (const util::Diagnostic& d : g.diagnostics) {
      EXPECT_NE(d.severity, util::Severity::error) << g.path << ":" << d.line << ": " << d.message;
    }
  }
  const auto before = questions_of(original);
  const auto after = questions_of(again);
  EXPECT_EQ(before.size(), after.size());
  for (const auto& [id, item] : before) {
    const auto it = after.find(id);
    ASSERT_NE(it, after.end()) << id;
    EXPECT_EQ(it->second.section, item.section) << id;
    EXPECT_EQ(it->second.title, item.title) << id;
    EXPECT_EQ(it->second.level, item.level) << id;
    EXPECT_EQ(it->second.hint, item.hint) << id;
    EXPECT_EQ(it->second.answer_text, item.answer_text) << id;
    EXPECT_EQ(it->second.choices, item.choices) << id;
  }
}

TEST(AnkiRoundTrip, TheExamplesKeepEveryQuestionAnswerHintLevelAndSection) {
  const source::DiskFileSystem fs;
  round_trip(guide::load_guides(fs, {PREPDECK_SOURCE_DIR "/examples/docs"}, {}, 2), fs);
}

TEST(AnkiRoundTrip, TheSeedKeepsEveryQuestion) {
  source::MemoryFileSystem fs;
  fs.add_file("seed.md", test::read_file(PREPDECK_SHARED_DIR "/fixtures/seed/000_f53b7e45484371f1.txt"));
  round_trip(guide::load_guides(fs, {"seed.md"}, {}, 1), fs);
}

}  // namespace
}  // namespace prepdeck::importer
