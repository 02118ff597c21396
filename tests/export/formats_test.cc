// The export formats on one guide that holds every kind of item, each read
// back: GIFT, Moodle XML, CSV, Anki's text import and the .apkg.
#include <algorithm>
#include <cstdlib>
#include <set>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/export_input.h"
#include "export/anki_fields.h"
#include "export/anki_package.h"
#include "export/collection.h"
#include "export/csv.h"
#include "export/exporter.h"
#include "export/gift.h"
#include "export/qti.h"
#include "store/sql.h"
#include "store/sqlite/sqlite_store.h"
#include "util/zip_archive.h"

namespace prepdeck::exporter {
namespace {

// Every kind of item, GIFT's special characters, an image, one outside the site.
constexpr const char* k_guide = R"md(---
title: "Kinds: all of them"
---
# Kinds

## Study {#study}

??? question "1. What does `a ~ b = c # d {e} : f \ g` mean?"
    🧠 Think about 50% first...
    🟢 **Beginner**

    It is *all* of GIFT's specials.

    ![diagram](img/diagram.png)
    ![outside](../../etc/passwd)
    ![remote](https://example.com/x.png)

??? question "2. Which port does HTTPS use?"
    🟡 **Intermediate**

    ✅ 443
    ▫️ 80
    ▫️ 22

    Port 443, by convention.

## Quiz

<quiz>
Which one is a *container* runtime?
- [x] containerd
  > Right: it runs containers.
- [ ] nginx
  > No: a web server.

It is containerd.
</quiz>

<quiz>
Which are version control systems?
- [x] Git
- [x] Mercurial
- [ ] Make
</quiz>

<quiz>
The default branch of a new repository is [[main|master]] today.
---
Since Git 2.28 it can be set.
</quiz>

<quiz>
[[TCP]] is reliable, [[UDP]] is not.
</quiz>
)md";

class Formats : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    m_fs.add_file("site/kinds.md", k_guide);
    m_fs.add_file("site/img/diagram.png", std::string("\x89PNG\r\n\x1a\n fake", 13));
    m_set = guide::load_guides(m_fs, {"site"}, {}, 1);
    ASSERT_EQ(m_set.guides.size(), 1u);
  }
  void TearDown() override { ::unsetenv("SOURCE_DATE_EPOCH"); }

  Exported run(std::string_view name) {
    const Exporter* format = find_exporter(name);
    EXPECT_NE(format, nullptr) << name;
    std::ostringstream err;
    cli::ExportSettings settings;
    settings.title = "Prep";
    m_input = cli::export_input(m_set, *format, m_fs, settings, err);
    auto out = format->write(m_input);
    EXPECT_TRUE(out.has_value()) << (out ? "" : out.error().message);
    return out ? *out : Exported{};
  }

  source::MemoryFileSystem m_fs;
  guide::GuideSet m_set;
  ExportInput m_input;
};

