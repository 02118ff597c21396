// Small text helpers with no domain knowledge. All text is UTF-8.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace prepdeck::util {

std::string_view trim(std::string_view text);
std::string_view trim_left(std::string_view text);
std::string_view trim_right(std::string_view text);
bool is_blank(std::string_view text);
std::string to_lower_ascii(std::string_view text);
bool iequals_ascii(std::string_view a, std::string_view b);

// Calls `f(line)` for each line of `text`, split on "\n", "\r\n" and lone "\r";
// the views exclude the terminators. A trailing terminator does not produce an
// empty last line.
template <typename F>
void for_each_line(std::string_view text, F&& f) {
  const std::size_t n = text.size();
  std::size_t start = 0;
  if (text.find('\r') == std::string_view::npos) {
    while (start < n) {
      std::size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = n;
      f(text.substr(start, end - start));
      start = end + 1;
    }
    return;
  }
  while (start < n) {
    std::size_t i = start;
    while (i < n && text[i] != '\n' && text[i] != '\r') ++i;
    f(text.substr(start, i - start));
    if (i >= n) break;
    if (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
    start = i + 1;
  }
}

std::vector<std::string_view> split_lines(std::string_view text);

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or values above U+10FFFF).
bool is_valid_utf8(std::string_view text);

// Decodes one code point at `pos`, advancing it. Malformed input yields U+FFFD and advances one byte.
char32_t decode_utf8(std::string_view text, std::size_t& pos);
void append_utf8(std::string& out, char32_t code_point);

// Number of code points in `text` (malformed bytes count one each).
std::size_t count_code_points(std::string_view text);

// Byte offset of the `column`-th (1-based) code point; clamps to the end.
std::size_t byte_offset_of_column(std::string_view text, std::size_t column);

// 1-based code point column of byte offset `offset`.
std::uint32_t column_of_byte_offset(std::string_view text, std::size_t offset);

// Lowercase ASCII letters and digits joined by single '-', other characters dropped
// (non-ASCII letters are kept as UTF-8), at most `max_bytes` long; "item" when empty.
std::string slugify(std::string_view text, std::size_t max_bytes = 64);

// Replaces every occurrence of `from` by `to`.
std::string replace_all(std::string_view text, std::string_view from, std::string_view to);

}  // namespace prepdeck::util
