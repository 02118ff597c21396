// Resolves includes before the dialect is parsed:
//   --8<-- "path"                 pymdownx.snippets (also "path:3:9" line ranges,
//   --8<-- "path:section"         "[start:section]"/"[end:section]" markers,
//   --8<-- ... --8<--             the multi-line block form, and ";--8<--" escapes)
//   {% include-markdown "path" %}  mkdocs-include-markdown-plugin (start=, end=,
//   {% include "path" %}           heading-offset=; may span several lines)
// A path is tried relative to the including file, then to docs_dir, then to the
// project folder. Includes nest. The included text takes the indentation of the
// directive, so an include inside a question body stays in the body. A missing
// file, a cycle or too deep a chain is a diagnostic at the directive, never a crash.
//
// Guides are untrusted: an include is read only when the file it names (its
// symlinks resolved) lies inside one of the context's allowed roots, and it
// is a regular file (include-outside otherwise; /etc/hostname, ../../x, a
// symlink out of the project, a FIFO are never read). What a page may grow to
// is bounded: includes stop, with an include-budget error, once the expanded
// text would pass max(min_budget, growth_limit x the bytes of the files read,
// each once); a file included many times is read once.
//
// The expanded text comes with a LineMap that leads each of its lines back to the
// file and line it came from, so diagnostics point at what the author wrote.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "source/file_system.h"
#include "util/diagnostic.h"
#include "util/error.h"

namespace prepdeck::source {

class LineMap {
 public:
  struct Location {
    std::uint32_t file = 0;    // index into files()
    std::uint32_t line = 0;    // 1-based line in that file
    std::uint32_t indent = 0;  // bytes of indentation an include added in front
  };

  // Records that expanded line `expanded_line` (0-based) came from `location`.
  // Lines must be added in order; runs of consecutive lines share one segment.
  void add(std::uint32_t expanded_line, Location location);
  Location locate(std::uint32_t expanded_line) const {
    // No segments: the text is the file itself, line for line (inline: the parser asks this a lot).
    if (m_segments.empty()) return Location{0, expanded_line + 1, 0};
    return locate_in_segments(expanded_line);
  }

  std::uint32_t add_file(std::string display_path);
  const std::vector<std::string>& files() const { return m_files; }

 private:
  Location locate_in_segments(std::uint32_t expanded_line) const;
  struct Segment {
    std::uint32_t first;  // first expanded line
    std::uint32_t count;
    Location start;
  };
  std::vector<Segment> m_segments;
  std::vector<std::string> m_files;
};

struct LoadedText {
  std::string text;  // UTF-8, repaired
  std::vector<util::Diagnostic> diagnostics;
};

// Reads, decodes and repairs one file; the error carries a Diagnostic-ready message.
using TextLoader = std::function<util::Expected<LoadedText>(const std::string& path)>;

struct IncludeContext {
  const FileSystem* fs = nullptr;
  std::string docs_dir;     // empty when there is none
  std::string project_dir;  // folder of mkdocs.yml, or empty
  // pymdownx.snippets' base paths, searched after docs_dir and the project folder.
  std::vector<std::string> base_paths;
  // Where included files may be, as fs->identity() keys of folders: docs_dir
  // (or the guide's folder), the project folder, pymdownx.snippets' base paths.
  std::vector<std::string> allowed_roots;
  TextLoader load;
  int max_depth = 16;
  std::size_t growth_limit = 16;  // see above; 0: no limit
  std::size_t min_budget = std::size_t{1} << 20;
};

struct ExpandedText {
  std::string text;
  LineMap map;
  std::vector<util::Diagnostic> diagnostics;
};

// `path` is the file on `context.fs`; `text` is its decoded content.
ExpandedText expand_includes(const std::string& path, std::string text, const IncludeContext& context);

}  // namespace prepdeck::source
