#include "render/html.h"

#include <algorithm>
#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

#include "util/text.h"
#include "util/url.h"

namespace prepdeck::render {

namespace {

bool is_control(char c) { return static_cast<unsigned char>(c) < 0x20; }
bool is_high(char c) { return static_cast<unsigned char>(c) >= 0x80; }

// A run of control characters or of bytes that are not valid UTF-8, by
// nlohmann, without the quotes it adds. A run ends at ASCII, where a UTF-8
// sequence cannot continue, so serializing runs one by one gives what
// serializing the whole string would.
void append_by_nlohmann(std::string& out, std::string_view run) {
  const std::string json =
      nlohmann::json(std::string(run)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  out.append(json, 1, json.size() - 2);
}

}  // namespace

void append_script_json_string(std::string& out, std::string_view text) {
  out += '"';
  std::size_t i = 0;
  while (i < text.size()) {
    // Printable ASCII up to the next quote, backslash, "<", control or UTF-8 byte.
    std::size_t j = util::find_first_of_ascii<true, '"', '\\', '<'>(text, i);
    out.append(text.data() + i, j - i);
    i = j;
    if (i == text.size()) break;
    const char c = text[i];
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
      ++i;
    } else if (c == '<') {
      out += "\\u003c";
      ++i;
    } else if (is_high(c)) {
      while (j < text.size() && is_high(text[j])) ++j;
      const std::string_view run = text.substr(i, j - i);
      if (util::is_valid_utf8(run)) {
        out += run;  // nlohmann keeps valid UTF-8 as it is
      } else {
        append_by_nlohmann(out, run);
      }
      i = j;
    } else {
      while (j < text.size() && is_control(text[j])) ++j;
      append_by_nlohmann(out, text.substr(i, j - i));
      i = j;
    }
  }
  out += '"';
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

namespace {

// Where a run of text that starts at `pos` ends: at markup, an entity, a tab or
// line break, or a space after a space. Single spaces between words stay in the
// run, so a run is most often a whole sentence.
std::size_t text_run_end(std::string_view html, std::size_t pos) {
  const std::size_t n = html.size();
  bool after_space = html[pos] == ' ';
  ++pos;
#if defined(__SSE2__)
  for (; pos + 16 <= n; pos += 16) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(html.data() + pos));
    __m128i special = _mm_cmpeq_epi8(chunk, _mm_set1_epi8('<'));
    special = _mm_or_si128(special, _mm_cmpeq_epi8(chunk, _mm_set1_epi8('&')));
    special = _mm_or_si128(special, _mm_cmpeq_epi8(chunk, _mm_set1_epi8('\n')));
    special = _mm_or_si128(special, _mm_cmpeq_epi8(chunk, _mm_set1_epi8('\t')));
    special = _mm_or_si128(special, _mm_cmpeq_epi8(chunk, _mm_set1_epi8('\r')));
    const auto spaces = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(chunk, _mm_set1_epi8(' '))));
    const unsigned end =
        static_cast<unsigned>(_mm_movemask_epi8(special)) | (spaces & ((spaces << 1) | (after_space ? 1u : 0u)));
    if (end != 0) return pos + static_cast<std::size_t>(__builtin_ctz(end));
    after_space = ((spaces >> 15) & 1u) != 0;
  }
#endif
  for (; pos < n; ++pos) {
    const char c = html[pos];
    if (c == '<' || c == '&' || c == '\n' || c == '\t' || c == '\r' || (c == ' ' && after_space)) return pos;
    after_space = c == ' ';
  }
  return n;
}

}  // namespace

std::string html_to_text(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  bool space = true;  // the last character written was a space (or nothing yet)
  const auto put_space = [&] {
    if (!space) out.push_back(' ');
    space = true;
  };
  for (std::size_t i = 0; i < html.size(); ++i) {
    const char c = html[i];
    if (c != '<' && c != '&' && c != '\n' && c != '\t' && c != '\r' && !(c == ' ' && space)) {
      const std::size_t end = text_run_end(html, i);  // a run of text is copied whole
      out.append(html, i, end - i);
      space = out.back() == ' ';
      i = end - 1;
    } else if (c == '<') {
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

std::string root_prefix(std::string_view page_url) {
  std::string prefix;
  for (char c : page_url) {
    if (c == '/') prefix += "../";
  }
  return prefix;
}

namespace {

// A relative link to a Markdown page, rewritten to its .html page; else unchanged.
std::string rewrite_url(std::string_view url) {
  if (url.empty() || url.front() == '#' || url.front() == '/' || util::has_url_scheme(url)) return std::string(url);
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
