// HTML text helpers for the renderer: escaping, and where a page lives in the
// built site. Pages are written as `<path>.html` and linked with relative URLs,
// so a site works from file:// as well as from any static host.
#pragma once

#include <string>
#include <string_view>

#include "util/html_entities.h"
#include "util/paths.h"

namespace prepdeck::render {

// Escapes &, <, > and " (enough for text and double-quoted attributes).
inline std::string escape(std::string_view text) { return util::escape_html(text); }
inline void append_escaped(std::string& out, std::string_view text) { util::append_escaped_html(out, text); }

// Appends `text` as a JSON string literal that is also safe inside a <script>:
// "<" is written \u003c, so "</script>" cannot appear. Printable ASCII and valid
// UTF-8 (most of any text) are copied as they are, quotes and backslashes get a
// backslash; nlohmann's serializer writes control characters and replaces
// invalid UTF-8 with U+FFFD. The result is the same as serializing the whole
// string with nlohmann (with ensure_ascii off).
void append_script_json_string(std::string& out, std::string_view text);

// Undoes escape(): &amp; &lt; &gt; &quot; back to characters (md4c-html
// writes no other entities; anything else is left as it is).
std::string unescape(std::string_view html);

// The text of rendered HTML, for the search index: tags dropped (a block-level
// tag separates words with a space), escapes undone, runs of white space made
// one space.
std::string html_to_text(std::string_view html);

using util::page_file;  // util/paths.h: where a guide's page is in the site
using util::page_url;

// The relative prefix from a page to the site root: "" for "index.html",
// "../" for "quiz/git.html", "../../" one folder deeper.
std::string root_prefix(std::string_view page_url);

// Rewrites relative links to Markdown pages in rendered HTML to the pages the
// build writes: href="../quiz/git.md#q3" -> href="../quiz/git.html#q3".
// Absolute URLs (with a scheme, or starting with '/' or '#') are left alone.
std::string rewrite_page_links(std::string_view html);

}  // namespace prepdeck::render
