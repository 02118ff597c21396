#include "render/markdown_html.h"

#include <md4c-html.h>

#include "guide/markdown.h"
#include "render/highlight.h"
#include "render/html.h"

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

}  // namespace

std::string markdown_to_html(std::string_view markdown) {
  std::string html;
  html.reserve(markdown.size() + markdown.size() / 2);
  if (md_html(markdown.data(), static_cast<MD_SIZE>(markdown.size()), append_output, &html, guide::markdown_flags(),
              0) != 0) {
    // md4c fails only when out of memory; show the text rather than nothing.
    return "<pre>" + escape(markdown) + "</pre>\n";
  }
  if (html.find("<pre><code class=\"language-") != std::string::npos) highlight_code_blocks(html);
  return rewrite_page_links(html);
}

std::string inline_markdown_to_html(std::string_view markdown) { return strip_paragraph(markdown_to_html(markdown)); }

std::size_t MarkdownBatch::add(std::string_view markdown) {
  if (!m_starts.empty()) {
    m_joined += "\n\n";
    m_joined += k_split;
    m_joined += "\n\n";
  }
  m_starts.push_back(m_joined.size());
  m_joined += markdown;
  m_inline.push_back(false);
  return m_starts.size() - 1;
}

std::size_t MarkdownBatch::add_inline(std::string_view markdown) {
  const std::size_t index = add(markdown);
  m_inline[index] = true;
  return index;
}

void MarkdownBatch::render() {
  const std::size_t count = m_starts.size();
  m_html.clear();
  if (count == 0) return;
  const std::string html = markdown_to_html(m_joined);
  // Split the output; any doubt (a fragment swallowed a marker, or holds one) and
  // each fragment is rendered alone.
  m_html.reserve(count);
  std::size_t start = 0;
  for (std::size_t at = html.find(k_split); at != std::string::npos; at = html.find(k_split, start)) {
    m_html.push_back(html.substr(start, at - start));
    start = at + k_split.size();
    if (start < html.size() && html[start] == '\n') ++start;
  }
  m_html.push_back(html.substr(start));
  if (m_html.size() != count) {
    m_html.clear();
    for (std::size_t i = 0; i < count; ++i) {
      const std::size_t end = i + 1 < count ? m_starts[i + 1] - k_split.size() - 4 : m_joined.size();
      m_html.push_back(markdown_to_html(std::string_view(m_joined).substr(m_starts[i], end - m_starts[i])));
    }
  }
  for (std::size_t i = 0; i < count; ++i) {
    if (m_inline[i]) m_html[i] = strip_paragraph(std::move(m_html[i]));
  }
}

}  // namespace prepdeck::render
