// Writing a built site to disk so that an interrupted build never leaves a
// half-written site: the files go to a temporary folder beside the target,
// which is then renamed into place (the previous site is removed only after).
#pragma once

#include <string>
#include <vector>

#include "render/site_builder.h"
#include "util/error.h"

namespace prepdeck::render {

util::Expected<void> write_site(const std::vector<SiteFile>& files, const std::string& out_dir);

// Fails when writing to `out_dir` would touch the source tree at `source_dir`:
// the same folder, a folder inside it, or a folder that holds it.
util::Expected<void> check_output_dir(const std::string& out_dir, const std::string& source_dir);

}  // namespace prepdeck::render
