// Syntax highlighting of fenced code blocks, by GNU source-highlight
// (libsource-highlight): tokens become <span class="hl-keyword">...</span>,
// coloured by prepdeck.css in light and dark. A language source-highlight does
// not know is left plain, and so is a line longer than 512 bytes (the time
// source-highlight takes grows with the square of a line's length).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace prepdeck::render {

// The regular-expression engine that matches source-highlight's rules:
// PCRE2's JIT (render/pcre2_rules.h), or boost::regex as source-highlight
// ships. Both give the same bytes; PCRE2 is about eight times faster.
enum class RegexEngine { pcre2_jit, boost };

// `code` highlighted as `language` ("bash", "python", ...), HTML-escaped;
// nullopt when the language is unknown. Code holding a \r or \f goes through
// boost whatever `engine` says (pcre2_rules.h says why).
std::optional<std::string> highlight_code(std::string_view code, std::string_view language,
                                          RegexEngine engine = RegexEngine::pcre2_jit);

// One name for each language source-highlight has a definition of ("sh",
// "python", ...), sorted; empty when its data files are missing.
std::vector<std::string> highlight_languages();

// Highlights the <pre><code class="language-X"> blocks of md4c-html output in
// place. A block whose fence named pymdownx.highlight options (carried in its
// class by render/markdown_html.cc) gets them: `title="a.py"` above it,
// `linenums="N"` numbers its lines from N (drawn by CSS, not copied with
// the code), `hl_lines="2 4-5"` marks those lines. Without `colors` the code
// is left as text (no syntax spans), its fence's options still applied: for an
// export whose target has no stylesheet for the spans (QTI, Moodle).
void highlight_code_blocks(std::string& html, bool colors = true);

// pymdownx.inlinehilite: inline code that starts with `#!language ` is
// highlighted as that language (`#!python print(1)`).
void highlight_inline_code(std::string& html);

}  // namespace prepdeck::render
