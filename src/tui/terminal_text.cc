#include "tui/terminal_text.h"

#include <algorithm>
#include <numeric>

#include "guide/markdown.h"
#include "util/html_entities.h"
#include "util/text.h"

namespace prepdeck::tui {

namespace {

int code_point_width(char32_t c) {
  if (c == 0 || c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || (c >= 0xFE00 && c <= 0xFE0F)) return 0;
  if ((c >= 0x300 && c <= 0x36F) || (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF) ||
      (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE20 && c <= 0xFE2F))
    return 0;  // combining marks
  if (c < 0x20 || (c >= 0x7F && c < 0xA0)) return 0;
  if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) ||
      (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
      (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
      (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
      (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x1FA70 && c <= 0x1FAFF) || (c >= 0x20000 && c <= 0x3FFFD) ||
      c == 0x2705 || c == 0x274C || c == 0x2753 || c == 0x2757 || c == 0x26A0 || c == 0x2B50 ||
      (c >= 0x1F680 && c <= 0x1F6FF) || (c >= 0x1F4A0 && c <= 0x1F4FF))
    return 2;
  return 1;
}

// Length of the escape sequence at text[i] ("\x1b[...m"), or 0.
std::size_t escape_length(std::string_view text, std::size_t i) {
  if (text[i] != '\x1b' || i + 1 >= text.size() || text[i + 1] != '[') return 0;
  std::size_t j = i + 2;
  while (j < text.size() && ((text[j] >= '0' && text[j] <= '9') || text[j] == ';')) ++j;
  return j < text.size() ? j + 1 - i : 0;
}

struct Token {
  std::string text;
  int width = 0;
  bool newline = false;  // a forced break
};

// Words, each with its escape codes, and forced breaks.
std::vector<Token> tokens_of(std::string_view text) {
  std::vector<Token> tokens;
  Token word;
  const auto flush = [&] {
    if (!word.text.empty()) tokens.push_back(std::move(word));
    word = Token{};
  };
  for (std::size_t i = 0; i < text.size();) {
    if (const std::size_t esc = escape_length(text, i); esc > 0) {
      word.text.append(text.substr(i, esc));
      i += esc;
    } else if (text[i] == '\n') {
      flush();
      tokens.push_back(Token{{}, 0, true});
      ++i;
    } else if (text[i] == ' ' || text[i] == '\t') {
      flush();
      ++i;
    } else {
      const std::size_t start = i;
      const char32_t c = util::decode_utf8(text, i);
      word.text.append(text.substr(start, i - start));
      word.width += code_point_width(c);
    }
  }
  flush();
  return tokens;
}

// The SGR codes in effect after `text`, given those before it.
void track_sgr(std::string_view text, std::string& active) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (const std::size_t esc = escape_length(text, i); esc > 0) {
      const std::string_view code = text.substr(i, esc);
      if (code == "\x1b[0m") {
        active.clear();
      } else {
        active.append(code);
      }
      i += esc - 1;
    }
  }
}

// Cuts a word wider than `width` into pieces of at most `width` columns.
std::vector<Token> cut(const Token& word, int width) {
  std::vector<Token> pieces;
  Token piece;
  const std::string_view text = word.text;
  for (std::size_t i = 0; i < text.size();) {
    if (const std::size_t esc = escape_length(text, i); esc > 0) {
      piece.text.append(text.substr(i, esc));
      i += esc;
      continue;
    }
    const std::size_t start = i;
    const int w = code_point_width(util::decode_utf8(text, i));
    if (piece.width + w > width && piece.width > 0) {
      pieces.push_back(std::move(piece));
      piece = Token{};
    }
    piece.text.append(text.substr(start, i - start));
    piece.width += w;
  }
  if (!piece.text.empty()) pieces.push_back(std::move(piece));
  return pieces;
}

bool has_escapes(std::string_view text) { return text.find('\x1b') != std::string_view::npos; }

// Something other than white space and escape codes.
bool has_visible_text(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (const std::size_t esc = escape_length(text, i); esc > 0) {
      i += esc - 1;
    } else if (!util::is_space(text[i])) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string in_style(std::string_view base, std::string_view text) {
  if (base.empty()) return std::string(text);
  std::string out(base);
  constexpr std::string_view k_reset = "\x1b[0m";
  std::size_t from = 0;
  for (std::size_t at = text.find(k_reset); at != std::string_view::npos; at = text.find(k_reset, from)) {
    out.append(text.substr(from, at + k_reset.size() - from));
    out.append(base);
    from = at + k_reset.size();
  }
  out.append(text.substr(from));
  out.append(k_reset);
  return out;
}

std::string repeat(std::string_view piece, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out += piece;
  return out;
}

int display_width(std::string_view text) {
  int width = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (const std::size_t esc = escape_length(text, i); esc > 0) {
      i += esc;
      continue;
    }
    width += code_point_width(util::decode_utf8(text, i));
  }
  return width;
}

std::string wrap(std::string_view text, int width, std::string_view first, std::string_view rest) {
  std::string out;
  const int first_width = display_width(first);
  const int rest_width = display_width(rest);
  std::string active;  // the styles in effect, re-applied after each prefix
  bool line_open = false;
  int column = 0;
  int limit = 0;
  bool first_line = true;
  const bool styled = has_escapes(text);
  const auto start_line = [&] {
    out += first_line ? first : rest;
    limit = std::max(8, width - (first_line ? first_width : rest_width));
    first_line = false;
    line_open = true;
    column = 0;
    if (styled) out += active;
  };
  const auto end_line = [&] {
    if (styled && !active.empty()) out += "\x1b[0m";
    out += '\n';
    line_open = false;
  };
  for (const Token& token : tokens_of(text)) {
    if (token.newline) {
      if (!line_open) start_line();
      end_line();
      continue;
    }
    if (!line_open) start_line();
    std::vector<Token> pieces = token.width > limit ? cut(token, limit) : std::vector<Token>{token};
    for (const Token& piece : pieces) {
      const int needed = (column > 0 ? 1 : 0) + piece.width;
      if (column > 0 && column + needed > limit) {
        end_line();
        start_line();
      }
      if (column > 0) {
        out += ' ';
        ++column;
      }
      out += piece.text;
      column += piece.width;
      if (styled) track_sgr(piece.text, active);
    }
  }
  if (line_open) end_line();
  return out;
}

namespace {

using guide::MdBlock;
using guide::MdBlockInfo;
using guide::MdSpan;
using guide::MdText;

// md4c's events laid out as terminal lines.
class TerminalLayout final : public guide::MarkdownVisitor {
 public:
  TerminalLayout(const TextStyle& style, std::string_view indent) : m_style(style), m_ansi{style.color} {
    m_prefixes.push_back(Prefix{std::string(indent), std::string(indent)});
  }

