// Syntax highlighting of fenced code blocks, by GNU source-highlight
// (libsource-highlight): tokens become <span class="hl-keyword">...</span>,
// coloured by prepdeck.css in light and dark. A language source-highlight does
// not know is left plain.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace prepdeck::render {

// `code` highlighted as `language` ("bash", "python", ...), HTML-escaped;
// nullopt when the language is unknown.
std::optional<std::string> highlight_code(std::string_view code, std::string_view language);

// Highlights the <pre><code class="language-X"> blocks of md4c-html output in place.
void highlight_code_blocks(std::string& html);

}  // namespace prepdeck::render
