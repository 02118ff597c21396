// HTML written by someone else (an Anki field) as Markdown in prepdeck's
// dialect: paragraphs, line breaks, bold, italics, code and code blocks (the
// language kept), links, images, lists (nested by four spaces, as
// Python-Markdown nests them), quotes and headings (as bold lines: a heading
// inside an answer would start a section). Tables, <sub>, <sup> and <kbd>
// stay HTML, rebuilt from an allowlist of elements and attributes, so what is
// written is inert whatever the field held; script, styles, forms and
// frames are dropped, and so are links that are not http(s), mailto or
// relative.
//
// Text is escaped so it stays text: Markdown's punctuation, and at the start
// of a line whatever prepdeck's dialect reads there (??? and !!! blocks,
// <quiz>, a 🧠 hint, a 🟢 level, ✅ choices, ✔ 💡 ⚠️ 📌 callouts: written as
// character references).
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace prepdeck::importer {

struct MarkdownOptions {
  // Where an image's src leads in the guide (the deck's media are copied
  // beside it); empty optional: as written.
  std::function<std::string(std::string_view src)> image;
};

// Block Markdown: paragraphs separated by blank lines, no trailing newline.
std::string html_to_markdown(std::string_view html, const MarkdownOptions& options = {});

// One line of inline Markdown (a question's title): blocks joined by spaces.
std::string html_to_inline_markdown(std::string_view html, const MarkdownOptions& options = {});

}  // namespace prepdeck::importer
