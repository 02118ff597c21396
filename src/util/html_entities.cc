#include "util/html_entities.h"

#include <algorithm>
#include <array>
#include <utility>

#include "util/text.h"

namespace prepdeck::util {

namespace {

struct NamedReference {
  std::string_view name;
  std::string_view value;
};

constexpr NamedReference k_named[] = {
#include "util/html_entity_table.inc"
};

constexpr std::size_t k_longest_name = 32;  // "CounterClockwiseContourIntegral;"

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }
int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// What browsers show for the numeric references 0x80-0x9F (the standard's
// "numeric character reference end state" table); 0 where the code stays.
constexpr std::array<char32_t, 32> k_c1_replacements = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                                        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                                        0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                                        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

const NamedReference* find_named(std::string_view name) {
  const auto it = std::lower_bound(std::begin(k_named), std::end(k_named), name,
                                   [](const NamedReference& r, std::string_view n) { return r.name < n; });
  return it != std::end(k_named) && it->name == name ? &*it : nullptr;
}

std::size_t numeric_reference(std::string_view text, std::string& out) {
  // text starts "&#"
  std::size_t i = 2;
  const bool hex = i < text.size() && (text[i] == 'x' || text[i] == 'X');
  if (hex) ++i;
  const std::size_t digits_start = i;
  char32_t code = 0;
  for (; i < text.size(); ++i) {
    const int v = hex ? hex_value(text[i]) : (is_digit(text[i]) ? text[i] - '0' : -1);
    if (v < 0) break;
    // Past U+10FFFF the value only needs to stay past it.
    code = code > 0x10FFFF ? code : code * (hex ? 16 : 10) + static_cast<char32_t>(v);
  }
  if (i == digits_start) return 0;  // "&#" or "&#x" with no digit: text
  if (i < text.size() && text[i] == ';') ++i;
  if (code == 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
    code = 0xFFFD;
  } else if (code >= 0x80 && code <= 0x9F && k_c1_replacements[code - 0x80] != 0) {
    code = k_c1_replacements[code - 0x80];
  }
  append_utf8(out, code);
  return i;
}

std::size_t named_reference(std::string_view text, CharRefContext context, std::string& out) {
  // The longest name of the table that the text starts with: names are letters
  // and digits, then an optional ';'.
  std::size_t run = 1;
  while (run < text.size() && run <= k_longest_name && is_alnum(text[run])) ++run;
  if (run < text.size() && text[run] == ';') ++run;
  for (std::size_t end = run; end > 1; --end) {
    const NamedReference* found = find_named(text.substr(1, end - 1));
    if (found == nullptr) continue;
    const bool with_semicolon = text[end - 1] == ';';
    if (context == CharRefContext::attribute && !with_semicolon && end < text.size() &&
        (text[end] == '=' || is_alnum(text[end]))) {
      return 0;  // historical: "&copy=2" in a URL stays as written
    }
    out.append(found->value);
    return end;
  }
  return 0;
}

}  // namespace

std::size_t decode_character_reference(std::string_view text, CharRefContext context, std::string& out) {
  if (text.size() < 2 || text[0] != '&') return 0;
  if (text[1] == '#') return numeric_reference(text, out);
  if (!is_alnum(text[1])) return 0;
  return named_reference(text, context, out);
}

std::string decode_html_entities(std::string_view text, CharRefContext context) {
  std::string out;
  out.reserve(text.size());
  std::size_t copied = 0;
  for (std::size_t amp = text.find('&'); amp != std::string_view::npos; amp = text.find('&', amp)) {
    out.append(text, copied, amp - copied);
    const std::size_t taken = decode_character_reference(text.substr(amp), context, out);
    if (taken == 0) {
      out += '&';
      copied = amp + 1;
    } else {
      copied = amp + taken;
    }
    amp = copied;
  }
  out.append(text, copied);
  return out;
}

void append_escaped_html(std::string& out, std::string_view text) {
  // Runs without a special character are appended whole.
  std::size_t from = 0;
  for (std::size_t i = find_first_of_ascii<false, '&', '<', '>', '"'>(text, 0); i < text.size();
       i = find_first_of_ascii<false, '&', '<', '>', '"'>(text, i + 1)) {
    const char c = text[i];  // one of the four
    const std::string_view entity = c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : "&quot;";
    out.append(text.data() + from, i - from);
    out += entity;
    from = i + 1;
  }
  out.append(text.data() + from, text.size() - from);
}

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_escaped_html(out, text);
  return out;
}

}  // namespace prepdeck::util
