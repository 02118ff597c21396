#include "source/encoding.h"

#include <gtest/gtest.h>

namespace prepdeck::source {
namespace {

TEST(Encoding, Utf8PassesThroughAndBomIsStripped) {
  auto plain = decode_text("# Titre é\n");
  EXPECT_EQ(plain.encoding, Encoding::utf8);
  EXPECT_EQ(plain.text, "# Titre é\n");
  auto bom = decode_text("\xEF\xBB\xBF# T\n");
  EXPECT_EQ(bom.encoding, Encoding::utf8_bom);
  EXPECT_EQ(bom.text, "# T\n");
}

TEST(Encoding, Utf16WithBom) {
  const std::string le("\xFF\xFE#\0 \0\xE9\0>\xD8\xE0\xDD", 12);  // "# é🧠"
  auto a = decode_text(le);
  EXPECT_EQ(a.encoding, Encoding::utf16le);
  EXPECT_EQ(a.text, "# é🧠");
  const std::string be("\xFE\xFF\0#\0 \0\xE9\xD8>\xDD\xE0", 12);
  auto b = decode_text(be);
  EXPECT_EQ(b.encoding, Encoding::utf16be);
  EXPECT_EQ(b.text, "# é🧠");
}

TEST(Encoding, LoneSurrogateBecomesReplacement) {
  const std::string le(
      "\xFF\xFE\x00\xD8"
      "a\0",
      6);
  EXPECT_EQ(decode_text(le).text,
            "\xEF\xBF\xBD"
            "a");
}

TEST(Encoding, InvalidUtf8IsReadAsWindows1252) {
  auto r = decode_text("caf\xE9 \x93quoted\x94 \x80");
  EXPECT_EQ(r.encoding, Encoding::windows1252);
  EXPECT_EQ(r.text, "café “quoted” €");
}

TEST(Encoding, NulBytesMeanBinary) {
  auto r = decode_text(std::string("\x89PNG\r\n\x1a\n\0\0\0", 11));
  EXPECT_TRUE(r.binary);
  EXPECT_TRUE(r.text.empty());
}

TEST(Encoding, AStrayNulInUtf8IsText) {
  const std::string text("trim() removes \0 but strip() does not\n", 38);
  auto r = decode_text(text);
  EXPECT_FALSE(r.binary);
  EXPECT_EQ(r.text, text);
  // ASCII as UTF-16LE without a BOM is valid UTF-8, but half NULs.
  auto utf16 = decode_text(std::string("a\0b\0c\0", 6));
  EXPECT_TRUE(utf16.binary);
  // A NUL in bytes that are not UTF-8 is binary however rare.
  auto latin = decode_text(std::string("caf\xE9 ", 5) + std::string(200, 'x') + std::string(1, '\0'));
  EXPECT_TRUE(latin.binary);
}

TEST(Encoding, Windows1252Tables) {
  EXPECT_EQ(windows1252_to_unicode(0x80), 0x20ACu);
  EXPECT_EQ(windows1252_to_unicode(0x81), 0x81u);
  EXPECT_EQ(unicode_to_windows1252(0x20AC), 0x80);
  EXPECT_EQ(unicode_to_windows1252(0x9D), 0x9D);
  EXPECT_EQ(unicode_to_windows1252(0x4E2D), -1);
}

}  // namespace
}  // namespace prepdeck::source

namespace prepdeck::source {
namespace {

TEST(Encoding, ControlCharactersAreReplacedWhereverTheyStand) {
  // Text that holds none: line breaks, tabs, form feeds and a "©" (C2 A9) across many 64-byte blocks.
  std::string clean;
  for (int i = 0; i < 40; ++i) clean += "line\twith caf\xC3\xA9 \xC2\xA9 and a form feed \f\r\n";
  std::string text = clean;
  EXPECT_TRUE(replace_control_characters(text).empty());
  EXPECT_EQ(text, clean);
  // One control in each place the scan looks: the first block, either side of a block's end, a later
  // block, and the tail shorter than a block; C0 (ESC), DEL and C1 (U+0080, U+009B CSI, U+009F).
  for (const std::size_t at : {std::size_t{0}, std::size_t{63}, std::size_t{64}, std::size_t{700}, clean.size()}) {
    for (const std::string& control : {std::string("\x1B"), std::string("\x7F"), std::string("\xC2\x80"),
                                       std::string("\xC2\x9B"), std::string("\xC2\x9F")}) {
      text = clean;
      text.insert(at, control);
      const std::vector<std::size_t> replaced = replace_control_characters(text);
      ASSERT_EQ(replaced.size(), 1u) << at;
      EXPECT_EQ(replaced[0], at);
      std::string expected = clean;
      expected.insert(at, "\xEF\xBF\xBD");
      EXPECT_EQ(text, expected) << at;
    }
  }
  text = std::string("a\x01") + "b" + clean + "\x02";
  EXPECT_EQ(replace_control_characters(text), (std::vector<std::size_t>{1, 5 + clean.size()}));
}

}  // namespace
}  // namespace prepdeck::source
