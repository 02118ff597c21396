#include "guide/source_lines.h"

namespace prepdeck::guide {

std::size_t indent_width(std::string_view text) {
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

std::string_view dedent(std::string_view text, std::size_t width) {
  std::size_t col = 0;
  std::size_t i = 0;
  while (i < text.size() && col < width) {
    if (text[i] == ' ') {
      ++col;
    } else if (text[i] == '\t') {
      const std::size_t next = (col / 4 + 1) * 4;
      if (next > width) break;  // a tab straddling the boundary stays
      col = next;
    } else {
      break;
    }
    ++i;
  }
  return text.substr(i);
}

}  // namespace prepdeck::guide
