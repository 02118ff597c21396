#include "render/ui_strings.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/support/files.h"

namespace prepdeck::render {
namespace {

// A translation file as Material writes one (the words here are this test's).
constexpr const char* k_sample = R"({#-
  This file was automatically generated - do not edit
-#}
{% macro t(key) %}{{ {
  "language": "xx",
  "edit.link.title": "Muuda \"seda\" lehte",
  "search.placeholder": "Otsi",
  "search.result.none": "Ei leitud",
  "skip.link.title": "Sisuni",
  "toc.title": "Sisukord"
}[key] }}{% endmacro %}
)";

TEST(UiStrings, ReadsMaterialsTranslationTableOverEnglish) {
  const auto strings = parse_material_language(k_sample);
  ASSERT_TRUE(strings);
  EXPECT_EQ(strings->edit, "Muuda \"seda\" lehte");
  EXPECT_EQ(strings->search, "Otsi");
  EXPECT_EQ(strings->search_none, "Ei leitud");
  EXPECT_EQ(strings->skip_link, "Sisuni");
  EXPECT_EQ(strings->toc, "Sisukord");
  EXPECT_EQ(strings->source, UiStrings{}.source);  // not translated: English
}

TEST(UiStrings, EnglishKeepsPrepdecksOwnWords) {
  const auto strings = parse_material_language(
      R"({% macro t(key) %}{{ { "language": "en", "toc.title": "Table of contents", "search.result.none": "None" }[key] }}{% endmacro %})");
  ASSERT_TRUE(strings);
  EXPECT_EQ(*strings, UiStrings{});
}

TEST(UiStrings, AnythingElseIsNoTranslation) {
  EXPECT_FALSE(parse_material_language(""));
  EXPECT_FALSE(parse_material_language("{% macro t(key) %}{{ { \"a\": }[key] }}"));
  EXPECT_FALSE(parse_material_language("{% macro t(key) %}{{ [1, 2][key] }}"));
  EXPECT_FALSE(parse_material_language("<p>not a macro</p>"));
  // A value that is not text leaves English.
  const auto strings = parse_material_language("{% macro t(key) %}{{ { \"search.placeholder\": 3 }[key] }}");
  ASSERT_TRUE(strings);
  EXPECT_EQ(strings->search, "Search");
}

TEST(UiStrings, ALanguageNameNeverLeavesTheTranslationsFolder) {
  const std::filesystem::path dir = std::filesystem::path(testing::TempDir()) / "ui-strings";
  std::filesystem::create_directories(dir / "languages");
  test::write_file((dir / "languages" / "xx.html").string(), k_sample);
  test::write_file((dir / "secret.html").string(), k_sample);
  const std::string languages = (dir / "languages").string();
  ASSERT_TRUE(material_ui_strings("xx", languages));
  EXPECT_EQ(material_ui_strings("xx", languages)->toc, "Sisukord");
  EXPECT_FALSE(material_ui_strings("../secret", languages));
  EXPECT_FALSE(material_ui_strings("/etc/passwd", languages));
  EXPECT_FALSE(material_ui_strings("", languages));
  EXPECT_FALSE(material_ui_strings("yy", languages));  // not installed
  // A file far larger than any translation is not read as one.
  test::write_file((dir / "languages" / "big.html").string(), std::string(1 << 20, ' ') + k_sample);
  EXPECT_FALSE(material_ui_strings("big", languages));
}

// Debian's mkdocs-material (scripts/install-deps installs it) has Estonian.
TEST(UiStrings, DebiansMaterialTranslationsAreRead) {
  const auto strings = material_ui_strings("et");
  ASSERT_TRUE(strings) << "no " << k_material_languages_dir << "/et.html";
  EXPECT_EQ(strings->search, "Otsi");
  EXPECT_EQ(strings->toc, "Sisukord");
}

}  // namespace
}  // namespace prepdeck::render
