// HTML pages of the static site, rendered from the model. Reading and
// revealing answers needs no JavaScript (native <details>); the embedded
// script (web/prepdeck.js) adds the toolbar, marks, quizzes and search.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "guide/model.h"

namespace prepdeck::render {

// One page in the site navigation.
struct NavEntry {
  std::string title;
  std::string url;                    // relative to the site root: "quiz/git.html"
  std::vector<std::string> sections;  // nav sections above it (mkdocs.yml), outermost first
};

struct SiteContext {
  std::string site_name;
  std::string base_url;       // where the site is published ("https://x.io/prep/"); empty: unknown
  std::vector<NavEntry> nav;  // every page, in site order
};

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
};

// A guide (or quiz) page at `page_url` ("interview-questions/git.html").
std::string render_guide_page(const guide::Guide& guide, const std::string& page_url, const SiteContext& site,
                              const PageLinks& links);

// The home page: every guide with its question counts per level, its quiz and
// the learner's progress (filled in from localStorage by the script).
struct HomeEntry {
  const guide::Guide* guide = nullptr;
  std::string url;
  std::string quiz_url;
};
// `intro` is the site's own index page, shown above the list when there is one.
std::string render_home_page(std::span<const HomeEntry> entries, const guide::Guide* intro, const SiteContext& site);

// The HTML id of a question or quiz item on its page: the last part of its
// stable id ("interview-questions/git/q3" -> "q3").
std::string anchor_of(const std::string& id);

}  // namespace prepdeck::render
