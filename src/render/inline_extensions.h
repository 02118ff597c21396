// The inline syntax of the Markdown extensions MkDocs Material sites enable,
// which md4c does not read: pymdownx.keys (`++ctrl+c++`), mark (`==x==`),
// caret (`^^x^^`, `x^2^`), tilde (`~~x~~`, `H~2~O`), emoji (`:smile:`,
// `:material-check:`), smartsymbols (`(c)`, `-->`, `1/2`, `1st`), abbr (words a page defines with `*[HTML]: ...`) and
// footnote references (`[^1]`). They are found in the text of rendered HTML,
// never inside code, <pre>, <kbd>, math, a tag or an attribute, so code spans
// and escapes have had their say first, as in Python-Markdown. One pass,
// linear in the HTML.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace prepdeck::render {

// An icon set laid out as MkDocs Material's `.icons` folder
// (material/check.svg, fontawesome/brands/github.svg, octicons/x-16.svg,
// simple/python.svg). Thread-safe; each icon is read once.
// Where Debian's mkdocs-material keeps its icon set.
inline constexpr std::string_view k_material_icons_dir = "/usr/share/mkdocs/themes/material/.icons";

class IconSet {
 public:
  explicit IconSet(std::string dir) : m_dir(std::move(dir)) {}
  // The set Debian's mkdocs-material package installs.
  static const IconSet& material();
  // The icon a shortcode names (without its colons: "material-check") as an
  // inline SVG, or nothing when the set has no such icon.
  std::optional<std::string> svg(std::string_view shortcode) const;

 private:
  std::string m_dir;
  mutable std::mutex m_mutex;
  mutable std::map<std::string, std::optional<std::string>, std::less<>> m_cache;
};

struct InlineOptions {
  bool keys = false;
  bool mark = false;
  bool caret = false;
  bool tilde = false;  // md4c's own strikethrough is off where this is on
  bool emoji = false;
  std::uint16_t smart_symbols = 0;  // pymdownx.smartsymbols: source::SmartSymbol bits
  const IconSet* icons = nullptr;   // for :material-...: shortcodes; null: none
  // The page's abbreviations: the text and its title, both as written (not HTML).
  std::vector<std::pair<std::string, std::string>> abbreviations;
  // The labels of the page's footnotes in the order they are numbered (1, 2...).
  std::vector<std::string> footnotes;
};

// Applies the options to the fragments of one page, in page order: the nth
// reference to a footnote gets the id fnref{n}:label, as Python-Markdown
// gives it.
class InlineExtensions {
 public:
  explicit InlineExtensions(InlineOptions options);
  // Whether apply() could change anything.
  bool active() const { return m_active; }
  void apply(std::string& html);

 private:
  void append_abbreviated(std::string& out, std::string_view text) const;

  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };

  InlineOptions m_options;
  bool m_active = false;
  // Abbreviations by their HTML text: words of letters, digits and '_' looked
  // up whole; the rest (a '&', '+', '/' or space in them) searched for.
  std::unordered_map<std::string, std::string, StringHash, std::equal_to<>> m_word_abbreviations;  // text -> title
  std::vector<std::pair<std::string, std::string>> m_other_abbreviations;
  std::unordered_map<std::string, std::pair<std::size_t, std::size_t>> m_footnotes;  // escaped label -> number, uses
};

}  // namespace prepdeck::render
