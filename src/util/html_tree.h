// HTML parsed as browsers parse it (libxml2's HTML parser: the only file
// that talks to it), as a plain tree. For code that must read HTML it did
// not write: an imported deck's fields, the renderer's HTML made XML.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace prepdeck::util {

struct HtmlNode {
  enum class Kind { element, text };
  Kind kind = Kind::text;
  std::string name;                                             // element: lower case
  std::vector<std::pair<std::string, std::string>> attributes;  // element: as written, entities decoded
  std::string text;                                             // text: entities decoded
  std::vector<HtmlNode> children;

  const std::string* attribute(std::string_view key) const {
    for (const auto& [k, v] : attributes) {
      if (k == key) return &v;
    }
    return nullptr;
  }
};

// Sets libxml2 up, once, before threads use it (its first use is not thread-safe):
// every file that calls libxml2 calls this first.
void init_libxml2();

// The nodes of an HTML fragment (what a <body> would hold), comments left
// out. Malformed UTF-8 is replaced; nesting deeper than `max_depth` is cut
// (its text kept, its elements dropped), so a hostile fragment costs linear time.
std::vector<HtmlNode> parse_html_fragment(std::string_view html, int max_depth = 128);

// The same tree when `html` is also well-formed XML (what the renderer makes
// of most items: no void element, no HTML-only entity, no namespace), read by
// libxml2's XML parser, three times as fast as its HTML parser; nullopt
// otherwise, and the caller parses it as HTML. Names are lower-cased, as the
// HTML parser gives them; white space between elements is kept (the HTML
// parser drops some of it). `*changed` is set when the tree differs from the
// source as written (a name lower-cased, nesting cut at max_depth).
std::optional<std::vector<HtmlNode>> parse_xhtml_fragment(std::string_view html, int max_depth = 128,
                                                          bool* changed = nullptr);

// `nodes` written back as HTML (text and attribute values escaped).
std::string serialize_html(const std::vector<HtmlNode>& nodes);

// The text of an HTML fragment: its text nodes, runs of white space made one space, trimmed.
std::string html_text(std::string_view html);

}  // namespace prepdeck::util
