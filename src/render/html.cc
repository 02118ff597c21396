#include "render/html.h"

#include <algorithm>

namespace prepdeck::render {

void append_escaped(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out.push_back(c);
    }
  }
}

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_escaped(out, text);
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
