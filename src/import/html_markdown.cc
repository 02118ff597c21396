#include "import/html_markdown.h"

#include <algorithm>
#include <array>
#include <span>
#include <vector>

#include "util/html_entities.h"
#include "util/html_tree.h"
#include "util/text.h"

namespace prepdeck::importer {

namespace {

using util::HtmlNode;

// A field's HTML nested deeper than this is read as text: each level of a list
// or a block re-indents what it holds, so depth multiplies the work (a 4 KB
// field of nested lists, 128 levels deep, took 1.3 ms). Cards are flat; real
// decks nest a few levels at most.
constexpr int k_max_nesting = 32;

bool is_block(std::string_view name) {
  static constexpr std::array<std::string_view, 26> k_blocks = {
      "p",      "div",    "section", "article", "ul", "ol",     "li",      "pre",    "blockquote",
      "h1",     "h2",     "h3",      "h4",      "h5", "h6",     "table",   "hr",     "center",
      "header", "footer", "dl",      "dt",      "dd", "figure", "details", "summary"};
  return std::find(k_blocks.begin(), k_blocks.end(), name) != k_blocks.end();
}

bool dropped(std::string_view name) {
  static constexpr std::array<std::string_view, 14> k_dropped = {"script", "style", "iframe", "object",  "embed",
                                                                 "form",   "input", "button", "select",  "textarea",
                                                                 "svg",    "math",  "head",   "template"};
  return std::find(k_dropped.begin(), k_dropped.end(), name) != k_dropped.end();
}

bool safe_url(std::string_view url) {
  const std::string lower = util::to_lower_ascii(util::trim(url));
  const std::size_t colon = lower.find(':');
  const std::size_t slash = lower.find_first_of("/?#");
  if (colon == std::string::npos || (slash != std::string::npos && slash < colon)) return true;  // relative
  return lower.rfind("http:", 0) == 0 || lower.rfind("https:", 0) == 0 || lower.rfind("mailto:", 0) == 0;
}

// Markdown's punctuation backslash-escaped; & as &amp; so no entity is read.
std::string escape_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '<':
      case '>':
        out += '\\';
        out += c;
        break;
      case '&':
        out += "&amp;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// What the dialect reads at the start of a line, written so it is only text.
std::string guard_line(std::string_view line) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 11> k_marks = {{
      {"\xF0\x9F\xA7\xA0", "&#x1F9E0;"},  // 🧠
      {"\xF0\x9F\x9F\xA2", "&#x1F7E2;"},  // 🟢
      {"\xF0\x9F\x9F\xA1", "&#x1F7E1;"},  // 🟡
      {"\xF0\x9F\x94\xB4", "&#x1F534;"},  // 🔴
      {"\xE2\x9C\x85", "&#x2705;"},       // ✅
      {"\xE2\x96\xAB", "&#x25AB;"},       // ▫
      {"\xE2\x9D\x8C", "&#x274C;"},       // ❌
      {"\xE2\x9C\x94", "&#x2714;"},       // ✔
      {"\xF0\x9F\x92\xA1", "&#x1F4A1;"},  // 💡
      {"\xE2\x9A\xA0", "&#x26A0;"},       // ⚠
      {"\xF0\x9F\x93\x8C", "&#x1F4CC;"},  // 📌
  }};
  const std::size_t indent = line.find_first_not_of(' ');
  if (indent == std::string_view::npos) return std::string(line);
  const std::string_view rest = line.substr(indent);
  for (const auto& [mark, reference] : k_marks) {
    if (rest.substr(0, mark.size()) == mark) {
      return std::string(line.substr(0, indent)) + std::string(reference) + std::string(rest.substr(mark.size()));
    }
  }
  const char c = rest.front();
  const bool numbered = c >= '0' && c <= '9' && [&] {
    const std::size_t end = rest.find_first_not_of("0123456789");
    return end != std::string_view::npos && (rest[end] == '.' || rest[end] == ')');
  }();
  // "![" starts an image this converter wrote: text's own brackets are escaped.
  const bool image = rest.substr(0, 2) == "![";
  if (!image && std::string_view("#-+=|!?{%:~").find(c) != std::string_view::npos) {
    return std::string(line.substr(0, indent)) + "\\" + std::string(rest);
  }
  if (numbered) {
    const std::size_t end = rest.find_first_not_of("0123456789");
    return std::string(line.substr(0, indent)) + std::string(rest.substr(0, end)) + "\\" +
           std::string(rest.substr(end));
  }
  return std::string(line);
}

std::string text_content(const std::vector<HtmlNode>& nodes) {
  std::string out;
  for (const HtmlNode& n : nodes) {
    if (n.kind == HtmlNode::Kind::text) {
      out += n.text;
    } else if (n.name == "br") {
      out += '\n';
    } else if (!dropped(n.name)) {
      out += text_content(n.children);
    }
  }
  return out;
}

// Runs of white space made one space, as HTML shows text.
std::string collapse_space(std::string_view text) {
  std::string out;
  bool space = false;
  for (const char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    if (space && out.empty()) out += ' ';
    space = false;
    out += c;
  }
  if (space) out += ' ';
  return out;
}

// An allowlisted element rebuilt as HTML (tables, sub, sup, kbd): nothing else survives.
void inert_html(const HtmlNode& node, std::string& out) {
  static constexpr std::array<std::string_view, 14> k_elements = {
      "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "sub", "sup", "kbd", "br", "code", "b"};
  if (node.kind == HtmlNode::Kind::text) {
    util::append_escaped_html(out, node.text);
    return;
  }
  if (dropped(node.name)) return;
  const bool kept = std::find(k_elements.begin(), k_elements.end(), node.name) != k_elements.end();
  if (kept) {
    out += "<" + node.name;
    for (const auto& [key, value] : node.attributes) {
      if (key == "colspan" || key == "rowspan" || key == "align") {
        out += " " + key + "=\"" + util::escape_html(value) + "\"";
      }
    }
    out += ">";
    if (node.name == "br") return;
  }
  for (const HtmlNode& child : node.children) inert_html(child, out);
  if (kept) out += "</" + node.name + ">";
}

class Converter {
 public:
  explicit Converter(const MarkdownOptions& options) : m_options(options) {}

  // The blocks of `nodes`, but `skip` (a label the caller wrote already). Nodes are read where they
  // are, never copied: a copy at each level of nesting cost time by depth times size.
  std::vector<std::string> blocks(std::span<const HtmlNode> nodes, const HtmlNode* skip = nullptr) {
    std::vector<std::string> out;
    std::string paragraph;
    const auto flush = [&] {
      std::string text(util::trim(paragraph));
      paragraph.clear();
      if (text.empty()) return;
      std::string guarded;
      for (std::string_view line : util::split_lines(text)) {
        if (!guarded.empty()) guarded += '\n';
        guarded += guard_line(util::trim_left(line));
      }
      out.push_back(std::move(guarded));
    };
    for (const HtmlNode& n : nodes) {
      if (&n == skip) continue;
      if (n.kind == HtmlNode::Kind::text || !is_block(n.name)) {
        paragraph += inline_of(n);
        continue;
      }
      flush();
      block(n, out);
    }
    flush();
    return out;
  }

  std::string inline_of(const HtmlNode& n) {
    if (n.kind == HtmlNode::Kind::text) return escape_text(collapse_space(n.text));
    if (dropped(n.name)) return {};
    const auto inner = [&] {
      std::string s;
      for (const HtmlNode& c : n.children) s += inline_of(c);
      return s;
    };
    const auto wrapped = [&](std::string_view mark) {
      const std::string s = inner();
      const std::string_view t = util::trim(s);
      if (t.empty()) return s;
      // The marks hug the text; the spaces around it stay outside.
      const std::size_t lead = s.find_first_not_of(' ');
      const std::size_t trail = s.size() - s.find_last_not_of(' ') - 1;
      return std::string(lead, ' ') + std::string(mark) + std::string(t) + std::string(mark) + std::string(trail, ' ');
    };
    if (n.name == "br") return "  \n";
    if (n.name == "strong" || n.name == "b") return wrapped("**");
    if (n.name == "em" || n.name == "i") return wrapped("*");
    if (n.name == "code" || n.name == "tt") {
      const std::string code = collapse_space(text_content(n.children));
      std::string fence = "`";
      while (code.find(fence) != std::string::npos) fence += '`';
      const bool pad = !code.empty() && (code.front() == '`' || code.back() == '`');
      return fence + (pad ? " " : "") + code + (pad ? " " : "") + fence;
    }
    if (n.name == "a") {
      const std::string* href = n.attribute("href");
      const std::string text = inner();
      if (href == nullptr || !safe_url(*href) || util::trim(text).empty()) return text;
      return "[" + text + "](<" + escape_url(*href) + ">)";
    }
    if (n.name == "img") {
      const std::string* src = n.attribute("src");
      if (src == nullptr || !safe_url(*src)) return {};
      const std::string* alt = n.attribute("alt");
      const std::string target = m_options.image ? m_options.image(*src) : *src;
      return "![" + escape_text(alt != nullptr ? collapse_space(*alt) : std::string()) + "](<" + escape_url(target) +
             ">)";
    }
    if (n.name == "sub" || n.name == "sup" || n.name == "kbd") {
      std::string html;
      inert_html(n, html);
      return html;
    }
    if (is_block(n.name)) return " " + inner() + " ";  // a block inside inline content
    return inner();
  }

 private:
  static std::string escape_url(std::string_view url) {
    std::string out;
    for (const char c : url) {
      if (c == '<' || c == '>' || c == '\n' || c == '\r') continue;
      out += c == ' ' ? std::string("%20") : std::string(1, c);
    }
    return out;
  }

  // prepdeck's own markup (an exported deck's fields) goes back to the dialect that made it.
  bool prepdeck_block(const HtmlNode& n, std::vector<std::string>& out) {
    const std::string* cls = n.attribute("class");
    if (cls == nullptr) return false;
    const auto child_with_class = [&n](std::string_view wanted) -> const HtmlNode* {
      for (const HtmlNode& c : n.children) {
        const std::string* k = c.attribute("class");
        if (c.kind == HtmlNode::Kind::element && k != nullptr && *k == wanted) return &c;
      }
      return nullptr;
    };
    if (n.name == "div" && cls->rfind("callout callout-", 0) == 0) {
      const HtmlNode* label = child_with_class("callout-label");
      if (label == nullptr) return false;
      static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> k_icons = {
          {{"check", "\xE2\x9C\x94"},
           {"tip", "\xF0\x9F\x92\xA1"},
           {"warning", "\xE2\x9A\xA0\xEF\xB8\x8F"},
           {"pin", "\xF0\x9F\x93\x8C"}}};
      std::string_view icon = "\xE2\x9C\x94";
      for (const auto& [kind, mark] : k_icons) {
        if (*cls == "callout callout-" + std::string(kind)) icon = mark;
      }
      std::string text;
      for (const HtmlNode& c : label->children) {
        if (c.kind == HtmlNode::Kind::element && c.name == "span") continue;  // the icon
        text += inline_of(c);
      }
      std::string block = std::string(icon) + " **" + std::string(util::trim(text)) + ":**";
      const std::string body = join(blocks(n.children, label));
      if (!body.empty()) block += "\n" + body;
      out.push_back(std::move(block));
      return true;
    }
    if ((n.name == "div" || n.name == "details") && cls->rfind("admonition", 0) == 0) {
      std::string type = cls->size() > 11 ? cls->substr(11) : std::string("note");
      if (type.find_first_not_of("abcdefghijklmnopqrstuvwxyz-") != std::string::npos || type.empty()) type = "note";
      const HtmlNode* title = n.name == "details" ? nullptr : child_with_class("admonition-title");
      if (n.name == "details") {
        for (const HtmlNode& c : n.children) {
          if (c.kind == HtmlNode::Kind::element && c.name == "summary") title = &c;
        }
      }
      std::string title_text;
      if (title != nullptr) {
        for (const HtmlNode& c : title->children) title_text += inline_of(c);
      }
      const std::string marker = n.name == "details" ? (n.attribute("open") != nullptr ? "???+" : "???") : "!!!";
      std::string block = marker + " " + type;
      const std::string t(util::trim(title_text));
      if (!t.empty()) block += " \"" + util::replace_all(t, "\"", "'") + "\"";
      block += "\n";
      const std::string body = join(blocks(n.children, title));
      for (const std::string_view line : util::split_lines(body)) {
        block += line.empty() ? std::string("\n") : "    " + std::string(line) + "\n";
      }
      while (!block.empty() && block.back() == '\n') block.pop_back();
      out.push_back(std::move(block));
      return true;
    }
    if (n.name == "div" && *cls == "tabbed-set") {
      std::string block;
      for (const HtmlNode& section : n.children) {
        if (section.kind != HtmlNode::Kind::element) continue;
        const HtmlNode* label = nullptr;
        for (const HtmlNode& c : section.children) {
          const std::string* k = c.attribute("class");
          if (label == nullptr && k != nullptr && *k == "tabbed-label") label = &c;
        }
        std::string name;
        if (label != nullptr) {
          for (const HtmlNode& c : label->children) name += inline_of(c);
        }
        if (!block.empty()) block += "\n\n";
        block += "=== \"" + util::replace_all(std::string(util::trim(name)), "\"", "'") + "\"\n";
        const std::string body = join(blocks(section.children, label));
        for (const std::string_view line : util::split_lines(body)) {
          block += line.empty() ? std::string("\n") : "    " + std::string(line) + "\n";
        }
        while (!block.empty() && block.back() == '\n') block.pop_back();
      }
      if (!block.empty()) out.push_back(std::move(block));
      return true;
    }
    return false;
  }

  void block(const HtmlNode& n, std::vector<std::string>& out) {
    if (dropped(n.name)) return;
    if (prepdeck_block(n, out)) return;
    if (n.name == "pre") {
      std::string code = text_content(n.children);
      while (!code.empty() && code.back() == '\n') code.pop_back();
      std::string language;
      for (const HtmlNode* node : {&n, n.children.empty() ? nullptr : &n.children.front()}) {
        if (node == nullptr || node->kind != HtmlNode::Kind::element) continue;
        if (const std::string* cls = node->attribute("class")) {
          for (const std::string_view prefix : {"language-", "lang-"}) {
            const std::size_t at = cls->find(prefix);
            if (at == std::string::npos) continue;
            const std::size_t end = cls->find(' ', at);
            language = cls->substr(at + prefix.size(),
                                   end == std::string::npos ? std::string::npos : end - at - prefix.size());
          }
        }
      }
      std::string fence = "```";
      while (code.find(fence) != std::string::npos) fence += '`';
      std::string_view lang = language;
      if (lang.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+#-_.") !=
          std::string_view::npos) {
        lang = {};
      }
      out.push_back(fence + std::string(lang) + "\n" + code + "\n" + fence);
      return;
    }
    if (n.name.size() == 2 && n.name[0] == 'h' && n.name[1] >= '1' && n.name[1] <= '6') {
      std::string text;
      for (const HtmlNode& c : n.children) text += inline_of(c);
      const std::string_view t = util::trim(text);
      if (!t.empty()) out.push_back(guard_line("**" + std::string(t) + "**"));
      return;
    }
    if (n.name == "ul" || n.name == "ol") {
      out.push_back(list(n));
      return;
    }
    if (n.name == "blockquote") {
      std::string quoted;
      const std::string inner = join(blocks(n.children));
      for (const std::string_view line : util::split_lines(inner)) {
        if (!quoted.empty()) quoted += '\n';
        quoted += line.empty() ? std::string(">") : "> " + std::string(line);
      }
      if (!quoted.empty()) out.push_back(std::move(quoted));
      return;
    }
    if (n.name == "table") {
      std::string html;
      inert_html(n, html);
      out.push_back(std::move(html));
      return;
    }
    if (n.name == "hr") {
      out.emplace_back("***");
      return;
    }
    for (std::string& b : blocks(n.children)) out.push_back(std::move(b));
  }

  std::string list(const HtmlNode& n) {
    std::string out;
    int number = 1;
    for (const HtmlNode& item : n.children) {
      if (item.kind != HtmlNode::Kind::element) continue;
      std::string body = join(item.name == "li" ? blocks(item.children) : blocks(std::span(&item, 1)));
      if (body.empty()) body = " ";
      const std::string marker = n.name == "ol" ? std::to_string(number++) + ". " : "- ";
      if (!out.empty()) out += '\n';
      bool first = true;
      for (const std::string_view line : util::split_lines(body)) {
        if (first) {
          out += marker + std::string(line);
          first = false;
        } else {
          out += "\n";
          if (!line.empty()) out += "    " + std::string(line);
        }
      }
    }
    return out;
  }

 public:
  static std::string join(const std::vector<std::string>& blocks) {
    std::string out;
    for (const std::string& b : blocks) {
      if (!out.empty()) out += "\n\n";
      out += b;
    }
    return out;
  }

 private:
  const MarkdownOptions& m_options;
};

}  // namespace

std::string html_to_markdown(std::string_view html, const MarkdownOptions& options) {
  Converter converter(options);
  return Converter::join(converter.blocks(util::parse_html_fragment(html, k_max_nesting)));
}

std::string html_to_inline_markdown(std::string_view html, const MarkdownOptions& options) {
  Converter converter(options);
  std::string out;
  for (const std::string& block : converter.blocks(util::parse_html_fragment(html, k_max_nesting))) {
    if (!out.empty()) out += ' ';
    out += block;
  }
  // One line: hard breaks and list lines become spaces.
  std::string line;
  bool space = false;
  for (const char c : out) {
    if (c == '\n' || c == ' ') {
      space = true;
      continue;
    }
    if (space && !line.empty()) line += ' ';
    space = false;
    line += c;
  }
  return line;
}

}  // namespace prepdeck::importer
