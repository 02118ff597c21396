#include "render/html_sanitizer.h"

#include <algorithm>
#include <array>
#include <optional>

#include "render/html.h"
#include "util/text.h"

namespace prepdeck::render {

namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == ':';
}

using namespace std::string_view_literals;

constexpr std::array k_tags = {
    "a"sv,          "abbr"sv,   "b"sv,       "blockquote"sv, "br"sv,    "caption"sv, "cite"sv,   "code"sv,  "col"sv,
    "colgroup"sv,   "dd"sv,     "del"sv,     "details"sv,    "dfn"sv,   "div"sv,     "dl"sv,     "dt"sv,    "em"sv,
    "figcaption"sv, "figure"sv, "h1"sv,      "h2"sv,         "h3"sv,    "h4"sv,      "h5"sv,     "h6"sv,    "hr"sv,
    "i"sv,          "img"sv,    "input"sv,   "ins"sv,        "kbd"sv,   "li"sv,      "mark"sv,   "ol"sv,    "p"sv,
    "pre"sv,        "q"sv,      "rp"sv,      "rt"sv,         "ruby"sv,  "s"sv,       "samp"sv,   "small"sv, "span"sv,
    "strike"sv,     "strong"sv, "sub"sv,     "summary"sv,    "sup"sv,   "table"sv,   "tbody"sv,  "td"sv,    "tfoot"sv,
    "th"sv,         "thead"sv,  "time"sv,    "tr"sv,         "tt"sv,    "u"sv,       "ul"sv,     "var"sv,   "wbr"sv,
    "center"sv,     "font"sv,   "section"sv, "article"sv,    "aside"sv, "header"sv,  "footer"sv, "nav"sv,   "main"sv,
    "picture"sv,    "source"sv,
};

constexpr std::array k_attributes = {
    "class"sv,    "id"sv,    "title"sv, "alt"sv,   "align"sv,  "valign"sv,  "start"sv, "reversed"sv, "colspan"sv,
    "rowspan"sv,  "scope"sv, "open"sv,  "width"sv, "height"sv, "lang"sv,    "dir"sv,   "checked"sv,  "disabled"sv,
    "datetime"sv, "cite"sv,  "span"sv,  "media"sv, "sizes"sv,  "loading"sv, "color"sv, "size"sv,
};

// The allowlisted name equal to `name` ignoring ASCII case, or empty.
std::string_view find_name(std::string_view name, const auto& list) {
  for (const std::string_view item : list) {
    if (util::iequals_ascii(item, name)) return item;
  }
  return {};
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
  std::string_view name;  // as written
  std::string_view value;
  bool has_value = false;
};

// Reads the next attribute of a tag from text[i...] (after the tag name,
// before '>'); false when there is none.
bool next_attribute(std::string_view text, std::size_t& i, Attribute& a) {
  while (i < text.size()) {
    while (i < text.size() && (is_space(text[i]) || text[i] == '/')) ++i;
    const std::size_t start = i;
    while (i < text.size() && !is_space(text[i]) && text[i] != '=' && text[i] != '/' && text[i] != '>') ++i;
    if (i == start) {
      ++i;
      continue;
    }
    a = Attribute{text.substr(start, i - start), {}, false};
    while (i < text.size() && is_space(text[i])) ++i;
    if (i < text.size() && text[i] == '=') {
      ++i;
      while (i < text.size() && is_space(text[i])) ++i;
      a.has_value = true;
      if (i < text.size() && (text[i] == '"' || text[i] == '\'')) {
        const char quote = text[i++];
        const std::size_t end = text.find(quote, i);
        a.value = text.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
        i = end == std::string_view::npos ? text.size() : end + 1;
      } else {
        const std::size_t begin = i;
        while (i < text.size() && !is_space(text[i]) && text[i] != '>') ++i;
        a.value = text.substr(begin, i - begin);
      }
    }
    return true;
  }
  return false;
}

