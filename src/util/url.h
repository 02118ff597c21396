// Small URL helpers shared by the link rewriter and the link checker.
#pragma once

#include <string>
#include <string_view>

namespace prepdeck::util {

// "https://x", "mailto:x", "javascript:x": a scheme before the first ':'
// (letters, digits, '+', '-', '.'). A relative path has none.
bool has_url_scheme(std::string_view url);

// %XX escapes decoded (urllib's unquote); a '%' not followed by two hex digits stays.
std::string percent_decode(std::string_view text);

}  // namespace prepdeck::util
