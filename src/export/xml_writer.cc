#include "export/xml_writer.h"

#include <stdexcept>

#include <libxml/xmlwriter.h>

#include "util/html_tree.h"
#include "util/text.h"

namespace prepdeck::exporter {

std::string xml_text(std::string_view text) {
  // Most text is plain ASCII that XML holds as it is: copied whole up to the first byte that needs a look.
  std::size_t pos = 0;
  while (pos < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[pos]);
    if (c >= 0x80 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r')) break;
    ++pos;
  }
  std::string out(text.substr(0, pos));
  if (pos == text.size()) return out;
  out.reserve(text.size());
  while (pos < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[pos]);
    if (c < 0x80) {
      if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') out += static_cast<char>(c);
      ++pos;
      continue;
    }
    const char32_t cp = util::decode_utf8(text, pos);
    if (cp == 0xFFFE || cp == 0xFFFF) continue;
    util::append_utf8(out, cp);
  }
  return out;
}

struct XmlWriter::State {
  bool indent = false;
  std::string out;  // what the writer has flushed
  xmlTextWriterPtr writer = nullptr;
};

namespace {

const xmlChar* chars(const std::string& text) { return reinterpret_cast<const xmlChar*>(text.c_str()); }

void check(int rc, const char* what) {
  // Fails only on memory exhaustion or a misuse of the writer: a bug, not input.
  if (rc < 0) throw std::runtime_error(std::string("xml writer: ") + what);
}

}  // namespace

XmlWriter::XmlWriter(Indent indent) : m_state(std::make_unique<State>()) {
  util::init_libxml2();
  // Into a std::string that grows by doubling (libxml2's memory buffer grew to the exact size on every
  // flush: quadratic copying on a large document).
  xmlOutputBufferPtr output = xmlOutputBufferCreateIO(
      [](void* context, const char* bytes, int length) {
        static_cast<std::string*>(context)->append(bytes, static_cast<std::size_t>(length));
        return length;
      },
      nullptr, &m_state->out, nullptr);
  if (output == nullptr) throw std::bad_alloc();
  m_state->writer = xmlNewTextWriter(output);  // owns `output` from here
  if (m_state->writer == nullptr) throw std::bad_alloc();
  m_state->indent = indent == Indent::two_spaces;
  if (m_state->indent) {
    check(xmlTextWriterSetIndent(m_state->writer, 1), "indent");
    check(xmlTextWriterSetIndentString(m_state->writer, BAD_CAST "  "), "indent");
  }
  check(xmlTextWriterStartDocument(m_state->writer, "1.0", "UTF-8", nullptr), "start document");
}

XmlWriter::~XmlWriter() {
  if (m_state->writer != nullptr) xmlFreeTextWriter(m_state->writer);
}

XmlWriter& XmlWriter::start(std::string_view name) {
  check(xmlTextWriterStartElement(m_state->writer, chars(std::string(name))), "start element");
  return *this;
}

namespace {

// Printable ASCII that an attribute holds as it is: nothing the writer would escape (markup characters,
// the quote, and the white space it writes as character references) or drop.
bool plain_attribute(std::string_view value) {
  for (const char c : value) {
    if (c < 0x20 || c > 0x7e || c == '<' || c == '>' || c == '&' || c == '"') return false;
  }
  return true;
}

}  // namespace

XmlWriter& XmlWriter::attribute(std::string_view name, std::string_view value) {
  const std::string key(name);
  if (plain_attribute(value)) {
    // Nothing to escape (most identifiers, paths and titles): written as it stands, without the escaping
    // pass and its copy; the writer still opens and closes the attribute.
    check(xmlTextWriterStartAttribute(m_state->writer, chars(key)), "attribute");
    if (!value.empty()) {
      check(xmlTextWriterWriteRawLen(m_state->writer, reinterpret_cast<const xmlChar*>(value.data()),
                                     static_cast<int>(value.size())),
            "attribute");
    }
    check(xmlTextWriterEndAttribute(m_state->writer), "attribute");
    return *this;
  }
  check(xmlTextWriterWriteAttribute(m_state->writer, chars(key), chars(xml_text(value))), "attribute");
  return *this;
}

XmlWriter& XmlWriter::text(std::string_view text) {
  check(xmlTextWriterWriteString(m_state->writer, chars(xml_text(text))), "text");
  return *this;
}