  std::string finish() {
    flush_inline();
    return std::move(m_out);
  }

  void enter_block(const MdBlockInfo& b) override {
    switch (b.kind) {
      case MdBlock::document:
        break;
      case MdBlock::quote:
        flush_inline();
        push_prefix(std::string(m_ansi.dim()) + "\xE2\x94\x82 " + std::string(m_ansi.reset()),
                    std::string(m_ansi.dim()) + "\xE2\x94\x82 " + std::string(m_ansi.reset()));
        break;
      case MdBlock::bullet_list:
      case MdBlock::ordered_list:
        flush_inline();
        if (m_lists.empty()) blank_line();
        m_lists.push_back(List{b.kind == MdBlock::ordered_list, b.start});
        break;
      case MdBlock::list_item: {
        flush_inline();
        List& list = m_lists.back();
        std::string marker = list.ordered ? std::to_string(list.next++) + ". " : std::string("\xE2\x80\xA2 ");
        if (b.task) marker += b.checked ? "[x] " : "[ ] ";
        const int w = display_width(marker);
        push_prefix(std::string(m_ansi.cyan()) + marker + std::string(m_ansi.reset()),
                    std::string(static_cast<std::size_t>(w), ' '));
        break;
      }
      case MdBlock::rule:
        flush_inline();
        blank_line();
        emit_line(std::string(m_ansi.dim()) + repeat("\xE2\x94\x80", std::max(3, m_style.width - prefix_width())) +
                  std::string(m_ansi.reset()));
        m_need_blank = true;
        break;
      case MdBlock::heading:
        flush_inline();
        blank_line();
        m_inline += m_ansi.bold();
        if (b.heading_level <= 2) m_inline += m_ansi.underline();
        m_in_heading = true;
        break;
      case MdBlock::code:
        flush_inline();
        blank_line();
        m_code.clear();
        m_in_code = true;
        break;
      case MdBlock::html:
        flush_inline();
        m_in_html = true;
        break;
      case MdBlock::paragraph:
        flush_inline();
        if (m_lists.empty() || m_paragraphs_in_item++ > 0) blank_line();
        break;
      case MdBlock::table:
        flush_inline();
        blank_line();
        m_table.clear();
        break;
      case MdBlock::table_head:
      case MdBlock::table_body:
        break;
      case MdBlock::table_row:
        m_table.emplace_back();
        break;
      case MdBlock::table_header_cell:
      case MdBlock::table_cell:
        m_in_cell = true;
        m_cell.clear();
        if (b.kind == MdBlock::table_header_cell) m_cell += m_ansi.bold();
        break;
    }
  }

