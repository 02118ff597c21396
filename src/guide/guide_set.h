// Loading every guide named by a list of inputs (files, folders, MkDocs
// projects), in parallel, into a deterministic order.
#pragma once

#include <string>
#include <vector>

#include "guide/model.h"
#include "source/file_system.h"
#include "source/site_loader.h"
#include "util/diagnostic.h"
#include "util/error.h"
#include "util/paths.h"

namespace prepdeck::guide {

struct GuideSet {
  std::vector<source::Site> sites;
  std::vector<Guide> guides;                  // in input order, then page order
  std::vector<util::Diagnostic> diagnostics;  // site-level: mkdocs.yml and nav
  std::vector<util::Error> input_errors;      // inputs that do not exist
  // How pages are addressed: as MkDocs would (`use_directory_urls`, true
  // unless mkdocs.yml says false) when the first input is an MkDocs project,
  // else flat ("a/git.html"); a front end may be asked for another.
  util::UrlStyle url_style = util::UrlStyle::flat;
};

// `threads` 0 uses every core.
GuideSet load_guides(const source::FileSystem& fs, const std::vector<std::string>& inputs,
                     const source::LoadOptions& options, unsigned threads = 0);

}  // namespace prepdeck::guide
