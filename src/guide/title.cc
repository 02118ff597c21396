#include "guide/title.h"

#include <algorithm>
#include <charconv>

#include "util/text.h"

namespace prepdeck::guide {

namespace {

// Python's \w (Python-Markdown's admonition pattern), with every byte of a
// non-ASCII character taken as part of a word: a type may be "提示".
bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
         static_cast<unsigned char>(c) >= 0x80;
}

std::size_t count_occurrences(std::string_view text, std::string_view what) {
  std::size_t n = 0;
  std::size_t pos = 0;
  while ((pos = text.find(what, pos)) != std::string_view::npos) {
    ++n;
    pos += what.size();
  }
  return n;
}

}  // namespace

bool is_question_type(std::string_view type) { return type == "question" || type == "faq" || type == "help"; }

std::optional<AdmonitionHeader> parse_admonition_header(std::string_view content) {
  AdmonitionHeader header;
  std::size_t pos = 0;
  if (content.rfind("!!!", 0) == 0) {
    header.style = AdmonitionStyle::plain;
    pos = 3;
  } else if (content.rfind("???+", 0) == 0) {
    header.style = AdmonitionStyle::open;
    pos = 4;
  } else if (content.rfind("???", 0) == 0) {
    header.style = AdmonitionStyle::collapsed;
    pos = 3;
  } else {
    return std::nullopt;
  }
  while (pos < content.size() && content[pos] == ' ') ++pos;
  const std::size_t type_start = pos;
  while (pos < content.size() && is_word_char(content[pos])) ++pos;
  if (pos == type_start) return std::nullopt;
  header.type = util::to_lower_ascii(content.substr(type_start, pos - type_start));
  // Class words ("inline end") may come before a quoted title.
  std::string_view after_type = content.substr(pos);
  const std::size_t quote = after_type.find('"');
  std::string_view classes = after_type.substr(0, quote == std::string_view::npos ? after_type.size() : quote);
  const bool only_words =
      std::all_of(classes.begin(), classes.end(), [](char c) { return c == ' ' || is_word_char(c); });
  if (quote != std::string_view::npos && only_words) {
    pos += quote;
  } else if (quote == std::string_view::npos && only_words) {
    // No quotes: words are classes when Material knows them, else an unquoted title.
    bool all_known = true;
    std::size_t w = 0;
    while (w < classes.size()) {
      while (w < classes.size() && classes[w] == ' ') ++w;
      std::size_t e = w;
      while (e < classes.size() && classes[e] != ' ') ++e;
      const std::string_view word = classes.substr(w, e - w);
      if (!word.empty() && word != "inline" && word != "end" && word != "left" && word != "right") all_known = false;
      w = e;
    }
    if (all_known) pos = content.size();
  }
  std::string_view rest = util::trim(content.substr(pos));
  if (rest.empty()) {
    header.title_offset = util::trim_right(content).size();
    return header;
  }
  header.has_title = true;
  const std::size_t rest_offset = static_cast<std::size_t>(rest.data() - content.data());
  if (rest.front() == '"') {
    const std::size_t last = rest.rfind('"');
    if (last == 0) {
      header.unterminated = true;
      header.title = std::string(util::trim(rest.substr(1)));
      header.title_offset = rest_offset + 1;
    } else {
      header.title = std::string(rest.substr(1, last - 1));
      header.title_offset = rest_offset + 1;
      header.trailing_text = !util::is_blank(rest.substr(last + 1));
    }
  } else {
    // Unquoted title: Python-Markdown drops the whole block; we keep it.
    header.unterminated = true;
    header.title = std::string(rest);
    header.title_offset = rest_offset;
    if (header.title.back() == '"' && header.title.find('"') == header.title.size() - 1) header.title.pop_back();
  }
  return header;
}