  void leave_block(const MdBlockInfo& b) override {
    switch (b.kind) {
      case MdBlock::document:
        break;
      case MdBlock::quote:
        flush_inline();
        m_prefixes.pop_back();
        m_need_blank = true;
        break;
      case MdBlock::bullet_list:
      case MdBlock::ordered_list:
        flush_inline();
        m_lists.pop_back();
        if (m_lists.empty()) m_need_blank = true;
        break;
      case MdBlock::list_item:
        flush_inline();
        m_prefixes.pop_back();
        m_paragraphs_in_item = 0;
        break;
      case MdBlock::rule:
        break;
      case MdBlock::heading:
        m_inline += m_ansi.reset();
        m_in_heading = false;
        flush_inline();
        m_need_blank = true;
        break;
      case MdBlock::code:
        m_in_code = false;
        emit_code();
        m_need_blank = true;
        break;
      case MdBlock::html:
        m_in_html = false;
        flush_inline();
        break;
      case MdBlock::paragraph:
        flush_inline();
        m_need_blank = true;
        break;
      case MdBlock::table:
        emit_table();
        m_need_blank = true;
        break;
      case MdBlock::table_head:
      case MdBlock::table_body:
      case MdBlock::table_row:
        break;
      case MdBlock::table_header_cell:
      case MdBlock::table_cell:
        if (b.kind == MdBlock::table_header_cell) m_cell += m_ansi.reset();
        m_in_cell = false;
        if (!m_table.empty()) m_table.back().push_back(m_cell);
        break;
    }
  }

  void enter_span(MdSpan span, std::string_view href) override {
    std::string& target = m_in_cell ? m_cell : m_inline;
    switch (span) {
      case MdSpan::strong:
        target += m_ansi.bold();
        break;
      case MdSpan::emphasis:
        target += m_ansi.italic();
        break;
      case MdSpan::code:
        target += m_ansi.cyan();
        break;
      case MdSpan::link:
        target += m_ansi.underline();
        m_links.push_back(std::string(href));
        break;
      case MdSpan::strikethrough:
        target += m_style.color == Color::on ? "\x1b[9m" : "~";
        break;
      case MdSpan::underline:
        target += m_ansi.underline();
        break;
      case MdSpan::image:
      case MdSpan::other:
        break;
    }
    m_spans.push_back(span);
  }

