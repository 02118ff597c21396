// The names pymdownx.keys and pymdownx.emoji know, from Debian's
// python3-pymdownx (scripts/gen-markdown-tables writes the tables).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace prepdeck::util {

// The text a pymdownx.keys key name shows ("ctrl" -> "Ctrl"; aliases
// followed), with its canonical name; nothing for a name the extension does
// not know.
std::optional<std::pair<std::string_view, std::string_view>> key_label(std::string_view name);

// The emoji a twemoji shortcode names ("smile", without colons), if any.
std::optional<std::string_view> emoji(std::string_view shortcode);

// True for a shortcode pymdownx.emoji turns into an emoji or, on Material,
// an icon (`material-check`, `fontawesome-brands-github`, `octicons-x-16`,
// `simple-python`): either way nothing a heading's id is made from.
bool is_emoji_shortcode(std::string_view shortcode);

// No shortcode is longer: scanning for one stops here.
inline constexpr std::size_t k_max_shortcode = 80;

// The characters of a shortcode's name (pymdownx.emoji's `[+\-\w]`, ASCII).
inline bool is_shortcode_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '+';
}

// `text` without the `:shortcode:`s is_emoji_shortcode() knows, scanned as
// pymdownx.emoji scans (a closing ':' may open the next one).
std::string without_emoji_shortcodes(std::string_view text);

}  // namespace prepdeck::util
