// YAML front matter between `---` lines at the top of a guide.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace prepdeck::guide {

struct FrontMatter {
  std::uint32_t body_line = 0;  // 0-based index of the first line after the block
  std::string title;
  std::string description;
  std::string date;
  std::string level;  // as written
  std::vector<std::string> tags;
  std::vector<std::string> hide;  // Material's `hide: [navigation, toc, footer]`
  std::string quiz;               // `quiz: path`
  bool shuffle_answers = false;   // `quiz: {shuffle_answers: true}` or `shuffle_answers: true`

  struct Error {
    std::uint32_t line = 0;    // 0-based line in the document
    std::uint32_t column = 0;  // 1-based
    std::string message;
  };
  std::optional<Error> error;
};

// Returns nothing when `text` does not start with a front matter block.
std::optional<FrontMatter> parse_front_matter(std::string_view text);

}  // namespace prepdeck::guide
