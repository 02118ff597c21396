// Markdown to HTML with md4c-html: the only file that talks to md4c-html.
// Guides are trusted author content, so raw HTML in them is kept, as MkDocs
// keeps it. Links to .md pages are rewritten to the built .html pages.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace prepdeck::render {

// Block Markdown (paragraphs, lists, code, tables) to HTML.
std::string markdown_to_html(std::string_view markdown);

// Inline Markdown (a title, a quiz option) to HTML without the enclosing <p>.
std::string inline_markdown_to_html(std::string_view markdown);

// Many fragments rendered with one md4c call, each exactly as the functions
// above would render it alone. md4c-html sets up its tables on every call,
// which costs more than rendering a short title, so a page renders all its
// pieces together. Fragments that would run into one another (an unclosed code
// fence or <pre>) are rendered one by one instead.
class MarkdownBatch {
 public:
  // The text is copied. Returns the fragment's index into html().
  std::size_t add(std::string_view markdown);
  std::size_t add_inline(std::string_view markdown);
  void render();
  const std::string& html(std::size_t index) const { return m_html[index]; }
  std::size_t size() const { return m_starts.size(); }

 private:
  std::string m_joined;               // the fragments, with a marker between each two
  std::vector<std::size_t> m_starts;  // where each fragment starts in m_joined
  std::vector<bool> m_inline;
  std::vector<std::string> m_html;
};

}  // namespace prepdeck::render
