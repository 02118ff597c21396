// The parts of mkdocs.yml that prepdeck reads: site_name, site_description,
// site_url, copyright, theme.logo and theme.favicon, docs_dir, nav, the
// mkdocs-quiz plugin options, the Markdown extensions enabled, pymdownx.snippets'
// base_path and toc's slug settings. Unknown keys are ignored; Python tags are
// read where they name something prepdeck knows (toc's slugify:
// !!python/name:pymdownx.slugs.uslugify, !!python/object/apply:pymdownx.slugs.slugify)
// and otherwise ignored, as !ENV is.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/toc_slug.h"

namespace prepdeck::source {

struct NavEntry {
  std::string title;  // empty when the entry is a bare path (the page's own title is used)
  std::string page;   // path relative to docs_dir; empty for a section or an external link
  std::string url;    // external link target, when it is one
  std::vector<NavEntry> children;
  std::uint32_t line = 0;  // 1-based line in mkdocs.yml
};

// An extra_javascript entry: a path (relative to docs_dir) or URL, and how to load it.
struct ExtraScript {
  std::string path;
  std::string type;  // "module", or empty
  bool async = false;
  bool defer = false;
};

// extra.social: a link in every page's footer, drawn with a Material icon.
struct SocialLink {
  std::string icon;  // "fontawesome/brands/github", as Material names it
  std::string link;
  std::string name;
};

// pymdownx.smartsymbols' replacements, each an option of the extension.
enum SmartSymbol : std::uint16_t {
  k_smart_trademark = 1 << 0,        // (tm)
  k_smart_copyright = 1 << 1,        // (c)
  k_smart_registered = 1 << 2,       // (r)
  k_smart_plusminus = 1 << 3,        // +/-
  k_smart_arrows = 1 << 4,           // -->, <--, <-->
  k_smart_notequal = 1 << 5,         // =/=
  k_smart_fractions = 1 << 6,        // 1/2, 3/4, ...
  k_smart_ordinal_numbers = 1 << 7,  // 1st, 22nd, 103rd
  k_smart_care_of = 1 << 8,          // c/o
  k_all_smart_symbols = (1 << 9) - 1,
};

struct MkdocsConfig {
  std::string site_name;
  std::string site_description;
  std::string site_url;    // where the site is published: canonical links
  std::string copyright;   // HTML, shown in every page's footer
  std::string theme_logo;  // theme.logo: an image path under docs_dir (or a URL)
  std::string theme_favicon;
  std::string theme_language;    // theme.language ("fr"): the pages' lang
  std::string theme_custom_dir;  // theme.custom_dir: Jinja overrides prepdeck cannot apply
  std::string palette_primary;   // theme.palette primary ("indigo", "custom"), of the first scheme given
  std::string palette_accent;
  std::string palette_scheme;  // "default" or "slate"
  std::string repo_url;        // the source repository: a header link, and "Edit this page"
  std::string repo_name;
  std::optional<std::string> edit_uri;  // unset: MkDocs' default for the repo's host
  std::vector<SocialLink> social;       // extra.social
  std::string analytics_provider;       // extra.analytics: provider ("google") and property ("G-...")
  std::string analytics_property;
  std::string docs_dir = "docs";
  bool use_directory_urls = true;  // pages at "a/page/" (MkDocs' default), else "a/page.html"
  bool has_nav = false;
  std::vector<NavEntry> nav;
  bool quiz_shuffle_answers = false;  // plugins: - mkdocs_quiz: {shuffle_answers: true}
  // plugins: - tags: {tags_file: tags.md}: Material's tags plugin, and the
  // page whose `[TAGS]` marker (or `<!-- material/tags -->`) lists every tag.
  bool tags_plugin = false;
  std::string tags_file;
  // `exclude_docs`: gitignore-style patterns, one a line (MkDocs 1.5+); `!` re-includes.
  std::vector<std::string> exclude_docs;
  // markdown_extensions: pymdownx.snippets: base_path (a string or a list),
  // relative to the folder of mkdocs.yml: where snippets may come from, besides
  // docs_dir and that folder. Empty when not set.
  std::vector<std::string> snippet_base_paths;
  // markdown_extensions, by name, in the order given ("toc", "pymdownx.details"),
  // and the line of mkdocs.yml that names each.
  std::vector<std::string> markdown_extensions;
  std::vector<std::uint32_t> markdown_extension_lines;
  // toc: slugify (Python-Markdown's by default; pymdownx.slugs' when named) and separator.
  util::SlugRule slug;
  std::string toc_title;  // toc: title: the page contents' heading (Material shows it)
  // toc: permalink: the text of the link after each heading ("¶" for true);
  // empty: none, as MkDocs has it by default. permalink_title: its tooltip.
  std::string toc_permalink;
  std::string toc_permalink_title = "Permanent link";
  // pymdownx.smartsymbols' options: which replacements it makes where it is named.
  std::uint16_t smart_symbols = k_all_smart_symbols;
  std::vector<ExtraScript> extra_javascript;
  std::vector<std::string> extra_css;
};

// The Markdown extensions prepdeck honours only where they are enabled, as
// MkDocs does: with them off, their syntax is plain text. Everything else the
// dialect reads (admonitions, details, tabs, tables, task lists, attribute
// lists, Mermaid fences) is always on.
struct MarkdownExtensions {
  bool abbr = true;        // abbr: `*[HTML]: Hyper Text Markup Language`
  bool def_list = true;    // def_list: `Term` then `:   definition`
  bool footnotes = true;   // footnotes: `[^1]` and `[^1]: note`
  bool md_in_html = true;  // md_in_html: `<div markdown>`, `<figure markdown>`
  bool math = true;        // pymdownx.arithmatex: `$x$`, `$$...$$`, `\begin{align}`
  bool keys = true;        // pymdownx.keys: `++ctrl+c++`
  bool mark = true;        // pymdownx.mark: `==marked==`
  bool caret = true;       // pymdownx.caret: `^^inserted^^`, `x^2^`
  bool tilde = true;       // pymdownx.tilde: `~~deleted~~`, `H~2~O`
  bool emoji = true;       // pymdownx.emoji: `:smile:`, `:material-check:`
  // pymdownx.smartsymbols: the SmartSymbol replacements on, 0 when it is off.
  // It rewrites ordinary text ("(c)", "1st", "-->"), so a folder without
  // mkdocs.yml does not get it.
  std::uint16_t smart_symbols = 0;
  bool operator==(const MarkdownExtensions&) const = default;
  static MarkdownExtensions none() { return {false, false, false, false, false, false, false, false, false, false}; }
};

// What an MkDocs project enables (`extra` and `pymdownx.extra` stand for
// their parts). A folder of Markdown without mkdocs.yml gets them all but
// smartsymbols.
MarkdownExtensions enabled_extensions(const MkdocsConfig& config);

// The entries of markdown_extensions prepdeck does not honour (their syntax
// shows as text), as written, in order, each with its line.
std::vector<std::pair<std::string, std::uint32_t>> unsupported_extensions(const MkdocsConfig& config);

// True when `path` (relative to docs_dir, '/'-separated) is left out by `patterns`,
// read as MkDocs reads exclude_docs: the last matching pattern decides; `name/`
// matches folders only; a pattern with no inner '/' matches a name at any depth,
// one with an inner or leading '/' matches from docs_dir; `*`, `?`, `[...]` and `**`.
bool is_excluded(std::string_view path, const std::vector<std::string>& patterns);

struct ConfigError {
  std::uint32_t line = 0;  // 1-based, 0 when unknown
  std::uint32_t column = 0;
  std::string message;
};

struct MkdocsConfigResult {
  MkdocsConfig config;  // defaults when `error` is set and nothing could be read
  std::optional<ConfigError> error;
  std::vector<ConfigError> warnings;  // entries that were skipped
};

MkdocsConfigResult parse_mkdocs_config(std::string_view yaml_text);

}  // namespace prepdeck::source
