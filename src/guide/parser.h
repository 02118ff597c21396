// The dialect parser: one SourceDocument in, one Guide out. Never throws; every
// problem becomes a Diagnostic and everything readable is kept.
//
// The scanner walks lines and recognises the dialect's blocks — front matter,
// headings, `??? question` / `???+ question` and other admonitions (`!!!`,
// `???`, nested by 4-space indentation), content tabs (`=== "Tab"`),
// `<details><summary>` questions, `<quiz>` blocks and the mkdocs-quiz intro/results
// markers — while code fences, indented code and HTML comments hide everything
// inside them. The Markdown between and inside these blocks is kept as written;
// md4c reads it where its inline structure matters (guide/markdown.h).
#pragma once

#include <string_view>

#include "guide/model.h"
#include "source/site_loader.h"
#include "util/toc_slug.h"

namespace prepdeck::guide {

struct ParseOptions {
  int max_nesting = 24;          // admonitions/tabs/details deeper than this are kept as text and reported
  bool shuffle_answers = false;  // the site's default (mkdocs.yml mkdocs_quiz: shuffle_answers)
  util::SlugRule slug;           // how heading ids are made (mkdocs.yml toc: slugify, separator)
  // Footnotes, abbreviations, definition lists, math blocks and md_in_html
  // containers are read only where the site enables them.
  source::MarkdownExtensions extensions;
};

// `nav_title` is the page's title in mkdocs.yml nav, used when the page has none.
Guide parse_guide(const source::SourceDocument& document, std::string_view nav_title = {},
                  const ParseOptions& options = {});

}  // namespace prepdeck::guide
