#include "render/html_sanitizer.h"

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

#include "render/html.h"
#include "util/text.h"

namespace prepdeck::render {

namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == ':';
}

constexpr std::array k_tags = {
    "a",     "abbr",  "b",       "blockquote", "br",   "caption", "cite",    "code",  "col",        "colgroup",
    "dd",    "del",   "details", "dfn",        "div",  "dl",      "dt",      "em",    "figcaption", "figure",
    "h1",    "h2",    "h3",      "h4",         "h5",   "h6",      "hr",      "i",     "img",        "input",
    "ins",   "kbd",   "li",      "mark",       "ol",   "p",       "pre",     "q",     "rp",         "rt",
    "ruby",  "s",     "samp",    "small",      "span", "strike",  "strong",  "sub",   "summary",    "sup",
    "table", "tbody", "td",      "tfoot",      "th",   "thead",   "time",    "tr",    "tt",         "u",
    "ul",    "var",   "wbr",     "center",     "font", "section", "article", "aside", "header",     "footer",
    "nav",   "main",  "picture", "source",
};

constexpr std::array k_attributes = {
    "class",    "id",    "title", "alt",   "align",  "valign",  "start", "reversed", "colspan",
    "rowspan",  "scope", "open",  "width", "height", "lang",    "dir",   "checked",  "disabled",
    "datetime", "cite",  "span",  "media", "sizes",  "loading", "color", "size",
};

bool in(std::string_view name, const auto& list) {
  return std::any_of(list.begin(), list.end(), [&](const char* item) { return name == item; });
}

// &#106; &#x6A; &amp; &lt; &gt; &quot; &apos; &colon; &Tab; &NewLine; undone; nullopt for another
// named entity (which might spell a scheme), so the URL is refused.
std::optional<std::string> decode_entities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out += text[i];
      continue;
    }
    const std::size_t semi = text.find(';', i);
    std::string_view entity =
        text.substr(i + 1, semi == std::string_view::npos ? std::string_view::npos : semi - i - 1);
    if (!entity.empty() && entity[0] == '#') {
      const bool hex = entity.size() > 1 && (entity[1] == 'x' || entity[1] == 'X');
      char32_t code = 0;
      std::size_t k = hex ? 2 : 1;
      std::size_t digits = 0;
      for (; k < entity.size() && digits < 8; ++k, ++digits) {
        const char c = entity[k];
        const int v = c >= '0' && c <= '9'                        ? c - '0'
                      : hex && lower(c) >= 'a' && lower(c) <= 'f' ? lower(c) - 'a' + 10
                                                                  : -1;
        if (v < 0) break;
        code = code * (hex ? 16 : 10) + static_cast<char32_t>(v);
      }
      if (digits == 0) return std::nullopt;
      util::append_utf8(out, code > 0x10FFFF ? 0xFFFD : code);
      // Browsers end a numeric reference at the first non-digit; a ';' there is part of it.
      const std::size_t after = i + 1 + k;
      i = after < text.size() && text[after] == ';' ? after : after - 1;
      continue;
    }
    static constexpr std::pair<std::string_view, std::string_view> k_named[] = {
        {"amp", "&"},  {"lt", "<"},       {"gt", ">"},  {"quot", "\""}, {"apos", "'"},  {"colon", ":"},
        {"Tab", "\t"}, {"NewLine", "\n"}, {"sol", "/"}, {"num", "#"},   {"quest", "?"}, {"period", "."}};
    bool known = false;
    for (const auto& [name, value] : k_named) {
      if (entity == name) {
        out += value;
        i = semi;
        known = true;
        break;
      }
    }
    if (!known) return std::nullopt;
  }
  return out;
}

struct Attribute {
  std::string name;  // lowercase
  std::string value;
  bool has_value = false;
};

// Parses the attributes of a tag from `text` (after the tag name, before '>').
std::vector<Attribute> parse_attributes(std::string_view text) {
  std::vector<Attribute> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (is_space(text[i]) || text[i] == '/')) ++i;
    const std::size_t start = i;
    while (i < text.size() && !is_space(text[i]) && text[i] != '=' && text[i] != '/' && text[i] != '>') ++i;
    if (i == start) {
      ++i;
      continue;
    }
    Attribute a;
    for (std::size_t k = start; k < i; ++k) a.name += lower(text[k]);
    while (i < text.size() && is_space(text[i])) ++i;
    if (i < text.size() && text[i] == '=') {
      ++i;
      while (i < text.size() && is_space(text[i])) ++i;
      a.has_value = true;
      if (i < text.size() && (text[i] == '"' || text[i] == '\'')) {
        const char quote = text[i++];
        const std::size_t end = text.find(quote, i);
        a.value = std::string(text.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i));
        i = end == std::string_view::npos ? text.size() : end + 1;
      } else {
        const std::size_t begin = i;
        while (i < text.size() && !is_space(text[i]) && text[i] != '>') ++i;
        a.value = std::string(text.substr(begin, i - begin));
      }
    }
    out.push_back(std::move(a));
  }
  return out;
}

