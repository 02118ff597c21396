// XML output through libxml2's xmlTextWriter: the only file that talks to
// libxml2's writer, so no format escapes XML by hand. Text is made fit for
// XML 1.0 first: malformed UTF-8 becomes U+FFFD and characters XML cannot
// hold (NUL and the other C0 controls but tab and line breaks, U+FFFE/FFFF)
// are dropped; CDATA holding "]]>" is split so it cannot end early.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>

namespace prepdeck::exporter {

// `text` as XML 1.0 can hold it (see above).
std::string xml_text(std::string_view text);

class XmlWriter {
 public:
  enum class Indent : bool { none, two_spaces };
  // Starts a UTF-8 document with its <?xml?> declaration.
  explicit XmlWriter(Indent indent = Indent::two_spaces);
  ~XmlWriter();
  XmlWriter(const XmlWriter&) = delete;
  XmlWriter& operator=(const XmlWriter&) = delete;

  XmlWriter& start(std::string_view name);
  XmlWriter& attribute(std::string_view name, std::string_view value);
  XmlWriter& text(std::string_view text);
  XmlWriter& cdata(std::string_view text);
  XmlWriter& end();
  // <name>text</name>
  XmlWriter& element(std::string_view name, std::string_view text);

  // How html() turns HTML into XML elements (a format that takes XHTML, such
  // as QTI 2.1's item bodies).
  struct HtmlRules {
    std::set<std::string, std::less<>> elements;    // written as they are
    std::set<std::string, std::less<>> attributes;  // kept on them; others dropped
    // Written as a <div> or <span> (by this name's value) with its content: details -> div.
    std::map<std::string, std::string, std::less<>> renamed;
    // Any other element is left out and its content written in its place;
    // these are left out with their content (script, svg, form controls).
    std::set<std::string, std::less<>> dropped;
    // Writes a text node (default: text()); a format may put elements of its own in it.
    std::function<void(XmlWriter&, std::string_view)> text;
    // When set, `text` is only needed for text holding this (it writes any other as text() would).
    std::string text_trigger;
  };
  // Parses `html` (a fragment) as browsers would, with libxml2's HTML parser
  // (or its XML parser when the fragment is well-formed XML already, which is
  // faster: util::parse_xhtml_fragment), and writes it as well-formed XML by
  // `rules`. A fragment the XML parser read that `rules` would write unchanged
  // (every element and attribute kept as it is, no comment, no text for
  // `text`) is written as it stands: the same XML, without a pass through the
  // writer for each node. One the rules would write unchanged but for some
  // attributes left out is written by libxml2's serializer without them. One
  // without markup or references is text, written as text() would.
  // Without indentation: call it inside an element that html_element() opened.
  XmlWriter& html(std::string_view html, const HtmlRules& rules);
  // <name>, the HTML, </name>: nothing indented from <name> on.
  XmlWriter& html_element(std::string_view name, std::string_view html, const HtmlRules& rules);
  // Closes what is open and returns the document.
  std::string finish();

 private:
  struct State;
  std::unique_ptr<State> m_state;
};

}  // namespace prepdeck::exporter
