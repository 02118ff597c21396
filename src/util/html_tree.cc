#include "util/html_tree.h"

#include <cstdint>
#include <cstring>
#include <memory>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xmlsave.h>

#include "util/html_entities.h"
#include "util/text.h"

namespace prepdeck::util {

namespace {

std::string valid_utf8(std::string_view text) {
  if (is_valid_utf8(text)) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) append_utf8(out, decode_utf8(text, pos));
  return out;
}

void collect_text(const xmlNode* node, std::string& out) {
  for (; node != nullptr; node = node->next) {
    if ((node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) && node->content != nullptr) {
      out += reinterpret_cast<const char*>(node->content);
    } else if (node->type == XML_ELEMENT_NODE) {
      collect_text(node->children, out);
    }
  }
}

// A prefix ("svg:rect"), declared or not: the HTML parser reads the name otherwise.
bool prefixed(const xmlChar* name) { return std::strchr(reinterpret_cast<const char*>(name), ':') != nullptr; }

bool lower_case(const xmlChar* name) {
  for (const xmlChar* c = name; *c != 0; ++c) {
    if (*c >= 'A' && *c <= 'Z') return false;
  }
  return true;
}

std::string_view view(const xmlChar* text) { return reinterpret_cast<const char*>(text); }

// How much of the tree the XML parser made `kept` keeps (see read_xhtml_fragment).
enum class Kept : std::uint8_t { not_whole, whole, but_attributes };

// What `kept` said of each name met so far in one document: the parser interns names (its dictionary),
// so a name is met again at the same address, and a fragment has few of them.
class NameMemo {
 public:
  template <typename Ask>
  bool operator()(const xmlChar* name, const Ask& ask) {
    for (const auto& [seen, answer] : m_names) {
      if (seen == name) return answer;
    }
    const bool answer = ask(name);
    if (m_names.size() < 64) m_names.emplace_back(name, answer);
    return answer;
  }

 private:
  std::vector<std::pair<const xmlChar*, bool>> m_names;
};

struct KeptMemo {
  NameMemo elements, attributes;
};

Kept kept_whole(const xmlNode* node, const KeptWhole& kept, int depth, int max_depth, KeptMemo& memo) {
  Kept out = Kept::whole;
  for (; node != nullptr; node = node->next) {
    if (node->type == XML_TEXT_NODE) {
      if (node->content != nullptr && !kept.text(view(node->content))) return Kept::not_whole;
      continue;
    }
    if (node->type != XML_ELEMENT_NODE || depth >= max_depth || node->ns != nullptr || node->nsDef != nullptr ||
        !memo.elements(node->name, [&kept](const xmlChar* name) {
          return !prefixed(name) && lower_case(name) && kept.element(view(name));
        })) {
      return Kept::not_whole;
    }
    for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
      if (a->ns != nullptr || prefixed(a->name) || !lower_case(a->name)) return Kept::not_whole;
      if (!memo.attributes(a->name, [&kept](const xmlChar* name) { return kept.attribute(view(name)); })) {
        out = Kept::but_attributes;
      }
    }
    const Kept below = kept_whole(node->children, kept, depth + 1, max_depth, memo);
    if (below == Kept::not_whole) return below;
    if (below == Kept::but_attributes) out = below;
  }
  return out;
}

// Removes the attributes `kept` does not keep from the elements under `node`.
void drop_attributes(xmlNode* node, const KeptWhole& kept) {
  for (; node != nullptr; node = node->next) {
    if (node->type != XML_ELEMENT_NODE) continue;
    for (xmlAttr* a = node->properties; a != nullptr;) {
      xmlAttr* next = a->next;
      if (!kept.attribute(view(a->name))) xmlRemoveProp(a);
      a = next;
    }
    drop_attributes(node->children, kept);
  }
}

// The nodes from `node` on, written by libxml2's serializer: UTF-8 as it is, markup characters escaped.
std::string serialize_xml(xmlNode* node) {
  std::string out;
  xmlSaveCtxtPtr save = xmlSaveToIO(
      [](void* context, const char* bytes, int length) {
        static_cast<std::string*>(context)->append(bytes, static_cast<std::size_t>(length));
        return length;
      },
      nullptr, &out, "UTF-8", XML_SAVE_NO_DECL | XML_SAVE_AS_XML);
  if (save == nullptr) throw std::bad_alloc();
  bool written = true;
  for (; node != nullptr; node = node->next) written = xmlSaveTree(save, node) >= 0 && written;
  // It fails only when memory does (the tree is the parser's own, UTF-8 throughout): never half a fragment.
  if (xmlSaveClose(save) < 0 || !written) throw std::bad_alloc();
  return out;
}

// The nodes under `node`, comments left out, nesting deeper than max_depth
// made text. A tree the XML parser made (`xml`) has its names lower-cased, as
// the HTML parser gives them, and fails (false) when it holds a namespace (a
// prefixed name or a declaration), which the HTML parser would read otherwise.
bool convert(const xmlNode* node, std::vector<HtmlNode>& out, int depth, int max_depth, bool xml) {
  const auto name_of = [xml](const xmlChar* name) {
    std::string text = reinterpret_cast<const char*>(name);
    if (xml) {
      for (char& c : text) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      }
    }
    return text;
  };
  for (; node != nullptr; node = node->next) {
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
      if (node->content == nullptr) continue;
      HtmlNode text;
      text.text = reinterpret_cast<const char*>(node->content);
      out.push_back(std::move(text));
      continue;
    }
    if (node->type != XML_ELEMENT_NODE) continue;
    if (xml && (node->ns != nullptr || node->nsDef != nullptr || prefixed(node->name))) return false;
    if (depth >= max_depth) {
      HtmlNode text;
      collect_text(node->children, text.text);
      if (!text.text.empty()) out.push_back(std::move(text));
      continue;
    }
    HtmlNode element;
    element.kind = HtmlNode::Kind::element;
    element.name = name_of(node->name);
    for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
      if (xml && (a->ns != nullptr || prefixed(a->name))) return false;
      xmlChar* value = xmlNodeListGetString(node->doc, a->children, 1);
      element.attributes.emplace_back(name_of(a->name), value != nullptr ? reinterpret_cast<const char*>(value) : "");
      xmlFree(value);
    }
    if (!convert(node->children, element.children, depth + 1, max_depth, xml)) return false;
    out.push_back(std::move(element));
  }
  return true;
}

}  // namespace

