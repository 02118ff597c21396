// Python-Markdown's attr_list on what md4c leaves as text: "{: ...}" or
// "{...}" right after an image or a link sets that element's attributes
// (`![Logo](logo.png){ width="120" loading=lazy }`,
// `[Docs](https://x){target=_blank}`), and one alone on a paragraph's last
// line sets the paragraph's. Runs on sanitized HTML and adds only attributes
// that cannot run or load anything: id, class, title, alt, width, height,
// loading, target, rel, and from a `style` only its width and height in
// pixels (the page's policy ignores style attributes), never an on* handler.
// A brace group that sets nothing is left as text.
#pragma once

#include <string>

namespace prepdeck::render {

void apply_attribute_lists(std::string& html);

}  // namespace prepdeck::render
