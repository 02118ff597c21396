#include "guide/source_lines.h"

#include "util/text.h"

namespace prepdeck::guide {

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

std::string_view past_container_markers(std::string_view content) {
  while (!content.empty()) {
    std::size_t digits = 0;
    while (digits < content.size() && content[digits] >= '0' && content[digits] <= '9') ++digits;
    if (content[0] == ' ' || content[0] == '\t' || content[0] == '>') {
      content.remove_prefix(1);
    } else if ((content[0] == '-' || content[0] == '*' || content[0] == '+') && content.size() > 1 &&
               (content[1] == ' ' || content[1] == '\t')) {
      content.remove_prefix(2);
    } else if (digits > 0 && digits + 1 < content.size() && (content[digits] == '.' || content[digits] == ')') &&
               (content[digits + 1] == ' ' || content[digits + 1] == '\t')) {
      content.remove_prefix(digits + 2);
    } else {
      break;
    }
  }
  return content;
}

std::optional<Fence> fence_open(std::string_view content) {
  if (content.size() < 3 || (content[0] != '`' && content[0] != '~')) return std::nullopt;
  std::size_t run = 0;
  while (run < content.size() && content[run] == content[0]) ++run;
  if (run < 3) return std::nullopt;
  if (content[0] == '`' && content.substr(run).find('`') != std::string_view::npos) return std::nullopt;
  return Fence{content[0], run};
}

bool fence_closes(std::string_view content, const Fence& fence) {
  std::size_t run = 0;
  while (run < content.size() && content[run] == fence.fence_char) ++run;
  return run >= fence.length && util::is_blank(content.substr(run));
}

}  // namespace prepdeck::guide
