#include "render/markdown_html.h"

#include <md4c-html.h>

#include "guide/markdown.h"
#include "render/html.h"

namespace prepdeck::render {

namespace {

void append_output(const MD_CHAR* text, MD_SIZE size, void* userdata) {
  static_cast<std::string*>(userdata)->append(text, size);
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
  return rewrite_page_links(html);
}

std::string inline_markdown_to_html(std::string_view markdown) {
  std::string html = markdown_to_html(markdown);
  while (!html.empty() && html.back() == '\n') html.pop_back();
  // A single paragraph: drop its <p> wrapper. Anything else (a heading-like or
  // list-like title) stays as md4c rendered it.
  if (html.size() >= 7 && html.compare(0, 3, "<p>") == 0 && html.compare(html.size() - 4, 4, "</p>") == 0 &&
      html.find("<p>", 3) == std::string::npos) {
    html = html.substr(3, html.size() - 7);
  }
  return html;
}

}  // namespace prepdeck::render
