// What the sanitizer (render/html_sanitizer.h) will take away from a page's
// raw HTML, told before it happens: `prepdeck check` and `build` report each
// tag shown as text and each attribute dropped as an `html-removed` warning
// at its line, so an author learns why an element looks different than on
// MkDocs instead of finding it out.
#pragma once

#include <vector>

#include "guide/model.h"
#include "util/diagnostic.h"

namespace prepdeck::render {

// The removals in the raw HTML of `g`'s Markdown (its page, answers and
// footnotes; never code), sorted. At most a few dozen are told per page.
std::vector<util::Diagnostic> raw_html_diagnostics(const guide::Guide& g);

}  // namespace prepdeck::render
