// Unicode normalization, case mapping and character classes, as Python's
// unicodedata and str methods give them (what MkDocs' slugs are made with).
// The only file that talks to libunistring. Text is UTF-8; invalid bytes are
// kept as they are by the normalizers and case mappers (never thrown on).
#pragma once

#include <string>
#include <string_view>

namespace prepdeck::util {

enum class NormalForm : std::uint8_t { nfc, nfd, nfkc, nfkd };

// `text` in the normal form (unicodedata.normalize).
std::string normalize(std::string_view text, NormalForm form);

// Full case mappings (str.lower(), str.casefold()).
std::string to_lower(std::string_view text);
std::string case_fold(std::string_view text);

// Python's `\w` for one code point in a Unicode pattern: letters, numbers
// (decimal, digit and numeric characters) and '_'.
bool is_word_code_point(char32_t cp);

// Python's str.isspace() for one code point (Unicode White_Space, and the
// ASCII separators 0x1C-0x1F).
bool is_space_code_point(char32_t cp);

}  // namespace prepdeck::util
