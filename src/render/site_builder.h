// The whole static site as a list of files: a page per guide, the home page,
// the search index, the embedded assets, `.nojekyll` (GitHub Pages serves the
// site as it is) and every other file of the sites' folders, carried over at
// its own path unless a file prepdeck makes has that path. Writing them is
// site_writer.h.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "guide/guide_set.h"

namespace prepdeck::render {

struct SiteFile {
  std::string path;  // relative to the output folder, '/'-separated
  std::string content;
  // The rest of the file, after `content`, in order: the search index goes out
  // as its pieces, not first joined into one string of megabytes.
  std::vector<std::string> more = {};
  // Non-empty: the file is this file on disk, carried over as it is (an image,
  // CNAME); `content` and `more` are empty.
  std::string copy_from = {};
};

struct BuildOptions {
  std::string base_url;  // --base-url: canonical links point there
  unsigned threads = 0;  // 0: every core
  // Told how many pages are rendered so far, from the rendering threads (one at a time).
  std::function<void(std::size_t done, std::size_t total)> progress;
  std::string api = {};  // SiteContext::api: empty for a static site
};

// Renders the site and hands each file to `sink` as soon as it is done, from
// several threads at once (the sink must be thread-safe). The same bytes for
// the same input, whatever the thread count.
using FileSink = std::function<void(SiteFile&&)>;
void build_site(const guide::GuideSet& set, const BuildOptions& options, const FileSink& sink);

// The same, collected and sorted by path, each file's `more` joined into its content.
std::vector<SiteFile> build_site(const guide::GuideSet& set, const BuildOptions& options = {});

// The related quiz of a guide, as a guide path: front matter `quiz:` (relative
// to the guide, then to the site root), else the mirrored path
// (interview-questions/X <-> quiz/X). Empty when no page with quiz items matches.
std::string related_quiz(const guide::Guide& g, const std::vector<guide::Guide>& all);

}  // namespace prepdeck::render
