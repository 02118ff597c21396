#include "render/html_sanitizer.h"

#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>

#include "render/html.h"
#include "util/html_entities.h"
#include "util/text.h"

namespace prepdeck::render {

namespace {

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

// Finds where tags end. One per document: it remembers where each quote
// character last occurs, so a value left open runs to the end of the text
// once, not once for every tag after it (which made the scan quadratic).
class TagScanner {
 public:
  explicit TagScanner(std::string_view html)
      : m_html(html), m_last_double(html.rfind('"')), m_last_single(html.rfind('\'')) {}

  // Where the tag starting at html[pos] == '<' ends (one past '>'), honouring
  // quoted attribute values; npos when it does not end.
  std::size_t tag_end(std::size_t pos) const {
    for (std::size_t i = pos + 1; i < m_html.size(); ++i) {
      const char c = m_html[i];
      if (c == '"' || c == '\'') {
        // A quote only opens a value right after '=' (and spaces).
        std::size_t k = i;
        while (k > pos && is_space(m_html[k - 1])) --k;
        if (k > pos && m_html[k - 1] == '=') {
          const std::size_t last = c == '"' ? m_last_double : m_last_single;
          if (last == std::string_view::npos || last <= i) return std::string_view::npos;  // never closed
          i = m_html.find(c, i + 1);
        }
      } else if (c == '>') {
        return i + 1;
      } else if (c == '<') {
        return std::string_view::npos;  // "<a <b>": not one tag
      }
    }
    return std::string_view::npos;
  }

  // Where the comment starting at html[pos] ("<!--") ends ("-->"), or npos.
  std::size_t comment_end(std::size_t pos) {
    if (m_comment_end == std::string_view::npos || m_comment_end < pos + 4) {
      if (m_no_comment_end_after <= pos + 4) return std::string_view::npos;
      m_comment_end = m_html.find("-->", pos + 4);
      if (m_comment_end == std::string_view::npos) m_no_comment_end_after = pos + 4;
    }
    return m_comment_end;
  }

 private:
  std::string_view m_html;
  std::size_t m_last_double;
  std::size_t m_last_single;
  std::size_t m_comment_end = std::string_view::npos;  // the last "-->" found
  std::size_t m_no_comment_end_after = std::string_view::npos;
};

// The value as a browser reads it (every character reference decoded as the
// HTML standard says), written again with the four escapes md4c-html writes:
// the browser then reads exactly the value that was judged, and md4c's own
// attributes come out byte for byte as they went in.
void append_attribute_value(std::string& out, std::string_view value) {
  if (value.find('&') == std::string_view::npos) {
    append_escaped(out, value);
    return;
  }
  append_escaped(out, util::decode_html_entities(value, util::CharRefContext::attribute));
}

// Appends the allowed form of `tag` (from '<' to '>') to `out`; false, with
// `out` unchanged, when the tag is not allowed.
// Where removals are told, if anywhere; `base` is the tag's offset.
struct RemovalLog {
  std::vector<HtmlRemoval>* removed = nullptr;
  std::size_t limit = 0;
  std::size_t base = 0;
  void add(std::string message) const {
    if (removed != nullptr && removed->size() < limit) removed->push_back(HtmlRemoval{base, std::move(message)});
  }
};

bool append_allowed_tag(std::string& out, std::string_view tag, const RemovalLog& log = {}) {
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
      if (kept.empty()) {
        if (!util::iequals_ascii(a.name, "target") && !util::iequals_ascii(a.name, "rel") && !a.name.empty()) {
          const bool url = util::iequals_ascii(a.name, "href") || util::iequals_ascii(a.name, "src");
          log.add(url ? fmt::format("<{}>'s {} is dropped: only http, https, mailto, tel and relative URLs are kept",
                                    name, util::to_lower_ascii(a.name))
                      : fmt::format("<{}>'s {} attribute is dropped (only attributes that cannot run script or "
                                    "restyle the page are kept)",
                                    name, util::to_lower_ascii(a.name)));
        }
        continue;
      }
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
  // Most URLs hold no reference, white space or control character: read as written.
  if (std::none_of(url.begin(), url.end(), [&](char c) { return c == '&' || ignored(c); })) return safe(url);
  std::string cleaned = util::decode_html_entities(url, util::CharRefContext::attribute);
  std::erase_if(cleaned, ignored);  // browsers skip these in a scheme (and drop tabs and newlines anywhere)
  return safe(cleaned);
}

namespace {

// Elements whose content is never markup: left out whole, with why.
struct RawTextElement {
  std::string_view name;
  std::string_view message;
};

constexpr std::array<RawTextElement, 2> k_raw_text_elements{{
    {"style",
     "<style> is left out: a page's own styles do not apply in prepdeck (put them in a file named by mkdocs.yml "
     "extra_css)"},
    {"script",
     "<script> is left out: a page's own scripts never run in prepdeck (put them in a file named by mkdocs.yml "
     "extra_javascript)"},
}};

// `<name` (or, one further, `</name`) then '>' or a space at `lt`, case-insensitive.
bool is_tag_named(std::string_view html, std::size_t lt, std::string_view name) {
  const std::size_t after = lt + 1 + name.size();
  return html.size() > after && util::iequals_ascii(html.substr(lt + 1, name.size()), name) &&
         (html[after] == '>' || util::is_space(html[after]));
}

const RawTextElement* raw_text_element_at(std::string_view html, std::size_t lt) {
  for (const RawTextElement& element : k_raw_text_elements) {
    if (is_tag_named(html, lt, element.name)) return &element;
  }
  return nullptr;
}

// Finds where a raw-text element's end tag ends. Once no end tag follows some
// point, none follows any later one: remembered, so a page of unclosed
// <style> tags is read once, not once per tag.
class RawTextCloses {
 public:
  std::size_t end_of(const RawTextElement& element, std::string_view html, std::size_t lt) {
    std::size_t& none_after = none_after_[static_cast<std::size_t>(&element - k_raw_text_elements.data())];
    if (lt >= none_after) return std::string_view::npos;
    std::size_t close = lt + 1 + element.name.size();
    while ((close = html.find("</", close)) != std::string_view::npos && !is_tag_named(html, close + 1, element.name)) {
      close += 2;
    }
    const std::size_t close_end = close == std::string_view::npos ? close : html.find('>', close);
    if (close_end == std::string_view::npos) none_after = lt;
    return close_end;
  }

