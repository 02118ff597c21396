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

namespace {

// Case-insensitive search for `needle` (ASCII) in `text` from `from`.
std::size_t find_tag(std::string_view text, std::string_view needle, std::size_t from) {
  for (std::size_t at = text.find('<', from); at != std::string_view::npos; at = text.find('<', at + 1)) {
    if (at + needle.size() <= text.size() && util::iequals_ascii(text.substr(at, needle.size()), needle)) {
      // "<answer" must not match "<answers"; the name ends at '>', '/' or whitespace.
      const std::size_t end = at + needle.size();
      if (needle.back() == '>' || end == text.size() || text[end] == '>' || text[end] == '/' ||
          util::is_space(text[end]))
        return at;
    }
  }
  return std::string_view::npos;
}

// The inner text of the first <tag ...>...</tag> in `text`, trimmed; `attributes` gets what
// stands between the name and '>'. `from` moves past the element.
std::optional<std::string_view> next_element(std::string_view text, std::string_view open_tag,
                                             std::string_view close_tag, std::size_t& from,
                                             std::string_view* attributes = nullptr) {
  const std::size_t start = find_tag(text, open_tag, from);
  if (start == std::string_view::npos) return std::nullopt;
  const std::size_t gt = text.find('>', start);
  if (gt == std::string_view::npos) return std::nullopt;
  if (attributes != nullptr) *attributes = text.substr(start + open_tag.size(), gt - start - open_tag.size());
  std::size_t close = find_tag(text, close_tag, gt + 1);
  if (close == std::string_view::npos) close = text.size();
  from = std::min(text.size(), close + close_tag.size());
  return util::trim(text.substr(gt + 1, close - gt - 1));
}

// Collapses the whitespace runs (line breaks and indentation) of HTML text to single spaces.
std::string collapse_spaces(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : util::trim(text)) {
    if (util::is_space(c)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::vector<QuizItem> parse_html_quiz(const Line& open, Lines content, Reporter& reporter) {
  std::vector<QuizItem> items;
  // Only a <question> tag that starts a line makes the form (one inside a sentence
  // or inline code is text); most quizzes stop here.
  const bool html_form = std::any_of(content.begin(), content.end(), [](const Line& l) {
    return find_tag(util::trim_left(l.text), "<question", 0) == 0;
  });
  if (!html_form) return items;
  // The body as one text, remembering where each line starts.
  std::string text;
  std::vector<std::size_t> starts;
  for (const Line& l : content) {
    starts.push_back(text.size());
    text.append(l.text);
    text.push_back('\n');
  }
  const std::string_view all = text;
  const auto line_at = [&](std::size_t offset) -> const Line& {
    const auto it = std::upper_bound(starts.begin(), starts.end(), offset);
    return content[static_cast<std::size_t>(it - starts.begin()) - 1];
  };
  std::size_t from = 0;
  while (true) {
    const std::size_t at = find_tag(all, "<question", from);
    if (at == std::string_view::npos) break;
    std::size_t end = find_tag(all, "</question>", at);
    const std::size_t next = find_tag(all, "<question", at + 1);
    if (end == std::string_view::npos || (next != std::string_view::npos && next < end)) end = next;
    if (end == std::string_view::npos) end = all.size();
    const std::string_view element = all.substr(at, end - at);
    const Line& line = line_at(at);

    QuizItem item;
    item.line = reporter.source_line(line);
    item.file = reporter.source_file(line);
    std::size_t pos = 0;
    if (auto stem = next_element(element, "<p", "</p>", pos)) item.question_markdown = collapse_spaces(*stem);
    if (item.question_markdown.empty()) {
      // No <p>: the text between <question> and the first <answer>.
      const std::size_t gt = element.find('>');
      const std::size_t first_answer = find_tag(element, "<answer", 0);
      if (gt != std::string_view::npos && gt < first_answer)
        item.question_markdown = collapse_spaces(element.substr(
            gt + 1, first_answer == std::string_view::npos ? std::string_view::npos : first_answer - gt - 1));
    }
    pos = 0;
    std::string_view attributes;
    while (auto answer = next_element(element, "<answer", "</answer>", pos, &attributes)) {
      QuizOption option;
      option.markdown = collapse_spaces(*answer);
      // `correct` as an attribute name: <answer correct>, <answer correct="true">.
      const std::string lowered = util::to_lower_ascii(attributes);
      const std::size_t c = lowered.find("correct");
      option.correct = c != std::string::npos && (c == 0 || util::is_space(lowered[c - 1])) &&
                       lowered.find("correct=\"false\"") == std::string::npos;
      option.line = reporter.source_line(line_at(at + pos - 1));
      item.options.push_back(std::move(option));
    }
    const auto correct =
        std::count_if(item.options.begin(), item.options.end(), [](const auto& o) { return o.correct; });
    item.kind = correct >= 2 ? QuizKind::multiple : QuizKind::single;
    item.valid = true;
    if (item.question_markdown.empty()) {
      reporter.report(line, 0, util::Severity::error, codes::k_quiz_without_question,
                      "<question> has no question text");
      item.valid = false;
    } else if (item.options.empty()) {
      reporter.report(line, 0, util::Severity::error, codes::k_quiz_without_options, "<question> has no <answer>");
      item.valid = false;
    } else if (correct == 0) {
      reporter.report(line, 0, util::Severity::error, codes::k_quiz_without_correct,
                      fmt::format("none of the {} answers is marked <answer correct>", item.options.size()));
      item.valid = false;
    }
    items.push_back(std::move(item));
    from = end;
  }
  if (!items.empty()) {
    reporter.report(
        open, 0, util::Severity::warning, codes::k_quiz_html_form,
        fmt::format("<quiz> holds {} <question> element{} with <answer> tags, which mkdocs-quiz does not "
                    "read; read as {} quiz item{}. Write each as its own <quiz> with - [x] / - [ ] options",
                    items.size(), items.size() == 1 ? "" : "s", items.size(), items.size() == 1 ? "" : "s"));
  }
  return items;
}

}  // namespace prepdeck::guide
