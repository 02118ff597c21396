#pragma once
// The words of prepdeck's page frame that MkDocs Material translates: a site
// whose mkdocs.yml sets theme.language gets them in that language, from the
// translations Debian's mkdocs-material installs (the same files Material
// uses), and English where a translation lacks a word or is not installed.
// prepdeck's own learning words (Expand all, Hide what I know) stay English:
// Material has no translation of them.

#include <optional>
#include <string>
#include <string_view>

namespace prepdeck::render {

struct UiStrings {
  std::string skip_link = "Skip to content";  // skip.link.title
  std::string search = "Search";              // search.placeholder
  std::string search_none;                    // search.result.none; empty: prepdeck's own "No match for “…”"
  std::string toc = "On this page";           // toc.title (Material's English says "Table of contents")
  std::string edit = "Edit this page";        // edit.link.title
  std::string source = "Go to repository";    // source.link.title
  std::string navigation = "Navigation";      // the drawer's switch (Material's header has no such key)
  bool operator==(const UiStrings&) const = default;
};

// Where Debian's mkdocs-material keeps its translations.
inline constexpr std::string_view k_material_languages_dir = "/usr/share/mkdocs/themes/material/partials/languages";

// The strings for `language` ("et", "pt-BR") read from `dir`/<language>.html,
// each missing one English; nothing when the language is not a plain code or
// has no readable translation there. Never reads outside `dir`.
std::optional<UiStrings> material_ui_strings(std::string_view language,
                                             std::string_view dir = k_material_languages_dir);

// The strings of Material's translation file `text` (its `{% macro t(key) %}`
// table), over English; nothing when it holds no such table.
std::optional<UiStrings> parse_material_language(std::string_view text);

}  // namespace prepdeck::render