std::size_t count(std::string_view text, std::string_view what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string_view::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(ExporterTable, NamesAreUniqueAndEveryFormatWrites) {
  std::set<std::string_view> names;
  for (const Exporter& e : exporters()) {
    EXPECT_TRUE(names.insert(e.name).second) << e.name;
    EXPECT_FALSE(e.extension.empty()) << e.name;
    EXPECT_FALSE(e.summary.empty()) << e.name;
    EXPECT_NE(e.write, nullptr) << e.name;
    EXPECT_EQ(find_exporter(e.name), &e);
  }
  EXPECT_EQ(find_exporter("docx"), nullptr);
  for (const char* name :
       {"json", "csv", "anki", "anki-text", "gift", "moodle-xml", "qti12", "qti21", "analytics-csv"}) {
    EXPECT_TRUE(names.count(name)) << name;
  }
}

TEST(Gift, EscapesEverySpecialCharacter) {
  EXPECT_EQ(gift_escape("a~b=c#d{e}f:g\\h"), "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h");
  EXPECT_EQ(gift_escape("one\r\ntwo\n\nthree"), "one\\ntwo\\n\\nthree");
  EXPECT_EQ(gift_escape("plain text, 50%"), "plain text, 50%");
}

TEST(Gift, WeightsAreGradesMoodleAccepts) {
  EXPECT_EQ(gift_weight(1), "100");
  EXPECT_EQ(gift_weight(2), "50");
  EXPECT_EQ(gift_weight(3), "33.33333");
  EXPECT_EQ(gift_weight(6), "16.66667");
  EXPECT_EQ(gift_weight(7), "14.28571");
  EXPECT_EQ(gift_weight(20), "5");
}

TEST_F(Formats, GiftHoldsEveryKind) {
  const Exported out = run("gift");
  const std::string& g = out.bytes;
  EXPECT_NE(g.find("$CATEGORY: $course$/top/Prep/Kinds: all of them/Study"), std::string::npos) << g;
  // The essay: the title escaped, the answer as general feedback.
  EXPECT_NE(g.find("::kinds/q1::[html]What does <code>a \\~ b \\= c \\# d \\{e\\} \\: f \\\\ g</code> mean?"),
            std::string::npos)
      << g;
  EXPECT_NE(g.find("\t####<p>It is <em>all</em> of GIFT's specials.</p>"), std::string::npos) << g;
  // The question with choices is a choice question.
  EXPECT_NE(g.find("\t=443\n\t~80\n\t~22\n"), std::string::npos) << g;
  // Single choice with per-answer feedback and general feedback.
  EXPECT_NE(g.find("\t=containerd#<p>Right\\: it runs containers.</p>\n"), std::string::npos) << g;
  EXPECT_NE(g.find("\t####<p>It is containerd.</p>"), std::string::npos) << g;
  // Multiple answers: 50 each, the wrong one -100.
  EXPECT_NE(g.find("\t~%50%Git\n\t~%50%Mercurial\n\t~%-100%Make\n"), std::string::npos) << g;
  // One blank: short answer where it stands, both alternatives right.
  EXPECT_NE(g.find("{\n\t=main\n\t=master\n\t####<p>Since Git 2.28 it can be set.</p>\n} today.</p>"),
            std::string::npos)
      << g;
  // Two blanks do not fit: left out, with a note.
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_NE(out.notes[0].find("has 2"), std::string::npos) << out.notes[0];
  // No line of a question is blank (a blank line ends a GIFT question).
  EXPECT_EQ(count(g, "::kinds/"), 5u);
}

// Seen on a real site: an option "%VARIABLE_NAME%" read as a %weight% by GIFT parsers.
TEST_F(Formats, GiftAnswersStartingWithAPercentSignStayAnswers) {
  m_fs.add_file("site/percent.md", "<quiz>\nHow is it written on Windows?\n- [x] %NAME%\n- [ ] $NAME\n</quiz>\n");
  m_set = guide::load_guides(m_fs, {"site/percent.md"}, {}, 1);
  const std::string g = run("gift").bytes;
  EXPECT_NE(g.find("\t=&\\#37;NAME%\n\t~$NAME\n"), std::string::npos) << g;
}

TEST_F(Formats, MoodleXmlHoldsEveryKind) {
  const std::string x = run("moodle-xml").bytes;
  EXPECT_EQ(x.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>", 0), 0u) << x;
  EXPECT_EQ(count(x, "<question type=\"category\">"), 2u);
  EXPECT_EQ(count(x, "<question type=\"essay\">"), 1u);
  EXPECT_EQ(count(x, "<question type=\"multichoice\">"), 3u);
  EXPECT_EQ(count(x, "<question type=\"shortanswer\">"), 1u);
  EXPECT_EQ(count(x, "<question type=\"cloze\">"), 1u);
  EXPECT_NE(x.find("{1:SHORTANSWER:=TCP}"), std::string::npos);
  EXPECT_NE(x.find("<answer fraction=\"50\" format=\"html\">"), std::string::npos);
  EXPECT_NE(x.find("<answer fraction=\"-100\" format=\"html\">"), std::string::npos);
  EXPECT_NE(x.find("<text>master</text>"), std::string::npos);
  EXPECT_NE(x.find("<graderinfo format=\"html\">"), std::string::npos);
  EXPECT_NE(x.find("<idnumber>kinds/q1</idnumber>"), std::string::npos);
}

TEST_F(Formats, CsvRowsAreSpreadsheetSafe) {
  const std::string c = run("csv").bytes;
  EXPECT_EQ(c.rfind("id,kind,guide,section,level,title,hint,answer,choices,explanation\r\n", 0), 0u);
  EXPECT_EQ(count(c, "\r\nkinds/"), 6u);  // 2 questions, 4 quiz items
  EXPECT_NE(c.find("kinds/q2,choice,kinds.md,Study,intermediate,Which port does HTTPS use?"), std::string::npos) << c;
  EXPECT_NE(c.find("\"[x] 443\n[ ] 80\n[ ] 22\""), std::string::npos) << c;
  EXPECT_EQ(csv_field("=1+1"), "'=1+1");
  EXPECT_EQ(csv_field("=1+1", Cells::plain), "=1+1");
  EXPECT_EQ(csv_field("a\tb", Cells::plain, '\t'), "\"a\tb\"");
}

TEST_F(Formats, AnkiTextHasHeadersAndClozes) {
  const std::string t = run("anki-text").bytes;
  EXPECT_EQ(
      t.rfind("#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:6\n", 0),
      0u);
  EXPECT_EQ(count(t, "\tBasic\t"), 4u);
  EXPECT_EQ(count(t, "\tCloze\t"), 2u);
  EXPECT_NE(t.find("{{c1::main}}"), std::string::npos) << t;
  EXPECT_NE(t.find("{{c1::TCP}} is reliable, {{c2::UDP}} is not."), std::string::npos) << t;
  EXPECT_NE(t.find("Prep::Kinds: all of them::Study"), std::string::npos) << t;
  EXPECT_NE(t.find("prepdeck level::beginner section::study"), std::string::npos) << t;
}

// The .apkg's collection, read back as Anki reads it.
struct Collection {
  util::ZipReader zip;
  std::unique_ptr<store::sql::Connection> db;
};

Collection open_package(const std::string& bytes) {
  auto zip = util::ZipReader::open(bytes);
  EXPECT_TRUE(zip.has_value());
  auto collection = zip->read("collection.anki2");
  EXPECT_TRUE(collection.has_value());
  auto db = store::open_sqlite_image(*collection);
  EXPECT_TRUE(db.has_value()) << (db ? "" : db.error().message);
  return Collection{std::move(*zip), std::move(*db)};
}

std::vector<std::vector<std::string>> rows(store::sql::Connection& db, std::string_view sql) {
  std::vector<std::vector<std::string>> out;
  auto r = db.query(sql, {});
  while (r->next()) {
    std::vector<std::string> row;
    for (int i = 0; i < 32; ++i) {
      if (i > 0 && r->is_null(i) && out.empty() && row.size() == static_cast<std::size_t>(i)) break;
      row.push_back(r->text(i));
    }
    out.push_back(std::move(row));
  }
  EXPECT_TRUE(r->ok().has_value());
  return out;
}

TEST_F(Formats, AnkiPackageIsACollectionAnkiReads) {
  const std::string bytes = run("anki").bytes;
  Collection c = open_package(bytes);
  EXPECT_EQ(c.zip.names(), (std::vector<std::string>{"collection.anki2", "media", "0"}));
  EXPECT_EQ(*c.zip.read("media"), R"({"0":"img_diagram.png"})");
  EXPECT_EQ(c.zip.read("0")->substr(0, 4), "\x89PNG");

  auto col = rows(*c.db, "SELECT ver, models, decks FROM col");
  ASSERT_EQ(col.size(), 1u);
  EXPECT_EQ(col[0][0], "11");
  const auto models = nlohmann::json::parse(col[0][1]);
  const auto decks = nlohmann::json::parse(col[0][2]);
  std::set<std::string> deck_names;
  for (const auto& [id, deck] : decks.items()) deck_names.insert(deck["name"].get<std::string>());
  EXPECT_EQ(deck_names, (std::set<std::string>{"Default", "Prep", "Prep::Kinds: all of them",
                                               "Prep::Kinds: all of them::Study", "Prep::Kinds: all of them::Quiz"}));

  // Each note has its model's fields; GUIDs are unique and come from the ids.
  auto notes = rows(*c.db, "SELECT guid, mid, flds, tags FROM notes ORDER BY id");
  ASSERT_EQ(notes.size(), 6u);
  std::set<std::string> guids;
  for (const auto& n : notes) {
    guids.insert(n[0]);
    const auto& model = models.at(n[1]);
    const std::size_t fields = static_cast<std::size_t>(std::count(n[2].begin(), n[2].end(), '\x1f')) + 1;
    EXPECT_EQ(fields, model["flds"].size()) << model["name"];
  }
  EXPECT_EQ(guids.size(), 6u);
  EXPECT_EQ(notes[0][0], stable_guid("kinds/q1"));
  EXPECT_NE(notes[0][2].find("<img src=\"img_diagram.png\" alt=\"diagram\">"), std::string::npos) << notes[0][2];
  EXPECT_NE(notes[0][2].find("../../etc/passwd"), std::string::npos);  // not a file of the site: left as written
  EXPECT_NE(notes[0][2].find("https://example.com/x.png"), std::string::npos);
  EXPECT_EQ(notes[0][3], " prepdeck level::beginner section::study ");

  // Every card's note and deck exist; the two-blank cloze makes two cards.
  auto orphans = rows(*c.db, "SELECT count(*) FROM cards WHERE nid NOT IN (SELECT id FROM notes)");
  EXPECT_EQ(orphans[0][0], "0");
  for (const auto& card : rows(*c.db, "SELECT did FROM cards")) EXPECT_TRUE(decks.contains(card[0])) << card[0];
  EXPECT_EQ(rows(*c.db, "SELECT count(*) FROM cards")[0][0], "7");
  EXPECT_EQ(rows(*c.db, "SELECT count(*) FROM cards WHERE ord = 1")[0][0], "1");

  // Checksums as Anki computes them (SHA-1 of the sort field).
  auto sums = rows(*c.db, "SELECT sfld, csum FROM notes");
  for (const auto& s : sums) EXPECT_EQ(s[1], std::to_string(anki_checksum(s[0])));
  EXPECT_EQ(anki_checksum("abc"), 0xa9993e36);  // SHA-1("abc") = a9993e36...
}

TEST_F(Formats, AnkiCardsColorTheHighlightedCode) {
  // The answer's code is highlighted as on the site (spans of hl-* classes): every class it uses is
  // colored by each note type's stylesheet, in night mode too.
  m_fs.add_file("site/code.md",
                "# Code\n\n??? question \"Loop?\"\n    ```python\n    # count\n    for i in range(3):\n"
                "        print(\"x\", i)\n    ```\n");
  m_set = guide::load_guides(m_fs, {"site"}, {}, 1);
  Collection c = open_package(run("anki").bytes);
  const auto notes = rows(*c.db, "SELECT flds FROM notes WHERE flds LIKE '%hl-%'");
  ASSERT_EQ(notes.size(), 1u);
  std::set<std::string> classes;
  const std::string& fields = notes[0][0];
  for (std::size_t at = fields.find("class=\"hl-"); at != std::string::npos; at = fields.find("class=\"hl-", at + 1)) {
    const std::size_t from = at + 7;
    classes.insert(fields.substr(from, fields.find('"', from) - from));
  }
  EXPECT_GE(classes.size(), 3u);  // keyword, string, comment at least
  const auto models = nlohmann::json::parse(rows(*c.db, "SELECT models FROM col")[0][0]);
  for (const auto& [id, model] : models.items()) {
    const std::string css = model["css"];
    for (const std::string& cls : classes) {
      EXPECT_NE(css.find("." + cls), std::string::npos) << model["name"] << " " << cls;
      EXPECT_NE(css.find(".nightMode ." + cls), std::string::npos) << model["name"] << " " << cls;
    }
  }
}

TEST_F(Formats, EveryFormatGivesTheSameBytesTwice) {
  for (const Exporter& e : exporters()) {
    if (e.reads == Reads::analytics) continue;
    EXPECT_EQ(run(e.name).bytes, run(e.name).bytes) << e.name;
  }
}

TEST_F(Formats, AnEditUpdatesTheSameNotesLater) {
  const std::string before = run("anki").bytes;
  ::setenv("SOURCE_DATE_EPOCH", "1800000000", 1);
  m_fs.add_file("site/kinds.md", std::string(k_guide) + "\n??? question \"3. Added later\"\n    Yes.\n");
  m_set = guide::load_guides(m_fs, {"site"}, {}, 1);
  const std::string after = run("anki").bytes;
  Collection a = open_package(before);
  Collection b = open_package(after);
  auto old_notes = rows(*a.db, "SELECT guid, mod FROM notes ORDER BY guid");
  auto new_notes = rows(*b.db, "SELECT guid, mod FROM notes ORDER BY guid");
  ASSERT_EQ(new_notes.size(), old_notes.size() + 1);
  std::set<std::string> new_guids;
  for (const auto& n : new_notes) {
    new_guids.insert(n[0]);
    EXPECT_EQ(n[1], "1800000000");
  }
  for (const auto& n : old_notes) EXPECT_TRUE(new_guids.count(n[0])) << n[0];
}

TEST(Qti, IdentifiersAreXmlNamesStableAndDistinct) {
  EXPECT_EQ(qti_identifier("I_", "kinds/q1"), qti_identifier("I_", "kinds/q1"));
  EXPECT_NE(qti_identifier("I_", "a/b"), qti_identifier("I_", "a_b"));
  const std::string id = qti_identifier("I_", "guides/k8s/pods & nodes: \"q\"/quiz-3");
  EXPECT_EQ(id.rfind("I_guides_k8s_pods___nodes___q__quiz-3_", 0), 0u) << id;
  EXPECT_EQ(id.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-"),
            std::string::npos);
}

// A package's entry, read back.
std::string entry(const std::string& zip_bytes, std::string_view prefix) {
  auto zip = util::ZipReader::open(zip_bytes);
  EXPECT_TRUE(zip.has_value());
  for (const std::string& name : zip->names()) {
    if (name.rfind(prefix, 0) == 0) return zip->read(name).value_or("");
  }
  return {};
}

TEST_F(Formats, Qti12ScoresEveryKindAsCanvasReadsIt) {
  const std::string bytes = run("qti12").bytes;
  auto zip = util::ZipReader::open(bytes);
  ASSERT_TRUE(zip.has_value());
  EXPECT_TRUE(zip->contains("imsmanifest.xml"));
  EXPECT_TRUE(zip->contains("media/img_diagram.png"));
  const std::string a = entry(bytes, "A_kinds_");
  EXPECT_EQ(count(a, "<fieldentry>multiple_choice_question</fieldentry>"), 1u);
  EXPECT_EQ(count(a, "<fieldentry>multiple_answers_question</fieldentry>"), 1u);
  EXPECT_EQ(count(a, "<fieldentry>short_answer_question</fieldentry>"), 1u);
  EXPECT_EQ(count(a, "<fieldentry>fill_in_multiple_blanks_question</fieldentry>"), 1u);
  EXPECT_NE(a.find("[blank1] is reliable, [blank2] is not."), std::string::npos) << a;
  EXPECT_NE(a.find("<not>\n                  <varequal respident=\"response1\">C_2</varequal>"), std::string::npos)
      << a;
  EXPECT_NE(a.find("<varequal respident=\"response1\">master</varequal>"), std::string::npos);
  EXPECT_NE(a.find("<itemfeedback ident=\"C_0_fb\">"), std::string::npos);
  EXPECT_NE(a.find("&lt;p&gt;Which one is a &lt;em&gt;container&lt;/em&gt; runtime?&lt;/p&gt;"), std::string::npos);
}

TEST_F(Formats, Qti21WritesXhtmlAndInteractions) {
  const std::string bytes = run("qti21").bytes;
  const std::string single = entry(bytes, "I_kinds_quiz_which-one-is");
  EXPECT_NE(single.find("<choiceInteraction responseIdentifier=\"RESPONSE\" shuffle=\"false\" maxChoices=\"1\">"),
            std::string::npos)
      << single;
  EXPECT_NE(single.find("<div><p>Which one is a <em>container</em> runtime?</p></div>"), std::string::npos) << single;
  EXPECT_NE(single.find("<modalFeedback outcomeIdentifier=\"FEEDBACK\" identifier=\"C_0\" showHide=\"show\">"),
            std::string::npos);
  const std::string two = entry(bytes, "I_kinds_quiz_tcp");
  EXPECT_NE(two.find("<p><textEntryInteraction responseIdentifier=\"RESPONSE_1\" expectedLength=\"20\"/> is reliable, "
                     "<textEntryInteraction responseIdentifier=\"RESPONSE_2\" expectedLength=\"20\"/> is not.</p>"),
            std::string::npos)
      << two;
  const std::string one = entry(bytes, "I_kinds_quiz_the-default");
  EXPECT_NE(one.find("<mapEntry mapKey=\"master\" mappedValue=\"1\" caseSensitive=\"false\"/>"), std::string::npos);
}

TEST_F(Formats, Qti21HtmlIsMadeXhtmlQtiAllows) {
  m_fs.add_file("site/html.md",
                "??? question \"1. Raw\"\n    <details><summary>More</summary><p>Hidden<br>line</p></details>\n\n"
                "    <mark>marked</mark> <input type=\"text\" value=\"x\">\n\n"
                "    ```\n    code  with   spaces\n    ```\n");
  m_set = guide::load_guides(m_fs, {"site/html.md"}, {}, 1);
  const std::string item = entry(run("qti21").bytes, "I_html_q1");
  EXPECT_NE(item.find("<div class=\"admonition\"") == std::string::npos ? item.find("<div><div>More</div>") : 0,
            std::string::npos)
      << item;
  EXPECT_EQ(item.find("<details"), std::string::npos) << item;
  EXPECT_EQ(item.find("<input"), std::string::npos) << item;
  EXPECT_NE(item.find("<br/>"), std::string::npos) << item;
  EXPECT_NE(item.find("<span>marked</span>"), std::string::npos) << item;
  EXPECT_NE(item.find("code  with   spaces"), std::string::npos) << item;
}

}  // namespace
}  // namespace prepdeck::exporter