  void leave_span(MdSpan span) override {
    std::string& target = m_in_cell ? m_cell : m_inline;
    if (!m_spans.empty()) m_spans.pop_back();
    if (span == MdSpan::strikethrough && m_style.color == Color::off) target += "~";
    target += m_ansi.reset();
    // Styles still open around this span, and a header cell's bold.
    if (m_in_heading) target += m_ansi.bold();
    for (MdSpan open : m_spans) {
      if (open == MdSpan::strong) target += m_ansi.bold();
      if (open == MdSpan::emphasis) target += m_ansi.italic();
      if (open == MdSpan::code) target += m_ansi.cyan();
      if (open == MdSpan::link) target += m_ansi.underline();
    }
    if (span == MdSpan::link && !m_links.empty()) {
      const std::string href = std::move(m_links.back());
      m_links.pop_back();
      if (!href.empty() && href.front() != '#') {
        target += ' ';
        target += m_ansi.dim();
        target += "<" + href + ">";
        target += m_ansi.reset();
      }
    }
  }

  void text(MdText kind, std::string_view text) override {
    if (m_in_code) {
      m_code.append(text);
      return;
    }
    std::string& target = m_in_cell ? m_cell : m_inline;
    switch (kind) {
      case MdText::soft_break:
        target += ' ';
        break;
      case MdText::hard_break:
        target += '\n';
        break;
      case MdText::null_char:
        break;
      case MdText::entity:
        target += decode_entity(text);
        break;
      case MdText::html:
        if (m_in_html) {
          // A raw HTML block: shown as its text, tags dropped.
          target += strip_tags(text);
        }
        break;
      case MdText::normal:
      case MdText::code:
        target.append(text);
        break;
    }
  }

 private:
  struct Prefix {
    std::string first;  // for the next line
    std::string rest;
  };
  struct List {
    bool ordered = false;
    int next = 1;
  };

  // An entity md4c passed through ("&amp;", "&#27;"), as a browser decodes it;
  // a control character it spells is shown as U+FFFD, never sent to the terminal.
  static std::string decode_entity(std::string_view e) {
    std::string out;
    if (util::decode_character_reference(e, util::CharRefContext::text, out) != e.size()) return std::string(e);
    std::string_view decoded = out;
    std::size_t pos = 0;
    const char32_t c = util::decode_utf8(decoded, pos);
    if (pos == decoded.size() && (c < 0x20 || (c >= 0x7F && c <= 0x9F))) return "\xEF\xBF\xBD";
    return out;
  }

  static std::string strip_tags(std::string_view html) {
    std::string out;
    bool in_tag = false;
    for (char c : html) {
      if (c == '<') {
        in_tag = true;
      } else if (c == '>') {
        in_tag = false;
      } else if (!in_tag && c != '\n') {
        out += c;
      }
    }
    return out;
  }

  void push_prefix(std::string first, std::string rest) {
    const Prefix& outer = m_prefixes.back();
    m_prefixes.push_back(Prefix{outer.first + first, outer.rest + rest});
    // The outer first-line prefix is used up by this block's first line.
    m_prefixes[m_prefixes.size() - 2].first = m_prefixes[m_prefixes.size() - 2].rest;
  }

  int prefix_width() const { return display_width(m_prefixes.back().rest); }

  // The first line of a block takes the first-line prefix, then it is the rest's.
  std::string take_first_prefix() {
    std::string first = m_prefixes.back().first;
    m_prefixes.back().first = m_prefixes.back().rest;
    return first;
  }

  void emit_line(const std::string& content) {
    m_out += take_first_prefix();
    m_out += content;
    m_out += '\n';
  }

  void blank_line() {
    if (m_need_blank && !m_out.empty()) {
      std::string prefix = m_prefixes.back().rest;
      while (!prefix.empty() && prefix.back() == ' ') prefix.pop_back();
      m_out += prefix + "\n";
    }
    m_need_blank = false;
  }

  void flush_inline() {
    if (!has_visible_text(m_inline)) {
      m_inline.clear();
      return;
    }
    const Prefix& p = m_prefixes.back();
    m_out += wrap(m_inline, m_style.width, p.first, p.rest);
    m_prefixes.back().first = m_prefixes.back().rest;
    m_inline.clear();
  }

