#include "guide/quiz_parser.h"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "guide/diagnostic_codes.h"
#include "guide/markdown.h"
#include "util/text.h"

namespace prepdeck::guide {

namespace {

struct OptionLine {
  bool correct = false;
  bool bad_mark = false;
  std::string mark;
  std::string text;
  std::size_t mark_offset = 0;  // byte offset of '[' in the line
};

// `- [x] text`, `* [ ] text`; `[y]` and other marks are reported as bad.
std::optional<OptionLine> parse_option(std::string_view text) {
  const std::string_view content = util::trim(text);
  if (content.size() < 3 || (content[0] != '-' && content[0] != '*')) return std::nullopt;
  std::size_t pos = 1;
  while (pos < content.size() && (content[pos] == ' ' || content[pos] == '\t')) ++pos;
  if (pos >= content.size() || content[pos] != '[') return std::nullopt;
  const std::size_t open = pos;
  const std::size_t close = content.find(']', open + 1);
  if (close == std::string_view::npos || close - open - 1 > 3) return std::nullopt;
  const std::string_view mark = content.substr(open + 1, close - open - 1);
  std::string_view rest = content.substr(close + 1);
  if (!rest.empty() && rest.front() != ' ' && rest.front() != '\t') return std::nullopt;  // "[link](url)"
  OptionLine option;
  option.mark = std::string(mark);
  option.text = std::string(util::trim(rest));
  option.mark_offset = static_cast<std::size_t>(content.data() - text.data()) + open;
  if (mark.empty() || mark == " ") {
    option.correct = false;
  } else if (mark == "x" || mark == "X") {
    option.correct = true;
  } else {
    option.bad_mark = true;
    // Recover the author's evident meaning: a tick or an x-like mark is "right".
    const std::string_view m = util::trim(mark);
    option.correct = m == "x" || m == "X" || m == "v" || m == "V" || m == "*" || m == "+" || m == "y" || m == "Y" ||
                     m == "\xE2\x9C\x93" || m == "\xE2\x9C\x94";
  }
  return option;
}

std::optional<std::string_view> feedback_text(std::string_view text) {
  const std::string_view content = util::trim_left(text);
  if (content.empty() || content.front() != '>') return std::nullopt;
  std::string_view rest = content.substr(1);
  if (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  return util::trim_right(rest);
}

bool is_rule(std::string_view text) { return util::trim(text) == "---"; }

std::string join(Lines lines, std::size_t indent) {
  std::string out;
  for (const Line& line : lines) {
    out.append(util::is_blank(line.text) ? std::string_view() : dedent(line.text, indent));
    out.push_back('\n');
  }
  return std::string(util::trim(out));
}

struct FenceTracker {
  std::optional<Fence> fence;

  // Returns true when `text` is inside a fence or is a fence line.
  bool step(std::string_view text) {
    const std::string_view content = util::trim_left(text);
    if (fence) {
      if (fence_closes(content, *fence)) fence.reset();
      return true;
    }
    fence = fence_open(content);
    return fence.has_value();
  }
};

}  // namespace

QuizItem parse_quiz(const Line& open, Lines content, Reporter& reporter) {
  QuizItem item;
  item.line = reporter.source_line(open);
  item.file = reporter.source_file(open);

  // Trim blank lines at both ends and find the common indentation.
  std::size_t first = 0;
  std::size_t last = content.size();
  while (first < last && util::is_blank(content[first].text)) ++first;
  while (last > first && util::is_blank(content[last - 1].text)) --last;
  Lines lines = content.subspan(first, last - first);
  std::size_t indent = SIZE_MAX;
  for (const Line& l : lines) {
    if (!util::is_blank(l.text)) indent = std::min(indent, indent_width(l.text));
  }
  if (indent == SIZE_MAX) indent = 0;
  if (lines.empty()) {
    reporter.report(open, 0, util::Severity::error, codes::k_quiz_without_question,
                    "empty <quiz>: no question, no options");
    return item;
  }

  // Locate the options outside code fences.
  std::vector<std::size_t> option_rows;
  {
    FenceTracker fences;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (fences.step(lines[i].text)) continue;
      if (parse_option(lines[i].text)) option_rows.push_back(i);
    }
  }

