// HTML pages of the static site, rendered from the model. Reading and
// revealing answers needs no JavaScript (native <details>); the embedded
// script (web/prepdeck.js) adds the toolbar, marks, quizzes and search.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "guide/markdown.h"
#include "guide/model.h"
#include "render/site_links.h"
#include "render/ui_strings.h"
#include "source/mkdocs_config.h"

namespace prepdeck::render {

class IconSet;

// The site navigation: a tree of sections and pages. A page shows the sections
// on its own path open and every other section closed (a link to its first
// page), so a page's sidebar stays small however large the site grows.
struct NavNode {
  std::string title;
  std::string url;                // a page: relative to the site root ("quiz/git.html"); a section: its first page
  std::vector<NavNode> children;  // a section's sections and pages; empty for a page
  bool is_section() const { return !children.empty(); }
};

// The Content-Security-Policy every page carries (a <meta> in the page; the
// served pages also as a header, with frame-ancestors, which a <meta> cannot
// set): script and styles only from the site's own files (no inline script,
// no style attribute), images also from the web, no plugins, no <base>, forms
// only to the site. A guide's raw HTML is made inert by the sanitizer; this
// is the second wall, should anything get past it.
inline constexpr std::string_view k_content_security_policy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' http: https:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-src 'none'";

// The site's own styles and scripts (mkdocs.yml extra_css and
// extra_javascript), loaded after prepdeck's on every page, except a mermaid
// script, loaded only on pages that draw a diagram. Local paths are relative
// to the site's root.
struct ExtraAssets {
  std::vector<source::ExtraScript> scripts;
  std::optional<source::ExtraScript> diagrams;
  std::vector<source::ExtraScript> math;  // KaTeX or MathJax and their set-up: only on pages with math
  std::vector<std::string> styles;
};

// Splits extra_javascript into the diagram script (the first entry naming
// mermaid), the math scripts (entries naming katex, mathjax or auto-render)
// and the rest. Entries whose URL could not stand in a policy (spaces,
// quotes, ';', ',') are left out, and so is polyfill.io, a domain that has
// served malware since 2024 (Material's old MathJax set-up named it).
ExtraAssets extra_assets(const source::MkdocsConfig& config);

// The policy of a page: k_content_security_policy, with the site's scripts
// and styles from other origins allowed by their URLs (fonts too, from the
// styles' origins), and inline styles where diagrams or math are drawn
// (mermaid.js, KaTeX and MathJax style what they write).
enum class Diagrams : std::uint8_t { none, drawn };
enum class Math : std::uint8_t { none, drawn };
// With `analytics`, Google Analytics' script and endpoints are allowed too.
std::string content_security_policy(const ExtraAssets& extra, Diagrams diagrams, Math math = Math::none,
                                    bool analytics = false);

// Material's tags plugin: every tag with the pages that carry it (title and
// URL from the site's root), sorted by tag, and where the tags page is.
struct TagIndex {
  std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>> tags;
  std::string page_url;  // the tags_file page, from the site's root; empty: none
};

struct SiteContext {
  std::string site_name;
  std::string description;  // mkdocs.yml site_description: every page's <meta name="description">
  std::string logo;         // theme.logo, relative to the site's root (or a URL): beside the site's name
  std::string favicon;      // theme.favicon, likewise; prepdeck's own when empty
  std::string copyright;    // HTML, made inert by the sanitizer: the footer
  std::string base_url;     // where the site is published ("https://x.io/prep/"); empty: unknown
  NavNode nav;              // the root section
  // Where the JSON API is when `prepdeck serve` serves the pages ("/api/"):
  // the script then keeps progress on the server. Empty: a static site.
  std::string api;
  // How pages are addressed, and what a page's relative links can lead to
  // (null: links to .md files become .html and nothing else changes).
  util::UrlStyle url_style = util::UrlStyle::flat;
  const SiteLinks* links = nullptr;
  ExtraAssets extra;
  // The Markdown extensions pages are rendered with (the site's), and the
  // icon set :material-...: shortcodes come from (null: none).
  source::MarkdownExtensions extensions;
  const IconSet* icons = nullptr;
  // Theme settings (mkdocs.yml): the pages' language, Material's palette
  // names (data-md-color-primary/accent on <body>; "custom" reads the site's
  // --md-primary-fg-color), the repository link, where "Edit this page"
  // leads (a page's source path is added; empty: no link), the footer's
  // social links and a Google Analytics 4 property (empty: none).
  std::string language;
  UiStrings ui;  // the frame's words, in `language` where Material translates them
  // The link after each heading (toc: permalink) and its tooltip; an empty
  // text: none. A folder without mkdocs.yml gets prepdeck's "#".
  std::string permalink = "#";
  std::string permalink_title = "Link to this section";
  std::string palette_primary;
  std::string palette_accent;
  std::string repo_url;
  std::string repo_name;
  std::string edit_base;
  std::vector<source::SocialLink> social;
  std::string analytics_property;
  // With Material's tags plugin on: a page's front matter tags show above it,
  // and a page's `[TAGS]` (or `<!-- material/tags -->`) becomes the index.
  const TagIndex* tags = nullptr;
};

// The theme settings of `config` in `site` (as MkDocs reads them: edit_uri's
// default is the repository host's, "edit/master/docs/" on GitHub and GitLab;
// a property must look like one, "G-XXXX").
void apply_theme_settings(const source::MkdocsConfig& config, SiteContext& site);

// assets/analytics.js for a site with an analytics property: Google's gtag
// set-up (the policy runs no inline script, so it is a file). Empty: none.
std::string analytics_script(const SiteContext& site);

// Adds a page under the sections `sections` (outermost first), after the nodes
// already there; a section continues the last child when the titles match.
// Returns the page's path: the child index at each depth.
std::vector<std::uint32_t> add_nav_page(NavNode& root, const std::vector<std::string>& sections, std::string title,
                                        std::string url);

// What the site knows about a quiz item beyond the item itself.
struct QuizLink {
  guide::Level level = guide::Level::unspecified;  // for the level verdict
  std::string study_url;  // the study question it repeats ("../interview-questions/git.html#q3"), if any
};

// Links a page carries beside its content.
struct PageLinks {
  std::vector<QuizLink> quizzes;  // parallel to Guide::quizzes; may be empty
  std::string quiz_url;           // the related quiz page (relative to the site root), if any
  std::string quiz_title;
  std::string guide_url;  // on a quiz page: the guide whose questions it tests, if any
  std::string guide_title;
  std::vector<std::uint32_t> nav_path;  // where the page sits in SiteContext::nav; empty: not in the nav
  // The guide has no quiz: the page doubles as a self-check quiz of its own
  // questions at page.html#self-check (question and hint, reveal, self-grade,
  // score and level), which the script switches on.
  bool self_check = false;
};

// A guide (or quiz) page at `page_url` ("interview-questions/git.html").
std::string render_guide_page(const guide::Guide& guide, const std::string& page_url, const SiteContext& site,
                              const PageLinks& links);

// The guide page, and each question's answer as plain text taken from its
// rendered HTML (for the search index, so answers are not parsed twice).
struct RenderedPage {
  std::string html;
  std::vector<std::string> answer_text;
};
RenderedPage render_guide_page_and_text(const guide::Guide& guide, const std::string& page_url, const SiteContext& site,
                                        const PageLinks& links);

// A guide's questions and quiz items as its page renders them (the site's
// extensions, raw HTML made inert, code highlighted), without the page's
// controls: for the export formats that carry HTML (Anki, Moodle, QTI).
struct ItemsHtml {
  struct Question {
    std::string title;                 // inline HTML, without the number
    std::string hint;                  // inline HTML; empty: none
    std::string answer;                // its blocks (callouts, admonitions, tabs), without the choices
    std::vector<std::string> choices;  // per choice (Question::choices): inline HTML
  };
  struct Quiz {
    // The question. Fill-in: the pieces around the blanks (blanks + 1 of
    // them); one piece, the blanks left out, when a blank did not stand in text.
    std::vector<std::string> question;
    std::vector<std::string> options;   // per option: inline HTML
    std::vector<std::string> feedback;  // per option: block HTML; empty: none
    std::string explanation;
  };
  std::vector<Question> questions;  // parallel to Guide::questions
  std::vector<Quiz> quizzes;        // parallel to Guide::quizzes
};
struct ItemsContext {
  source::MarkdownExtensions extensions;
  const IconSet* icons = nullptr;
  guide::LinkRewrite links;  // where Markdown links and images lead; empty: as written
  bool code_colors = true;   // syntax spans in code blocks (see highlight_code_blocks)
};
ItemsHtml render_items_html(const guide::Guide& guide, const ItemsContext& context);

// The home page: every guide with its question counts per level, its quiz and
// the learner's progress (filled in from localStorage by the script).
struct HomeEntry {
  const guide::Guide* guide = nullptr;
  std::string url;
  std::string quiz_url;
  bool self_check = false;  // the quiz is the guide's own self-check
};
// `intro` is the site's own index page, shown above the list when there is one.
std::string render_home_page(std::span<const HomeEntry> entries, const guide::Guide* intro, const SiteContext& site);

// 404.html: what a static host shows for a missing page (GitHub Pages,
// Netlify), at any depth, so its links start at the root of site_url
// (--base-url), else at "/".
std::string render_not_found_page(const SiteContext& site);

// The Review page of a served site (SiteContext::api set): the script runs
// the server's review queue in it.
std::string render_review_page(const SiteContext& site);
// The Level test page of a served site: the server's adaptive placement.
std::string render_level_test_page(const SiteContext& site);
// The Log in / Sign up page of a served site (used by serve --users).
std::string render_login_page(const SiteContext& site);
// The admins' Analytics page of a served site.
std::string render_analytics_page(const SiteContext& site);

// The HTML id of a question or quiz item on its page: the last part of its
// stable id ("interview-questions/git/q3" -> "q3").
std::string anchor_of(const std::string& id);

}  // namespace prepdeck::render
