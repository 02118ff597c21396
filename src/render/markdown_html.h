// Markdown to HTML with md4c-html: the only file that talks to md4c-html.
// Guides are trusted author content, so raw HTML in them is kept, as MkDocs
// keeps it. Links to .md pages are rewritten to the built .html pages.
#pragma once

#include <string>
#include <string_view>

namespace prepdeck::render {

// Block Markdown (paragraphs, lists, code, tables) to HTML.
std::string markdown_to_html(std::string_view markdown);

// Inline Markdown (a title, a quiz option) to HTML without the enclosing <p>.
std::string inline_markdown_to_html(std::string_view markdown);

}  // namespace prepdeck::render
