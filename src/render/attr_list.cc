#include "render/attr_list.h"

#include <optional>
#include <string_view>
#include <vector>

#include "render/html.h"
#include "util/text.h"

namespace prepdeck::render {

namespace {

struct Attribute {
  std::string name;
  std::string value;
};

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

bool is_token(std::string_view v) {
  if (v.empty() || v.size() > 200) return false;
  for (char c : v) {
    if (!is_name_char(c) && c != ':' && c != '.') return false;
  }
  return true;
}

bool is_length(std::string_view v) {
  std::size_t digits = 0;
  while (digits < v.size() && v[digits] >= '0' && v[digits] <= '9') ++digits;
  if (digits == 0 || digits > 5) return false;
  const std::string_view unit = v.substr(digits);
  return unit.empty() || unit == "px" || unit == "%";
}

// "width:400px; height:auto" -> width="400" (height "auto" sets nothing).
void lengths_from_style(std::string_view style, std::vector<Attribute>& out) {
  std::size_t pos = 0;
  while (pos < style.size()) {
    std::size_t end = style.find(';', pos);
    if (end == std::string_view::npos) end = style.size();
    const std::string_view declaration = style.substr(pos, end - pos);
    const std::size_t colon = declaration.find(':');
    if (colon != std::string_view::npos) {
      const std::string property = util::to_lower_ascii(util::trim(declaration.substr(0, colon)));
      std::string_view value = util::trim(declaration.substr(colon + 1));
      if ((property == "width" || property == "height") && is_length(value) && !value.ends_with("%")) {
        if (value.ends_with("px")) value.remove_suffix(2);
        out.push_back({property, std::string(value)});
      }
    }
    pos = end + 1;
  }
}

// The attributes of "{: #id .class key=value key="a b" }" (its text as it
// stands in the HTML, with &quot; for quotes), or nothing when it is not one
// attr_list reads or sets nothing prepdeck keeps.
std::optional<std::vector<Attribute>> parse_list(std::string_view group) {
  if (group.size() < 3 || group.front() != '{' || group.back() != '}') return std::nullopt;
  const std::string inside = unescape(group.substr(1, group.size() - 2));
  std::string_view rest = inside;
  if (!rest.empty() && rest.front() == ':') rest.remove_prefix(1);
  std::vector<Attribute> out;
  std::string classes;
  bool any = false;
  while (true) {
    rest = util::trim_left(rest);
    if (rest.empty()) break;
    any = true;
    if (rest.front() == '#' || rest.front() == '.') {
      std::size_t end = 1;
      while (end < rest.size() && !util::is_space(rest[end])) ++end;
      const std::string_view token = rest.substr(1, end - 1);
      if (!is_token(token)) return std::nullopt;
      if (rest.front() == '#') {
        out.push_back({"id", std::string(token)});
      } else {
        classes += (classes.empty() ? "" : " ") + std::string(token);
      }
      rest.remove_prefix(end);
      continue;
    }
    std::size_t eq = 0;
    while (eq < rest.size() && is_name_char(rest[eq])) ++eq;
    if (eq == 0 || eq >= rest.size() || rest[eq] != '=') return std::nullopt;
    const std::string name = util::to_lower_ascii(rest.substr(0, eq));
    rest.remove_prefix(eq + 1);
    std::string value;
    if (!rest.empty() && (rest.front() == '"' || rest.front() == '\'')) {
      const char quote = rest.front();
      const std::size_t close = rest.find(quote, 1);
      if (close == std::string_view::npos) return std::nullopt;
      value = std::string(rest.substr(1, close - 1));
      rest.remove_prefix(close + 1);
    } else {
      std::size_t end = 0;
      while (end < rest.size() && !util::is_space(rest[end])) ++end;
      value = std::string(rest.substr(0, end));
      rest.remove_prefix(end);
    }
    if (name == "style") {
      lengths_from_style(value, out);
    } else if (name == "width" || name == "height") {
      if (is_length(value)) out.push_back({name, value});
    } else if (name == "loading") {
      if (value == "lazy" || value == "eager") out.push_back({name, value});
    } else if (name == "target") {
      if (value == "_blank" || value == "_self" || value == "_parent" || value == "_top") out.push_back({name, value});
    } else if (name == "rel" || name == "title" || name == "alt" || name == "align") {
      if (value.size() <= 500) out.push_back({name, value});
    } else if (name == "class" || name == "id") {
      if (is_token(value)) out.push_back({name, value});
    }  // anything else (on*, src, href, ...) is dropped
  }
  if (!classes.empty()) out.push_back({"class", classes});
  if (!any) return std::nullopt;
  return out;
}

// `tag` ("<img src=... alt=...>") with `attributes` set: a name it has is replaced.
std::string with_attributes(std::string_view tag, const std::vector<Attribute>& attributes) {
  std::string out(tag.substr(0, tag.size() - 1));  // without '>'
  for (const Attribute& a : attributes) {
    const std::string key = " " + a.name + "=\"";
    if (const std::size_t at = out.find(key); at != std::string::npos) {
      const std::size_t end = out.find('"', at + key.size());
      if (end != std::string::npos) {
        out.replace(at, end + 1 - at, key + escape(a.value) + "\"");
        continue;
      }
    }
    out += key + escape(a.value) + "\"";
  }
  out += '>';
  return out;
}

}  // namespace

void apply_attribute_lists(std::string& html) {
  if (html.find('{') == std::string::npos) return;
  std::string out;
  out.reserve(html.size());
  std::size_t copied = 0;
  std::size_t last_a = std::string::npos;  // where the last <a ...> tag starts in `out`
  std::size_t last_p = std::string::npos;  // where the last <p> starts in `out`
  std::size_t stop = 0;  // the first '}', '<' or line break after the last '{' seen: shared by the '{'s before it
  for (std::size_t i = 0; i < html.size(); ++i) {
    const char c = html[i];
    if (c == '<') {
      if (html.compare(i, 3, "<a ") == 0) last_a = out.size() + (i - copied);
      if (html.compare(i, 3, "<p>") == 0) last_p = out.size() + (i - copied);
      continue;
    }
    if (c != '{' || i == 0) continue;
    if (stop != std::string::npos && stop <= i) stop = html.find_first_of("}<\n", i + 1);
    const std::size_t close = stop;
    if (close == std::string::npos || html[close] != '}') continue;
    const std::string_view group(html.data() + i, close + 1 - i);
    const bool after_tag = html[i - 1] == '>';
    const bool ends_paragraph = html[i - 1] == '\n' && html.compare(close + 1, 4, "</p>") == 0;
    if (!after_tag && !ends_paragraph) continue;
    const auto attributes = parse_list(group);
    if (!attributes) continue;
    out.append(html, copied, i - copied);
    std::size_t target = std::string::npos;  // where the tag to change starts in `out`
    if (ends_paragraph) {
      target = last_p;
      out.pop_back();  // the line break before the group
    } else if (out.size() >= 4 && out.compare(out.size() - 4, 4, "</a>") == 0) {
      target = last_a;
    } else {
      const std::size_t open = out.rfind('<');
      if (open != std::string::npos && out.compare(open, 5, "<img ") == 0) target = open;
    }
    if (target == std::string::npos || target >= out.size()) {
      out.append(group);  // nothing it can apply to: it stays text
    } else {
      const std::size_t tag_end = out.find('>', target);
      const std::string changed =
          with_attributes(std::string_view(out).substr(target, tag_end + 1 - target), *attributes);
      out.replace(target, tag_end + 1 - target, changed);
    }
    copied = close + 1;
    i = close;
  }
  if (copied == 0) return;
  out.append(html, copied);
  html.swap(out);
}

}  // namespace prepdeck::render
