#include "render/markdown_html.h"

#include <md4c-html.h>

#include "guide/markdown.h"
#include "guide/markdown_bounds.h"
#include "guide/source_lines.h"
#include "render/attr_list.h"
#include "render/highlight.h"
#include "render/html.h"
#include "render/html_sanitizer.h"
#include "render/inline_extensions.h"
#include "util/text.h"

namespace prepdeck::render {

namespace {

void append_output(const MD_CHAR* text, MD_SIZE size, void* userdata) {
  static_cast<std::string*>(userdata)->append(text, size);
}

// Between the fragments of a batch: an HTML block md4c copies through as is.
constexpr std::string_view k_split = "<!--prepdeck:split-->";

std::string strip_paragraph(std::string html) {
  while (!html.empty() && html.back() == '\n') html.pop_back();
  // A single paragraph: drop its <p> wrapper. Anything else (a heading-like or
  // list-like title) stays as md4c rendered it.
  if (html.size() >= 7 && html.compare(0, 3, "<p>") == 0 && html.compare(html.size() - 4, 4, "</p>") == 0 &&
      html.find("<p>", 3) == std::string::npos) {
    html = html.substr(3, html.size() - 7);
  }
  return html;
}

// Without the white-space-only lines at the end, which mean nothing in Markdown
// but would end a raw HTML block in a batch and not alone (found by fuzzing).
// Lines end at \n, \r or \r\n, as md4c reads them.
std::string_view trim_trailing_blank_lines(std::string_view text) {
  std::size_t blank = text.size();  // text[blank, size) is the white space at the end
  while (blank > 0 &&
         (text[blank - 1] == ' ' || text[blank - 1] == '\t' || text[blank - 1] == '\n' || text[blank - 1] == '\r')) {
    --blank;
  }
  if (blank == 0) return {};
  // The line holding the last text ends at the first line break of that white space.
  const std::size_t line_end = text.find_first_of("\r\n", blank);
  return line_end == std::string_view::npos ? text : text.substr(0, line_end);
}

}  // namespace

namespace {

// pymdownx.highlight's fence options (```python title="a.py" linenums="1"
// hl_lines="2 3"): md4c-html keeps only a fence's first word, so the rest is
// carried in it, hex-encoded ("python.pdopts.7469746c65..."), for
// highlight_code_blocks() to read. Fences are followed past container markers.
std::string encode_fence_options(std::string_view markdown) {
  if (markdown.find("title=") == std::string_view::npos && markdown.find("linenums=") == std::string_view::npos &&
      markdown.find("hl_lines=") == std::string_view::npos)
    return {};
  std::string out;
  out.reserve(markdown.size() + 64);
  std::optional<guide::Fence> open;
  bool changed = false;
  util::for_each_line(markdown, [&](std::string_view line) {
    const std::string_view content = guide::past_container_markers(line);
    if (open) {
      if (guide::fence_closes(content, *open)) open.reset();
    } else if ((open = guide::fence_open(content))) {
      std::size_t info = open->length;
      while (info < content.size() && (content[info] == ' ' || content[info] == '\t')) ++info;
      std::string_view rest = content.substr(info);
      const std::size_t word_end = std::min(rest.find_first_of(" \t"), rest.size());
      std::string_view language = rest.substr(0, word_end);
      std::string_view options = util::trim(rest.substr(word_end));
      if (language.find('=') != std::string_view::npos) {  // ``` title="x" with no language
        options = util::trim(rest);
        language = {};
      }
      if (options.find("title=") != std::string_view::npos || options.find("linenums=") != std::string_view::npos ||
          options.find("hl_lines=") != std::string_view::npos) {
        out.append(line.data(), static_cast<std::size_t>(content.data() - line.data()) + info);
        out += language.empty() ? std::string_view("text") : language;
        out += ".pdopts.";
        static constexpr char k_hex[] = "0123456789abcdef";
        for (unsigned char c : options) {
          out += k_hex[c >> 4];
          out += k_hex[c & 15];
        }
        out += '\n';
        changed = true;
        return;
      }
    }
    out.append(line);
    out += '\n';
  });
  if (!changed) return {};
  return out;
}

// md4c-html's rendering of `markdown`, before the steps of finish().
std::string md4c_html(std::string_view markdown, unsigned flags = guide::markdown_flags()) {
  markdown = trim_trailing_blank_lines(markdown);
  // Text ends with a line break, as in a file: md4c reads a last line that
  // stops short of one differently in a few corners (an unfinished tag).
  std::string terminated;
  if (!markdown.empty() && markdown.back() != '\n' && markdown.back() != '\r') {
    terminated.reserve(markdown.size() + 1);
    terminated.assign(markdown);
    terminated += '\n';
    markdown = terminated;
  }
  const std::string with_options = encode_fence_options(markdown);
  if (!with_options.empty()) markdown = with_options;
  std::string bounded;
  markdown = guide::bound_markdown(markdown, bounded).text;
  std::string html;
  html.reserve(markdown.size() + markdown.size() / 2);
  if (md_html(markdown.data(), static_cast<MD_SIZE>(markdown.size()), append_output, &html, flags, 0) != 0) {
    // md4c fails only when out of memory; show the text rather than nothing.
    return "<pre>" + escape(markdown) + "</pre>\n";
  }
  return html;
}

// Raw HTML made inert, code highlighted, links to pages rewritten. Markdown
// without a '<' holds no raw HTML, only md4c's tags, which are checked faster.
// ```mermaid fences become what mermaid.js (and MkDocs Material) read: the
// diagram's source, escaped, in <pre class="mermaid">. Without the script the
// source shows as a code block.
void mark_diagrams(std::string& html) {
  static constexpr std::string_view k_open = "<pre><code class=\"language-mermaid\">";
  static constexpr std::string_view k_close = "</code></pre>";
  std::size_t at = html.find(k_open);
  if (at == std::string::npos) return;
  std::string out;
  out.reserve(html.size());
  std::size_t copied = 0;
  for (; at != std::string::npos; at = html.find(k_open, at)) {
    const std::size_t close = html.find(k_close, at + k_open.size());
    if (close == std::string::npos) break;
    out.append(html, copied, at - copied);
    out += "<pre class=\"mermaid\">";
    out.append(html, at + k_open.size(), close - at - k_open.size());
    out += "</pre>";
    copied = close + k_close.size();
    at = copied;
  }
  out.append(html, copied);
  html.swap(out);
}

// md4c's math spans (MD_FLAG_LATEXMATHSPANS) as pymdownx.arithmatex writes
// them in its generic mode, which KaTeX's and MathJax's page scripts read:
// <span class="arithmatex">\(x\)</span>, and \[x\] for display math, a
// paragraph of which alone becomes <div class="arithmatex">.
void mark_math(std::string& html) {
  static constexpr std::string_view k_inline = "<x-equation>";
  static constexpr std::string_view k_display = "<x-equation type=\"display\">";
  static constexpr std::string_view k_close = "</x-equation>";
  std::size_t at = html.find("<x-equation");
  if (at == std::string::npos) return;
  std::string out;
  out.reserve(html.size() + html.size() / 8);
  std::size_t copied = 0;
  for (; at != std::string::npos; at = html.find("<x-equation", at)) {
    const bool display = html.compare(at, k_display.size(), k_display) == 0;
    const std::size_t open_size = display ? k_display.size() : k_inline.size();
    const std::size_t close = html.find(k_close, at);
    if ((!display && html.compare(at, k_inline.size(), k_inline) != 0) || close == std::string::npos) {
      ++at;
      continue;
    }
    // arithmatex's rule for $...$: no white space just inside the dollars
    // ("costs $5 and $6" is money); md4c allows it.
    const std::string_view tex = std::string_view(html).substr(at + open_size, close - at - open_size);
    if (!display && (tex.empty() || util::is_space(tex.front()) || util::is_space(tex.back()))) {
      out.append(html, copied, at - copied);
      out += '$';
      out += tex;
      out += '$';
      copied = close + k_close.size();
      at = copied;
      continue;
    }
    // <p><x-equation type="display">...</x-equation></p>: a block of its own.
    const bool alone = display && at >= copied + 3 && html.compare(at - 3, 3, "<p>") == 0 &&
                       html.compare(close + k_close.size(), 4, "</p>") == 0;
    out.append(html, copied, at - copied - (alone ? 3 : 0));
    out += alone ? "<div class=\"arithmatex\">" : "<span class=\"arithmatex\">";
    out += display ? "\\[" : "\\(";
    out.append(html, at + open_size, close - at - open_size);
    out += display ? "\\]" : "\\)";
    out += alone ? "</div>" : "</span>";
    copied = close + k_close.size() + (alone ? 4 : 0);
    at = copied;
  }
  out.append(html, copied);
  html.swap(out);
}

// A block of math scrolls sideways when wider than the page, so the keyboard
// must reach it (the sanitizer lets no tabindex through; this is after it).
void focusable_math(std::string& html) {
  static constexpr std::string_view k_block = "<div class=\"arithmatex\">";
  std::size_t at = html.find(k_block);
  if (at == std::string::npos) return;
  std::string out;
  out.reserve(html.size() + 64);
  std::size_t copied = 0;
  for (; at != std::string::npos; at = html.find(k_block, at + k_block.size())) {
    out.append(html, copied, at - copied);
    out += "<div class=\"arithmatex\" tabindex=\"0\">";
    copied = at + k_block.size();
  }
  out.append(html, copied);
  html.swap(out);
}

std::string finish(std::string html, bool raw_html, bool md_links_to_html = true, InlineExtensions* inlines = nullptr,
                   bool code_colors = true) {
  mark_math(html);
  html = raw_html ? sanitize_html(html) : sanitize_generated_html(std::move(html));
  mark_diagrams(html);
  focusable_math(html);
  if (inlines != nullptr) inlines->apply(html);
  apply_attribute_lists(html);
  if (html.find("<pre><code class=\"language-") != std::string::npos) highlight_code_blocks(html, code_colors);
  if (html.find("<code>#!") != std::string::npos) highlight_inline_code(html);
  return md_links_to_html ? rewrite_page_links(html) : html;
}

bool may_hold_raw_html(std::string_view markdown) { return markdown.find('<') != std::string_view::npos; }

}  // namespace

std::string markdown_to_html(std::string_view markdown) {
  return finish(md4c_html(markdown), may_hold_raw_html(markdown));
}

std::string inline_markdown_to_html(std::string_view markdown) {
  return strip_paragraph(markdown_to_html(guide::inline_source(markdown)));
}

namespace {

// CommonMark HTML blocks of kinds 1 to 5 (<pre>, <script>, <style>,
// <textarea>, comments, <?...?>, <!...>, CDATA) end only at their closing
// text, not at a blank line, so such a fragment could run into the next one.
bool may_open_raw_html_block(std::string_view text) {
  for (std::size_t at = text.find('<'); at != std::string_view::npos; at = text.find('<', at + 1)) {
    const std::string_view rest = text.substr(at + 1);
    if (!rest.empty() && (rest[0] == '!' || rest[0] == '?')) return true;
    for (std::string_view tag : {"pre", "script", "style", "textarea"}) {
      if (rest.size() >= tag.size() && util::to_lower_ascii(rest.substr(0, tag.size())) == tag) return true;
    }
  }
  return false;
}

// A fenced code block still open at the end of a fragment runs to the end of
// its container, and in a batch the blank line before the next marker becomes
// part of its code (render_fuzzer found it in a list item). Fences are
// followed line by line, past indentation and quote and list markers; where
// one is left open, the fragment is rendered alone.
bool may_leave_fence_open(std::string_view text) {
  if (text.find("``") == std::string_view::npos && text.find("~~") == std::string_view::npos) return false;
  std::optional<guide::Fence> open;
  util::for_each_line(text, [&open](std::string_view line) {
    const std::string_view content = guide::past_container_markers(line);
    if (open) {
      if (guide::fence_closes(content, *open)) open.reset();
    } else {
      open = guide::fence_open(content);
    }
  });
  return open.has_value();
}

}  // namespace

void MarkdownBatch::set_extensions(const source::MarkdownExtensions& extensions, InlineExtensions* inlines) {
  m_flags = guide::markdown_flags(extensions);
  m_inlines = inlines != nullptr && inlines->active() ? inlines : nullptr;
}

void MarkdownBatch::set_links(guide::LinkRewrite rewrite, HtmlLinks html_links) {
  m_rewrite = std::move(rewrite);
  m_html_links = html_links;
}

std::size_t MarkdownBatch::add(std::string_view markdown) {
  markdown = trim_trailing_blank_lines(markdown);
  std::string rewritten;
  if (m_rewrite) {
    rewritten = guide::rewrite_link_destinations(markdown, m_rewrite);
    markdown = rewritten;
  }
  m_parts.push_back(
      Part{std::string(markdown), false, may_open_raw_html_block(markdown) || may_leave_fence_open(markdown)});
  if (!m_parts.back().text.empty()) m_parts.back().text += '\n';  // as markdown_to_html() ends it
  return m_parts.size() - 1;
}

std::size_t MarkdownBatch::add_inline(std::string_view markdown) {
  const std::size_t index = add(guide::inline_source(markdown));
  m_parts[index].is_inline = true;
  return index;
}

void MarkdownBatch::render() {
  // md4c's HTML of every fragment, then each finished in page order (the
  // inline pass numbers footnote references as they come).
  std::vector<std::string> raw(m_parts.size());
  // The fragments that can share one md4c call, joined by a marker each.
  std::vector<std::size_t> joined_parts;
  std::string joined;
  for (std::size_t i = 0; i < m_parts.size(); ++i) {
    if (m_parts[i].alone) {
      raw[i] = md4c_html(m_parts[i].text, m_flags);
      continue;
    }
    if (!joined_parts.empty()) {
      joined += "\n";  // each non-empty part already ends with a line break
      joined += k_split;
      joined += "\n\n";
    }
    joined += m_parts[i].text;
    joined_parts.push_back(i);
  }
  if (!joined_parts.empty()) {
    const std::string html = md4c_html(joined, m_flags);
    // Split the output; any doubt (a fragment swallowed a marker, as an
    // unclosed code fence does, or holds one) and each is rendered alone.
    std::vector<std::string> pieces;
    pieces.reserve(joined_parts.size());
    std::size_t start = 0;
    for (std::size_t at = html.find(k_split); at != std::string::npos; at = html.find(k_split, start)) {
      pieces.push_back(html.substr(start, at - start));
      start = at + k_split.size();
      if (start < html.size() && html[start] == '\n') ++start;
    }
    pieces.push_back(html.substr(start));
    const bool split_cleanly = pieces.size() == joined_parts.size();
    for (std::size_t k = 0; k < joined_parts.size(); ++k) {
      const std::size_t i = joined_parts[k];
      raw[i] = split_cleanly ? std::move(pieces[k]) : md4c_html(m_parts[i].text, m_flags);
    }
  }
  const bool md_links_to_html = m_html_links == HtmlLinks::md_to_html;
  m_html.assign(m_parts.size(), std::string());
  for (std::size_t i = 0; i < m_parts.size(); ++i) {
    m_html[i] =
        finish(std::move(raw[i]), may_hold_raw_html(m_parts[i].text), md_links_to_html, m_inlines, m_code_colors);
    if (m_parts[i].is_inline) m_html[i] = strip_paragraph(std::move(m_html[i]));
  }
}

}  // namespace prepdeck::render
