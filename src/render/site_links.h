// Where a page's links lead once the site is built, as MkDocs resolves them:
// a relative link or image path in a page's Markdown names a file relative to
// the page's own Markdown file; when that file is a page or a file of the site,
// the link becomes the URL of it relative to where the page is served
// ("../other.md#x" from "a/b.md" with directory URLs -> "../../other/#x").
// Anything else (absolute, with a scheme, a folder, a file that is not there)
// is left as written; the link check reports it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "util/paths.h"

namespace prepdeck::render {

struct SiteLinks {
  util::UrlStyle style = util::UrlStyle::flat;
  std::unordered_set<std::string> pages;  // guide paths: "a/git.md"
  std::unordered_set<std::string> files;  // the site's other files: "img/logo.png"
};

// The URL `destination` (as written in the Markdown of the page at
// `page_path`) becomes, or nothing when it stays as written.
std::optional<std::string> resolve_link(std::string_view destination, std::string_view page_path,
                                        const SiteLinks& site);

// "a/b/c" relative to the folder "a/d": "../b/c"; a trailing '/' is kept.
std::string relative_url(std::string_view target, std::string_view from_dir);

}  // namespace prepdeck::render
