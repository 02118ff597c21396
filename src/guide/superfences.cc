#include "guide/superfences.h"

#include <algorithm>
#include <optional>

#include "util/text.h"

namespace prepdeck::guide {
namespace {

bool is_blank_char(char c) { return c == ' ' || c == '\t'; }
bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
// Python's \w on str: letters and digits of any script, and '_'.
bool is_word_byte(char c) {
  return is_ascii_alpha(c) || is_ascii_digit(c) || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}
bool is_key_char(char c) { return is_ascii_alpha(c) || is_ascii_digit(c) || c == '_'; }

std::size_t run_of(std::string_view text, char c) {
  std::size_t n = 0;
  while (n < text.size() && text[n] == c) ++n;
  return n;
}

// superfences' RE_HL_LINES: `^\d+(?:-\d+)?(?:[ \t]+\d+(?:-\d+)?)*$`.
bool is_hl_lines(std::string_view v) {
  std::size_t i = 0;
  const auto number = [&] {
    const std::size_t start = i;
    while (i < v.size() && is_ascii_digit(v[i])) ++i;
    return i > start;
  };
  const auto range = [&] {
    if (!number()) return false;
    if (i < v.size() && v[i] == '-') {
      ++i;
      return number();
    }
    return true;
  };
  if (!range()) return false;
  while (i < v.size()) {
    if (!is_blank_char(v[i])) return false;
    while (i < v.size() && is_blank_char(v[i])) ++i;
    if (!range()) return false;
  }
  return true;
}

// What highlight_validator keeps as an option; anything else becomes an
// attribute, and parse_options refuses a fence with attributes. A key given
// without a value takes its own name as the value.
bool is_highlight_option(std::string_view key, std::optional<std::string_view> value) {
  const std::string_view v = value.value_or(key);
  if (key == "title") return true;
  if (key == "hl_lines") return is_hl_lines(v);
  if (key == "linenums") return !v.empty() && is_ascii_digit(v[0]);
  return false;
}

// After an option's closing quote at `at`: blanks, then the end or another
// key. A value's closing quote is the first one this holds after, which is
// where the regular expression's backtracking settles.
bool option_can_follow(std::string_view info, std::size_t at) {
  while (at < info.size() && is_blank_char(info[at])) ++at;
  if (at == info.size()) return true;
  if (!is_ascii_alpha(info[at])) return false;
  while (at < info.size() && is_key_char(info[at])) ++at;
  return at == info.size() || is_blank_char(info[at]) || info[at] == '=';
}

// Bounds the retries of a language that options follow without a blank
// (`title="x"` straight after the fence): each costs a pass over the line.
constexpr int k_language_retries = 4;

// Appends `line` with a backslash before byte `at`.
void append_escaped(std::string& out, std::string_view line, std::size_t at) {
  out.append(line.substr(0, at));
  out.push_back('\\');
  out.append(line.substr(at));
}

// Appends `line` with its fence run at `at` made `length` long.
void append_lengthened(std::string& out, std::string_view line, std::size_t at, std::size_t length) {
  const std::size_t run = run_of(line.substr(at), line[at]);
  out.append(line.substr(0, at));
  out.append(length, line[at]);
  out.append(line.substr(at + run));
}

// The options from `i` on: `key` or `key="value"`, blanks between, to the end.
bool options_from(std::string_view info, std::size_t i) {
  const auto skip_blanks = [&] {
    while (i < info.size() && is_blank_char(info[i])) ++i;
  };
  skip_blanks();
  while (i < info.size()) {
    if (!is_ascii_alpha(info[i]) || (i > 0 && is_word_byte(info[i - 1]))) return false;  // `\b[a-zA-Z]`
    const std::size_t key_start = i;
    while (i < info.size() && is_key_char(info[i])) ++i;
    const std::string_view key = info.substr(key_start, i - key_start);
    std::optional<std::string_view> value;
    if (i < info.size() && info[i] == '=') {
      if (i + 1 >= info.size() || (info[i + 1] != '"' && info[i + 1] != '\'')) return false;
      const char quote = info[i + 1];
      const std::size_t value_start = i + 2;
      std::size_t at = value_start;
      for (;;) {
        const std::size_t end = info.find(quote, at);
        if (end == std::string_view::npos) return false;
        if (option_can_follow(info, end + 1)) {
          value = info.substr(value_start, end - value_start);
          i = end + 1;
          break;
        }
        at = end + 1;
      }
    }
    if (!is_highlight_option(key, value)) return false;
    skip_blanks();
  }
  return true;
}

bool is_language_char(char c) { return is_word_byte(c) || c == '#' || c == '.' || c == '+' || c == '-'; }

}  // namespace

bool superfences_accepts_info(std::string_view info) {
  std::size_t i = 0;
  while (i < info.size() && is_blank_char(info[i])) ++i;
  if (i < info.size() && info[i] == '{') {
    const std::size_t close = info.find('}', i + 1);
    if (close == std::string_view::npos) return false;
    i = close + 1;
    while (i < info.size() && is_blank_char(info[i])) ++i;
    return i == info.size();
  }
  if (i < info.size() && info[i] == '.') ++i;
  const std::size_t language_start = i;
  while (i < info.size() && is_language_char(info[i])) ++i;
  if (options_from(info, i)) return true;
  // The expression gives the language back a character at a time; an option
  // can only start where a word does, so try the last few such places.
  int tries = 0;
  for (std::size_t end = i; end-- > language_start && tries < k_language_retries;) {
    if (is_ascii_alpha(info[end]) && (end == language_start || !is_word_byte(info[end - 1]))) {
      ++tries;
      if (options_from(info, end)) return true;
    }
  }
  return false;
}

FencePairing pair_fences_as_superfences(Lines lines) {
  FencePairing out;
  struct Open {
    std::uint32_t row = 0;
    std::size_t width = 0;  // indentation, tabs to 4
    std::size_t at = 0;     // byte of the first fence character
    char fence = '`';
    std::size_t length = 0;
    std::size_t longest_inner = 0;  // longest run in the body CommonMark would close on
  };
  std::optional<Open> open;
  const auto row_of = [](std::size_t row) { return static_cast<std::uint32_t>(row); };
  // Records the line `append` writes as the new text of `row`.
  const auto rewrite = [&](std::size_t row, const auto& append) {
    const std::size_t offset = out.text.size();
    append(out.text);
    out.rewrites.push_back(FenceRewrite{row_of(row), static_cast<std::uint32_t>(out.text.size() - offset), offset});
  };
  const auto escape = [&](std::size_t row, std::size_t at) {
    rewrite(row, [&](std::string& text) { append_escaped(text, lines[row].text, at); });
  };
  // Rows superfences never looked at for an opening: escape what CommonMark would open on.
  const auto blind = [&](std::size_t from, std::size_t to) {
    for (std::size_t row = from; row < to; ++row) {
      const std::string_view text = lines[row].text;
      const std::string_view content = util::trim_left(text);
      if (fence_open(content)) escape(row, static_cast<std::size_t>(content.data() - text.data()));
    }
  };
  const auto give_up = [&](FenceProblem problem, std::size_t ended_at) {
    out.reports.push_back(FenceReport{open->row, open->at, problem, row_of(ended_at)});
    escape(open->row, open->at);
    blind(open->row + 1, ended_at);
    open.reset();
  };

  for (std::size_t row = 0; row < lines.size(); ++row) {
    const std::string_view text = lines[row].text;
    if (open) {
      if (util::is_blank(text)) continue;
      const std::size_t width = indent_width(text);
      if (width < open->width) {
        give_up(FenceProblem::abandoned, row);
        continue;  // the row that ended it is not looked at as an opening
      }
      const std::string_view content = util::trim_left(text);
      const std::size_t run = run_of(content, open->fence);
      if (run < open->length || !util::is_blank(content.substr(run))) continue;
      if (width == open->width && run == open->length) {
        if (open->longest_inner >= open->length) {
          const std::size_t length = open->longest_inner + 1;
          const Open opening = *open;
          rewrite(opening.row,
                  [&](std::string& t) { append_lengthened(t, lines[opening.row].text, opening.at, length); });
          rewrite(row, [&](std::string& t) {
            append_lengthened(t, text, static_cast<std::size_t>(content.data() - text.data()), length);
          });
        }
        open.reset();
      } else if (width <= open->width + 3) {
        open->longest_inner = std::max(open->longest_inner, run);
      }
      continue;
    }
    const std::string_view content = util::trim_left(text);
    if (content.size() < 3 || (content[0] != '`' && content[0] != '~')) continue;
    const std::size_t run = run_of(content, content[0]);
    if (run < 3) continue;
    const auto at = static_cast<std::size_t>(content.data() - text.data());
    if (superfences_accepts_info(content.substr(run))) {
      open = Open{row_of(row), indent_width(text), at, content[0], run, 0};
    } else if (fence_open(content)) {
      out.reports.push_back(FenceReport{row_of(row), at, FenceProblem::rejected_options, 0});
      escape(row, at);
    }
  }
  if (open) give_up(FenceProblem::never_closed, lines.size());
  // Rows only ever grow: an opening is rewritten before what follows it.
  return out;
}

}  // namespace prepdeck::guide
