// HTML parsed as browsers parse it (libxml2's HTML parser: the only file
// that talks to it), as a plain tree. For code that must read HTML it did
// not write: an imported deck's fields, the renderer's HTML made XML.
#pragma once

#include <cstdint>
#include <functional>
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
// parser drops some of it).
std::optional<std::vector<HtmlNode>> parse_xhtml_fragment(std::string_view html, int max_depth = 128);

// What a caller writes of a fragment as it stands: an element by its name, an
// attribute by its name, a text node by its text.
struct KeptWhole {
  std::function<bool(std::string_view)> element;
  std::function<bool(std::string_view)> attribute;
  std::function<bool(std::string_view)> text;
};
struct XhtmlFragment {
  enum class Form : std::uint8_t {
    whole,  // the fragment is its own XML (below): nothing else was made
    xml,    // `xml` is: only attributes `kept` drops stood in the way
    nodes,  // `nodes`, as parse_xhtml_fragment() gives them
  };
  Form form = Form::nodes;
  std::string xml;
  std::vector<HtmlNode> nodes;
};
// parse_xhtml_fragment(), but no tree is made when the fragment, as written,
// is XML that `kept` keeps whole: every element, attribute and text node kept,
// names in lower case, nothing nested deeper than max_depth, no comment,
// processing instruction or CDATA section. The caller can then write it as it
// stands: it is well-formed, and the same XML that writing its tree would give.
// When all but some attributes are kept (an aria-hidden a format has no room
// for), `xml` is the fragment without them, written by libxml2's serializer:
// the same XML again, for a fraction of a tree's cost.
std::optional<XhtmlFragment> read_xhtml_fragment(std::string_view html, const KeptWhole& kept, int max_depth = 128);

// `nodes` written back as HTML (text and attribute values escaped).
std::string serialize_html(const std::vector<HtmlNode>& nodes);

// The text of an HTML fragment: its text nodes, runs of white space made one space, trimmed.
std::string html_text(std::string_view html);

}  // namespace prepdeck::util
