#include "util/pymdownx_names.h"

#include <algorithm>
#include <iterator>

namespace prepdeck::util {
namespace {

struct NamePair {
  std::string_view name;
  std::string_view value;
};

#include "util/pymdownx_tables.inc"

template <std::size_t N>
std::optional<std::string_view> look_up(const NamePair (&table)[N], std::string_view name) {
  const auto* it = std::lower_bound(std::begin(table), std::end(table), name,
                                    [](const NamePair& entry, std::string_view n) { return entry.name < n; });
  if (it != std::end(table) && it->name == name) return it->value;
  return std::nullopt;
}

}  // namespace

std::optional<std::pair<std::string_view, std::string_view>> key_label(std::string_view name) {
  std::string_view canonical = name;
  if (auto alias = look_up(k_key_aliases, name)) canonical = *alias;
  if (auto label = look_up(k_key_labels, canonical)) return std::pair{canonical, *label};
  return std::nullopt;
}

std::optional<std::string_view> emoji(std::string_view shortcode) { return look_up(k_emoji, shortcode); }

bool is_emoji_shortcode(std::string_view shortcode) {
  for (std::string_view set : {"material-", "fontawesome-", "octicons-", "simple-"}) {
    if (shortcode.size() > set.size() && shortcode.starts_with(set)) return true;
  }
  return emoji(shortcode).has_value();
}

std::string without_emoji_shortcodes(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t colon = text.find(':', i);
    if (colon == std::string_view::npos) break;
    out.append(text.substr(i, colon - i));
    std::size_t j = colon + 1;
    while (j < text.size() && j - colon <= k_max_shortcode && is_shortcode_char(text[j])) ++j;
    if (j < text.size() && text[j] == ':' && j > colon + 1 &&
        is_emoji_shortcode(text.substr(colon + 1, j - colon - 1))) {
      i = j + 1;
      continue;
    }
    out.append(text.substr(colon, j - colon));  // the closing ':' may open the next shortcode
    i = j;
  }
  out.append(text.substr(std::min(i, text.size())));
  return out;
}

}  // namespace prepdeck::util
