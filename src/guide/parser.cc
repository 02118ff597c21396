#include "guide/parser.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <climits>
#include <cstring>
#include <deque>
#include <functional>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "guide/diagnostic_codes.h"
#include "guide/front_matter.h"
#include "guide/ids.h"
#include "guide/markdown.h"
#include "guide/question_body.h"
#include "guide/quiz_parser.h"
#include "guide/source_lines.h"
#include "guide/superfences.h"
#include "guide/title.h"
#include "util/paths.h"
#include "util/text.h"

namespace prepdeck::guide {

namespace {

constexpr std::uint32_t k_no_section = UINT32_MAX;

// "## Title ##" -> {2, "Title"}; an attribute list ("{#id}") stays in the text.
std::optional<std::pair<int, std::string_view>> atx_heading(std::string_view content) {
  std::size_t level = 0;
  while (level < content.size() && content[level] == '#') ++level;
  if (level == 0 || level > 6) return std::nullopt;
  if (level < content.size() && content[level] != ' ' && content[level] != '\t') return std::nullopt;
  std::string_view text = util::trim(content.substr(level));
  // Closing sequence of #s.
  std::size_t end = text.size();
  while (end > 0 && text[end - 1] == '#') --end;
  if (end == 0 || text[end - 1] == ' ' || text[end - 1] == '\t') text = util::trim(text.substr(0, end));
  return std::make_pair(static_cast<int>(level), text);
}

// attr_list's "{#id .class key=value}" (or "{: ...}") at the end of a heading:
// the text before it and the id it names, if any. A brace group that holds no
// '#' or '.' token is text.
struct HeadingAttributes {
  std::string_view text;
  std::string_view id;
};
HeadingAttributes heading_attributes(std::string_view text) {
  HeadingAttributes result{text, {}};
  if (text.empty() || text.back() != '}') return result;
  const std::size_t brace = text.rfind('{');
  if (brace == std::string_view::npos || brace == 0) return result;
  std::string_view inside = text.substr(brace + 1, text.size() - brace - 2);
  if (!inside.empty() && inside.front() == ':') inside.remove_prefix(1);
  if (inside.find_first_of("#.") == std::string_view::npos || inside.find('{') != std::string_view::npos) return result;
  result.text = util::trim(text.substr(0, brace));
  std::size_t pos = 0;
  while (pos < inside.size()) {
    while (pos < inside.size() && (inside[pos] == ' ' || inside[pos] == '\t')) ++pos;
    std::size_t end = pos;
    while (end < inside.size() && inside[end] != ' ' && inside[end] != '\t') ++end;
    const std::string_view token = inside.substr(pos, end - pos);
    if (token.size() > 1 && token.front() == '#') result.id = token.substr(1);
    pos = end;
  }
  return result;
}

bool is_setext_underline(std::string_view content, char c) {
  const std::string_view t = util::trim_right(content);
  return !t.empty() && std::all_of(t.begin(), t.end(), [c](char x) { return x == c; });
}

// A line that can be the text of a setext heading: plain paragraph text.
bool is_paragraph_text(std::string_view content) {
  if (content.empty()) return false;
  const char c = content[0];
  if (c == '>' || c == '|' || c == '<' || c == '#') return false;
  if ((c == '-' || c == '*' || c == '+') && content.size() > 1 && content[1] == ' ') return false;
  if (c >= '0' && c <= '9') {
    std::size_t i = 0;
    while (i < content.size() && content[i] >= '0' && content[i] <= '9') ++i;
    if (i < content.size() && (content[i] == '.' || content[i] == ')')) return false;
  }
  return true;
}

// A list item's marker: "- ", "* ", "+ ", "3. ", "3) ". Its kind (ordered or
// not), its number, and where its content starts in `content`.
struct ListMarker {
  bool ordered = false;
  std::uint32_t number = 1;
  std::size_t content = 0;
};
std::optional<ListMarker> list_marker(std::string_view content) {
  ListMarker marker;
  std::size_t i = 0;
  if (!content.empty() && (content[0] == '-' || content[0] == '*' || content[0] == '+')) {
    i = 1;
  } else {
    while (i < content.size() && i < 9 && content[i] >= '0' && content[i] <= '9') ++i;
    if (i == 0 || i >= content.size() || (content[i] != '.' && content[i] != ')')) return std::nullopt;
    marker.ordered = true;
    std::uint32_t number = 0;
    for (std::size_t k = 0; k < i; ++k) number = number * 10 + static_cast<std::uint32_t>(content[k] - '0');
    marker.number = number;
    ++i;
  }
  if (i >= content.size() || (content[i] != ' ' && content[i] != '\t')) return std::nullopt;
  while (i < content.size() && (content[i] == ' ' || content[i] == '\t')) ++i;
  marker.content = i;
  return marker;
}

// A line that opens one of the dialect's own blocks (an admonition, a
// collapsible, a content tab), which md4c would show as text.
bool opens_dialect_block(std::string_view content) {
  if (content.rfind("!!!", 0) == 0 || content.rfind("???", 0) == 0) return parse_admonition_header(content).has_value();
  return content.rfind("=== \"", 0) == 0 || content.rfind("===! \"", 0) == 0 || content.rfind("===+ \"", 0) == 0;
}

bool starts_with_tag(std::string_view content, std::string_view tag) {
  if (content.size() < tag.size() || !util::iequals_ascii(content.substr(0, tag.size()), tag)) return false;
  if (content.size() == tag.size()) return true;
  const char next = content[tag.size()];
  return next == '>' || next == ' ' || next == '\t' || next == '/';
}

// Case-insensitive search for a tag; `needle` starts with '<', so memchr finds the candidates.
std::size_t find_ci(std::string_view haystack, std::string_view needle, std::size_t from = 0) {
  while (from + needle.size() <= haystack.size()) {
    const void* hit = std::memchr(haystack.data() + from, needle.front(), haystack.size() - from);
    if (hit == nullptr) return std::string_view::npos;
    const auto at = static_cast<std::size_t>(static_cast<const char*>(hit) - haystack.data());
    if (at + needle.size() > haystack.size()) return std::string_view::npos;
    if (util::iequals_ascii(haystack.substr(at, needle.size()), needle)) return at;
    from = at + 1;
  }
  return std::string_view::npos;
}

// "<!-- mkdocs-quiz intro -->" / "<!-- mkdocs-quiz results -->", spaces and case aside.
std::optional<BlockKind> quiz_placeholder(std::string_view content) {
  std::size_t i = 0;
  // Compares the next non-space characters of `content` with `word`, ignoring case.
  const auto next_is = [&content, &i](std::string_view word) {
    for (char expected : word) {
      while (i < content.size() && content[i] == ' ') ++i;
      if (i >= content.size()) return false;
      char c = content[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != expected) return false;
      ++i;
    }
    return true;
  };
  if (!next_is("<!--mkdocs-quiz")) return std::nullopt;
  const std::size_t after_prefix = i;
  if (next_is("intro-->")) return BlockKind::quiz_intro;
  i = after_prefix;
  if (next_is("results-->")) return BlockKind::quiz_results;
  return std::nullopt;
}

// The level a path names: a folder or the file itself called basics/beginner/
// intermediate/advanced ("aws/advanced/index.md", "aws/cloud-engineer/advanced.md").
// The deepest such name wins.
std::optional<Level> level_from_path(std::string_view path) {
  const std::string stem = util::strip_extension(path);
  const std::string_view names = stem;
  std::size_t start = 0;
  std::optional<Level> found;
  while (start < names.size()) {
    std::size_t end = names.find('/', start);
    if (end == std::string_view::npos) end = names.size();
    const std::string_view part = names.substr(start, end - start);
    const auto is = [part](std::string_view name) { return util::iequals_ascii(part, name); };
    if (is("basics") || is("basic") || is("beginner") || is("beginners")) found = Level::beginner;
    if (is("intermediate")) found = Level::intermediate;
    if (is("advanced")) found = Level::advanced;
    start = end + 1;
  }
  return found;
}

// Whether a <details> summary reads like a question: it asks ('?'), is
// numbered ("3. Pods", "Q3:"), or starts with a question word or an
// interviewer's request ("Explain ...", "Difference between ...").
bool reads_like_a_question(std::string_view title) {
  if (title.find('?') != std::string_view::npos) return true;
  if (parse_question_title(title).number) return true;
  std::string_view word = util::trim(title);
  std::size_t end = 0;
  while (end < word.size() && ((word[end] >= 'a' && word[end] <= 'z') || (word[end] >= 'A' && word[end] <= 'Z'))) ++end;
  word = word.substr(0, end);
  static constexpr std::string_view k_words[] = {
      "what", "why",        "how",           "when",      "where",   "which",     "who",  "whom",   "whose",
      "is",   "are",        "can",           "could",     "does",    "do",        "did",  "should", "would",
      "will", "explain",    "describe",      "define",    "compare", "name",      "list", "give",   "write",
      "tell", "difference", "differentiate", "implement", "design",  "calculate", "find", "solve"};
  return std::any_of(std::begin(k_words), std::end(k_words),
                     [word](std::string_view w) { return util::iequals_ascii(word, w); });
}

// The longest footnote label looked for: a reference "[^...]" is short.
constexpr std::size_t k_max_footnote_label = 200;

// "[^label]: text" (footnotes): the label and the text after the colon.
std::optional<std::pair<std::string_view, std::string_view>> footnote_definition(std::string_view content) {
  if (content.size() < 5 || content[0] != '[' || content[1] != '^') return std::nullopt;
  const std::size_t close = content.find(']', 2);
  if (close == std::string_view::npos || close == 2 || close + 1 >= content.size() || content[close + 1] != ':')
    return std::nullopt;
  return std::pair{content.substr(2, close - 2), util::trim(content.substr(close + 2))};
}

// "*[HTML]: Hyper Text Markup Language" (abbr).
std::optional<Abbreviation> abbreviation_definition(std::string_view content) {
  if (content.size() < 5 || content[0] != '*' || content[1] != '[') return std::nullopt;
  const std::size_t close = content.find(']', 2);
  if (close == std::string_view::npos || close == 2) return std::nullopt;
  std::string_view rest = content.substr(close + 1);
  if (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  if (rest.empty() || rest.front() != ':') return std::nullopt;
  const std::string_view text = content.substr(2, close - 2);
  if (util::trim(text) != text) return std::nullopt;
  return Abbreviation{std::string(text), std::string(util::trim(rest.substr(1)))};
}

// ":   definition" (def_list): the text after the colon and its 1-3 spaces.
std::optional<std::string_view> definition_marker(std::string_view content) {
  if (content.size() < 2 || content[0] != ':') return std::nullopt;
  std::size_t spaces = 1;
  while (spaces < content.size() && content[spaces] == ' ') ++spaces;
  if (spaces < 2 || spaces > 4 || spaces == content.size()) return std::nullopt;
  return content.substr(spaces);
}

// The line that ends a math block opened by `content` ("\begin{align}" or
// "\["), as pymdownx.arithmatex reads blocks: the close ends a line, and no
// blank line comes first. Returns the row of that line.
std::optional<std::size_t> math_block_end(Lines lines, std::size_t row, std::string_view content) {
  std::string close;
  if (content.rfind("\\begin{", 0) == 0) {
    const std::size_t brace = content.find('}');
    if (brace == std::string_view::npos) return std::nullopt;
    close = "\\end{" + std::string(content.substr(7, brace - 7)) + "}";
  } else if (content.rfind("\\[", 0) == 0) {
    close = "\\]";
  } else {
    return std::nullopt;
  }
  for (std::size_t j = row; j < lines.size(); ++j) {
    const std::string_view text = util::trim(lines[j].text);
    if (text.empty()) return std::nullopt;
    const std::size_t from = j == row ? 2 : 0;  // "\[" is not its own close
    if (text.size() >= close.size() + from && text.substr(text.size() - close.size()) == close) return j;
  }
  return std::nullopt;
}

// An md_in_html opening tag on a line of its own: "<figure markdown>",
// "<div class="grid cards" markdown="1">". The tag's name and its other attributes.
struct MarkdownHtmlOpen {
  std::string name;
  std::string attributes;
};
// The block elements md_in_html reads Markdown in.
constexpr std::array<std::string_view, 11> k_markdown_html_tags = {
    "div", "figure", "section", "article", "aside", "header", "footer", "main", "nav", "blockquote", "figcaption"};

std::optional<MarkdownHtmlOpen> markdown_html_open(std::string_view content) {
  constexpr auto& k_blocks = k_markdown_html_tags;
  if (content.size() < 3 || content[0] != '<') return std::nullopt;
  std::size_t i = 1;
  while (i < content.size() && std::isalnum(static_cast<unsigned char>(content[i])) != 0) ++i;
  const std::string name = util::to_lower_ascii(content.substr(1, i - 1));
  if (std::ranges::find(k_blocks, name) == k_blocks.end()) return std::nullopt;
  if (util::trim(content).back() != '>' || content.find('>') != util::trim(content).size() - 1) return std::nullopt;
  const std::string_view inside = util::trim(content.substr(i, util::trim(content).size() - 1 - i));
  // The `markdown` attribute, bare or with a value, is taken out.
  MarkdownHtmlOpen open{name, {}};
  bool found = false;
  std::size_t at = 0;
  while (at < inside.size()) {
    while (at < inside.size() && util::is_space(inside[at])) ++at;
    const std::size_t start = at;
    while (at < inside.size() && !util::is_space(inside[at]) && inside[at] != '=') ++at;
    const std::string_view attribute = inside.substr(start, at - start);
    if (at < inside.size() && inside[at] == '=') {
      ++at;
      if (at < inside.size() && (inside[at] == '"' || inside[at] == '\'')) {
        const std::size_t end = inside.find(inside[at], at + 1);
        at = end == std::string_view::npos ? inside.size() : end + 1;
      } else {
        while (at < inside.size() && !util::is_space(inside[at])) ++at;
      }
    }
    if (util::to_lower_ascii(attribute) == "markdown") {
      found = true;
    } else if (!attribute.empty()) {
      if (!open.attributes.empty()) open.attributes += ' ';
      open.attributes += inside.substr(start, at - start);
    }
  }
  if (!found) return std::nullopt;
  return open;
}

class GuideParser final : public Reporter {
 public:
  GuideParser(const source::SourceDocument& doc, const ParseOptions& options) : m_doc(doc), m_options(options) {}

  Guide run(std::string_view nav_title) {
    m_guide.file = m_doc.file;
    m_guide.path = m_doc.path;
    m_guide.id = guide_id(m_doc.path);
    m_guide.readable = m_doc.readable;
    m_guide.files = m_doc.map.files();
    if (m_guide.files.empty()) m_guide.files.push_back(m_doc.file);
    m_guide.diagnostics = m_doc.diagnostics;
    m_guide.quiz.shuffle_answers = m_options.shuffle_answers;
    // Interview guides hold about a question per 500-700 bytes; reserving for one per
    // 640 saves most of the growth copies of these large structs at little memory cost.
    m_guide.questions.reserve(m_doc.text.size() / 640);
    m_guide.blocks.reserve(m_doc.text.size() / 640);

    m_lines.reserve(m_doc.text.size() / 40 + 1);
    util::for_each_line(m_doc.text, [this](std::string_view line) {
      m_lines.push_back(Line{line, static_cast<std::uint32_t>(m_lines.size())});
    });
    std::uint32_t first_body_line = 0;
    if (std::optional<FrontMatter> fm = parse_front_matter(m_doc.text)) {
      first_body_line = std::min<std::uint32_t>(fm->body_line, static_cast<std::uint32_t>(m_lines.size()));
      apply_front_matter(*fm);
    }
    pair_fences(Lines(m_lines).subspan(first_body_line));
    parse_container(Lines(m_lines).subspan(first_body_line), m_guide.blocks, 0);

    finish(nav_title);
    util::sort_diagnostics(m_guide.diagnostics);
    return std::move(m_guide);
  }

  void report(const Line& line, std::size_t offset, util::Severity severity, std::string_view code,
              std::string message) override {
    util::Diagnostic d;
    const auto loc = m_doc.map.locate(line.index);
    d.file = loc.file < m_guide.files.size() ? m_guide.files[loc.file] : m_guide.file;
    d.line = loc.line;
    d.severity = severity;
    d.code = code;
    d.message = std::move(message);
    if (line.index < m_lines.size()) {
      const std::string_view full = m_lines[line.index].text;
      std::size_t byte = offset;
      if (line.text.data() >= full.data() && line.text.data() <= full.data() + full.size())
        byte += static_cast<std::size_t>(line.text.data() - full.data());
      byte = std::min(byte, full.size());
      const std::size_t indent = std::min<std::size_t>(loc.indent, full.size());
      const std::string_view written = full.substr(indent);
      const std::size_t at = byte >= indent ? byte - indent : 0;
      util::set_source_window(d, written, at);
      d.column = byte >= indent ? column_of(written, at) : 1;
    }
    m_guide.diagnostics.push_back(std::move(d));
  }

  // The column of byte `at` of `written`, counted on from the last one asked
  // on that line: many diagnostics on one long line stay linear.
  std::uint32_t column_of(std::string_view written, std::size_t at) {
    if (written.data() != m_column_cache.text || at < m_column_cache.byte) {
      m_column_cache = ColumnCache{written.data(), 0, 1};
    }
    m_column_cache.column += static_cast<std::uint32_t>(
        util::count_code_points(written.substr(m_column_cache.byte, at - m_column_cache.byte)));
    m_column_cache.byte = at;
    return m_column_cache.column;
  }

  struct ColumnCache {
    const char* text = nullptr;  // where the line starts: it names the line
    std::size_t byte = 0;
    std::uint32_t column = 1;
  };
  ColumnCache m_column_cache;

  std::uint32_t source_line(const Line& line) const override { return m_doc.map.locate(line.index).line; }

  // How many bytes of its line, as written in its file, come before `line`'s text.
  std::uint32_t indent_in_file(const Line& line) const {
    if (line.index >= m_lines.size()) return 0;
    const std::string_view full = m_lines[line.index].text;
    if (line.text.data() < full.data() || line.text.data() > full.data() + full.size()) return 0;
    const auto offset = static_cast<std::size_t>(line.text.data() - full.data());
    const std::size_t included = m_doc.map.locate(line.index).indent;
    return static_cast<std::uint32_t>(offset >= included ? offset - included : 0);
  }
  std::uint32_t source_file(const Line& line) const override { return m_doc.map.locate(line.index).file; }

 private:
  void apply_front_matter(const FrontMatter& fm) {
    m_guide.title = fm.title;
    m_guide.description = fm.description;
    m_guide.date = fm.date;
    m_guide.tags = fm.tags;
    m_guide.hide = fm.hide;
    m_guide.quiz.related = fm.quiz;
    if (fm.shuffle_answers) m_guide.quiz.shuffle_answers = true;
    if (fm.error) {
      const std::uint32_t index = std::min<std::uint32_t>(fm.error->line, fm.body_line - 1);
      report(m_lines[index], fm.error->column > 0 ? fm.error->column - 1 : 0, util::Severity::error,
             codes::k_front_matter_invalid, fmt::format("front matter is not valid YAML: {}", fm.error->message));
    }
    if (!fm.level.empty()) {
      if (auto level = level_from_word(fm.level)) {
        m_guide.level = *level;
      } else {
        std::uint32_t index = 0;
        for (std::uint32_t i = 1; i + 1 < fm.body_line; ++i) {
          if (m_lines[i].text.rfind("level:", 0) == 0) index = i;
        }
        report(m_lines[index], 0, util::Severity::warning, codes::k_unknown_level,
               fmt::format("level '{}' is not beginner, intermediate or advanced; ignored", fm.level));
      }
    }
  }

  // Fences as MkDocs pairs them (guide/superfences.h): reported on the lines
  // as written, then the lines md4c and this parser read are rewritten.
  void pair_fences(Lines body) {
    if (body.empty()) return;
    FencePairing fences = pair_fences_as_superfences(body);
    for (const FenceReport& r : fences.reports) {
      switch (r.problem) {
        case FenceProblem::never_closed:
          report(body[r.row], r.offset, util::Severity::warning, codes::k_unterminated_fence,
                 "code fence is never closed, so it is no fence: MkDocs shows this line as text, and so does "
                 "prepdeck");
          break;
        case FenceProblem::abandoned:
          report(body[r.row], r.offset, util::Severity::warning, codes::k_unterminated_fence,
                 fmt::format("code fence is not closed before line {}, which is indented less, so it is no fence: "
                             "MkDocs shows this line as text, and so does prepdeck",
                             source_line(body[r.ended_at])));
          break;
        case FenceProblem::rejected_options:
          report(body[r.row], r.offset, util::Severity::warning, codes::k_fence_options,
                 "pymdownx.superfences opens no fence with these options (a language, then hl_lines, linenums or "
                 "title, or one {...} list): MkDocs shows this line as text, and so does prepdeck");
          break;
      }
    }
    if (fences.rewrites.empty()) return;
    const std::uint32_t first = body.front().index;
    m_rewritten_lines = std::move(fences.text);
    const std::string_view rewritten = m_rewritten_lines;
    for (const FenceRewrite& rewrite : fences.rewrites) {
      m_lines[first + rewrite.row].text = rewritten.substr(rewrite.offset, rewrite.length);
    }
  }

  std::uint32_t current_section(const Line& at) {
    if (m_section == k_no_section) {
      Section implicit;
      implicit.depth = 0;
      implicit.line = source_line(at);
      m_guide.sections.push_back(std::move(implicit));
      m_section = static_cast<std::uint32_t>(m_guide.sections.size() - 1);
    }
    return m_section;
  }

  // A reusable line buffer per nesting depth, so bodies cost no allocation.
  std::vector<Line>& scratch(int depth) {
    const auto d = static_cast<std::size_t>(depth);
    if (m_scratch.size() <= d) m_scratch.resize(d + 1);
    m_scratch[d].clear();
    return m_scratch[d];
  }

  // Lines after `header_row` that are blank or indented 4+ columns, dedented by 4;
  // trailing blank lines are left out. Returns the index after the body.
  std::size_t indented_body(Lines lines, std::size_t header_row, std::vector<Line>& body) {
    std::size_t end = header_row + 1;
    std::size_t kept = body.size();  // body size up to the last non-blank line
    for (std::size_t j = header_row + 1; j < lines.size(); ++j) {
      const Line& l = lines[j];
      if (util::is_blank(l.text)) {
        body.push_back(Line{std::string_view(), l.index});
        continue;
      }
      if (indent_width(l.text) < 4) break;
      body.push_back(Line{dedent(l.text, 4), l.index});
      end = j + 1;
      kept = body.size();
    }
    body.resize(kept);
    return end;
  }

  void parse_container(Lines lines, std::vector<Block>& out, int depth) {
    std::string md;
    std::uint32_t md_line = 0;
    std::uint32_t md_file = 0;
    std::uint32_t md_indent = 0;
    std::size_t last_paragraph_start = std::string::npos;  // offset in `md` of a setext candidate line
    std::size_t last_paragraph_row = 0;
    // The paragraph being read (or the one a blank line just ended): where it
    // starts in `md`, and its first row. A def_list definition takes it as its terms.
    std::size_t paragraph_start = std::string::npos;
    std::size_t paragraph_row = 0;
    bool paragraph_ended = false;           // blank lines since it
    std::vector<std::size_t> block_closes;  // block_tag_closes(lines), worked out when first needed
    std::size_t list_checked_until = 0;     // rows before this are in a list already looked at

    auto flush = [&] {
      while (!md.empty() && (md.back() == '\n' || md.back() == ' ')) md.pop_back();
      if (!md.empty()) {
        Block b;
        b.kind = BlockKind::markdown;
        b.line = md_line;
        b.file = md_file;
        b.indent = md_indent;
        b.text = std::move(md);
        out.push_back(std::move(b));
      }
      md.clear();
      last_paragraph_start = std::string::npos;
      paragraph_start = std::string::npos;
    };
    auto append = [&](const Line& l) {
      if (md.empty()) {
        if (util::is_blank(l.text)) return;
        md_line = source_line(l);
        md_file = source_file(l);
        md_indent = indent_in_file(l);
      }
      md.append(l.text);
      md.push_back('\n');
    };

    std::size_t i = 0;
    // A block nested deeper than the limit is reported and kept as plain text.
    auto kept_as_text_when_too_deep = [&](std::size_t end) {
      if (depth + 1 <= m_options.max_nesting) return false;
      report(lines[i], indent_width(lines[i].text), util::Severity::error, codes::k_nesting_too_deep,
             fmt::format("blocks nest deeper than {} levels; this one is kept as text", m_options.max_nesting));
      for (std::size_t k = i; k < end; ++k) append(lines[k]);
      i = end;
      return true;
    };
    while (i < lines.size()) {
      const Line& line = lines[i];
      const std::string_view text = line.text;
      if (util::is_blank(text)) {
        append(line);
        last_paragraph_start = std::string::npos;
        paragraph_ended = paragraph_start != std::string::npos;
        ++i;
        continue;
      }
      const std::size_t indent = indent_width(text);
      const std::string_view content = util::trim_left(text);
      // The paragraph a blank line ended can still take a definition.
      const bool after_ended_paragraph = paragraph_ended;
      paragraph_ended = false;
      if (after_ended_paragraph && !(indent < 4 && content[0] == ':')) paragraph_start = std::string::npos;
      if (indent >= 4) {
        append(line);
        ++i;
        continue;
      }

      if (auto fence = fence_open(content)) {
        last_paragraph_start = std::string::npos;
        append(line);
        std::size_t j = i + 1;
        bool closed = false;
        for (; j < lines.size(); ++j) {
          append(lines[j]);
          if (indent_width(lines[j].text) < 4 && fence_closes(util::trim_left(lines[j].text), *fence)) {
            closed = true;
            ++j;
            break;
          }
        }
        if (!closed) {
          report(line, indent, util::Severity::warning, codes::k_unterminated_fence,
                 "code fence is never closed; everything after it is code");
        }
        i = j;
        continue;
      }

      const char c0 = content[0];
      if (c0 == '<' && content.rfind("<!--", 0) == 0) {
        last_paragraph_start = std::string::npos;
        if (const std::optional<BlockKind> placeholder = quiz_placeholder(content)) {
          flush();
          Block b;
          b.kind = *placeholder;
          b.line = source_line(line);
          out.push_back(std::move(b));
          ++i;
          continue;
        }
        std::size_t j = i;
        bool closed = content.find("-->", 4) != std::string_view::npos;
        append(lines[j]);
        ++j;
        while (!closed && j < lines.size()) {
          append(lines[j]);
          closed = lines[j].text.find("-->") != std::string_view::npos;
          ++j;
        }
        if (!closed) {
          report(line, indent, util::Severity::warning, codes::k_unterminated_comment,
                 "HTML comment is never closed; everything after it is hidden");
        }
        i = j;
        continue;
      }

      if (auto heading = c0 == '#' ? atx_heading(content) : std::nullopt) {
        flush();
        add_heading(line, heading->first, heading->second, out);
        ++i;
        continue;
      }

      if ((c0 == '=' || c0 == '-') && last_paragraph_start != std::string::npos && last_paragraph_row + 1 == i &&
          (is_setext_underline(content, '=') || is_setext_underline(content, '-'))) {
        const std::string title(util::trim(std::string_view(md).substr(last_paragraph_start)));
        md.resize(last_paragraph_start);
        const Line title_line = lines[last_paragraph_row];
        flush();
        add_heading(title_line, content[0] == '=' ? 1 : 2, title, out);
        ++i;
        continue;
      }

      if ((c0 == '!' || c0 == '?') && (content.rfind("!!!", 0) == 0 || content.rfind("???", 0) == 0)) {
        if (auto header = parse_admonition_header(content)) {
          std::vector<Line>& body = scratch(depth);
          const std::size_t end = indented_body(lines, i, body);
          if (kept_as_text_when_too_deep(end)) continue;
          flush();
          if (is_question_type(header->type) && m_in_answer == 0 && !is_question_wrapper(*header, body)) {
            if (auto answer = sibling_answer(lines, end)) {
              add_prompt_question(line, *header, indent, body, lines, *answer, out, depth);
              i = answer->end;
              continue;
            }
            add_admonition_question(line, *header, indent, body, out, depth);
          } else {
            Block b;
            b.kind = BlockKind::admonition;
            b.style = header->style;
            b.type = header->type;
            b.text = header->title;
            b.line = source_line(line);
            parse_container(body, b.children, depth + 1);
            out.push_back(std::move(b));
          }
          i = end;
          continue;
        }
      }

      if (c0 == '=' && content.rfind("===", 0) == 0) {
        std::string_view rest = content.substr(3);
        if (!rest.empty() && (rest.front() == '!' || rest.front() == '+')) rest.remove_prefix(1);
        rest = util::trim(rest);
        if (rest.size() >= 2 && rest.front() == '"' && rest.back() == '"') {
          std::vector<Line>& body = scratch(depth);
          const std::size_t end = indented_body(lines, i, body);
          if (kept_as_text_when_too_deep(end)) continue;
          flush();
          Block b;
          b.kind = BlockKind::tab;
          b.text = std::string(rest.substr(1, rest.size() - 2));
          b.line = source_line(line);
          parse_container(body, b.children, depth + 1);
          out.push_back(std::move(b));
          i = end;
          continue;
        }
      }

      if (c0 == '<' && m_in_answer == 0 && starts_with_tag(content, "<details")) {
        flush();
        i = add_details_question(lines, i, out, depth);
        continue;
      }

      if (c0 == '<' && starts_with_tag(content, "<quiz")) {
        const std::size_t close_angle = content.find('>');
        if (close_angle != std::string_view::npos) {
          flush();
          i = add_quiz(lines, i, out);
          continue;
        }
      }

      if (c0 == '<' && (starts_with_tag(content, "</quiz") || starts_with_tag(content, "</details"))) {
        report(line, indent, util::Severity::warning, codes::k_unmatched_closing_tag,
               fmt::format("{} closes nothing that is open here", util::trim(content)));
        append(line);
        ++i;
        continue;
      }

      // A list whose items hold admonitions or tabs (indented four spaces, as
      // Python-Markdown reads list items) is read here, item by item; any
      // other list stays md4c's. Each list is looked at once.
      if (i >= list_checked_until && (c0 == '-' || c0 == '*' || c0 == '+' || (c0 >= '0' && c0 <= '9'))) {
        if (const auto marker = list_marker(content)) {
          const ListExtent extent = list_extent(lines, i, marker->ordered);
          list_checked_until = extent.end;
          if (extent.holds_blocks) {
            if (kept_as_text_when_too_deep(extent.end)) continue;
            flush();
            add_list(lines, i, extent.end, *marker, out, depth);
            i = extent.end;
            continue;
          }
        }
      }
      const source::MarkdownExtensions& extensions = m_options.extensions;
      if (c0 == '[' && extensions.footnotes) {
        if (const auto definition = footnote_definition(content)) {
          flush();
          i = add_footnote(lines, i, *definition, depth);
          continue;
        }
      }
      if (c0 == '*' && extensions.abbr) {
        if (auto abbreviation = abbreviation_definition(content)) {
          add_abbreviation(std::move(*abbreviation));
          ++i;
          continue;
        }
      }
      if (c0 == ':' && extensions.def_list && paragraph_start != std::string::npos) {
        if (const auto first = definition_marker(content)) {
          if (kept_as_text_when_too_deep(i + 1)) continue;
          std::vector<Line> terms;
          const std::string_view term_text = std::string_view(md).substr(paragraph_start);
          std::size_t row = paragraph_row;
          util::for_each_line(term_text, [&](std::string_view term) {
            if (!util::is_blank(term)) terms.push_back(Line{util::trim(term), lines[row].index});
            ++row;
          });
          std::vector<std::string> term_strings;  // `md` is cut below; the terms' text is kept first
          for (const Line& term : terms) term_strings.emplace_back(term.text);
          md.resize(paragraph_start);
          flush();
          i = add_definitions(lines, i, *first, terms, term_strings, out, depth);
          continue;
        }
      }
      if (c0 == '\\' && extensions.math && paragraph_start == std::string::npos) {
        if (const auto end = math_block_end(lines, i, content)) {
          flush();
          Block b;
          b.kind = BlockKind::math;
          b.line = source_line(line);
          for (std::size_t k = i; k <= *end; ++k) {
            b.text.append(util::trim(lines[k].text));
            if (k < *end) b.text += '\n';
          }
          out.push_back(std::move(b));
          i = *end + 1;
          continue;
        }
      }
      if (c0 == '<' && extensions.md_in_html) {
        if (auto open = markdown_html_open(content)) {
          if (const std::size_t end = add_markdown_html(lines, i, *open, out, depth, block_closes); end != 0) {
            i = end;
            continue;
          }
        }
      }

      append(line);
      if (is_paragraph_text(content)) {
        // Remember where this line starts in case the next line underlines it.
        last_paragraph_start = md.size() - text.size() - 1;
        last_paragraph_row = i;
        if (paragraph_start == std::string::npos) {
          paragraph_start = last_paragraph_start;
          paragraph_row = i;
        }
      } else {
        last_paragraph_start = std::string::npos;
        paragraph_start = std::string::npos;
      }
      ++i;
    }
    flush();
  }

  // The lines of a footnote or a definition after its first: the rest of its
  // paragraph (lazy lines, up to a blank line or a line `stop` names), then
  // blank lines and lines indented 4 columns or more, dedented. Returns the row after.
  template <typename Stop>
  std::size_t continued_body(Lines lines, std::size_t row, std::vector<Line>& body, const Stop& stop) {
    std::size_t j = row + 1;
    for (; j < lines.size() && !util::is_blank(lines[j].text); ++j) {
      const std::string_view text = lines[j].text;
      if (indent_width(text) < 4 && stop(util::trim_left(text))) return j;
      body.push_back(Line{dedent(text, std::min<std::size_t>(indent_width(text), 4)), lines[j].index});
    }
    return indented_body(lines, j - 1, body);  // then what is indented under it, as an admonition's body
  }

  // `[^label]: text` and what continues it: a footnote of the page, read as
  // an answer is (nothing in it is a question or a section).
  std::size_t add_footnote(Lines lines, std::size_t row, std::pair<std::string_view, std::string_view> definition,
                           int depth) {
    std::vector<Line> body;
    body.push_back(Line{definition.second, lines[row].index});
    const std::size_t end = continued_body(
        lines, row, body, [](std::string_view content) { return footnote_definition(content).has_value(); });
    Footnote note;
    note.label = std::string(definition.first);
    note.line = source_line(lines[row]);
    note.file = source_file(lines[row]);
    if (depth + 1 <= m_options.max_nesting) {
      ++m_in_answer;
      parse_container(body, note.blocks, depth + 1);
      --m_in_answer;
    }
    // A label defined twice: the first definition stands, as in Python-Markdown.
    const bool seen =
        std::ranges::any_of(m_guide.footnotes, [&note](const Footnote& f) { return f.label == note.label; });
    if (!seen) m_guide.footnotes.push_back(std::move(note));
    return end;
  }

  void add_abbreviation(Abbreviation abbreviation) {
    for (Abbreviation& a : m_guide.abbreviations) {
      if (a.text == abbreviation.text) {
        a.title = std::move(abbreviation.title);
        return;
      }
    }
    m_guide.abbreviations.push_back(std::move(abbreviation));
  }

  // Terms, then `:   definition` lines with what continues each: one
  // definition list, or more of the one just before it.
  std::size_t add_definitions(Lines lines, std::size_t row, std::string_view first, const std::vector<Line>& terms,
                              const std::vector<std::string>& term_text, std::vector<Block>& out, int depth) {
    if (out.empty() || out.back().kind != BlockKind::definitions) {
      Block list;
      list.kind = BlockKind::definitions;
      list.line = source_line(terms.empty() ? lines[row] : terms.front());
      out.push_back(std::move(list));
    }
    Block& list = out.back();
    for (std::size_t k = 0; k < terms.size(); ++k) {
      Block term;
      term.kind = BlockKind::term;
      term.text = term_text[k];
      term.line = source_line(terms[k]);
      list.children.push_back(std::move(term));
    }
    std::size_t i = row;
    std::optional<std::string_view> text = first;
    while (text) {
      std::vector<Line>& body = scratch(depth);
      body.push_back(Line{*text, lines[i].index});
      const std::size_t end = continued_body(
          lines, i, body, [](std::string_view content) { return definition_marker(content).has_value(); });
      Block definition;
      definition.kind = BlockKind::definition;
      definition.line = source_line(lines[i]);
      const std::vector<Line> copy(body.begin(), body.end());  // scratch(depth) is reused by the nested parse
      parse_container(copy, definition.children, depth + 1);
      list.children.push_back(std::move(definition));
      i = end;
      // Another definition of the same terms, after blank lines or none.
      std::size_t next = i;
      while (next < lines.size() && util::is_blank(lines[next].text)) ++next;
      text = next < lines.size() && indent_width(lines[next].text) < 4
                 ? definition_marker(util::trim_left(lines[next].text))
                 : std::nullopt;
      if (text) i = next;
    }
    return i;
  }

  // Where the list starting at `row` ends (items of the same kind, their
  // lines indented four columns, lazy lines of a paragraph, blank lines
  // between), and whether an item holds a dialect block.
  struct ListExtent {
    std::size_t end = 0;
    bool holds_blocks = false;
  };
  static ListExtent list_extent(Lines lines, std::size_t row, bool ordered) {
    ListExtent extent;
    std::optional<Fence> fence;
    bool after_blank = false;
    std::size_t j = row + 1;
    std::size_t last_content = row;
    for (; j < lines.size(); ++j) {
      const std::string_view text = lines[j].text;
      if (util::is_blank(text)) {
        after_blank = true;
        continue;
      }
      const std::size_t indent = indent_width(text);
      const std::string_view content = util::trim_left(text);
      if (fence) {
        if (fence_closes(content, *fence)) fence.reset();
        last_content = j;
        after_blank = false;
        continue;
      }
      if (indent >= 4) {
        const std::string_view inner = util::trim_left(dedent(text, 4));
        if ((fence = fence_open(inner))) {
        } else if (indent_width(dedent(text, 4)) < 4 && opens_dialect_block(inner)) {
          extent.holds_blocks = true;
        }
        last_content = j;
        after_blank = false;
        continue;
      }
      if (const auto marker = list_marker(content); marker && marker->ordered == ordered) {
        last_content = j;
        after_blank = false;
        continue;
      }
      if (after_blank || !is_paragraph_text(content) || opens_dialect_block(content)) break;
      last_content = j;  // a lazy line of the item's paragraph
    }
    extent.end = last_content + 1;
    return extent;
  }

  // The list of rows [row, end) as blocks: each item's content (its first
  // line past the marker, the rest dedented by four) read as any container.
  void add_list(Lines lines, std::size_t row, std::size_t end, const ListMarker& first, std::vector<Block>& out,
                int depth) {
    Block list;
    list.kind = BlockKind::list;
    list.type = first.ordered ? "ol" : "ul";
    list.index = first.number;
    list.line = source_line(lines[row]);
    std::size_t i = row;
    while (i < end) {
      const std::string_view content = util::trim_left(lines[i].text);
      const auto marker = list_marker(content);
      std::vector<Line> body;
      body.push_back(Line{marker ? content.substr(marker->content) : content, lines[i].index});
      std::size_t j = i + 1;
      for (; j < end; ++j) {
        const std::string_view text = lines[j].text;
        if (!util::is_blank(text) && indent_width(text) < 4 && list_marker(util::trim_left(text))) break;
        if (util::is_blank(text)) {
          body.push_back(Line{std::string_view(), lines[j].index});
        } else {
          body.push_back(Line{dedent(text, std::min<std::size_t>(indent_width(text), 4)), lines[j].index});
        }
      }
      while (!body.empty() && body.back().text.empty()) body.pop_back();
      Block item;
      item.kind = BlockKind::list_item;
      item.line = source_line(lines[i]);
      parse_container(body, item.children, depth + 1);
      list.children.push_back(std::move(item));
      i = j;
    }
    out.push_back(std::move(list));
  }

  // For each row that starts with an opening block tag (<div, <figure...),
  // the row of the tag that closes it (same name, nesting counted, code
  // fences skipped), else 0: one pass over the lines, so a page of unclosed
  // tags costs no more than a page of closed ones.
  static std::vector<std::size_t> block_tag_closes(Lines lines) {
    constexpr auto& k_names = k_markdown_html_tags;
    std::vector<std::size_t> closes(lines.size() + 1, 0);
    std::array<std::vector<std::size_t>, k_names.size()> open;  // per name: rows (SIZE_MAX: a tag inside a line)
    std::optional<Fence> fence;
    for (std::size_t j = 0; j < lines.size(); ++j) {
      const std::string_view content = util::trim_left(lines[j].text);
      if (fence) {
        if (fence_closes(content, *fence)) fence.reset();
        continue;
      }
      if ((fence = fence_open(content))) continue;
      for (std::size_t at = content.find('<'); at != std::string_view::npos; at = content.find('<', at + 1)) {
        std::string_view rest = content.substr(at + 1);
        const bool closing = !rest.empty() && rest.front() == '/';
        if (closing) rest.remove_prefix(1);
        for (std::size_t k = 0; k < k_names.size(); ++k) {
          const std::string_view name = k_names[k];
          if (rest.size() <= name.size() || util::to_lower_ascii(rest.substr(0, name.size())) != name ||
              !(rest[name.size()] == '>' || util::is_space(rest[name.size()])))
            continue;
          if (!closing) {
            open[k].push_back(at == 0 ? j : SIZE_MAX);
          } else if (!open[k].empty()) {
            if (open[k].back() != SIZE_MAX) closes[open[k].back()] = j;
            open[k].pop_back();
          }
          break;
        }
      }
    }
    return closes;
  }

  // <tag markdown> ... </tag>: its content read as Markdown (md_in_html).
  // Returns the row after </tag>, or 0 when the tag is never closed (then
  // the lines are raw HTML, as before).
  std::size_t add_markdown_html(Lines lines, std::size_t row, const MarkdownHtmlOpen& open, std::vector<Block>& out,
                                int depth, std::vector<std::size_t>& closes) {
    if (closes.empty()) closes = block_tag_closes(lines);
    const std::size_t close_row = closes[row];
    if (close_row == 0) return 0;
    if (depth + 1 > m_options.max_nesting) return 0;
    std::vector<Line> body;
    std::size_t common = SIZE_MAX;
    for (std::size_t j = row + 1; j < close_row; ++j) {
      if (!util::is_blank(lines[j].text)) common = std::min(common, indent_width(lines[j].text));
    }
    for (std::size_t j = row + 1; j < close_row; ++j) {
      const std::string_view text = lines[j].text;
      body.push_back(Line{util::is_blank(text) ? std::string_view() : dedent(text, common), lines[j].index});
    }
    // Text before </tag> on its line belongs to the content.
    const std::string_view last = lines[close_row].text;
    const std::string_view before_close = last.substr(0, util::to_lower_ascii(last).rfind("</" + open.name));
    if (!util::is_blank(before_close)) body.push_back(Line{util::trim(before_close), lines[close_row].index});
    Block b;
    b.kind = BlockKind::html;
    b.type = open.name;
    b.text = open.attributes;
    b.line = source_line(lines[row]);
    parse_container(body, b.children, depth + 1);
    out.push_back(std::move(b));
    return close_row + 1;
  }

  // `!!! question` (a prompt) then, after blank lines only, a collapsible
  // `??? success "Click to reveal answer"`: that block is the question's
  // answer. Only a block of a kind that answers (not a warning, not another
  // question) counts.
  struct SiblingAnswer {
    std::size_t row = 0;  // its header line
    std::size_t end = 0;  // the row after its body
    AdmonitionHeader header;
  };
  static std::optional<SiblingAnswer> sibling_answer(Lines lines, std::size_t from) {
    std::size_t row = from;
    while (row < lines.size() && util::is_blank(lines[row].text)) ++row;
    if (row >= lines.size() || indent_width(lines[row].text) >= 4) return std::nullopt;
    const std::string_view content = util::trim_left(lines[row].text);
    if (content.rfind("???", 0) != 0) return std::nullopt;
    auto header = parse_admonition_header(content);
    static constexpr std::array<std::string_view, 14> k_answer_kinds = {
        "success", "check", "done", "answer", "solution", "example", "abstract",
        "summary", "tldr",  "note", "info",   "tip",      "hint",    "important"};
    if (!header || std::find(k_answer_kinds.begin(), k_answer_kinds.end(), header->type) == k_answer_kinds.end()) {
      return std::nullopt;
    }
    std::size_t end = row + 1;
    for (std::size_t j = row + 1; j < lines.size(); ++j) {
      if (util::is_blank(lines[j].text)) continue;
      if (indent_width(lines[j].text) < 4) break;
      end = j + 1;
    }
    return SiblingAnswer{row, end, std::move(*header)};
  }

  // The prompt's first paragraph, as a title: for a question whose own title
  // is empty or only its kind ("Question"). Nothing when the body does not
  // start with a short paragraph of text. `rest` is where the body goes on.
  static std::optional<std::string> prompt_title(Lines body, std::size_t& rest) {
    std::size_t row = 0;
    while (row < body.size() && util::is_blank(body[row].text)) ++row;
    // A line that may open a block (an admonition, fence, tag, heading, list, table or quote).
    const auto opens_a_block = [](std::string_view content) {
      if (std::string_view("!?=`~<#-*+|>").find(content.front()) != std::string_view::npos) return true;
      const std::size_t digits = content.find_first_not_of("0123456789");
      return digits > 0 && digits < content.size() && (content[digits] == '.' || content[digits] == ')');
    };
    std::string title;
    for (; row < body.size() && !util::is_blank(body[row].text); ++row) {
      const std::string_view text = body[row].text;
      const std::string_view content = util::trim_left(text);
      if (indent_width(text) >= 4 || opens_a_block(content)) {
        if (title.empty()) return std::nullopt;
        break;
      }
      if (!title.empty()) title += ' ';
      title += util::trim(content);
    }
    if (title.empty() || title.size() > 400) return std::nullopt;
    rest = row;
    return title;
  }

  // A question whose answer is the collapsible after it. When its title is
  // empty or only "Question", the prompt's first paragraph is its title and
  // the answer shows on reveal (open as the collapsible was); a prompt that
  // goes on after that paragraph, or that has a title of its own, stays the
  // question's body with the answer kept collapsible inside it, as MkDocs
  // shows them.
  void add_prompt_question(const Line& line, const AdmonitionHeader& header, std::size_t indent, Lines body,
                           Lines lines, const SiblingAnswer& answer, std::vector<Block>& out, int depth) {
    std::vector<Line> combined;
    std::size_t rest = 0;
    const std::string_view own_title = util::trim(header.title);
    std::optional<std::string> title;
    if (own_title.empty() || util::iequals_ascii(own_title, header.type)) title = prompt_title(body, rest);
    bool open = header.style != AdmonitionStyle::collapsed;
    const auto remaining_blank = [&] {
      return std::all_of(body.begin() + static_cast<std::ptrdiff_t>(rest), body.end(),
                         [](const Line& l) { return util::is_blank(l.text); });
    };
    if (title && remaining_blank()) {
      indented_body(lines, answer.row, combined);  // the answer's content, shown on reveal
      open = answer.header.style == AdmonitionStyle::open;
    } else {
      combined.assign(body.begin() + static_cast<std::ptrdiff_t>(title ? rest : 0), body.end());
      combined.push_back(Line{std::string_view(), lines[answer.row].index});
      combined.insert(combined.end(), lines.begin() + static_cast<std::ptrdiff_t>(answer.row),
                      lines.begin() + static_cast<std::ptrdiff_t>(answer.end));
    }
    if (title) {
      add_question(line, indent + header.title_offset, *title, false, false, open, QuestionStyle::admonition, combined,
                   out, depth);
    } else {
      add_question(line, indent + header.title_offset, header.title, header.unterminated, header.trailing_text, open,
                   QuestionStyle::admonition, combined, out, depth);
    }
  }

  // `!!! question ""` around `???+ question` blocks: a styled frame whose
  // questions are the ones inside it, so it is an admonition, not a question.
  static bool is_question_wrapper(const AdmonitionHeader& header, Lines body) {
    if (!header.has_title || !util::trim(header.title).empty()) return false;
    return std::any_of(body.begin(), body.end(), [](const Line& l) {
      if (indent_width(l.text) >= 4) return false;
      const std::string_view content = util::trim_left(l.text);
      if (content.rfind("???", 0) != 0 && content.rfind("!!!", 0) != 0) return false;
      const auto inner = parse_admonition_header(content);
      return inner && is_question_type(inner->type);
    });
  }

  void add_heading(const Line& line, int level, std::string_view written, std::vector<Block>& out) {
    const HeadingAttributes attributes = heading_attributes(written);
    const std::string_view text = attributes.text;
    Block b;
    b.kind = BlockKind::heading;
    b.depth = static_cast<std::uint8_t>(level);
    b.text = std::string(text);
    b.line = source_line(line);
    b.index = UINT32_MAX;
    if (!attributes.id.empty()) {
      b.anchor = std::string(attributes.id);
      m_explicit_ids.insert(b.anchor);
    }
    if (m_in_answer > 0) {  // a heading inside an answer is part of it, not a section of the page
      out.push_back(std::move(b));
      return;
    }
    if (level == 1 && m_h1_title.empty()) m_h1_title = b.text;
    if (level >= 2 && !text.empty() && text.back() == '?') {
      if (m_question_headings == 0) {
        m_first_question_heading = line;
        m_first_question_heading_text = b.text;
      }
      ++m_question_headings;
    }
    if (level == 2 || level == 3) {
      Section s;
      s.title = b.text;
      s.depth = static_cast<std::uint8_t>(level);
      s.line = b.line;
      m_guide.sections.push_back(std::move(s));
      m_section = static_cast<std::uint32_t>(m_guide.sections.size() - 1);
      b.index = m_section;
    }
    out.push_back(std::move(b));
  }

  void add_question(const Line& header_line, std::size_t title_offset, std::string_view raw_title, bool unterminated,
                    bool trailing_text, bool open, QuestionStyle style, Lines body, std::vector<Block>& out,
                    int depth) {
    Question q;
    q.open = open;
    q.style = style;
    q.line = source_line(header_line);
    q.file = source_file(header_line);
    q.section = current_section(header_line);
    QuestionTitle title = parse_question_title(raw_title);
    q.number = title.number;
    q.title = std::move(title.title);
    if (unterminated) {
      // Point at the opening quote when there is one, else at the title.
      const bool quoted =
          title_offset > 0 && title_offset <= header_line.text.size() && header_line.text[title_offset - 1] == '"';
      report(header_line, quoted ? title_offset - 1 : title_offset, util::Severity::warning,
             codes::k_unterminated_title,
             fmt::format("question title is not enclosed in double quotes; read as \"{}\" (MkDocs drops this question)",
                         util::trim(raw_title)));
    }
    if (title.stray_emphasis || trailing_text) {
      report(header_line, title_offset, util::Severity::warning, codes::k_title_trailing_emphasis,
             trailing_text ? "text after the closing quote of the title is ignored (MkDocs drops this question)"
                           : "unbalanced ** in the question title is ignored");
    }
    if (q.title.empty()) {
      report(header_line, title_offset, util::Severity::warning, codes::k_missing_title,
             "question has no title; it is shown as \"Question\"");
      q.title = "Question";
    }
    QuestionBody parsed = read_question_body(body, *this);
    q.answer_markdown = std::move(parsed.answer_markdown);
    q.hint = std::move(parsed.hint);
    q.callouts = std::move(parsed.callouts);
    q.choices = std::move(parsed.choices);
    if (parsed.level) {
      q.level = *parsed.level;
      q.level_source = LevelSource::marker;
    }
    if (q.answer_markdown.empty() && q.choices.empty()) {
      report(header_line, 0, util::Severity::error, codes::k_empty_answer,
             fmt::format("question \"{}\" has no answer", q.title));
    }
    // The question is in place before its answer is read: a quiz inside the
    // answer comes after it in the model, as on the page.
    const auto index = static_cast<std::uint32_t>(m_guide.questions.size());
    Block b;
    b.kind = BlockKind::question;
    b.index = index;
    b.line = q.line;
    out.push_back(std::move(b));
    m_question_lines.push_back(header_line);
    m_guide.questions.push_back(std::move(q));
    answer_blocks(index, parsed.parts, depth);
  }

  // The answer's blocks, read as any container is, except that nothing in it
  // is a question or a section of the page: it all belongs to the answer.
  void answer_blocks(std::uint32_t question, const std::vector<std::vector<Line>>& parts, int depth) {
    std::vector<Block> blocks;
    ++m_in_answer;
    parse_container(parts.front(), blocks, depth + 1);
    for (std::size_t k = 1; k < parts.size(); ++k) {
      Block callout;
      callout.kind = BlockKind::callout;
      callout.index = static_cast<std::uint32_t>(k - 1);
      callout.line = m_guide.questions[question].callouts[k - 1].line;
      parse_container(parts[k], callout.children, depth + 1);
      blocks.push_back(std::move(callout));
    }
    --m_in_answer;
    m_guide.questions[question].blocks = std::move(blocks);
  }

  void add_admonition_question(const Line& line, const AdmonitionHeader& header, std::size_t indent, Lines body,
                               std::vector<Block>& out, int depth) {
    add_question(line, indent + header.title_offset, header.title, header.unterminated, header.trailing_text,
                 header.style != AdmonitionStyle::collapsed, QuestionStyle::admonition, body, out, depth);
  }

  // <details [open]><summary>Title</summary> body </details>
  std::size_t add_details_question(Lines lines, std::size_t row, std::vector<Block>& out, int depth) {
    const Line& open_line = lines[row];
    const std::size_t base_indent = indent_width(open_line.text);
    const std::string_view first = util::trim_left(open_line.text);
    const std::size_t tag_end = first.find('>');
    const bool is_open =
        tag_end != std::string_view::npos && find_ci(first.substr(0, tag_end), " open") != std::string_view::npos;

    // The summary: on the <details> line or the next lines, before any other content.
    std::string summary_html;
    bool have_summary = false;
    std::size_t title_offset = 0;
    std::size_t body_row = row + 1;
    std::string_view first_rest = tag_end == std::string_view::npos ? std::string_view() : first.substr(tag_end + 1);
    std::string_view body_lead;  // text after </summary> on the same line
    {
      std::string_view current = first_rest;
      std::size_t r = row;
      bool in_summary = false;
      while (true) {
        if (!in_summary) {
          const std::size_t s = find_ci(current, "<summary");
          if (s == std::string_view::npos) {
            if (util::is_blank(current) && r + 1 < lines.size() && r + 1 <= row + 3 && !have_summary) {
              ++r;
              current = util::trim_left(lines[r].text);
              if (find_ci(current, "<summary") == 0) continue;
              r = row;  // no summary: the body starts after the <details> line
            }
            break;
          }
          const std::size_t gt = current.find('>', s);
          if (gt == std::string_view::npos) break;
          in_summary = true;
          have_summary = true;
          title_offset = static_cast<std::size_t>(current.data() - open_line.text.data()) + gt + 1;
          if (r != row) title_offset = 0;
          current = current.substr(gt + 1);
        }
        const std::size_t close = find_ci(current, "</summary>");
        if (close != std::string_view::npos) {
          summary_html.append(current.substr(0, close));
          body_lead = current.substr(close + 10);
          body_row = r + 1;
          break;
        }
        summary_html.append(current);
        summary_html.push_back(' ');
        if (r + 1 >= lines.size() || r >= row + 10) {
          body_row = r + 1;
          break;
        }
        ++r;
        current = util::trim_left(lines[r].text);
      }
      if (!have_summary) body_row = row + 1;
    }

    // The body runs to the matching </details>, outside code fences.
    std::vector<Line> raw;
    if (!util::is_blank(body_lead)) raw.push_back(Line{body_lead, open_line.index});
    std::size_t j = body_row;
    int nesting = 1;
    std::optional<Fence> fence;
    bool closed = false;
    // Text on the <details> line itself after </summary> may already close it.
    {
      const std::size_t c = find_ci(body_lead, "</details>");
      if (c != std::string_view::npos) {
        raw.clear();
        if (!util::is_blank(body_lead.substr(0, c))) raw.push_back(Line{body_lead.substr(0, c), open_line.index});
        closed = true;
        j = body_row;
      }
    }
    std::size_t first_heading_raw = SIZE_MAX;  // where an unterminated body ends
    std::size_t first_heading_row = 0;
    while (!closed && j < lines.size()) {
      const Line& l = lines[j];
      const std::string_view c = util::trim_left(l.text);
      if (fence) {
        if (fence_closes(c, *fence)) fence.reset();
        raw.push_back(l);
        ++j;
        continue;
      }
      if (auto f = fence_open(c)) {
        fence = f;
        raw.push_back(l);
        ++j;
        continue;
      }
      if (starts_with_tag(c, "<details")) ++nesting;
      const std::size_t close = find_ci(l.text, "</details>");
      if (close != std::string_view::npos && --nesting == 0) {
        const std::string_view before = l.text.substr(0, close);
        if (!util::is_blank(before)) raw.push_back(Line{before, l.index});
        closed = true;
        ++j;
        break;
      }
      if (first_heading_raw == SIZE_MAX && nesting == 1 && indent_width(l.text) <= base_indent && atx_heading(c)) {
        first_heading_raw = raw.size();
        first_heading_row = j;
      }
      raw.push_back(l);
      ++j;
    }
    if (!closed && first_heading_raw != SIZE_MAX) {
      raw.resize(first_heading_raw);
      j = first_heading_row;
    }
    if (!closed) {
      report(open_line, base_indent, util::Severity::error, codes::k_unterminated_details,
             "<details> is never closed with </details>; its answer ends at the next heading");
    }
    if (depth + 1 > m_options.max_nesting) {
      report(open_line, base_indent, util::Severity::error, codes::k_nesting_too_deep,
             fmt::format("blocks nest deeper than {} levels", m_options.max_nesting));
    }

    // Dedent by the common indentation.
    std::size_t common = SIZE_MAX;
    for (const Line& l : raw) {
      if (!util::is_blank(l.text)) common = std::min(common, indent_width(l.text));
    }
    if (common == SIZE_MAX) common = 0;
    std::vector<Line> body;
    body.reserve(raw.size());
    for (const Line& l : raw)
      body.push_back(Line{util::is_blank(l.text) ? std::string_view() : dedent(l.text, common), l.index});
    while (!body.empty() && util::is_blank(body.front().text)) body.erase(body.begin());

    const std::string title = have_summary ? summary_text(summary_html) : std::string();
    if (!reads_like_a_question(title)) {
      // A plain collapsible (a profile's "Details", "Show more"): shown as one.
      Block b;
      b.kind = BlockKind::admonition;
      b.style = is_open ? AdmonitionStyle::open : AdmonitionStyle::collapsed;
      b.type = "details";
      b.text = title.empty() ? std::string("Details") : title;
      b.line = source_line(open_line);
      if (depth + 1 <= m_options.max_nesting) parse_container(body, b.children, depth + 1);
      out.push_back(std::move(b));
      return j;
    }
    add_question(open_line, title_offset, title, false, false, is_open, QuestionStyle::details, body, out, depth);
    return j;
  }

  std::size_t add_quiz(Lines lines, std::size_t row, std::vector<Block>& out) {
    const Line& open_line = lines[row];
    const std::string_view content = util::trim_left(open_line.text);
    const std::size_t gt = content.find('>');
    std::vector<Line> body;
    std::string_view first = content.substr(gt + 1);
    std::size_t j = row + 1;
    bool closed = false;
    if (const std::size_t same_line = find_ci(first, "</quiz>"); same_line != std::string_view::npos) {
      if (!util::is_blank(first.substr(0, same_line)))
        body.push_back(Line{first.substr(0, same_line), open_line.index});
      closed = true;
    } else {
      if (!util::is_blank(first)) body.push_back(Line{first, open_line.index});
      for (; j < lines.size(); ++j) {
        const Line& l = lines[j];
        const std::size_t c = find_ci(l.text, "</quiz>");
        if (c != std::string_view::npos) {
          if (!util::is_blank(l.text.substr(0, c))) body.push_back(Line{l.text.substr(0, c), l.index});
          closed = true;
          ++j;
          break;
        }
        const std::string_view lc = util::trim_left(l.text);
        if (indent_width(l.text) < 4 && (starts_with_tag(lc, "<quiz") || atx_heading(lc))) break;
        body.push_back(l);
      }
    }
    if (!closed) {
      report(open_line, indent_width(open_line.text), util::Severity::error, codes::k_unterminated_quiz,
             "<quiz> is never closed with </quiz>; it ends at the next quiz or heading");
    }
    std::vector<QuizItem> items = parse_html_quiz(open_line, body, *this);
    if (items.empty()) items.push_back(parse_quiz(open_line, body, *this));
    for (QuizItem& item : items) {
      item.section = current_section(open_line);
      Block b;
      b.kind = BlockKind::quiz;
      b.index = static_cast<std::uint32_t>(m_guide.quizzes.size());
      b.line = item.line;
      out.push_back(std::move(b));
      m_guide.quizzes.push_back(std::move(item));
    }
    return j;
  }

  void finish(std::string_view nav_title) {
    if (m_guide.title.empty()) m_guide.title = m_h1_title;
    if (m_guide.title.empty()) m_guide.title = std::string(nav_title);
    if (m_guide.title.empty()) m_guide.title = util::file_name(util::strip_extension(m_guide.path));

    for (auto& s : m_guide.sections) {
      if (s.depth == 0) s.title = m_guide.title;
    }
    assign_heading_ids();
    order_footnotes();

    // Levels: marker, then front matter, then the folder or file name.
    const std::optional<Level> named = level_from_path(m_guide.file);
    for (auto& q : m_guide.questions) {
      if (q.level_source == LevelSource::marker) continue;
      if (m_guide.level != Level::unspecified) {
        q.level = m_guide.level;
        q.level_source = LevelSource::front_matter;
      } else if (named) {
        q.level = *named;
        q.level_source = LevelSource::path;
      }
    }
    const Level page_level = m_guide.level != Level::unspecified ? m_guide.level : named.value_or(Level::unspecified);
    for (auto& item : m_guide.quizzes) item.level = page_level;

    check_heading_questions();
    check_numbering();
    check_duplicate_titles();
    assign_ids(m_guide);
  }

  // Footnotes in the order the page first refers to them ([^label] in its
  // text, titles and choices), the rest after them in the order written.
  void order_footnotes() {
    std::vector<Footnote>& notes = m_guide.footnotes;
    if (notes.size() < 2) return;
    std::unordered_map<std::string_view, std::size_t> index;
    for (std::size_t k = 0; k < notes.size(); ++k) index.emplace(notes[k].label, k);
    std::vector<std::size_t> order;
    std::vector<bool> placed(notes.size(), false);
    const auto scan = [&](std::string_view text) {
      for (std::size_t at = text.find("[^"); at != std::string_view::npos; at = text.find("[^", at + 2)) {
        // A label is short: looked for no further ("[^[^[^..." stays linear).
        const std::size_t close =
            text.substr(0, std::min(text.size(), at + 2 + k_max_footnote_label)).find(']', at + 2);
        if (close == std::string_view::npos) continue;
        const auto it = index.find(text.substr(at + 2, close - at - 2));
        if (it != index.end() && !placed[it->second]) {
          placed[it->second] = true;
          order.push_back(it->second);
        }
      }
    };
    const auto visit = [&](const Block& b) {
      scan(b.text);
      if (b.kind != BlockKind::question || b.index >= m_guide.questions.size()) return;
      const Question& q = m_guide.questions[b.index];
      scan(q.title);
      for (const Choice& c : q.choices) scan(c.text);
    };
    walk_blocks(m_guide, m_guide.blocks, visit);
    for (std::size_t k = 0; k < notes.size(); ++k) walk_blocks(m_guide, notes[k].blocks, visit);
    for (std::size_t k = 0; k < notes.size(); ++k) {
      if (!placed[k]) order.push_back(k);
    }
    std::vector<Footnote> sorted;
    sorted.reserve(notes.size());
    for (std::size_t k : order) sorted.push_back(std::move(notes[k]));
    notes = std::move(sorted);
  }

  // Every heading's id, in document order as MkDocs' toc gives them: ids
  // written with {#id} are taken first, then each other heading gets the
  // slug of its text, made unique. Headings in a <details> question's answer
  // are raw HTML to MkDocs and get none.
  void assign_heading_ids() {
    util::TocIds ids;
    for (const std::string& id : m_explicit_ids) ids.add(id);
    const std::function<void(std::vector<Block>&)> walk = [&](std::vector<Block>& blocks) {
      for (Block& b : blocks) {
        if (b.kind == BlockKind::heading) {
          if (b.anchor.empty())
            b.anchor = ids.unique(util::toc_slugify(heading_text(b.text, m_options.extensions.emoji), m_options.slug));
          if (b.index < m_guide.sections.size()) m_guide.sections[b.index].anchor = b.anchor;
        } else if (b.kind == BlockKind::question && b.index < m_guide.questions.size()) {
          Question& q = m_guide.questions[b.index];
          if (q.style != QuestionStyle::details) walk(q.blocks);
        } else {
          walk(b.children);
        }
      }
    };
    walk(m_guide.blocks);
  }

  // Older pages write questions as headings ("#### What is a Pod ?"). The dialect
  // reads none of them, so a page that has only those says so instead of
  // silently holding no questions.
  void check_heading_questions() {
    constexpr std::size_t k_min_headings = 3;
    if (m_question_headings < k_min_headings || !m_guide.questions.empty() || !m_guide.quizzes.empty()) return;
    report(m_first_question_heading, 0, util::Severity::warning, codes::k_heading_questions,
           fmt::format("{} headings end with '?' and read like questions (the first: \"{}\"), but questions are "
                       "??? question or <details> blocks, so this page has none; write each as ??? question "
                       "\"...\" with its answer indented 4 spaces",
                       m_question_headings, m_first_question_heading_text));
  }

  void check_numbering() {
    std::unordered_map<int, std::uint32_t> seen;  // number -> line
    seen.reserve(m_guide.questions.size());
    std::optional<int> previous;
    std::uint32_t previous_section = k_no_section;
    for (std::size_t k = 0; k < m_guide.questions.size(); ++k) {
      const Question& q = m_guide.questions[k];
      if (!q.number) continue;
      const int n = *q.number;
      // Numbering that restarts at 1 in a new section is a style, not a mistake.
      if (n == 1 && previous && q.section != previous_section) seen.clear();
      const Line& line = m_question_lines[k];
      if (auto it = seen.find(n); it != seen.end()) {
        report(line, 0, util::Severity::warning, codes::k_numbering_duplicate,
               fmt::format("question number {} is used again (first at line {})", n, it->second));
      } else if (previous && n != *previous + 1 && !(n == 1 && q.section != previous_section)) {
        if (n > *previous + 1) {
          report(line, 0, util::Severity::warning, codes::k_numbering_gap,
                 n == *previous + 2
                     ? fmt::format("question {} follows {}; {} is missing", n, *previous, *previous + 1)
                     : fmt::format("question {} follows {}; {} to {} are missing", n, *previous, *previous + 1, n - 1));
        } else {
          report(line, 0, util::Severity::warning, codes::k_numbering_gap,
                 fmt::format("question {} follows {}; numbers go backwards", n, *previous));
        }
      }
      seen.emplace(n, q.line);
      previous = n;
      previous_section = q.section;
    }
  }

  void check_duplicate_titles() {
    // Hashes 8 bytes at a time with every byte's 0x20 bit set: letters that differ
    // only in case hash alike (other bytes may collide, which equality sorts out).
    struct CaseInsensitiveHash {
      std::size_t operator()(std::string_view s) const {
        std::uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
        std::size_t i = 0;
        auto mix = [&h](std::uint64_t word) {
          h = (h ^ (word | 0x2020202020202020ull)) * 0xFF51AFD7ED558CCDull;
          h ^= h >> 32;
        };
        for (; i + 8 <= s.size(); i += 8) {
          std::uint64_t word = 0;
          std::memcpy(&word, s.data() + i, 8);
          mix(word);
        }
        if (i < s.size()) {
          std::uint64_t word = 0;
          std::memcpy(&word, s.data() + i, s.size() - i);
          mix(word);
        }
        return static_cast<std::size_t>(h);
      }
    };
    struct CaseInsensitiveEqual {
      bool operator()(std::string_view a, std::string_view b) const { return util::iequals_ascii(a, b); }
    };
    std::unordered_map<std::string_view, std::uint32_t, CaseInsensitiveHash, CaseInsensitiveEqual> seen;
    seen.reserve(m_guide.questions.size());
    for (std::size_t k = 0; k < m_guide.questions.size(); ++k) {
      const Question& q = m_guide.questions[k];
      if (q.title == "Question") continue;
      auto [it, inserted] = seen.emplace(util::trim(q.title), q.line);
      if (!inserted) {
        report(m_question_lines[k], 0, util::Severity::warning, codes::k_duplicate_title,
               fmt::format("same title as the question at line {}", it->second));
      }
    }
  }

  const source::SourceDocument& m_doc;
  const ParseOptions& m_options;
  Guide m_guide;
  std::vector<Line> m_lines;      // every line of the document, full width
  std::string m_rewritten_lines;  // fence lines rewritten for CommonMark (pair_fences); m_lines view it
  std::vector<Line> m_question_lines;
  std::deque<std::vector<Line>> m_scratch;  // a deque keeps references stable as it grows
  std::uint32_t m_section = k_no_section;
  int m_in_answer = 0;                             // > 0 while reading a question's answer
  std::unordered_set<std::string> m_explicit_ids;  // headings' own {#id}s
  std::string m_h1_title;
  std::size_t m_question_headings = 0;  // headings (## and deeper) that end with '?'
  Line m_first_question_heading;
  std::string m_first_question_heading_text;
};

}  // namespace

Guide parse_guide(const source::SourceDocument& document, std::string_view nav_title, const ParseOptions& options) {
  GuideParser parser(document, options);
  return parser.run(nav_title);
}

}  // namespace prepdeck::guide
