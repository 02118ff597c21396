#include "render/highlight.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include <memory>
#include <mutex>
#include <set>
#include <unordered_map>

#include <srchilite/formattermanager.h>
#include <srchilite/formatterparams.h>
#include <srchilite/langdefmanager.h>
#include <srchilite/langmap.h>
#include <srchilite/regexrulefactory.h>
#include <srchilite/settings.h>
#include <srchilite/sourcehighlighter.h>

#include "render/html.h"
#include "render/pcre2_rules.h"
#include "util/text.h"

namespace prepdeck::render {

namespace {

// Writes each token into the highlighter's output, in a span named for its
// element (keyword, string, comment, ...); plain text unwrapped.
class SpanFormatter : public srchilite::Formatter {
 public:
  SpanFormatter(std::string& out, std::string element) : m_out(out), m_element(std::move(element)) {}
  void format(const std::string& text, const srchilite::FormatterParams* /*params*/) override {
    if (text.empty()) return;
    if (m_element.empty()) {
      append_escaped(m_out, text);
      return;
    }
    m_out += "<span class=\"hl-";
    m_out += m_element;
    m_out += "\">";
    append_escaped(m_out, text);
    m_out += "</span>";
  }

 private:
  std::string& m_out;
  std::string m_element;
};

// source-highlight tries each rule of a state at every token, each a search
// over the rest of the line: time grows with the square of a line's length
// (80 KB of bash took 12 s). Longer lines are shown plain, which keeps a whole
// block linear; real code lines are far shorter.
constexpr std::size_t k_max_highlighted_line = 512;

// The elements of source-highlight's language files that get a colour.
constexpr const char* k_elements[] = {"keyword",  "type",     "string",   "comment",     "number", "preproc",
                                      "symbol",   "function", "variable", "specialchar", "regexp", "classname",
                                      "usertype", "todo",     "label",    "property",    "value",  "attribute"};

// source-highlight reads its language files with a non-reentrant (flex and
// bison) parser: one thread at a time.
std::mutex g_parser_mutex;

const std::string& data_dir() {
  static const std::string dir = [] {
    std::lock_guard lock(g_parser_mutex);
    return srchilite::Settings::retrieveDataDir();
  }();
  return dir;
}

// One per thread and engine: source-highlight's objects are not shared between threads.
class Highlighter {
 public:
  explicit Highlighter(RegexEngine engine)
      : m_data_dir(data_dir()),
        m_factory(engine == RegexEngine::pcre2_jit ? make_pcre2_rule_factory()
                                                   : std::make_unique<srchilite::RegexRuleFactory>()),
        m_defs(m_factory.get()),  // the manager does not delete its factory
        m_map(m_data_dir, "lang.map"),
        m_formatters(srchilite::FormatterPtr(new SpanFormatter(m_out, ""))) {
    for (const char* element : k_elements) {
      m_formatters.addFormatter(element, srchilite::FormatterPtr(new SpanFormatter(m_out, element)));
    }
    try {
      std::lock_guard lock(g_parser_mutex);
      m_map.open();
      m_ready = true;
    } catch (...) {
      m_ready = false;  // no data files: no highlighting
    }
  }

  std::optional<std::string> highlight(std::string_view code, std::string_view language) {
    if (!m_ready || language.empty()) return std::nullopt;
    const std::string lang = util::to_lower_ascii(language);
    auto it = m_states.find(lang);
    if (it == m_states.end()) {
      srchilite::HighlightStatePtr state;
      try {
        std::lock_guard lock(g_parser_mutex);
        const std::string file = m_map.getFileName(lang);
        if (!file.empty()) state = m_defs.getHighlightState(m_data_dir, file);
      } catch (...) {
        state.reset();  // a language file that does not load: stay plain
      }
      it = m_states.emplace(lang, state).first;
    }
    if (!it->second) return std::nullopt;
    m_out.clear();
    try {
      srchilite::SourceHighlighter highlighter(it->second);
      highlighter.setFormatterManager(&m_formatters);
      highlighter.setOptimize(true);  // one span for a run of the same element
      srchilite::FormatterParams params;
      highlighter.setFormatterParams(&params);
      std::size_t start = 0;
      while (start < code.size()) {
        std::size_t end = code.find('\n', start);
        if (end == std::string_view::npos) end = code.size();
        params.start = static_cast<int>(m_out.size());
        const std::string_view line = code.substr(start, end - start);
        if (line.size() > k_max_highlighted_line) {
          append_escaped(m_out, line);  // plain: see k_max_highlighted_line
        } else {
          highlighter.highlightParagraph(std::string(line));
        }
        if (end < code.size()) m_out += '\n';
        start = end + 1;
      }
    } catch (...) {
      return std::nullopt;
    }
    return m_out;
  }

