#include "guide/model.h"

#include "util/text.h"

namespace prepdeck::guide {

std::string_view to_string(Level level) {
  switch (level) {
    case Level::beginner:
      return "beginner";
    case Level::intermediate:
      return "intermediate";
    case Level::advanced:
      return "advanced";
    case Level::unspecified:
      break;
  }
  return "unspecified";
}

std::string_view callout_icon(CalloutKind kind) {
  switch (kind) {
    case CalloutKind::check:
      return "\xE2\x9C\x94";  // ✔
    case CalloutKind::tip:
      return "\xF0\x9F\x92\xA1";  // 💡
    case CalloutKind::warning:
      return "\xE2\x9A\xA0\xEF\xB8\x8F";  // ⚠️
    case CalloutKind::pin:
      return "\xF0\x9F\x93\x8C";  // 📌
  }
  return "";
}

std::string_view display_name(Level level) {
  switch (level) {
    case Level::beginner:
      return "Beginner";
    case Level::intermediate:
      return "Intermediate";
    case Level::advanced:
      return "Advanced";
    case Level::unspecified:
      break;
  }
  return "Unspecified";
}

std::optional<Level> level_from_word(std::string_view word) {
  const std::string_view w = util::trim(word);
  const auto is = [w](std::string_view name) { return util::iequals_ascii(w, name); };
  if (is("beginner") || is("basic") || is("basics") || is("easy")) return Level::beginner;
  if (is("intermediate") || is("medium")) return Level::intermediate;
  if (is("advanced") || is("hard") || is("expert")) return Level::advanced;
  return std::nullopt;
}

std::string_view to_string(QuizKind kind) {
  switch (kind) {
    case QuizKind::single:
      return "single";
    case QuizKind::multiple:
      return "multiple";
    case QuizKind::fill:
      return "fill";
  }
  return "single";
}

std::pair<std::uint32_t, std::uint32_t> position_in_block(const Block& b, std::size_t offset) {
  const auto before = std::string_view(b.text).substr(0, std::min(offset, b.text.size()));
  const auto line_start = before.rfind('\n');
  const auto line = b.line + static_cast<std::uint32_t>(std::count(before.begin(), before.end(), '\n'));
  const auto column = static_cast<std::uint32_t>(
      util::count_code_points(line_start == std::string_view::npos ? before : before.substr(line_start + 1)) + 1 +
      b.indent);
  return {line, column};
}

void walk_blocks(const Guide& g, const std::vector<Block>& blocks, const std::function<void(const Block&)>& visit) {
  for (const Block& b : blocks) {
    visit(b);
    if (b.kind == BlockKind::question && b.index < g.questions.size())
      walk_blocks(g, g.questions[b.index].blocks, visit);
    walk_blocks(g, b.children, visit);
  }
}

}  // namespace prepdeck::guide