namespace {

// "Q1", "#12", "3", each optionally followed by " (Easy)": the number, when
// `label` is that and nothing more.
std::optional<int> numbered_label(std::string_view label) {
  std::size_t pos = 0;
  if (pos < label.size() && (label[pos] == 'Q' || label[pos] == 'q' || label[pos] == '#')) ++pos;
  const std::size_t digits_start = pos;
  while (pos < label.size() && label[pos] >= '0' && label[pos] <= '9') ++pos;
  if (pos == digits_start || pos - digits_start > 6) return std::nullopt;
  int n = 0;
  std::from_chars(label.data() + digits_start, label.data() + pos, n);
  std::string_view rest = util::trim(label.substr(pos));
  if (!rest.empty() && rest.front() == '(' && rest.back() == ')' && rest.size() <= 24) rest = {};
  if (!rest.empty()) return std::nullopt;
  return n;
}

// "**Q1 (Easy):** What is X?" / "**Q1.** What" / "**3)** What": a bold
// number before the title.
bool bold_number(std::string_view& t, QuestionTitle& result) {
  if (t.rfind("**", 0) != 0) return false;
  const std::size_t close = t.find("**", 2);
  if (close == std::string_view::npos || close > 32) return false;
  std::string_view label = util::trim(t.substr(2, close - 2));
  std::string_view after = t.substr(close + 2);
  if (!label.empty() && (label.back() == ':' || label.back() == '.' || label.back() == ')')) {
    label.remove_suffix(1);
  } else if (!after.empty() && (after.front() == ':' || after.front() == '.')) {
    after.remove_prefix(1);
  } else {
    return false;
  }
  const std::optional<int> number = numbered_label(util::trim(label));
  if (!number) return false;
  result.number = number;
  t = util::trim(after);
  return true;
}

}  // namespace

QuestionTitle parse_question_title(std::string_view raw) {
  QuestionTitle result;
  std::string_view t = util::trim(raw);
  if (bold_number(t, result)) {
    result.title = std::string(t);
    return result;
  }
  // Unbalanced ** at either end is a typo: drop it.
  if (count_occurrences(t, "**") % 2 == 1) {
    if (t.size() >= 2 && t.substr(t.size() - 2) == "**") {
      t = util::trim(t.substr(0, t.size() - 2));
      result.stray_emphasis = true;
    } else if (t.rfind("**", 0) == 0) {
      t = util::trim(t.substr(2));
      result.stray_emphasis = true;
    }
  }
  // A title wrapped whole in ** ** or __ __ is just emphasis.
  for (std::string_view wrap : {"**", "__"}) {
    if (t.size() > 4 && t.rfind(wrap, 0) == 0 && t.substr(t.size() - 2) == wrap && count_occurrences(t, wrap) == 2)
      t = util::trim(t.substr(2, t.size() - 4));
  }
  // Leading number: "12.", "12)", "12:", "Q12.", "#12", "Q12 (Easy):".
  if (const std::size_t colon = t.find(':'); colon != std::string_view::npos && colon < 32 && t.find('(') < colon) {
    if (const std::optional<int> number = numbered_label(t.substr(0, colon))) {
      result.number = number;
      result.title = std::string(util::trim(t.substr(colon + 1)));
      return result;
    }
  }
  std::size_t pos = 0;
  if (pos < t.size() && (t[pos] == 'Q' || t[pos] == 'q' || t[pos] == '#') && pos + 1 < t.size() && t[pos + 1] >= '0' &&
      t[pos + 1] <= '9')
    ++pos;
  const std::size_t digits_start = pos;
  while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') ++pos;
  if (pos > digits_start && pos - digits_start <= 6) {
    std::size_t after = pos;
    bool separated = false;
    if (after < t.size() && (t[after] == '.' || t[after] == ')' || t[after] == ':')) {
      ++after;
      separated = after >= t.size() || t[after] == ' ' || t[after] == '\t';
    }
    if (separated) {
      int n = 0;
      std::from_chars(t.data() + digits_start, t.data() + pos, n);
      result.number = n;
      t = util::trim(t.substr(after));
    }
  }
  result.title = std::string(t);
  return result;
}

std::string summary_text(std::string_view html) {
  std::string out;
  bool in_tag = false;
  for (char c : html) {
    if (c == '<') {
      in_tag = true;
    } else if (c == '>' && in_tag) {
      in_tag = false;
    } else if (!in_tag) {
      out.push_back(c);
    }
  }
  out = util::replace_all(out, "&quot;", "\"");
  out = util::replace_all(out, "&#39;", "'");
  return std::string(util::trim(out));
}

}  // namespace prepdeck::guide