  void emit_code() {
    std::string code = m_code;
    while (!code.empty() && code.back() == '\n') code.pop_back();
    const int room = std::max(8, m_style.width - prefix_width() - 2);
    util::for_each_line(code, [&](std::string_view line) {
      std::string text(line);
      for (std::size_t tab = text.find('\t'); tab != std::string::npos; tab = text.find('\t', tab))
        text.replace(tab, 1, "    ");
      // Long lines are cut, not wrapped: code keeps its line breaks.
      std::vector<Token> pieces = cut(Token{text, display_width(text), false}, room);
      if (pieces.empty()) pieces.push_back(Token{});
      for (const Token& piece : pieces)
        emit_line("  " + std::string(m_ansi.cyan()) + piece.text + std::string(m_ansi.reset()));
    });
  }

  void emit_table() {
    if (m_table.empty()) return;
    std::size_t columns = 0;
    for (const auto& row : m_table) columns = std::max(columns, row.size());
    std::vector<int> widths(columns, 1);
    for (const auto& row : m_table) {
      for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], display_width(row[c]));
    }
    // Fit the width: shrink the widest column until it fits (cells wrap).
    const int room = m_style.width - prefix_width() - 3 * static_cast<int>(columns - 1);
    while (std::accumulate(widths.begin(), widths.end(), 0) > room) {
      auto widest = std::max_element(widths.begin(), widths.end());
      if (*widest <= 6) break;
      --*widest;
    }
    const std::string bar = std::string(m_ansi.dim()) + " \xE2\x94\x82 " + std::string(m_ansi.reset());
    for (std::size_t r = 0; r < m_table.size(); ++r) {
      std::vector<std::vector<std::string>> cell_lines(columns);
      std::size_t height = 1;
      for (std::size_t c = 0; c < columns; ++c) {
        const std::string cell = c < m_table[r].size() ? m_table[r][c] : std::string();
        const std::string wrapped = wrap(cell, widths[c]);
        util::for_each_line(wrapped, [&](std::string_view l) { cell_lines[c].emplace_back(l); });
        height = std::max(height, cell_lines[c].size());
      }
      for (std::size_t h = 0; h < height; ++h) {
        std::string line;
        for (std::size_t c = 0; c < columns; ++c) {
          const std::string piece = h < cell_lines[c].size() ? cell_lines[c][h] : std::string();
          line += piece;
          if (c + 1 < columns) {
            line.append(static_cast<std::size_t>(std::max(0, widths[c] - display_width(piece))), ' ');
            line += bar;
          }
        }
        emit_line(line);
      }
      if (r == 0 && m_table.size() > 1) {
        std::string rule = std::string(m_ansi.dim());
        for (std::size_t c = 0; c < columns; ++c) {
          rule += repeat("\xE2\x94\x80", widths[c] + (c == 0 || c + 1 == columns ? 1 : 2));
          if (c + 1 < columns) rule += "\xE2\x94\xBC";
        }
        rule += m_ansi.reset();
        emit_line(rule);
      }
    }
    m_table.clear();
  }

  const TextStyle& m_style;
  Ansi m_ansi;
  std::string m_out;
  std::string m_inline;
  std::vector<Prefix> m_prefixes;
  std::vector<List> m_lists;
  std::vector<MdSpan> m_spans;
  std::vector<std::string> m_links;
  std::vector<std::vector<std::string>> m_table;
  std::string m_cell;
  std::string m_code;
  int m_paragraphs_in_item = 0;
  bool m_need_blank = false;
  bool m_in_code = false;
  bool m_in_html = false;
  bool m_in_cell = false;
  bool m_in_heading = false;
};

}  // namespace

std::string render_markdown(std::string_view markdown, const TextStyle& style, std::string_view indent) {
  TerminalLayout layout(style, indent);
  guide::walk_markdown(markdown, layout);
  return layout.finish();
}

}  // namespace prepdeck::tui
