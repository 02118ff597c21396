#include "render/highlight.h"

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

void highlight_code_blocks(std::string& html) {
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
    const auto highlighted = highlight_code(unescape(std::string_view(html).substr(body + 1, close - body - 1)),
                                            std::string_view(html).substr(lang_start, lang_end - lang_start));
    if (highlighted) {
      out.append(html, copied, body + 1 - copied);
      out += *highlighted;
      copied = close;
    }
    at = close;
  }
  if (copied == 0) return;  // nothing highlighted
  out.append(html, copied);
  html.swap(out);
}

}  // namespace prepdeck::render