void init_libxml2() {
  // libxml2 sets up its tables (encodings above all) on first use, unguarded: threads that parse or
  // write at once for the first time race there (a crash, seen exporting QTI on two cores). Done once
  // first, behind a guarded static; xmlInitParser is itself guarded.
  static const bool ready = (xmlInitParser(), true);
  (void)ready;
}

std::vector<HtmlNode> parse_html_fragment(std::string_view html, int max_depth) {
  init_libxml2();
  // Wrapped so the parser keeps a fragment's leading text and adds nothing around it.
  const std::string document = "<html><body>" + valid_utf8(html) + "</body></html>";
  std::vector<HtmlNode> out;
  htmlDocPtr doc = htmlReadMemory(document.data(), static_cast<int>(document.size()), nullptr, "UTF-8",
                                  HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_NODEFDTD);
  if (doc == nullptr) {
    HtmlNode text;
    text.text = valid_utf8(html);
    out.push_back(std::move(text));
    return out;
  }
  const xmlNode* root = xmlDocGetRootElement(doc);
  for (const xmlNode* n = root != nullptr ? root->children : nullptr; n != nullptr; n = n->next) {
    if (n->type == XML_ELEMENT_NODE && std::string_view(reinterpret_cast<const char*>(n->name)) == "body") {
      convert(n->children, out, 0, max_depth, false);
    }
  }
  xmlFreeDoc(doc);
  return out;
}

namespace {

struct FreeDoc {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using XmlDoc = std::unique_ptr<xmlDoc, FreeDoc>;

// The fragment read as XML, or null when it is not well-formed or its root would be read otherwise.
XmlDoc read_xml(std::string_view html) {
  init_libxml2();
  // Wrapped in one element, as a document needs; no DTD can come in the middle of it, so no entity but
  // XML's five and character references is defined (nothing to expand), and nothing is fetched.
  std::string document;
  document.reserve(html.size() + 13);
  document.append("<div>").append(html).append("</div>");
  XmlDoc doc(xmlReadMemory(document.data(), static_cast<int>(document.size()), nullptr, nullptr,
                           XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NONET));
  const xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  if (root == nullptr || root->ns != nullptr || root->nsDef != nullptr || root->properties != nullptr) return nullptr;
  return doc;
}

}  // namespace

std::optional<std::vector<HtmlNode>> parse_xhtml_fragment(std::string_view html, int max_depth) {
  const XmlDoc doc = read_xml(html);
  if (!doc) return std::nullopt;
  std::vector<HtmlNode> out;
  if (!convert(xmlDocGetRootElement(doc.get())->children, out, 0, max_depth, true)) return std::nullopt;
  return out;
}

std::optional<XhtmlFragment> read_xhtml_fragment(std::string_view html, const KeptWhole& kept, int max_depth) {
  const XmlDoc doc = read_xml(html);
  if (!doc) return std::nullopt;
  xmlNode* children = xmlDocGetRootElement(doc.get())->children;
  XhtmlFragment out;
  KeptMemo memo;
  switch (kept_whole(children, kept, 0, max_depth, memo)) {
    case Kept::whole:
      out.form = XhtmlFragment::Form::whole;
      break;
    case Kept::but_attributes:
      drop_attributes(children, kept);
      out.form = XhtmlFragment::Form::xml;
      out.xml = serialize_xml(children);
      break;
    case Kept::not_whole:
      if (!convert(children, out.nodes, 0, max_depth, true)) return std::nullopt;
      break;
  }
  return out;
}

namespace {

bool is_void(std::string_view name) {
  for (const std::string_view v :
       {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}) {
    if (v == name) return true;
  }
  return false;
}

void serialize(const HtmlNode& node, std::string& out) {
  if (node.kind == HtmlNode::Kind::text) {
    append_escaped_html(out, node.text);
    return;
  }
  out += "<" + node.name;
  for (const auto& [key, value] : node.attributes) out += " " + key + "=\"" + escape_html(value) + "\"";
  out += ">";
  if (is_void(node.name)) return;
  for (const HtmlNode& child : node.children) serialize(child, out);
  out += "</" + node.name + ">";
}

void append_text(const std::vector<HtmlNode>& nodes, std::string& out) {
  for (const HtmlNode& n : nodes) {
    if (n.kind == HtmlNode::Kind::text) {
      out += n.text;
    } else {
      out += ' ';
      append_text(n.children, out);
    }
  }
}

}  // namespace

std::string serialize_html(const std::vector<HtmlNode>& nodes) {
  std::string out;
  for (const HtmlNode& n : nodes) serialize(n, out);
  return out;
}

std::string html_text(std::string_view html) {
  std::string raw;
  append_text(parse_html_fragment(html), raw);
  std::string out;
  bool space = false;
  for (const char c : raw) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

}  // namespace prepdeck::util