XmlWriter& XmlWriter::cdata(std::string_view text) {
  const std::string safe = xml_text(text);
  std::size_t from = 0;
  // "]]>" ends a CDATA section: the section is closed between "]]" and ">" and another opened.
  for (std::size_t at = safe.find("]]>"); at != std::string::npos; at = safe.find("]]>", at + 1)) {
    check(xmlTextWriterWriteCDATA(m_state->writer, chars(safe.substr(from, at + 2 - from))), "cdata");
    from = at + 2;
  }
  check(xmlTextWriterWriteCDATA(m_state->writer, chars(safe.substr(from))), "cdata");
  return *this;
}

XmlWriter& XmlWriter::end() {
  check(xmlTextWriterEndElement(m_state->writer), "end element");
  return *this;
}

XmlWriter& XmlWriter::element(std::string_view name, std::string_view text) { return start(name).text(text).end(); }

namespace {

void write_html_nodes(XmlWriter& out, const std::vector<util::HtmlNode>& nodes, const XmlWriter::HtmlRules& rules) {
  for (const util::HtmlNode& node : nodes) {
    if (node.kind == util::HtmlNode::Kind::text) {
      if (rules.text && (rules.text_trigger.empty() || node.text.find(rules.text_trigger) != std::string::npos)) {
        rules.text(out, node.text);
      } else {
        out.text(node.text);
      }
      continue;
    }
    if (rules.dropped.count(node.name) != 0) continue;
    std::string written;
    if (rules.elements.count(node.name) != 0) {
      written = node.name;
    } else if (const auto it = rules.renamed.find(node.name); it != rules.renamed.end()) {
      written = it->second;
    }
    if (written.empty()) {
      write_html_nodes(out, node.children, rules);
      continue;
    }
    out.start(written);
    for (const auto& [attribute, value] : node.attributes) {
      if (rules.attributes.count(attribute) != 0) out.attribute(attribute, value);
    }
    write_html_nodes(out, node.children, rules);
    out.end();
  }
}

}  // namespace

XmlWriter& XmlWriter::html(std::string_view html, const HtmlRules& rules) {
  // No markup and no reference (a choice's "Paris"): one text node, which either parser would give as it
  // is; written as text, without a parse.
  if (html.find_first_of("<&") == std::string_view::npos) {
    if (rules.text && (rules.text_trigger.empty() || html.find(rules.text_trigger) != std::string_view::npos)) {
      rules.text(*this, html);
    } else {
      text(html);
    }
    return *this;
  }
  // What the rules write as it stands: an element kept under its name, a kept attribute, text the
  // format's text() need not see.
  const util::KeptWhole kept{
      [&rules](std::string_view name) {
        return rules.elements.count(name) != 0 && rules.dropped.count(name) == 0 && rules.renamed.count(name) == 0;
      },
      [&rules](std::string_view name) { return rules.attributes.count(name) != 0; },
      [&rules](std::string_view text) {
        return !rules.text || (!rules.text_trigger.empty() && text.find(rules.text_trigger) == std::string_view::npos);
      }};
  // The renderer's HTML is mostly well-formed XML as well, which libxml2 reads three times as fast; and
  // most of that the rules keep whole: then it is its own output, well-formed (the XML parser says so)
  // and the same XML as writing it node by node would give.
  auto read = util::read_xhtml_fragment(html, kept);
  if (read && read->form != util::XhtmlFragment::Form::nodes) {
    const std::string_view xml = read->form == util::XhtmlFragment::Form::whole ? html : read->xml;
    check(xmlTextWriterWriteRawLen(m_state->writer, reinterpret_cast<const xmlChar*>(xml.data()),
                                   static_cast<int>(xml.size())),
          "raw");
    return *this;
  }
  if (read) {
    write_html_nodes(*this, read->nodes, rules);
  } else {
    write_html_nodes(*this, util::parse_html_fragment(html), rules);
  }
  return *this;
}

XmlWriter& XmlWriter::html_element(std::string_view name, std::string_view html_text, const HtmlRules& rules) {
  start(name);
  // White space is content in HTML (in <pre> above all): no indentation inside the element, nor before its end.
  check(xmlTextWriterSetIndent(m_state->writer, 0), "indent");
  html(html_text, rules);
  end();
  check(xmlTextWriterSetIndent(m_state->writer, m_state->indent ? 1 : 0), "indent");
  return *this;
}

std::string XmlWriter::finish() {
  check(xmlTextWriterEndDocument(m_state->writer), "end document");
  xmlFreeTextWriter(m_state->writer);  // flushes into m_state->out
  m_state->writer = nullptr;
  return std::move(m_state->out);
}

}  // namespace prepdeck::exporter
