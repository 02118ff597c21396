#include "guide/question_body.h"

#include <array>
#include <cstring>

#include <fmt/format.h>

#include "guide/diagnostic_codes.h"
#include "util/text.h"

namespace prepdeck::guide {

namespace {

constexpr std::string_view k_brain = "\xF0\x9F\xA7\xA0";           // 🧠
constexpr std::string_view k_green = "\xF0\x9F\x9F\xA2";           // 🟢
constexpr std::string_view k_yellow = "\xF0\x9F\x9F\xA1";          // 🟡
constexpr std::string_view k_red = "\xF0\x9F\x94\xB4";             // 🔴
constexpr std::string_view k_check_mark = "\xE2\x9C\x94";          // ✔
constexpr std::string_view k_bulb = "\xF0\x9F\x92\xA1";            // 💡
constexpr std::string_view k_warning_sign = "\xE2\x9A\xA0";        // ⚠
constexpr std::string_view k_pin = "\xF0\x9F\x93\x8C";             // 📌
constexpr std::string_view k_green_check = "\xE2\x9C\x85";         // ✅
constexpr std::string_view k_small_square = "\xE2\x96\xAB";        // ▫
constexpr std::string_view k_cross = "\xE2\x9D\x8C";               // ❌
constexpr std::string_view k_variation_selector = "\xEF\xB8\x8F";  // U+FE0F

// Strips `prefix` and a following variation selector; true when `text` started with it.
inline bool consume(std::string_view& text, std::string_view prefix) {
  if (text.size() < prefix.size() || text[prefix.size() - 1] != prefix.back() ||
      std::memcmp(text.data(), prefix.data(), prefix.size()) != 0)
    return false;
  text.remove_prefix(prefix.size());
  if (text.rfind(k_variation_selector, 0) == 0) text.remove_prefix(k_variation_selector.size());
  return true;
}

// "*text*" / "_text_" / "**text**" -> "text".
std::string_view strip_emphasis(std::string_view text) {
  text = util::trim(text);
  for (std::string_view wrap : {"**", "__", "*", "_"}) {
    if (text.size() > 2 * wrap.size() && text.rfind(wrap, 0) == 0 && text.substr(text.size() - wrap.size()) == wrap)
      return util::trim(text.substr(wrap.size(), text.size() - 2 * wrap.size()));
  }
  return text;
}

// The first word made of letters.
std::string_view first_word(std::string_view text) {
  std::size_t start = 0;
  while (start < text.size() &&
         !((text[start] >= 'a' && text[start] <= 'z') || (text[start] >= 'A' && text[start] <= 'Z')))
    ++start;
  std::size_t end = start;
  while (end < text.size() && ((text[end] >= 'a' && text[end] <= 'z') || (text[end] >= 'A' && text[end] <= 'Z'))) ++end;
  return text.substr(start, end - start);
}

struct CalloutStart {
  CalloutKind kind;
  std::string label;
  std::size_t content_offset;  // byte offset in the line content where the callout text begins
};

std::optional<CalloutStart> parse_callout_start(std::string_view content) {
  std::string_view rest = content;
  CalloutKind kind;
  if (consume(rest, k_check_mark)) {
    kind = CalloutKind::check;
  } else if (consume(rest, k_bulb)) {
    kind = CalloutKind::tip;
  } else if (consume(rest, k_warning_sign)) {
    kind = CalloutKind::warning;
  } else if (consume(rest, k_pin)) {
    kind = CalloutKind::pin;
  } else {
    return std::nullopt;
  }
  rest = util::trim_left(rest);
  if (rest.rfind("**", 0) != 0) return std::nullopt;
  const std::size_t close = rest.find("**", 2);
  if (close == std::string_view::npos || close == 2) return std::nullopt;
  std::string_view label = util::trim(rest.substr(2, close - 2));
  std::string_view after = rest.substr(close + 2);
  if (!after.empty() && after.front() == ':') after.remove_prefix(1);  // "**Label**:"
  while (!label.empty() && (label.back() == ':' || label.back() == ' ')) label.remove_suffix(1);
  if (label.empty()) return std::nullopt;
  after = util::trim_left(after);
  CalloutStart start{kind, std::string(label), static_cast<std::size_t>(after.data() - content.data())};
  if (after.empty()) start.content_offset = content.size();
  return start;
}

struct ChoiceLine {
  bool correct;
  std::string_view text;
};

std::optional<ChoiceLine> parse_choice(std::string_view content) {
  std::string_view rest = content;
  if ((rest.rfind("- ", 0) == 0 || rest.rfind("* ", 0) == 0)) {
    rest = util::trim_left(rest.substr(2));
    // A task list item: "- [x] right", "- [ ] wrong".
    if (rest.size() > 4 && rest[0] == '[' && rest[2] == ']' && (rest[3] == ' ' || rest[3] == '\t')) {
      const char mark = rest[1];
      if (mark == 'x' || mark == 'X' || mark == ' ') {
        const std::string_view text = util::trim(rest.substr(4));
        if (text.empty()) return std::nullopt;
        return ChoiceLine{mark != ' ', text};
      }
    }
  }
  bool correct = false;
  if (consume(rest, k_green_check)) {
    correct = true;
  } else if (!consume(rest, k_small_square) && !consume(rest, k_cross)) {
    return std::nullopt;
  }
  rest = util::trim(rest);
  if (rest.empty()) return std::nullopt;
  return ChoiceLine{correct, rest};
}

}  // namespace

std::optional<LevelMarker> parse_level_marker(std::string_view content) {
  std::string_view rest = util::trim(content);
  std::optional<Level> colour;
  if (consume(rest, k_green)) {
    colour = Level::beginner;
  } else if (consume(rest, k_yellow)) {
    colour = Level::intermediate;
  } else if (consume(rest, k_red)) {
    colour = Level::advanced;
  }
  if (colour) {
    LevelMarker marker;
    marker.level = *colour;
    std::string_view word = first_word(rest);
    if (word == "Level" || word == "level" || word == "Difficulty" || word == "difficulty") {
      rest = rest.substr(static_cast<std::size_t>(word.data() + word.size() - rest.data()));
      word = first_word(rest);
    }
    if (auto named = level_from_word(word)) {
      marker.conflict = *named != *colour;
      marker.level = *named;
    }
    return marker;
  }
  // "**Intermediate**", "**Level:** Advanced", "Difficulty: Hard"
  std::string_view plain = strip_emphasis(rest);
  std::string_view word = first_word(plain);
  if (word == "Level" || word == "level" || word == "Difficulty" || word == "difficulty") {
    std::string_view after = plain.substr(static_cast<std::size_t>(word.data() + word.size() - plain.data()));
    after = util::trim_left(after);
    if (after.rfind("**", 0) == 0) after.remove_prefix(2);
    if (after.empty() || after.front() != ':') {
      if (after.rfind(":**", 0) != 0) return std::nullopt;
    }
    std::string_view value = util::trim(after.substr(after.find(':') + 1));
    if (value.rfind("**", 0) == 0) value.remove_prefix(2);
    value = strip_emphasis(value);
    // "Level: Intermediate (about 2 years)": the first word decides.
    if (auto named = level_from_word(first_word(value))) return LevelMarker{*named, false};
    return std::nullopt;
  }
  // A bold level word alone on its line.
  if (rest.size() >= 4 && rest.rfind("**", 0) == 0 && rest.substr(rest.size() - 2) == "**") {
    std::string_view inner = util::trim(rest.substr(2, rest.size() - 4));
    if (auto named = level_from_word(inner)) return LevelMarker{*named, false};
  }
  return std::nullopt;
}

QuestionBody read_question_body(Lines body, Reporter& reporter) {
  QuestionBody result;
  std::string& answer = result.answer_markdown;
  std::size_t total = 0;
  for (const Line& line : body) total += line.text.size() + 1;
  answer.reserve(total);
  std::optional<Fence> fence;
  bool pending_blank = false;  // blank lines are written lazily, so removed lines leave no gaps at the ends
  std::size_t blank_run = 0;
  result.parts.emplace_back();
  std::vector<Line> blank_lines;  // blank lines not yet kept, like pending_blank

  auto keep_line = [&](const Line& line) {
    std::vector<Line>& part = result.parts.back();
    if (!part.empty()) part.insert(part.end(), blank_lines.begin(), blank_lines.end());
    blank_lines.clear();
    part.push_back(line);
  };
  auto append_line = [&](std::string_view text) {
    if (!answer.empty() && pending_blank) answer.append(blank_run, '\n');
    pending_blank = false;
    blank_run = 0;
    answer.append(text);
    answer.push_back('\n');
  };

  for (const Line& line : body) {
    std::string_view text = line.text;
    if (util::is_blank(text)) {
      pending_blank = true;
      ++blank_run;
      blank_lines.push_back(line);
      continue;
    }
    const std::size_t indent = indent_width(text);
    const std::string_view content = util::trim_left(text);
    if (fence) {
      if (fence_closes(content, *fence)) fence.reset();
      keep_line(line);
      append_line(text);
      continue;
    }
    if (indent < 4 && (content[0] == '`' || content[0] == '~')) {
      if ((fence = fence_open(content))) {
        keep_line(line);
        append_line(text);
        continue;
      }
    }
    if (indent >= 4) {
      keep_line(line);
      append_line(text);
      continue;
    }
    // Every convention starts with an emoji, '*', '-', '_' or a Level/Difficulty word.
    const auto first = static_cast<unsigned char>(content[0]);
    if (first < 0x80 && first != '*' && first != '-' && first != '_' && first != 'L' && first != 'l' && first != 'D' &&
        first != 'd') {
      keep_line(line);
      append_line(text);
      continue;
    }
    if (!result.hint && content.rfind(k_brain, 0) == 0) {
      std::string_view hint = content.substr(k_brain.size());
      if (hint.rfind(k_variation_selector, 0) == 0) hint.remove_prefix(k_variation_selector.size());
      result.hint = std::string(strip_emphasis(hint));
      continue;
    }
    if (!result.level && result.callouts.empty()) {
      if (auto marker = parse_level_marker(content)) {
        if (marker->conflict) {
          reporter.report(
              line, static_cast<std::size_t>(content.data() - text.data()), util::Severity::warning,
              codes::k_level_conflict,
              fmt::format("level marker colour and word disagree; using '{}'", display_name(marker->level)));
        }
        result.level = marker->level;
        continue;
      }
    }
    if (auto choice = parse_choice(content)) {
      result.choices.push_back(Choice{std::string(choice->text), choice->correct, reporter.source_line(line)});
      continue;
    }
    if (auto callout = parse_callout_start(content)) {
      if (!answer.empty() && pending_blank) answer.append(blank_run, '\n');
      pending_blank = false;
      blank_run = 0;
      Callout c;
      c.kind = callout->kind;
      c.label = std::move(callout->label);
      c.line = reporter.source_line(line);
      c.label_offset = static_cast<std::uint32_t>(answer.size());
      const std::size_t content_start = static_cast<std::size_t>(content.data() - text.data());
      answer.append(text);
      answer.push_back('\n');
      c.offset = static_cast<std::uint32_t>(c.label_offset + content_start + callout->content_offset);
      if (callout->content_offset >= content.size()) c.offset = static_cast<std::uint32_t>(answer.size());
      result.callouts.push_back(std::move(c));
      blank_lines.clear();
      result.parts.emplace_back();
      if (callout->content_offset < content.size())
        result.parts.back().push_back(Line{content.substr(callout->content_offset), line.index});
      continue;
    }
    keep_line(line);
    append_line(text);
  }
  // Drop the trailing newline; a trailing blank run was never written.
  while (!answer.empty() && answer.back() == '\n') answer.pop_back();
  const auto size = static_cast<std::uint32_t>(answer.size());
  for (std::size_t i = 0; i < result.callouts.size(); ++i) {
    Callout& c = result.callouts[i];
    const std::uint32_t end = i + 1 < result.callouts.size() ? result.callouts[i + 1].label_offset : size;
    std::uint32_t begin = std::min(c.offset, end);
    // Leading blank lines and trailing whitespace are not part of the callout.
    while (begin < end && answer[begin] == '\n') ++begin;
    std::uint32_t stop = end;
    while (stop > begin && (answer[stop - 1] == '\n' || answer[stop - 1] == ' ' || answer[stop - 1] == '\t')) --stop;
    c.offset = begin;
    c.length = stop - begin;
  }
  return result;
}

}  // namespace prepdeck::guide
