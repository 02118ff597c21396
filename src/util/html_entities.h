// Character references (&amp; &#106; &#x6A; &colon;) decoded exactly as the
// HTML standard's tokenizer decodes them (13.2.5.72-80 "character reference
// state"), so what prepdeck judges is what a browser will see:
//   - numeric references take any number of digits and leading zeros, with or
//     without ';'; 0, surrogates and values past U+10FFFF become U+FFFD, and
//     0x80-0x9F become the Windows-1252 characters browsers show for them;
//   - named references match the longest name of the standard's 2,231, with
//     or without ';' where the standard allows it ("&notit;" is "¬it;");
//   - in an attribute value, a name without ';' followed by '=' or a letter
//     or digit stays as written ("?a=1&copy=2" keeps "&copy").
// Anything that is not a reference stays as written. Linear in the input.
#pragma once

#include <string>
#include <string_view>

namespace prepdeck::util {

enum class CharRefContext { text, attribute };

std::string decode_html_entities(std::string_view text, CharRefContext context = CharRefContext::text);

// Decodes the character reference at text[0] == '&' into `out`; returns the
// bytes it took (0 when there is none: the '&' is then plain text).
std::size_t decode_character_reference(std::string_view text, CharRefContext context, std::string& out);

// Escapes &, <, > and " (enough for HTML text and double-quoted attributes).
std::string escape_html(std::string_view text);
void append_escaped_html(std::string& out, std::string_view text);

}  // namespace prepdeck::util
