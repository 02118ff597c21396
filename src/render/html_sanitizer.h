// Raw HTML in guides, made inert: an allowlist of tags and attributes, the
// way a page shows text, links, images, tables and details. Anything else
// (script, style, iframe, object, svg, form controls, event handlers, style
// attributes, javascript: and other unsafe URLs) is shown as text or dropped,
// so a guide (or a pull request to one) cannot run script in a learner's
// browser, where the served app keeps their session.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace prepdeck::render {

// `html` as md4c-html renders Markdown (its own tags and the author's raw
// HTML). Allowed tags are rebuilt with their allowed attributes only (no
// event handlers, no style, no name: it could clobber the page's globals),
// each value decoded as a browser decodes it (util/html_entities.h), judged,
// and written again with only &amp; &lt; &gt; &quot; in it, so the browser
// reads exactly what was judged; other tags are escaped into visible text; comments are
// kept when nothing in them could end them early in a browser ("--!>",
// "<!-->", any '<' or '>'), else shown as text.
// Text between tags is copied as is.
std::string sanitize_html(std::string_view html);

// What sanitize_html takes away from raw HTML an author wrote: a tag shown
// as text, or an attribute dropped, at a byte offset into the input.
struct HtmlRemoval {
  std::size_t offset = 0;
  std::string message;
};
// sanitize_html, telling what it took away (the count kept small: at most
// `limit` removals are told).
std::string sanitize_html(std::string_view html, std::vector<HtmlRemoval>& removed, std::size_t limit = 64);

// The same result as sanitize_html for what md4c-html renders from Markdown
// that holds no '<' (so no raw HTML, only md4c's own tags), found faster:
// there only link and image URLs can be unsafe, so unless one is, `html`
// comes back as it is.
std::string sanitize_generated_html(std::string html);

// True when a link or image URL, as written in an attribute, is safe to
// follow: relative, a fragment, or http, https, mailto or tel. Judged on the
// value a browser reads (every character reference decoded as the HTML
// standard says, however many digits or leading zeros), without the white
// space and control characters browsers drop from a scheme. Linear time.
bool is_safe_url(std::string_view url);

}  // namespace prepdeck::render
