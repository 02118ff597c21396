// Turns file bytes into UTF-8 text: UTF-8 (BOM stripped), UTF-16 LE/BE with a BOM,
// and Windows-1252 for anything that is not valid UTF-8.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace prepdeck::source {

enum class Encoding : std::uint8_t { utf8, utf8_bom, utf16le, utf16be, windows1252 };

std::string_view to_string(Encoding encoding);

struct DecodedText {
  std::string text;  // UTF-8
  Encoding encoding = Encoding::utf8;
  // True for bytes that are not text: NUL bytes outside UTF-16 in bytes that
  // are not UTF-8, or NULs (more than one) denser than one in k_max_nul_share
  // bytes. `text` is then empty. A rare NUL in UTF-8 stays in `text` (the loader replaces it).
  bool binary = false;
};

inline constexpr std::size_t k_max_nul_share = 64;

// Takes the bytes by value so valid UTF-8 is moved through without a copy.
DecodedText decode_text(std::string bytes);

// Replaces, in UTF-8 `text`, the control characters that draw nothing and
// that a terminal would take as commands (C0 other than tab, line feed,
// carriage return and form feed; DEL; the C1 controls U+0080-U+009F, among
// them U+009B, a CSI on some terminals) with U+FFFD. A guide is untrusted, and
// its text is printed to terminals by study and quiz. Returns the offsets in
// the result of each replacement; `text` is untouched when there is none.
std::vector<std::size_t> replace_control_characters(std::string& text);

// Maps one Windows-1252 byte to its code point. The five bytes Windows-1252 leaves
// undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to the C1 controls of the same value.
char32_t windows1252_to_unicode(unsigned char byte);

// The Windows-1252 byte for `code_point`, or -1 when it has none. C1 controls map
// to their own value, so text decoded with a Latin-1 fallback round-trips.
int unicode_to_windows1252(char32_t code_point);

}  // namespace prepdeck::source
