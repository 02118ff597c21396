// Markdown to HTML with md4c-html: the only file that talks to md4c-html.
// Raw HTML in guides is kept as MkDocs keeps it, but only what cannot run
// script (html_sanitizer.h). Links to .md pages are rewritten to the built
// .html pages.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "guide/markdown.h"
#include "source/mkdocs_config.h"

namespace prepdeck::render {

class InlineExtensions;

// Block Markdown (paragraphs, lists, code, tables) to HTML.
std::string markdown_to_html(std::string_view markdown);

// Inline Markdown (a title, a quiz option) to HTML without the enclosing <p>.
std::string inline_markdown_to_html(std::string_view markdown);

// Many fragments rendered with one md4c call, each as the functions above
// would render it alone (except that a link reference definition serves the
// whole batch, as it serves the whole page in MkDocs). md4c-html sets up its
// tables on every call, which costs more than rendering a short title, so a
// page renders all its pieces together. Fragments that would run into the next
// (an unclosed code fence, a raw <pre> or comment) are rendered by themselves.
class MarkdownBatch {
 public:
  // The text is copied. Returns the fragment's index into html().
  std::size_t add(std::string_view markdown);
  std::size_t add_inline(std::string_view markdown);
  // Rewrites the destinations of the Markdown links in every fragment added
  // after this call (render/site_links.h). `html_links`: whether links to .md
  // files in rendered HTML (raw HTML included) still become .html, as they
  // do by default; a site with directory URLs turns that off.
  enum class HtmlLinks : std::uint8_t { md_to_html, keep };
  void set_links(guide::LinkRewrite rewrite, HtmlLinks html_links);
  // The site's Markdown extensions: md4c's flags for them, and the pass that
  // reads their inline syntax (kept by pointer; may be null).
  void set_extensions(const source::MarkdownExtensions& extensions, InlineExtensions* inlines);
  // Whether code blocks get syntax spans (highlight_code_blocks' `colors`); on by default.
  void set_code_colors(bool colors) { m_code_colors = colors; }
  void render();
  const std::string& html(std::size_t index) const { return m_html[index]; }
  std::size_t size() const { return m_parts.size(); }

 private:
  struct Part {
    std::string text;
    bool is_inline = false;
    bool alone = false;  // may open a raw HTML block or leave a code fence open: rendered by itself
  };
  std::vector<Part> m_parts;
  std::vector<std::string> m_html;
  guide::LinkRewrite m_rewrite;
  HtmlLinks m_html_links = HtmlLinks::md_to_html;
  unsigned m_flags = guide::markdown_flags();
  InlineExtensions* m_inlines = nullptr;
  bool m_code_colors = true;
};

}  // namespace prepdeck::render
