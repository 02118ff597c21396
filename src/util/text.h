// Small text helpers with no domain knowledge. All text is UTF-8.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace prepdeck::util {

// ASCII whitespace: space, tab, CR, LF, FF, VT. Inline: the parser asks this of every line.
inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

inline std::string_view trim_left(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && is_space(text[i])) ++i;
  return text.substr(i);
}

inline std::string_view trim_right(std::string_view text) {
  std::size_t n = text.size();
  while (n > 0 && is_space(text[n - 1])) --n;
  return text.substr(0, n);
}

inline std::string_view trim(std::string_view text) { return trim_right(trim_left(text)); }

inline bool is_blank(std::string_view text) {
  for (char c : text) {
    if (!is_space(c)) return false;
  }
  return true;
}

// True when `text` holds any of the ASCII characters in `set`. One table lookup a
// byte, where std::string_view::find_first_of calls memchr for every byte of `text`.
inline bool contains_any_ascii(std::string_view text, std::string_view set) {
  std::uint64_t table[2] = {0, 0};
  for (char c : set) table[(c >> 6) & 1] |= std::uint64_t{1} << (c & 63);
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 128 && ((table[c >> 6] >> (c & 63)) & 1) != 0) return true;
  }
  return false;
}

// True when `needle` occurs in `text` (glibc's memmem: fast where '-' or '{' is common).
bool contains(std::string_view text, std::string_view needle);

std::string to_lower_ascii(std::string_view text);
bool iequals_ascii(std::string_view a, std::string_view b);

// FNV-1a, 64 bits, of `bytes`, continuing from `hash`: stable across runs and
// builds (ETags, change fingerprints), not for anything an attacker picks.
inline constexpr std::uint64_t k_fnv1a_offset = 14695981039346656037ull;
std::uint64_t fnv1a(std::string_view bytes, std::uint64_t hash = k_fnv1a_offset);

// Bit k set when text[k] is '\n' or '\r', for k < min(64, text.size()).
inline std::uint64_t line_break_mask(std::string_view text) {
  std::uint64_t mask = 0;
  std::size_t k = 0;
#if defined(__SSE2__)
  const __m128i lf = _mm_set1_epi8('\n');
  const __m128i cr = _mm_set1_epi8('\r');
  for (; k + 16 <= text.size() && k < 64; k += 16) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + k));
    const auto bits =
        static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(chunk, lf), _mm_cmpeq_epi8(chunk, cr))));
    mask |= std::uint64_t{bits} << k;
  }
#endif
  for (; k < text.size() && k < 64; ++k) {
    if (text[k] == '\n' || text[k] == '\r') mask |= std::uint64_t{1} << k;
  }
  return mask;
}

// Calls `f(line)` for each line of `text`, split on "\n", "\r\n" and lone "\r";
// the views exclude the terminators. A trailing terminator does not produce an
// empty last line. One pass, 64 bytes at a time.
template <typename F>
void for_each_line(std::string_view text, F&& f) {
  const std::size_t n = text.size();
  std::size_t start = 0;  // where the current line begins
  for (std::size_t base = 0; base < n; base += 64) {
    std::uint64_t mask = line_break_mask(text.substr(base));
    while (mask != 0) {
      std::size_t pos = base + static_cast<std::size_t>(__builtin_ctzll(mask));
      mask &= mask - 1;
      if (pos < start) continue;  // the LF of a CRLF, already taken
      f(text.substr(start, pos - start));
      if (text[pos] == '\r' && pos + 1 < n && text[pos + 1] == '\n') ++pos;
      start = pos + 1;
    }
  }
  if (start < n) f(text.substr(start));
}

std::vector<std::string_view> split_lines(std::string_view text);

// The first position at or after `pos` holding a byte >= 0x80, or text.size().
inline std::size_t skip_ascii(std::string_view text, std::size_t pos) {
  const std::size_t n = text.size();
#if defined(__SSE2__)
  for (; pos + 16 <= n; pos += 16) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + pos));
    if (const int mask = _mm_movemask_epi8(chunk); mask != 0)
      return pos + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  while (pos < n && static_cast<unsigned char>(text[pos]) < 0x80) ++pos;
  return pos;
}

// The first position at or after `pos` holding one of the ASCII bytes `Chars`,
// or text.size(); with `Controls`, also any byte below 0x20 or from 0x80 up.
// 16 bytes at a time.
template <bool Controls, char... Chars>
std::size_t find_first_of_ascii(std::string_view text, std::size_t pos) {
  static_assert(((static_cast<unsigned char>(Chars) < 0x80) && ...));
  const std::size_t n = text.size();
#if defined(__SSE2__)
  for (; pos + 16 <= n; pos += 16) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + pos));
    // As signed bytes, 0x80..0xff are negative: one compare finds them and the controls.
    __m128i hit = Controls ? _mm_cmplt_epi8(chunk, _mm_set1_epi8(0x20)) : _mm_setzero_si128();
    ((hit = _mm_or_si128(hit, _mm_cmpeq_epi8(chunk, _mm_set1_epi8(Chars)))), ...);
    if (const int mask = _mm_movemask_epi8(hit); mask != 0)
      return pos + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  for (; pos < n; ++pos) {
    const char c = text[pos];
    if ((Controls && (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x80)) ||
        ((c == Chars) || ...))
      return pos;
  }
  return n;
}

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

// Levenshtein distance between `a` and `b` in bytes; anything over `limit`
// comes back as limit + 1, found as soon as it is certain.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit = SIZE_MAX - 1);

// Replaces every occurrence of `from` by `to`.
std::string replace_all(std::string_view text, std::string_view from, std::string_view to);

}  // namespace prepdeck::util
