#include "export/xml_writer.h"

#include <stdexcept>

#include <libxml/HTMLparser.h>
#include <libxml/xmlwriter.h>

#include "util/text.h"

namespace prepdeck::exporter {

std::string xml_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
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
  xmlBufferPtr buffer = nullptr;
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
  m_state->buffer = xmlBufferCreate();
  if (m_state->buffer == nullptr) throw std::bad_alloc();
  m_state->writer = xmlNewTextWriterMemory(m_state->buffer, 0);
  if (m_state->writer == nullptr) {
    xmlBufferFree(m_state->buffer);
    throw std::bad_alloc();
  }
  m_state->indent = indent == Indent::two_spaces;
  if (m_state->indent) {
    check(xmlTextWriterSetIndent(m_state->writer, 1), "indent");
    check(xmlTextWriterSetIndentString(m_state->writer, BAD_CAST "  "), "indent");
  }
  check(xmlTextWriterStartDocument(m_state->writer, "1.0", "UTF-8", nullptr), "start document");
}

XmlWriter::~XmlWriter() {
  if (m_state->writer != nullptr) xmlFreeTextWriter(m_state->writer);
  if (m_state->buffer != nullptr) xmlBufferFree(m_state->buffer);
}

XmlWriter& XmlWriter::start(std::string_view name) {
  check(xmlTextWriterStartElement(m_state->writer, chars(std::string(name))), "start element");
  return *this;
}

XmlWriter& XmlWriter::attribute(std::string_view name, std::string_view value) {
  check(xmlTextWriterWriteAttribute(m_state->writer, chars(std::string(name)), chars(xml_text(value))), "attribute");
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

std::string_view node_name(const xmlNode* node) { return reinterpret_cast<const char*>(node->name); }

void write_html_nodes(XmlWriter& out, const xmlNode* node, const XmlWriter::HtmlRules& rules, int depth) {
  for (; node != nullptr; node = node->next) {
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
      const char* content = reinterpret_cast<const char*>(node->content);
      if (content == nullptr) continue;
      if (rules.text) {
        rules.text(out, content);
      } else {
        out.text(content);
      }
      continue;
    }
    if (node->type != XML_ELEMENT_NODE) continue;  // comments, processing instructions
    const std::string_view name = node_name(node);
    if (rules.dropped.count(name) != 0 || depth > 200) continue;
    std::string written;
    if (rules.elements.count(name) != 0) {
      written = name;
    } else if (const auto it = rules.renamed.find(name); it != rules.renamed.end()) {
      written = it->second;
    }
    if (written.empty()) {
      write_html_nodes(out, node->children, rules, depth + 1);
      continue;
    }
    out.start(written);
    for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
      const std::string_view attribute = reinterpret_cast<const char*>(a->name);
      if (rules.attributes.count(attribute) == 0) continue;
      xmlChar* value = xmlNodeListGetString(node->doc, a->children, 1);
      out.attribute(attribute, value != nullptr ? reinterpret_cast<const char*>(value) : "");
      xmlFree(value);
    }
    write_html_nodes(out, node->children, rules, depth + 1);
    out.end();
  }
}

}  // namespace

XmlWriter& XmlWriter::html(std::string_view html, const HtmlRules& rules) {
  // Wrapped so the parser keeps a fragment's leading text and puts nothing around it.
  const std::string document = "<html><body>" + xml_text(html) + "</body></html>";
  htmlDocPtr doc = htmlReadMemory(document.data(), static_cast<int>(document.size()), nullptr, "UTF-8",
                                  HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_NODEFDTD);
  if (doc == nullptr) return text(html);
  const xmlNode* root = xmlDocGetRootElement(doc);
  const xmlNode* body = nullptr;
  for (const xmlNode* n = root != nullptr ? root->children : nullptr; n != nullptr; n = n->next) {
    if (n->type == XML_ELEMENT_NODE && node_name(n) == "body") body = n;
  }
  if (body != nullptr) write_html_nodes(*this, body->children, rules, 0);
  xmlFreeDoc(doc);
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
  xmlFreeTextWriter(m_state->writer);  // flushes into the buffer
  m_state->writer = nullptr;
  return std::string(reinterpret_cast<const char*>(xmlBufferContent(m_state->buffer)),
                     static_cast<std::size_t>(xmlBufferLength(m_state->buffer)));
}

}  // namespace prepdeck::exporter