  std::vector<std::string> languages() {
    std::vector<std::string> names;
    if (!m_ready) return names;
    std::set<std::string> files;
    for (const auto& [name, file] : m_map) {  // sorted by name: the first name of each file
      if (files.insert(file).second) names.push_back(name);
    }
    return names;
  }

 private:
  std::string m_data_dir;
  std::string m_out;
  std::unique_ptr<srchilite::RegexRuleFactory> m_factory;
  srchilite::LangDefManager m_defs;
  srchilite::LangMap m_map;
  srchilite::FormatterManager m_formatters;
  std::unordered_map<std::string, srchilite::HighlightStatePtr> m_states;
  bool m_ready = false;
};

}  // namespace

std::optional<std::string> highlight_code(std::string_view code, std::string_view language, RegexEngine engine) {
  if (engine == RegexEngine::pcre2_jit && code.find_first_of("\r\f") == std::string_view::npos) {
    thread_local Highlighter pcre2(RegexEngine::pcre2_jit);
    return pcre2.highlight(code, language);
  }
  thread_local Highlighter boost(RegexEngine::boost);
  return boost.highlight(code, language);
}

std::vector<std::string> highlight_languages() { return Highlighter(RegexEngine::boost).languages(); }

namespace {

// pymdownx.highlight's block options, carried past md4c in the fence's
// language (encode_fence_options in render/markdown_html.cc): "python.pdopts.<hex>".
constexpr std::string_view k_options_mark = ".pdopts.";

struct FenceOptions {
  std::string title;
  std::optional<long> linenums;                 // the first line's number
  std::vector<std::pair<long, long>> hl_lines;  // ranges of lines, 1-based
};

std::string from_hex(std::string_view hex) {
  std::string out;
  const auto value = [](char c) { return c >= 'a' ? c - 'a' + 10 : c - '0'; };
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(value(hex[i]) * 16 + value(hex[i + 1]));
  return out;
}

// `title="a.py" linenums="1" hl_lines="2 4-5"` (quotes optional).
FenceOptions parse_fence_options(std::string_view text) {
  FenceOptions options;
  std::size_t at = 0;
  while (at < text.size()) {
    while (at < text.size() && text[at] == ' ') ++at;
    const std::size_t key_start = at;
    while (at < text.size() && text[at] != '=' && text[at] != ' ') ++at;
    const std::string_view key = text.substr(key_start, at - key_start);
    if (at >= text.size() || text[at] != '=') continue;
    ++at;
    std::string_view value;
    if (at < text.size() && (text[at] == '"' || text[at] == '\'')) {
      const std::size_t close = text.find(text[at], at + 1);
      const std::size_t end = close == std::string_view::npos ? text.size() : close;
      value = text.substr(at + 1, end - at - 1);
      at = end + 1;
    } else {
      const std::size_t start = at;
      while (at < text.size() && text[at] != ' ') ++at;
      value = text.substr(start, at - start);
    }
    const auto number = [](std::string_view digits) -> std::optional<long> {
      if (digits.empty() || digits.size() > 9) return std::nullopt;
      long n = 0;
      for (char c : digits) {
        if (c < '0' || c > '9') return std::nullopt;
        n = n * 10 + (c - '0');
      }
      return n;
    };
    if (key == "title") {
      options.title = std::string(value);
    } else if (key == "linenums") {
      const std::string_view first = value.substr(0, value.find(' '));
      options.linenums = number(first);
    } else if (key == "hl_lines") {
      std::size_t from = 0;
      while (from < value.size()) {
        std::size_t end = value.find(' ', from);
        if (end == std::string_view::npos) end = value.size();
        const std::string_view range = value.substr(from, end - from);
        const std::size_t dash = range.find('-');
        const auto lo = number(range.substr(0, dash));
        const auto hi = dash == std::string_view::npos ? lo : number(range.substr(dash + 1));
        if (lo && hi && *lo <= *hi) options.hl_lines.emplace_back(*lo, *hi);
        from = end + 1;
      }
    }
  }
  return options;
}

// The code's lines, numbered and highlighted as `options` say.
std::string apply_line_options(std::string_view code, const FenceOptions& options) {
  if (!options.linenums && options.hl_lines.empty()) return std::string(code);
  std::string out;
  out.reserve(code.size() + code.size() / 4);
  long line = 1;
  std::size_t start = 0;
  while (start < code.size()) {
    std::size_t end = code.find('\n', start);
    const bool last = end == std::string_view::npos;
    if (last) end = code.size();
    const bool marked =
        std::ranges::any_of(options.hl_lines, [line](const auto& r) { return line >= r.first && line <= r.second; });
    if (options.linenums)
      out += fmt::format("<span class=\"linenos\" data-linenos=\"{} \"></span>", *options.linenums + line - 1);
    if (marked) out += "<span class=\"hll\">";
    out.append(code, start, end - start);
    if (marked)
      out += last ? "</span>" : "\n</span>";
    else if (!last)
      out += '\n';
    if (last) break;
    start = end + 1;
    ++line;
  }
  return out;
}

}  // namespace

void highlight_code_blocks(std::string& html, bool colors) {
  static constexpr std::string_view k_open = "<pre><code class=\"language-";
  static constexpr std::string_view k_close = "</code></pre>";
  std::string out;
  std::size_t copied = 0;  // html before this is in `out`
  for (std::size_t at = html.find(k_open); at != std::string::npos; at = html.find(k_open, at + 1)) {
    const std::size_t lang_start = at + k_open.size();
    const std::size_t lang_end = html.find('"', lang_start);
    const std::size_t body = lang_end == std::string::npos ? std::string::npos : html.find('>', lang_end);
    const std::size_t close = body == std::string::npos ? std::string::npos : html.find(k_close, body);
    if (close == std::string::npos) break;
    std::string_view language = std::string_view(html).substr(lang_start, lang_end - lang_start);
    std::optional<FenceOptions> options;
    if (const std::size_t mark = language.find(k_options_mark); mark != std::string_view::npos) {
      options = parse_fence_options(from_hex(language.substr(mark + k_options_mark.size())));
      language = language.substr(0, mark);
    }
    const std::string_view escaped = std::string_view(html).substr(body + 1, close - body - 1);
    auto highlighted = colors ? highlight_code(unescape(escaped), language) : std::nullopt;
    if (!highlighted && !options) {
      at = close;
      continue;
    }
    std::string code = highlighted ? std::move(*highlighted) : std::string(escaped);
    out.append(html, copied, at - copied);
    if (options) {
      out += "<div class=\"highlight\">";
      if (!options->title.empty()) {
        out += "<span class=\"filename\">";
        append_escaped(out, options->title);
        out += "</span>";
      }
      code = apply_line_options(code, *options);
    }
    out += "<pre><code class=\"language-";
    out += language;
    out += "\">";
    out += code;
    out += k_close;
    if (options) out += "</div>";
    copied = close + k_close.size();
    at = close;
  }
  if (copied == 0) return;  // nothing highlighted
  out.append(html, copied);
  html.swap(out);
}

void highlight_inline_code(std::string& html) {
  static constexpr std::string_view k_open = "<code>#!";
  std::size_t at = html.find(k_open);
  if (at == std::string::npos) return;
  std::string out;
  std::size_t copied = 0;
  for (; at != std::string::npos; at = html.find(k_open, at + 1)) {
    const std::size_t lang_start = at + k_open.size();
    std::size_t lang_end = lang_start;
    while (lang_end < html.size() && lang_end - lang_start < 32 &&
           (std::isalnum(static_cast<unsigned char>(html[lang_end])) != 0 || html[lang_end] == '+' ||
            html[lang_end] == '-' || html[lang_end] == '_'))
      ++lang_end;
    const std::size_t close = html.find("</code>", lang_end);
    if (lang_end == lang_start || lang_end >= html.size() || html[lang_end] != ' ' || close == std::string::npos)
      continue;
    const std::string_view language = std::string_view(html).substr(lang_start, lang_end - lang_start);
    const std::string_view escaped = std::string_view(html).substr(lang_end + 1, close - lang_end - 1);
    const auto highlighted = highlight_code(unescape(escaped), language);
    out.append(html, copied, at - copied);
    out += "<code class=\"highlight language-";
    out += language;
    out += "\">";
    out += highlighted ? std::string_view(*highlighted) : escaped;
    out += "</code>";
    copied = close + 7;
    at = close;
  }
  if (copied == 0) return;
  out.append(html, copied);
  html.swap(out);
}

}  // namespace prepdeck::render
