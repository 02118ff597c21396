#include "util/toc_slug.h"

#include <fmt/format.h>

#include "util/text.h"

namespace prepdeck::util {

namespace {

bool is_ascii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// Python's `\s` on ASCII text: str.isspace() of the ASCII characters.
bool is_ascii_space(char c) { return is_space(c) || (c >= 0x1C && c <= 0x1F); }

bool is_separator(char c, std::string_view separator) {
  return is_ascii_space(c) || separator.find(c) != std::string_view::npos;
}

// markdown.extensions.toc.slugify(value, separator).
std::string python_markdown_slug(std::string_view text, std::string_view separator) {
  std::string folded;
  if (!is_ascii(text)) {
    // NFKD, then every non-ASCII code point dropped (encode('ascii', 'ignore')).
    const std::string decomposed = normalize(text, NormalForm::nfkd);
    folded.reserve(decomposed.size());
    for (char c : decomposed) {
      if (static_cast<unsigned char>(c) < 0x80) folded.push_back(c);
    }
    text = folded;
  }
  // re.sub(r'[^\w\s-]', '', value).strip().lower()
  std::string kept;
  kept.reserve(text.size());
  for (char c : text) {
    const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (word || c == '-' || is_ascii_space(c)) kept.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
  }
  std::size_t begin = 0;
  std::size_t end = kept.size();
  while (begin < end && is_ascii_space(kept[begin])) ++begin;
  while (end > begin && is_ascii_space(kept[end - 1])) --end;
  // re.sub(r'[{separator}\s]+', separator, value)
  std::string out;
  out.reserve(end - begin);
  for (std::size_t i = begin; i < end;) {
    if (is_separator(kept[i], separator)) {
      while (i < end && is_separator(kept[i], separator)) ++i;
      out += separator;
    } else {
      out.push_back(kept[i++]);
    }
  }
  return out;
}

// urllib.parse.quote(bytes) with its default safe '/'.
std::string percent_encoded(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto b = static_cast<unsigned char>(c);
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                      c == '.' || c == '-' || c == '~' || c == '/';
    if (safe) {
      out.push_back(c);
    } else {
      out += fmt::format("%{:02X}", b);
    }
  }
  return out;
}

// Python's str.strip() on UTF-8 text.
std::string_view strip_unicode_space(std::string_view text) {
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t next = begin;
    if (!is_space_code_point(decode_utf8(text, next))) break;
    begin = next;
  }
  std::size_t end = text.size();
  while (end > begin) {
    std::size_t start = end - 1;
    while (start > begin && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
    std::size_t pos = start;
    if (!is_space_code_point(decode_utf8(text, pos))) break;
    end = start;
  }
  return text.substr(begin, end - begin);
}

// pymdownx.slugs._uslugify(text, sep, case, percent_encode, normalize).
std::string pymdownx_slug(std::string_view text, const SlugRule& rule) {
  const std::string normal = normalize(text, rule.form);
  // RE_TAGS = r'</?[^>]*>': a '<' up to the next '>', when there is one.
  std::string untagged;
  untagged.reserve(normal.size());
  std::size_t next_gt = normal.find('>');
  for (std::size_t i = 0; i < normal.size(); ++i) {
    if (normal[i] == '<' && next_gt != std::string::npos) {
      if (next_gt < i) next_gt = normal.find('>', i);
      if (next_gt != std::string::npos) {
        i = next_gt;
        next_gt = normal.find('>', i + 1);
        continue;
      }
    }
    untagged.push_back(normal[i]);
  }
  std::string slug(strip_unicode_space(untagged));
  switch (rule.letter_case) {
    case SlugRule::Case::none:
      break;
    case SlugRule::Case::lower:
      slug = to_lower(slug);
      break;
    case SlugRule::Case::lower_ascii:
      for (char& c : slug) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
      }
      break;
    case SlugRule::Case::fold:
      slug = case_fold(slug);
      break;
  }
  // RE_SEP.sub(sep, RE_INVALID_SLUG_CHAR.sub('', slug)): keep \w, '-' and ' ', then ' ' -> sep.
  std::string out;
  out.reserve(slug.size());
  for (std::size_t pos = 0; pos < slug.size();) {
    const std::size_t start = pos;
    const char32_t cp = decode_utf8(slug, pos);
    if (cp == ' ') {
      out += rule.separator;
    } else if (cp == '-' || is_word_code_point(cp)) {
      out.append(slug, start, pos - start);
    }
  }
  return rule.percent_encode ? percent_encoded(out) : out;
}

// "name_12" -> {"name", 12}: IDCOUNT_RE = r'^(.*)_([0-9]+)$'. Numbers of more
// than nine digits are left alone (read as no number).
bool split_count(std::string_view id, std::string_view& base, std::uint32_t& number) {
  std::size_t digits = 0;
  while (digits < id.size() && id[id.size() - 1 - digits] >= '0' && id[id.size() - 1 - digits] <= '9') ++digits;
  if (digits == 0 || digits > 9 || digits == id.size() || id[id.size() - 1 - digits] != '_') return false;
  number = 0;
  for (std::size_t i = id.size() - digits; i < id.size(); ++i)
    number = number * 10 + static_cast<std::uint32_t>(id[i] - '0');
  base = id.substr(0, id.size() - digits - 1);
  return true;
}

}  // namespace

std::string toc_slugify(std::string_view text, const SlugRule& rule) {
  return rule.kind == SlugRule::Kind::python_markdown ? python_markdown_slug(text, rule.separator)
                                                      : pymdownx_slug(text, rule);
}

void TocIds::add(const std::string& id) { take(id); }

void TocIds::take(const std::string& id) { m_taken.insert(id); }

std::string TocIds::unique(std::string id) {
  if (!id.empty() && !m_taken.contains(id)) {
    take(id);
    return id;
  }
  std::string_view base = id;
  std::uint32_t number = 0;
  if (split_count(id, base, number)) {
    ++number;
  } else {
    base = id;
    number = 1;
  }
  auto& next = m_next[std::string(base)];
  // The first number from `number` on whose id is free: numbers found taken
  // point past themselves, and lookups shorten the chains they walk.
  const auto find = [&next](std::uint32_t n) {
    std::uint32_t root = n;
    for (auto it = next.find(root); it != next.end(); it = next.find(root)) root = it->second;
    while (n != root) {
      auto it = next.find(n);
      n = it->second;
      it->second = root;
    }
    return root;
  };
  std::string candidate;
  for (std::uint32_t n = find(number);; n = find(n)) {
    candidate = fmt::format("{}_{}", base, n);
    next[n] = n + 1;
    if (!m_taken.contains(candidate)) break;
  }
  take(candidate);
  return candidate;
}

}  // namespace prepdeck::util
