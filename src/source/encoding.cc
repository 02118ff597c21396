#include "source/encoding.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "util/text.h"

namespace prepdeck::source {

namespace {

constexpr std::array<char32_t, 32> k_windows1252_high = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

std::string decode_utf16(std::string_view bytes, bool little_endian) {
  std::string out;
  out.reserve(bytes.size());
  std::size_t i = 0;
  auto unit_at = [&](std::size_t k) -> char32_t {
    const auto lo = static_cast<unsigned char>(bytes[k]);
    const auto hi = static_cast<unsigned char>(bytes[k + 1]);
    return little_endian ? static_cast<char32_t>(lo | (hi << 8)) : static_cast<char32_t>(hi | (lo << 8));
  };
  while (i + 1 < bytes.size()) {
    char32_t unit = unit_at(i);
    i += 2;
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      if (i + 1 < bytes.size()) {
        const char32_t low = unit_at(i);
        if (low >= 0xDC00 && low <= 0xDFFF) {
          i += 2;
          util::append_utf8(out, 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
          continue;
        }
      }
      unit = 0xFFFD;
    } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
      unit = 0xFFFD;
    }
    util::append_utf8(out, unit);
  }
  if (i < bytes.size()) util::append_utf8(out, 0xFFFD);  // odd trailing byte
  return out;
}

}  // namespace

std::string_view to_string(Encoding encoding) {
  switch (encoding) {
    case Encoding::utf8:
      return "utf-8";
    case Encoding::utf8_bom:
      return "utf-8 with BOM";
    case Encoding::utf16le:
      return "utf-16le";
    case Encoding::utf16be:
      return "utf-16be";
    case Encoding::windows1252:
      return "windows-1252";
  }
  return "unknown";
}

char32_t windows1252_to_unicode(unsigned char byte) {
  if (byte >= 0x80 && byte <= 0x9F) return k_windows1252_high[byte - 0x80];
  return byte;
}

int unicode_to_windows1252(char32_t cp) {
  if (cp < 0x80) return static_cast<int>(cp);
  if ((cp >= 0xA0 && cp <= 0xFF) || (cp >= 0x80 && cp <= 0x9F)) return static_cast<int>(cp);
  if (cp < 0x152 || cp > 0x2122) return -1;  // outside the range of the 27 remapped characters
  for (std::size_t i = 0; i < k_windows1252_high.size(); ++i) {
    if (k_windows1252_high[i] == cp) return static_cast<int>(0x80 + i);
  }
  return -1;
}

DecodedText decode_text(std::string bytes) {
  DecodedText result;
  const auto starts_with = [&](std::string_view prefix) {
    return bytes.size() >= prefix.size() && std::memcmp(bytes.data(), prefix.data(), prefix.size()) == 0;
  };
  if (starts_with("\xEF\xBB\xBF")) {
    bytes.erase(0, 3);
    result.encoding = Encoding::utf8_bom;
  } else if (starts_with("\xFF\xFE")) {
    result.encoding = Encoding::utf16le;
    result.text = decode_utf16(std::string_view(bytes).substr(2), true);
    return result;
  } else if (starts_with("\xFE\xFF")) {
    result.encoding = Encoding::utf16be;
    result.text = decode_utf16(std::string_view(bytes).substr(2), false);
    return result;
  }
  const bool valid_utf8 = util::is_valid_utf8(bytes);
  if (std::memchr(bytes.data(), '\0', bytes.size()) != nullptr) {
    // A stray NUL in UTF-8 text (a pasted "\0") leaves it text, as MkDocs
    // reads it; bytes that are not UTF-8, or NUL-dense (UTF-16/32 without a
    // BOM, an image), are binary.
    const auto nuls = static_cast<std::size_t>(std::count(bytes.begin(), bytes.end(), '\0'));
    if (!valid_utf8 || (nuls > 1 && nuls * k_max_nul_share > bytes.size())) {
      result.binary = true;
      return result;
    }
  }
  if (valid_utf8) {
    result.text = std::move(bytes);
    return result;
  }
  result.encoding = Encoding::windows1252;
  result.text.reserve(bytes.size() + bytes.size() / 8);
  for (char c : bytes) util::append_utf8(result.text, windows1252_to_unicode(static_cast<unsigned char>(c)));
  return result;
}

std::vector<std::size_t> replace_control_characters(std::string& text) {
  const auto is_control = [](std::string_view t, std::size_t i) -> std::size_t {  // bytes of the control at i, or 0
    const auto c = static_cast<unsigned char>(t[i]);
    if (c < 0x20) return c == '\t' || c == '\n' || c == '\r' || c == '\f' ? 0 : 1;
    if (c == 0x7F) return 1;
    if (c == 0xC2 && i + 1 < t.size()) {
      const auto next = static_cast<unsigned char>(t[i + 1]);
      if (next >= 0x80 && next <= 0x9F) return 2;
    }
    return 0;
  };
  std::vector<std::size_t> at;
  // Almost every file has none: find the first, 64 bytes at a time (a loop without an early exit, which
  // the compiler vectorizes) past the blocks that hold no byte that could start one; a block that does is
  // looked at byte by byte (a newline, a tab, a "©" start none). 30 MB: 380 M instructions -> 60 M.
  // (Bitwise, not short-circuit: the form GCC vectorizes.)
  const auto suspect = [](unsigned char c) -> unsigned char {
    return static_cast<unsigned char>(((c < 0x20) & (c != '\t') & (c != '\n') & (c != '\r') & (c != '\f')) |
                                      (c == 0x7F) | (c == 0xC2));
  };
  constexpr std::size_t k_block = 64;
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t i = 0;
  bool found = false;
  while (!found && i < text.size()) {
    const std::size_t end = std::min(text.size(), i + k_block);
    if (end - i == k_block) {
      unsigned char any = 0;
      for (std::size_t k = 0; k < k_block; ++k) any |= suspect(bytes[i + k]);
      if (any == 0) {
        i = end;
        continue;
      }
    }
    for (; i < end; ++i) {
      if (suspect(bytes[i]) != 0 && is_control(text, i) != 0) {
        found = true;
        break;
      }
    }
  }
  if (!found) return at;
  std::string out;
  out.reserve(text.size() + 16);
  out.append(text, 0, i);
  while (i < text.size()) {
    if (const std::size_t n = is_control(text, i); n != 0) {
      at.push_back(out.size());
      out += "\xEF\xBF\xBD";
      i += n;
    } else {
      out += text[i++];
    }
  }
  text.swap(out);
  return at;
}

}  // namespace prepdeck::source