 private:
  std::array<std::size_t, k_raw_text_elements.size()> none_after_{std::string_view::npos, std::string_view::npos};
};

std::string sanitize(std::string_view html, std::vector<HtmlRemoval>* removed, std::size_t limit) {
  std::string out;
  out.reserve(html.size() + 16);
  TagScanner scanner(html);
  RawTextCloses raw_text_closes;
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
      const std::size_t end = scanner.comment_end(lt);
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
    const RemovalLog log{removed, limit, lt};
    // A <style> or <script> element is left out whole: its CSS or code shown
    // as text would fill the page, and neither may apply (the policy would
    // block them too). One without its end is text, as written.
    if (const RawTextElement* element = raw_text_element_at(html, lt)) {
      const std::size_t close_end = raw_text_closes.end_of(*element, html, lt);
      if (close_end != std::string_view::npos) {
        log.add(std::string(element->message));
        pos = close_end + 1;
        continue;
      }
    }
    const std::size_t end = scanner.tag_end(lt);
    if (end != std::string_view::npos && append_allowed_tag(out, html.substr(lt, end - lt), log)) {
      pos = end;
    } else {
      // A tag (a name after '<', not a '<' in text) is told once, at its opening.
      std::size_t name_end = lt + 1;
      while (name_end < html.size() && is_name_char(html[name_end])) ++name_end;
      if (end != std::string_view::npos && name_end > lt + 1 &&
          std::isalpha(static_cast<unsigned char>(html[lt + 1])) != 0) {
        log.add(fmt::format("<{}> is shown as text: prepdeck keeps only tags that cannot run script or change the page",
                            util::to_lower_ascii(html.substr(lt + 1, name_end - lt - 1))));
      }
      out += "&lt;";  // shown as the text it is
      pos = lt + 1;
    }
  }
  return out;
}

}  // namespace

std::string sanitize_html(std::string_view html) { return sanitize(html, nullptr, 0); }

std::string sanitize_html(std::string_view html, std::vector<HtmlRemoval>& removed, std::size_t limit) {
  return sanitize(html, &removed, limit);
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
