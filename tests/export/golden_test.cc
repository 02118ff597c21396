// Every format's output on the examples and on the seed guide, pinned. To
// update after an intended change: run the test, review the diff of
// build/export-golden/ against tests/export/golden/, and copy it over.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/export_input.h"
#include "export/exporter.h"
#include "store/sql.h"
#include "store/sqlite/sqlite_store.h"
#include "tests/support/files.h"
#include "util/zip_archive.h"

namespace prepdeck::exporter {
namespace {

// The .apkg as text: its entries, then the collection's decks, note types and notes.
std::string package_as_text(const std::string& bytes) {
  auto zip = util::ZipReader::open(bytes);
  if (!zip) return "not a zip: " + zip.error().message;
  std::string out = "entries:";
  for (const std::string& name : zip->names()) out += " " + name;
  out += "\nmedia: " + zip->read("media").value_or("?") + "\n";
  auto db = store::open_sqlite_image(zip->read("collection.anki2").value_or(""));
  if (!db) return out + db.error().message;
  auto col = (*db)->query("SELECT crt, mod, ver, models, decks FROM col", {});
  if (!col->next()) return out + "no col row";
  out += "col: crt " + col->text(0) + " mod " + col->text(1) + " ver " + col->text(2) + "\n";
  const auto decks = nlohmann::json::parse(col->text(4));
  const auto models = nlohmann::json::parse(col->text(3));
  for (const auto& [id, deck] : decks.items()) {
    out += "deck " + id + ": " + deck["name"].get<std::string>() + "\n";
  }
  for (const auto& [id, model] : models.items()) {
    out += "model " + id + ": " + model["name"].get<std::string>() + " (";
    for (const auto& f : model["flds"]) out += f["name"].get<std::string>() + ";";
    out += ")\n";
  }
  col.reset();
  auto notes = (*db)->query(
      "SELECT n.guid, n.mid, n.tags, n.flds, group_concat(c.ord || '@' || c.did || '#' || c.due, ' ') "
      "FROM notes n JOIN cards c ON c.nid = n.id GROUP BY n.id ORDER BY n.id",
      {});
  while (notes->next()) {
    std::string fields = notes->text(3);
    for (char& c : fields) {
      if (c == '\x1f') c = '|';
    }
    out += "note " + notes->text(0) + " model " + notes->text(1) + " tags [" + notes->text(2) + "] cards " +
           notes->text(4) + "\n  " + fields + "\n";
  }
  return out;
}

// A QTI package as text: each entry's name, then an XML entry's content.
std::string zip_as_text(const std::string& bytes) {
  auto zip = util::ZipReader::open(bytes);
  if (!zip) return "not a zip: " + zip.error().message;
  std::string out;
  for (const std::string& name : zip->names()) {
    out += "== " + name + "\n";
    if (name.ends_with(".xml")) out += zip->read(name).value_or("?");
  }
  return out;
}

class Golden : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { ::setenv("SOURCE_DATE_EPOCH", "1700000000", 1); }
  void TearDown() override { ::unsetenv("SOURCE_DATE_EPOCH"); }

  void check(const std::string& input_name, const guide::GuideSet& set, const source::FileSystem& fs) {
    const Exporter* format = find_exporter(GetParam());
    ASSERT_NE(format, nullptr);
    std::ostringstream err;
    const ExportInput input = cli::export_input(set, *format, fs, cli::ExportSettings{}, err);
    auto out = format->write(input);
    ASSERT_TRUE(out.has_value()) << out.error().message;
    std::string actual = format->name == "anki"             ? package_as_text(out->bytes)
                         : format->output == Output::binary ? zip_as_text(out->bytes)
                                                            : out->bytes;
    for (const std::string& note : out->notes) actual += "\nnote: " + note;
    const std::string name = input_name + "." + std::string(format->name) + ".txt";
    const std::string golden_path = PREPDECK_SOURCE_DIR "/tests/export/golden/" + name;
    const std::string golden = std::filesystem::exists(golden_path) ? test::read_file(golden_path) : std::string();
    if (actual != golden) {
      std::filesystem::create_directories(PREPDECK_SOURCE_DIR "/build/export-golden");
      std::ofstream(PREPDECK_SOURCE_DIR "/build/export-golden/" + name, std::ios::binary) << actual;
    }
    // Not EXPECT_EQ: the files are long; the difference is for diff to show.
    EXPECT_TRUE(actual == golden) << "differs from tests/export/golden/" << name << ": wrote build/export-golden/"
                                  << name;
    // The seed's mojibake is repaired in every output.
    for (const char* mojibake : {"\xC3\xA2\xE2\x82\xAC", "\xC3\xB0\xC5\xB8", "\xC3\xA2\xC5\x93"}) {
      EXPECT_EQ(actual.find(mojibake), std::string::npos) << name;
    }
  }
};

TEST_P(Golden, Examples) {
  const source::DiskFileSystem fs;
  const auto set = guide::load_guides(fs, {PREPDECK_SOURCE_DIR "/examples"}, {}, 2);
  // Paths in the output are relative to the site, so the checkout's place does not show.
  check("examples", set, fs);
}

TEST_P(Golden, Seed) {
  source::MemoryFileSystem fs;
  fs.add_file("seed/000_f53b7e45484371f1.txt",
              test::read_file(PREPDECK_SHARED_DIR "/fixtures/seed/000_f53b7e45484371f1.txt"));
  const auto set = guide::load_guides(fs, {"seed/000_f53b7e45484371f1.txt"}, {}, 1);
  check("seed", set, fs);
}

INSTANTIATE_TEST_SUITE_P(Formats, Golden,
                         ::testing::Values("csv", "anki-text", "gift", "moodle-xml", "anki", "qti12", "qti21"),
                         [](const auto& param_info) {
                           std::string name = param_info.param;
                           std::erase(name, '-');
                           return name;
                         });

}  // namespace
}  // namespace prepdeck::exporter
