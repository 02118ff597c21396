// Every relative link and image in the sites' pages, checked against the
// sites: a page or file that is not there (link-missing), an #anchor its
// page lacks (anchor-missing: heading ids, question and quiz anchors, ids in
// raw HTML), a path that climbs out of the site's folder (link-outside).
// Warnings with the link's file and line, and the nearest page, file or
// anchor as a suggestion. Links MkDocs leaves alone (absolute, with a scheme,
// to a folder) are not checked. Nothing is read from disk: the sites' page and
// file lists say what exists.
#pragma once

#include "guide/guide_set.h"

namespace prepdeck::guide {

// Adds the findings to each guide's diagnostics (kept sorted). `threads` 0: every core.
void check_links(GuideSet& set, unsigned threads = 0);

}  // namespace prepdeck::guide