// Where the tag starting at html[pos] == '<' ends (one past '>'), honouring
// quoted attribute values; npos when it does not end.
std::size_t tag_end(std::string_view html, std::size_t pos) {
  char quote = 0;
  for (std::size_t i = pos + 1; i < html.size(); ++i) {
    const char c = html[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      // A quote only opens a value right after '=' (and spaces).
      std::size_t k = i;
      while (k > pos && is_space(html[k - 1])) --k;
      if (k > pos && html[k - 1] == '=') quote = c;
    } else if (c == '>') {
      return i + 1;
    } else if (c == '<') {
      return std::string_view::npos;  // "<a <b>": not one tag
    }
  }
  return std::string_view::npos;
}

// The value as written (entities stay for the browser to undo), made safe
// inside double quotes.
void append_attribute_value(std::string& out, std::string_view value) {
  for (const char c : value) {
    if (c == '"') {
      out += "&quot;";
    } else if (c == '<') {
      out += "&lt;";
    } else {
      out += c;
    }
  }
}

// The allowed form of the tag html[begin, end), or empty when it is not allowed.
std::string rebuild_tag(std::string_view tag) {
  std::size_t i = 1;
  const bool closing = i < tag.size() && tag[i] == '/';
  if (closing) ++i;
  const std::size_t name_start = i;
  while (i < tag.size() && is_name_char(tag[i])) ++i;
  if (i == name_start) return {};
  std::string name;
  for (std::size_t k = name_start; k < i; ++k) name += lower(tag[k]);
  if (!in(name, k_tags)) return {};
  if (closing) return "</" + name + ">";
  std::string_view rest = tag.substr(i, tag.size() - i - 1);
  const bool self_closing = !rest.empty() && rest.back() == '/';
  const auto attributes = parse_attributes(rest);
  std::string out = "<" + name;
  if (name == "input") {
    // md4c's task lists: a disabled checkbox, nothing else.
    const bool checkbox = std::any_of(attributes.begin(), attributes.end(), [](const Attribute& a) {
      return a.name == "type" && util::to_lower_ascii(a.value) == "checkbox";
    });
    if (!checkbox) return {};
    out += " type=\"checkbox\" disabled";
  }
  for (const Attribute& a : attributes) {
    bool keep = false;
    if (a.name == "href") {
      keep = name == "a" && a.has_value && is_safe_url(a.value);
    } else if (a.name == "src") {
      keep = (name == "img" || name == "source") && a.has_value && is_safe_url(a.value);
    } else if (name == "input") {
      keep = a.name == "checked";
    } else {
      keep = in(a.name, k_attributes);
    }
    if (!keep) continue;
    out += ' ';
    out += a.name;
    if (a.has_value) {
      out += "=\"";
      append_attribute_value(out, a.value);
      out += '"';
    }
  }
  if (name == "a") {
    // A link that opens another window must not reach back through window.opener.
    const bool blank =
        std::any_of(attributes.begin(), attributes.end(), [](const Attribute& a) { return a.name == "target"; });
    if (blank) out += " target=\"_blank\" rel=\"noopener noreferrer\"";
  }
  if (self_closing) out += " /";
  out += '>';
  return out;
}

}  // namespace

bool is_safe_url(std::string_view url) {
  const auto decoded = decode_entities(url);
  if (!decoded) return false;
  std::string cleaned;
  for (const char c : *decoded) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) continue;  // browsers skip these in a scheme
    cleaned += lower(c);
  }
  const std::size_t colon = cleaned.find(':');
  const std::size_t stop = cleaned.find_first_of("/?#");
  if (colon == std::string::npos || (stop != std::string::npos && stop < colon)) return true;  // relative
  const std::string_view scheme = std::string_view(cleaned).substr(0, colon);
  return scheme == "http" || scheme == "https" || scheme == "mailto" || scheme == "tel";
}

std::string sanitize_html(std::string_view html) {
  std::string out;
  out.reserve(html.size() + 16);
  std::size_t pos = 0;
  while (pos < html.size()) {
    const std::size_t lt = html.find('<', pos);
    if (lt == std::string_view::npos) {
      out.append(html.substr(pos));
      break;
    }
    out.append(html.substr(pos, lt - pos));
    if (html.compare(lt, 4, "<!--") == 0) {
      // Kept only when browsers and this scan agree on where it ends: no
      // "<!-->" or "<!--->" (which close at once), no "--!>" (which closes
      // too), and no '<' or '>' inside at all.
      const std::size_t end = html.find("-->", lt + 4);
      if (end != std::string_view::npos) {
        const std::string_view inside = html.substr(lt + 4, end - lt - 4);
        const bool plain = !inside.starts_with(">") && !inside.starts_with("->") &&
                           inside.find_first_of("<>") == std::string_view::npos &&
                           inside.find("--!") == std::string_view::npos && !inside.ends_with("-");
        if (plain) {
          out.append(html.substr(lt, end + 3 - lt));
          pos = end + 3;
          continue;
        }
      }
    }
    const std::size_t end = tag_end(html, lt);
    const std::string rebuilt = end == std::string_view::npos ? std::string() : rebuild_tag(html.substr(lt, end - lt));
    if (rebuilt.empty()) {
      out += "&lt;";  // shown as the text it is
      pos = lt + 1;
    } else {
      out += rebuilt;
      pos = end;
    }
  }
  return out;
}

}  // namespace prepdeck::render
