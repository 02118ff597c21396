// Lines of a document as the dialect parser sees them, and the sink it reports to.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "util/diagnostic.h"

namespace prepdeck::guide {

struct Line {
  std::string_view text;    // the line with any container indentation removed
  std::uint32_t index = 0;  // 0-based line of the expanded document
};

using Lines = std::span<const Line>;

// Width of the leading whitespace with tab stops every 4 columns.
inline std::size_t indent_width(std::string_view text) {
  std::size_t width = 0;
  for (char c : text) {
    if (c == ' ') {
      ++width;
    } else if (c == '\t') {
      width = (width / 4 + 1) * 4;
    } else {
      break;
    }
  }
  return width;
}
// `text` without `width` columns of leading whitespace (which must be there).
std::string_view dedent(std::string_view text, std::size_t width);

// A fenced code block opener: ``` or ~~~ (three or more).
struct Fence {
  char fence_char = 0;
  std::size_t length = 0;
};

// A line's content past the markers of the blocks that hold it, as md4c reads
// them: indentation, '>' and list markers (-, *, +, 1. and 1)).
std::string_view past_container_markers(std::string_view line);

// `content` is a line without its indentation. Backtick info strings may not hold a backtick.
std::optional<Fence> fence_open(std::string_view content);
bool fence_closes(std::string_view content, const Fence& fence);

class Reporter {
 public:
  virtual ~Reporter() = default;
  // `offset` is a byte offset into `line.text`.
  virtual void report(const Line& line, std::size_t offset, util::Severity severity, std::string_view code,
                      std::string message) = 0;
  // The 1-based line in the file `line` came from, and that file's index in Guide::files.
  virtual std::uint32_t source_line(const Line& line) const = 0;
  virtual std::uint32_t source_file(const Line& line) const = 0;
};

}  // namespace prepdeck::guide
