#include "util/html_entities.h"

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/files.h"

namespace prepdeck::util {
namespace {

TEST(HtmlEntities, MatchesTheReferenceVectors) {
  const auto data =
      nlohmann::json::parse(test::read_file(PREPDECK_SOURCE_DIR "/tests/util/data/html_entities_vectors.json"));
  ASSERT_GT(data["vectors"].size(), 300u);
  for (const auto& v : data["vectors"]) {
    const std::string input = v["input"];
    EXPECT_EQ(decode_html_entities(input), v["text"].get<std::string>()) << "input: " << input;
  }
}

TEST(HtmlEntities, NumericReferencesTakeEveryDigit) {
  // The sanitizer once read at most 8 digits, and let these through as "no scheme".
  EXPECT_EQ(decode_html_entities("javascript&#x00000003A;x"), "javascript:x");
  EXPECT_EQ(decode_html_entities("javascript&#0000000058;x"), "javascript:x");
  EXPECT_EQ(decode_html_entities("&#x" + std::string(5000, '0') + "3a"), ":");
  EXPECT_EQ(decode_html_entities("&#99999999999999999999999;"), "\xEF\xBF\xBD");
}

TEST(HtmlEntities, ControlsAndNoncharactersStayAsBrowsersKeepThem) {
  EXPECT_EQ(decode_html_entities("&#1;"), "\x01");
  EXPECT_EQ(decode_html_entities("&#x81;"), "\xC2\x81");
  EXPECT_EQ(decode_html_entities("&#x80;"), "\xE2\x82\xAC");  // the euro sign, as Windows-1252
  EXPECT_EQ(decode_html_entities("&#0;"), "\xEF\xBF\xBD");
}

TEST(HtmlEntities, AttributesKeepLegacyNamesBeforeEqualsOrAlphanumerics) {
  EXPECT_EQ(decode_html_entities("?a=1&copy=2", CharRefContext::attribute), "?a=1&copy=2");
  EXPECT_EQ(decode_html_entities("?a=1&copy=2", CharRefContext::text), "?a=1\xC2\xA9=2");
  EXPECT_EQ(decode_html_entities("&copyx", CharRefContext::attribute), "&copyx");
  EXPECT_EQ(decode_html_entities("&copy;x", CharRefContext::attribute), "\xC2\xA9x");
  EXPECT_EQ(decode_html_entities("&copy x", CharRefContext::attribute), "\xC2\xA9 x");
  EXPECT_EQ(decode_html_entities("javascript&colon;", CharRefContext::attribute), "javascript:");
  EXPECT_EQ(decode_html_entities("java&Tab;script&NewLine;:", CharRefContext::attribute), "java\tscript\n:");
}

TEST(HtmlEntities, ManyAmpersandsCostLinearTime) {
  // Before, each '&' searched the rest of the text for a ';'.
  const std::string text(1 << 20, '&');
  EXPECT_EQ(decode_html_entities(text), text);
}

}  // namespace
}  // namespace prepdeck::util
