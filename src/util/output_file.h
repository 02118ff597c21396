// A command's output file (`export -o FILE`): written so that neither a
// failure nor the kind of file named can do harm.
#pragma once

#include <string>
#include <string_view>

#include "util/error.h"

namespace prepdeck::util {

// Writes `content` to `path`:
//   - a path that does not exist yet, or a regular file: into a temporary file
//     beside it, then renamed over it, so a reader never sees half a file and
//     an interrupted write leaves the old one (a file keeps its mode);
//   - anything else that can be opened for writing (a character device such as
//     /dev/null, a FIFO, a terminal, a symlink such as /dev/stdout): written in
//     place, never replaced (renaming over /dev/null as root once turned it
//     into a regular file for the whole machine); a FIFO blocks until read;
//   - a directory, or a path that cannot be written: an error naming it.
// "-" is not special here: callers send it to standard output themselves.
Expected<void> write_output_file(const std::string& path, std::string_view content);

}  // namespace prepdeck::util
