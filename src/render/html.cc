#include "render/html.h"

#include <algorithm>
#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

namespace prepdeck::render {

namespace {

// Bytes that a JSON string holds as they are, and that cannot close a script.
bool is_plain_json_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x20 && u < 0x80 && c != '"' && c != '\\' && c != '<';
}

// A run of other bytes, by nlohmann, without the quotes it adds. A run ends at
// printable ASCII, where a UTF-8 sequence cannot continue, so serializing runs
// one by one gives what serializing the whole string would.
void append_by_nlohmann(std::string& out, std::string_view run) {
  const std::string json =
      nlohmann::json(std::string(run)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  for (std::size_t i = 1; i + 1 < json.size(); ++i) {
    if (json[i] == '<') {
      out += "\\u003c";
    } else {
      out += json[i];
    }
  }
}

}  // namespace

void append_script_json_string(std::string& out, std::string_view text) {
  out += '"';
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t j = i;
    while (j < text.size() && is_plain_json_byte(text[j])) ++j;
    out.append(text.data() + i, j - i);
    i = j;
    while (j < text.size() && !is_plain_json_byte(text[j])) ++j;
    if (j > i) append_by_nlohmann(out, text.substr(i, j - i));
    i = j;
  }
  out += '"';
}

void append_escaped(std::string& out, std::string_view text) {
  // Runs without a special character are appended whole.
  std::size_t from = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::string_view entity;
    switch (text[i]) {
      case '&':
        entity = "&amp;";
        break;
      case '<':
        entity = "&lt;";
        break;
      case '>':
        entity = "&gt;";
        break;
      case '"':
        entity = "&quot;";
        break;
      default:
        continue;
    }
    out.append(text.data() + from, i - from);
    out += entity;
    from = i + 1;
  }
  out.append(text.data() + from, text.size() - from);
}

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_escaped(out, text);
  return out;
}

namespace {

// The entity at the start of `text`, if it is one escape() writes.
std::optional<std::pair<char, std::size_t>> basic_entity(std::string_view text) {
  for (const auto& [entity, c] :
       {std::pair<std::string_view, char>{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}}) {
    if (text.substr(0, entity.size()) == entity) return std::pair{c, entity.size()};
  }
  return std::nullopt;
}

// Tags that sit inside a line of text: dropping them must not split a word.
bool is_inline_tag(std::string_view tag) {
  std::size_t start = tag.size() > 1 && tag[1] == '/' ? 2 : 1;
  std::size_t end = start;
  while (end < tag.size() && ((tag[end] >= 'a' && tag[end] <= 'z') || (tag[end] >= '0' && tag[end] <= '9'))) ++end;
  const std::string_view name = tag.substr(start, end - start);
  for (std::string_view inline_name : {"a", "b", "i", "u", "s", "em", "strong", "code", "span", "del", "mark", "kbd",
                                       "sub", "sup", "small", "abbr", "q"}) {
    if (name == inline_name) return true;
  }
  return false;
}

}  // namespace

std::string unescape(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  for (std::size_t i = 0; i < html.size(); ++i) {
    if (html[i] == '&') {
      if (const auto e = basic_entity(html.substr(i))) {
        out.push_back(e->first);
        i += e->second - 1;
        continue;
      }
    }
    out.push_back(html[i]);
  }
  return out;
}

std::string html_to_text(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  bool space = true;  // the last character written was a space (or nothing yet)
  const auto put_space = [&] {
    if (!space) out.push_back(' ');
    space = true;
  };
  const auto plain = [](char c) { return c != '<' && c != '&' && c != ' ' && c != '\n' && c != '\t' && c != '\r'; };
  for (std::size_t i = 0; i < html.size(); ++i) {
    if (plain(html[i])) {  // a run of text is copied whole
      std::size_t end = i + 1;
      while (end < html.size() && plain(html[end])) ++end;
      out.append(html, i, end - i);
      space = false;
      i = end - 1;
      continue;
    }
    const char c = html[i];
    if (c == '<') {
      const std::size_t close = html.find('>', i);
      if (close == std::string_view::npos) break;
      if (!is_inline_tag(html.substr(i, close - i))) put_space();
      i = close;
    } else if (c == '&') {
      const auto e = basic_entity(html.substr(i));
      out.push_back(e ? e->first : c);
      if (e) i += e->second - 1;
      space = false;
    } else {
      put_space();
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string page_url(std::string_view guide_path) {
  std::string url(guide_path);
  for (std::string_view ext : {".markdown", ".md"}) {
    if (url.size() > ext.size() && url.compare(url.size() - ext.size(), ext.size(), ext) == 0) {
      url.resize(url.size() - ext.size());
      break;
    }
  }
  return url + ".html";
}

std::string root_prefix(std::string_view page_url) {
  std::string prefix;
  for (char c : page_url) {
    if (c == '/') prefix += "../";
  }
  return prefix;
}

namespace {

bool has_scheme(std::string_view url) {
  const std::size_t colon = url.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  return std::all_of(url.begin(), url.begin() + static_cast<std::ptrdiff_t>(colon), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-' ||
           c == '.';
  });
}

// A relative link to a Markdown page, rewritten to its .html page; else unchanged.
std::string rewrite_url(std::string_view url) {
  if (url.empty() || url.front() == '#' || url.front() == '/' || has_scheme(url)) return std::string(url);
  const std::size_t cut = url.find_first_of("?#");
  const std::string_view path = url.substr(0, cut);
  const std::string_view rest = cut == std::string_view::npos ? std::string_view() : url.substr(cut);
  for (std::string_view ext : {".markdown", ".md"}) {
    if (path.size() > ext.size() && path.substr(path.size() - ext.size()) == ext) {
      return page_url(path) + std::string(rest);
    }
  }
  return std::string(url);
}

}  // namespace

std::string rewrite_page_links(std::string_view html) {
  static constexpr std::string_view k_href = "href=\"";
  std::string out;
  out.reserve(html.size());
  std::size_t pos = 0;
  while (true) {
    const std::size_t at = html.find(k_href, pos);
    if (at == std::string_view::npos) break;
    const std::size_t start = at + k_href.size();
    const std::size_t end = html.find('"', start);
    if (end == std::string_view::npos) break;
    out.append(html.substr(pos, start - pos));
    out.append(rewrite_url(html.substr(start, end - start)));
    pos = end;
  }
  out.append(html.substr(pos));
  return out;
}

}  // namespace prepdeck::render