  if (option_rows.empty()) {
    // Fill-in-the-blank, or nothing usable.
    std::size_t rule = lines.size();
    FenceTracker fences;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (fences.step(lines[i].text)) continue;
      if (is_rule(lines[i].text)) {
        rule = i;
        break;
      }
    }
    item.question_markdown = join(lines.subspan(0, rule), indent);
    if (rule < lines.size()) item.explanation_markdown = join(lines.subspan(rule + 1), indent);
    for (auto& blank : find_blanks(item.question_markdown)) item.blanks.push_back(std::move(blank.answer));
    if (item.blanks.empty()) {
      reporter.report(open, 0, util::Severity::error, codes::k_quiz_without_options,
                      "quiz has no options (- [x] / - [ ]) and no [[answer]] blanks");
      return item;
    }
    item.kind = QuizKind::fill;
    item.valid = !item.question_markdown.empty();
    return item;
  }

  const std::size_t first_option = option_rows.front();
  item.question_markdown = join(lines.subspan(0, first_option), indent);
  bool valid = true;
  if (item.question_markdown.empty()) {
    reporter.report(lines[first_option], 0, util::Severity::error, codes::k_quiz_without_question,
                    "quiz has options but no question before them");
    valid = false;
  }

  // Options with their feedback; the explanation starts at the first other line.
  std::size_t i = first_option;
  std::size_t explanation_start = lines.size();
  while (i < lines.size()) {
    const Line& line = lines[i];
    if (auto option = parse_option(line.text)) {
      if (option->bad_mark) {
        reporter.report(line, option->mark_offset, util::Severity::error, codes::k_bad_checkbox_mark,
                        fmt::format("'[{}]' is not a checkbox mark; write [x] for a right answer or [ ] for a wrong "
                                    "one (read as {})",
                                    option->mark, option->correct ? "right" : "wrong"));
        valid = false;
      }
      QuizOption o;
      o.markdown = std::move(option->text);
      o.correct = option->correct;
      o.line = reporter.source_line(line);
      ++i;
      std::string feedback;
      while (i < lines.size()) {
        auto fb = feedback_text(lines[i].text);
        if (!fb) break;
        if (!feedback.empty()) feedback.push_back('\n');
        feedback.append(*fb);
        ++i;
      }
      o.feedback = std::move(feedback);
      item.options.push_back(std::move(o));
      continue;
    }
    if (util::is_blank(line.text)) {
      ++i;
      continue;
    }
    // A `>` block after a blank line, followed by more options: feedback cut off from its option.
    if (feedback_text(line.text)) {
      std::size_t j = i;
      while (j < lines.size() && (feedback_text(lines[j].text) || util::is_blank(lines[j].text))) ++j;
      if (j < lines.size() && parse_option(lines[j].text)) {
        reporter.report(line, static_cast<std::size_t>(util::trim_left(line.text).data() - line.text.data()),
                        util::Severity::warning, codes::k_orphaned_feedback,
                        "feedback is separated from its option by a blank line; attached to the option above");
        std::string& feedback = item.options.back().feedback;
        for (std::size_t k = i; k < j; ++k) {
          if (auto fb = feedback_text(lines[k].text)) {
            if (!feedback.empty()) feedback.push_back('\n');
            feedback.append(*fb);
          }
        }
        i = j;
        continue;
      }
    }
    explanation_start = i;
    break;
  }
  if (explanation_start < lines.size()) {
    Lines rest = lines.subspan(explanation_start);
    if (!rest.empty() && is_rule(rest.front().text)) rest = rest.subspan(1);
    item.explanation_markdown = join(rest, indent);
  }
  const auto correct = std::count_if(item.options.begin(), item.options.end(), [](const auto& o) { return o.correct; });
  if (correct == 0) {
    reporter.report(open, 0, util::Severity::error, codes::k_quiz_without_correct,
                    fmt::format("none of the {} options is marked right with [x]", item.options.size()));
    valid = false;
  }
  item.kind = correct >= 2 ? QuizKind::multiple : QuizKind::single;
  item.valid = valid;
  return item;
}

}  // namespace prepdeck::guide
