#include "util/text.h"

#include <algorithm>
#include <cstring>

namespace prepdeck::util {

namespace {

// Letters and digits outside ASCII that a slug keeps; symbols and emoji are dropped.
bool is_slug_letter(char32_t cp) {
  return (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) || (cp >= 0x370 && cp <= 0x52F) ||
         (cp >= 0x590 && cp <= 0x6FF) || (cp >= 0x900 && cp <= 0xDFF) || (cp >= 0x3040 && cp <= 0x9FFF) ||
         (cp >= 0xAC00 && cp <= 0xD7AF);
}

}  // namespace

bool contains(std::string_view text, std::string_view needle) {
  if (needle.empty()) return true;
  return memmem(text.data(), text.size(), needle.data(), needle.size()) != nullptr;
}

std::string to_lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::uint64_t fnv1a(std::string_view bytes, std::uint64_t hash) {
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  return hash;
}

bool iequals_ascii(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  lines.reserve(text.size() / 40 + 1);
  for_each_line(text, [&lines](std::string_view line) { lines.push_back(line); });
  return lines;
}

bool is_valid_utf8(std::string_view text) {
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    i = skip_ascii(text, i);
    if (i >= n) break;
    // decode_utf8 yields U+FFFD and steps one byte on malformed input; a real
    // U+FFFD in the text takes three.
    const std::size_t before = i;
    if (decode_utf8(text, i) == 0xFFFD && i == before + 1) return false;
  }
  return true;
}

char32_t decode_utf8(std::string_view text, std::size_t& pos) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  unsigned char c = s[pos];
  if (c < 0x80) {
    ++pos;
    return c;
  }
  std::size_t len = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    cp = c & 0x1F;
    min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    cp = c & 0x0F;
    min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    cp = c & 0x07;
    min = 0x10000;
  } else {
    ++pos;
    return 0xFFFD;
  }
  if (pos + len > n) {
    ++pos;
    return 0xFFFD;
  }
  for (std::size_t k = 1; k < len; ++k) {
    if ((s[pos + k] & 0xC0) != 0x80) {
      ++pos;
      return 0xFFFD;
    }
    cp = (cp << 6) | (s[pos + k] & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++pos;
    return 0xFFFD;
  }
  pos += len;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::size_t count_code_points(std::string_view text) {
  std::size_t count = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    decode_utf8(text, pos);
    ++count;
  }
  return count;
}

std::size_t byte_offset_of_column(std::string_view text, std::size_t column) {
  std::size_t pos = 0;
  for (std::size_t col = 1; col < column && pos < text.size(); ++col) decode_utf8(text, pos);
  return pos;
}

std::uint32_t column_of_byte_offset(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  return static_cast<std::uint32_t>(count_code_points(text.substr(0, offset)) + 1);
}

std::string slugify(std::string_view text, std::size_t max_bytes) {
  std::string out;
  out.reserve(std::min(text.size(), max_bytes));
  bool pending_dash = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t start = pos;
    const auto byte = static_cast<unsigned char>(text[pos]);
    char32_t cp = byte < 0x80 ? (++pos, char32_t{byte}) : decode_utf8(text, pos);
    bool keep = false;
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
      keep = true;
    } else if (cp >= 'A' && cp <= 'Z') {
      cp = cp - 'A' + 'a';
      keep = true;
    } else if (is_slug_letter(cp)) {
      keep = true;
    }
    if (!keep) {
      // Apostrophes join words ("what's" -> "whats"); everything else separates.
      if (cp != '\'' && cp != 0x2019) pending_dash = !out.empty();
      continue;
    }
    const std::size_t width = cp < 0x80 ? 1 : pos - start;
    if (out.size() + width + (pending_dash ? 1 : 0) > max_bytes) break;
    if (pending_dash) out.push_back('-');
    pending_dash = false;
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else {
      out.append(text.substr(start, pos - start));
    }
  }
  if (out.empty()) out = "item";
  return out;
}

std::string replace_all(std::string_view text, std::string_view from, std::string_view to) {
  std::string out;
  if (from.empty()) return std::string(text);
  std::size_t start = 0;
  while (true) {
    std::size_t hit = text.find(from, start);
    if (hit == std::string_view::npos) break;
    out.append(text.substr(start, hit - start));
    out.append(to);
    start = hit + from.size();
  }
  out.append(text.substr(start));
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > limit) return limit + 1;
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    std::size_t best = row[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
      best = std::min(best, row[j]);
    }
    if (best > limit) return limit + 1;
  }
  return std::min(row[b.size()], limit + 1);
}

}  // namespace prepdeck::util