// True when one of the tag's attributes satisfies `test`.
bool any_attribute(std::string_view text, auto test) {
  std::size_t i = 0;
  Attribute a;
  while (next_attribute(text, i, a)) {
    if (test(a)) return true;
  }
  return false;
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

// Appends the allowed form of `tag` (from '<' to '>') to `out`; false, with
// `out` unchanged, when the tag is not allowed.
bool append_allowed_tag(std::string& out, std::string_view tag) {
  std::size_t i = 1;
  const bool closing = i < tag.size() && tag[i] == '/';
  if (closing) ++i;
  const std::size_t name_start = i;
  while (i < tag.size() && is_name_char(tag[i])) ++i;
  const std::string_view name = find_name(tag.substr(name_start, i - name_start), k_tags);
  if (name.empty()) return false;
  if (closing) {
    out += "</";
    out += name;
    out += '>';
    return true;
  }
  const std::string_view rest = tag.substr(i, tag.size() - i - 1);
  const bool self_closing = !rest.empty() && rest.back() == '/';
  if (name == "input") {
    // Task lists: a disabled checkbox, written as md4c writes it, nothing else.
    if (!any_attribute(rest, [](const Attribute& a) {
          return util::iequals_ascii(a.name, "type") && util::iequals_ascii(a.value, "checkbox");
        })) {
      return false;
    }
    out += R"(<input type="checkbox" class="task-list-item-checkbox" disabled)";
    if (any_attribute(rest, [](const Attribute& a) { return util::iequals_ascii(a.name, "checked"); })) {
      out += " checked";
    }
  } else {
    out += '<';
    out += name;
    std::size_t at = 0;
    Attribute a;
    bool opens_window = false;
    while (next_attribute(rest, at, a)) {
      opens_window = opens_window || util::iequals_ascii(a.name, "target");
      std::string_view kept;
      if (util::iequals_ascii(a.name, "href")) {
        if (name == "a" && a.has_value && is_safe_url(a.value)) kept = "href";
      } else if (util::iequals_ascii(a.name, "src")) {
        if ((name == "img" || name == "source") && a.has_value && is_safe_url(a.value)) kept = "src";
      } else {
        kept = find_name(a.name, k_attributes);
      }
      if (kept.empty()) continue;
      out += ' ';
      out += kept;
      if (a.has_value) {
        out += "=\"";
        append_attribute_value(out, a.value);
        out += '"';
      }
    }
    // A link that opens another window must not reach back through window.opener.
    if (name == "a" && opens_window) {
      out += " target=\"_blank\" rel=\"noopener noreferrer\"";
    }
  }
  if (self_closing) out += " /";
  out += '>';
  return true;
}

}  // namespace

bool is_safe_url(std::string_view url) {
  const auto ignored = [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; };
  // Relative, or one of the safe schemes, in `text` as a browser reads it.
  const auto safe = [](std::string_view text) {
    const std::size_t colon = text.find(':');
    const std::size_t stop = text.find_first_of("/?#");
    if (colon == std::string_view::npos || (stop != std::string_view::npos && stop < colon)) return true;
    const std::string_view scheme = text.substr(0, colon);
    return util::iequals_ascii(scheme, "http") || util::iequals_ascii(scheme, "https") ||
           util::iequals_ascii(scheme, "mailto") || util::iequals_ascii(scheme, "tel");
  };
  // Most URLs hold no entity, white space or control character: read as written.
  if (std::none_of(url.begin(), url.end(), [&](char c) { return c == '&' || ignored(c); })) return safe(url);
  const auto decoded = decode_entities(url);
  if (!decoded) return false;
  std::string cleaned = *decoded;
  std::erase_if(cleaned, ignored);  // browsers skip these in a scheme
  return safe(cleaned);
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
    if (end != std::string_view::npos && append_allowed_tag(out, html.substr(lt, end - lt))) {
      pos = end;
    } else {
      out += "&lt;";  // shown as the text it is
      pos = lt + 1;
    }
  }
  return out;
}

std::string sanitize_generated_html(std::string html) {
  // md4c writes every attribute value in double quotes, with '"' in it as &quot;.
  for (const std::string_view attribute : {" href=\""sv, " src=\""sv}) {
    for (std::size_t at = html.find(attribute); at != std::string::npos; at = html.find(attribute, at + 1)) {
      const std::size_t start = at + attribute.size();
      const std::size_t end = html.find('"', start);
      if (end == std::string::npos || !is_safe_url(std::string_view(html).substr(start, end - start))) {
        return sanitize_html(html);
      }
    }
  }
  return html;
}

}  // namespace prepdeck::render
