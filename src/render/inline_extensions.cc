#include "render/inline_extensions.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <iterator>
#include <sstream>

#include "render/html.h"
#include "source/mkdocs_config.h"
#include "util/pymdownx_names.h"
#include "util/text.h"

namespace prepdeck::render {

namespace {

bool is_ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// Python's \w, with every non-ASCII byte taken as part of a word.
bool is_word(char c) { return is_ascii_alnum(c) || c == '_' || static_cast<unsigned char>(c) >= 0x80; }

bool is_name_char(char c) { return is_ascii_alnum(c) || c == '_' || c == '-'; }

// Elements whose text is not Markdown's to change.
bool is_opaque(std::string_view name) {
  static constexpr std::array<std::string_view, 11> k_names = {
      "code", "pre", "kbd", "script", "style", "textarea", "x-equation", "svg", "math", "abbr", "samp"};
  return std::ranges::find(k_names, name) != k_names.end();
}

bool is_void(std::string_view name) {
  static constexpr std::array<std::string_view, 14> k_names = {
      "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param"};
  return std::ranges::find(k_names, name) != k_names.end();
}

constexpr std::size_t k_max_footnote_label = 200;
constexpr std::size_t k_max_searched_abbreviations = 64;

struct Edit {
  std::size_t at;
  std::size_t length;  // bytes of the HTML it replaces
  std::string text;
};

// ==mark==, ^^ins^^, ~~del~~
struct Delimiter {
  char c;
  std::string_view open;
  std::string_view close;
};
constexpr std::array<Delimiter, 3> k_delimiters = {
    Delimiter{'=', "<mark>", "</mark>"}, Delimiter{'^', "<ins>", "</ins>"}, Delimiter{'~', "<del>", "</del>"}};

struct Opener {
  std::size_t at;
  std::size_t depth;
};

}  // namespace

const IconSet& IconSet::material() {
  static const IconSet set{std::string(k_material_icons_dir)};
  return set;
}

std::optional<std::string> IconSet::svg(std::string_view shortcode) const {
  if (shortcode.empty() || shortcode.size() > util::k_max_shortcode) return std::nullopt;
  for (char c : shortcode) {
    if (!is_name_char(c)) return std::nullopt;  // no '.', no '/': the name stays in the set
  }
  {
    const std::lock_guard lock(m_mutex);
    if (auto it = m_cache.find(shortcode); it != m_cache.end()) return it->second;
  }
  // material-check -> material/check.svg; fontawesome-brands-github ->
  // fontawesome/brands/github.svg: the set's folder, a style folder where the
  // set has them, then the icon.
  std::optional<std::string> found;
  const std::size_t dash = shortcode.find('-');
  if (dash != std::string_view::npos && dash > 0 && dash + 1 < shortcode.size()) {
    const std::string_view set = shortcode.substr(0, dash);
    std::string_view icon = shortcode.substr(dash + 1);
    std::string path = m_dir + "/" + std::string(set) + "/";
    if (set == "fontawesome") {
      const std::size_t style_end = icon.find('-');
      if (style_end != std::string_view::npos) {
        path += std::string(icon.substr(0, style_end)) + "/";
        icon.remove_prefix(style_end + 1);
      }
    }
    path += std::string(icon) + ".svg";
    std::ifstream in(path, std::ios::binary);
    if (in) {
      std::ostringstream text;
      text << in.rdbuf();
      std::string svg = text.str();
      while (!svg.empty() && util::is_space(svg.back())) svg.pop_back();
      if (svg.rfind("<svg", 0) == 0 && svg.size() < (64u << 10)) found = std::move(svg);
    }
  }
  const std::lock_guard lock(m_mutex);
  m_cache.emplace(std::string(shortcode), found);
  return found;
}

InlineExtensions::InlineExtensions(InlineOptions options) : m_options(std::move(options)) {
  for (const auto& [text, title] : m_options.abbreviations) {
    if (text.empty()) continue;
    const bool one_word = std::ranges::all_of(text, [](char c) { return is_word(c); });
    if (one_word) {
      m_word_abbreviations.insert_or_assign(text, escape(title));
    } else if (m_other_abbreviations.size() < k_max_searched_abbreviations) {
      m_other_abbreviations.emplace_back(escape(text), escape(title));
    }
  }
  for (std::size_t i = 0; i < m_options.footnotes.size(); ++i) {
    m_footnotes.emplace(escape(m_options.footnotes[i]), std::pair<std::size_t, std::size_t>{i + 1, 0});
  }
  m_active = m_options.keys || m_options.mark || m_options.caret || m_options.tilde || m_options.emoji ||
             m_options.smart_symbols != 0 || !m_word_abbreviations.empty() || !m_other_abbreviations.empty() ||
             !m_footnotes.empty();
}

namespace {

class Scanner {
 public:
  Scanner(const std::string& html, const InlineOptions& options,
          std::unordered_map<std::string, std::pair<std::size_t, std::size_t>>& footnotes)
      : m_html(html), m_options(options), m_footnotes(footnotes) {}

  struct Run {
    std::size_t begin;
    std::size_t end;
  };

  // Walks the HTML: the text runs outside opaque elements, and the edits.
  void scan() {
    const std::string& h = m_html;
    std::string opaque;  // the opaque element we are in, if any
    std::size_t opaque_nesting = 0;
    std::size_t pos = 0;
    while (pos < h.size()) {
      if (h[pos] != '<') {
        std::size_t end = h.find('<', pos);
        if (end == std::string::npos) end = h.size();
        if (opaque.empty()) {
          scan_text(pos, end);
          m_runs.push_back(Run{pos, end});
        }
        pos = end;
        continue;
      }
      if (h.compare(pos, 4, "<!--") == 0) {
        const std::size_t end = h.find("-->", pos + 4);
        pos = end == std::string::npos ? h.size() : end + 3;
        continue;
      }
      const std::size_t close = h.find('>', pos);
      if (close == std::string::npos) break;
      std::size_t i = pos + 1;
      const bool closing = i < close && h[i] == '/';
      if (closing) ++i;
      const std::size_t name_start = i;
      while (i < close && (is_ascii_alnum(h[i]) || h[i] == '-')) ++i;
      const std::string name = util::to_lower_ascii(std::string_view(h).substr(name_start, i - name_start));
      const bool self_closing = h[close - 1] == '/';
      pos = close + 1;
      if (name.empty()) continue;  // <!DOCTYPE>, <?...>
      if (!opaque.empty()) {
        if (name == opaque && !self_closing) {
          if (closing) {
            if (--opaque_nesting == 0) opaque.clear();
          } else {
            ++opaque_nesting;
          }
        }
        continue;
      }
      // Math (render/markdown_html.cc writes it so) is TeX's, not Markdown's.
      const bool math = (name == "span" || name == "div") &&
                        std::string_view(h).substr(name_start, close - name_start).find("class=\"arithmatex\"") !=
                            std::string_view::npos;
      if (!closing && !self_closing && (is_opaque(name) || math)) {
        opaque = name;
        opaque_nesting = 1;
        continue;
      }
      if (self_closing || is_void(name)) continue;
      if (closing) {
        if (m_depth > 0) --m_depth;
        for (auto& stack : m_open) {
          while (!stack.empty() && stack.back().depth > m_depth) stack.pop_back();
        }
      } else {
        ++m_depth;
      }
    }
  }

  std::vector<Edit>& edits() { return m_edits; }
  const std::vector<Run>& runs() const { return m_runs; }

 private:
  void scan_text(std::size_t begin, std::size_t end) {
    const std::string& h = m_html;
    std::size_t i = begin;
    while (i < end) {
      const char c = h[i];
      if (m_options.smart_symbols != 0) {
        if (const std::size_t after = smart_symbol(i, begin, end); after != 0) {
          i = after;
          continue;
        }
      }
      if (c == '+' && m_options.keys && i + 1 < end && h[i + 1] == '+') {
        if (const std::size_t after = keys(i, end); after != 0) {
          i = after;
          continue;
        }
      } else if (c == ':' && m_options.emoji) {
        i = shortcode(i, end);
        continue;
      } else if (c == '[' && !m_footnotes.empty() && i + 1 < end && h[i + 1] == '^') {
        if (const std::size_t after = footnote_reference(i, end); after != 0) {
          i = after;
          continue;
        }
      } else if (c == '=' || c == '^' || c == '~') {
        i = delimiter(i, begin, end);
        continue;
      }
      ++i;
    }
  }

  // ++ctrl+alt+"My key"++ at `at`: the index after it, or 0 when it is not one.
  std::size_t keys(std::size_t at, std::size_t end) {
    const std::string& h = m_html;
    static constexpr std::string_view k_quot = "&quot;";
    struct Key {
      std::string_view text;
      bool quoted;
    };
    std::vector<Key> keys;
    std::size_t j = at + 2;
    while (true) {
      if (j < end && is_name_char(h[j])) {
        const std::size_t start = j;
        while (j < end && is_name_char(h[j])) ++j;
        keys.push_back(Key{std::string_view(h).substr(start, j - start), false});
      } else if (h.compare(j, k_quot.size(), k_quot) == 0 && j + k_quot.size() <= end) {
        const std::size_t close = h.find(k_quot, j + k_quot.size());
        if (close == std::string::npos || close + k_quot.size() > end || close == j + k_quot.size()) return 0;
        keys.push_back(Key{std::string_view(h).substr(j + k_quot.size(), close - j - k_quot.size()), true});
        j = close + k_quot.size();
      } else if (j < end && h[j] == '\'') {
        const std::size_t close = h.find('\'', j + 1);
        if (close == std::string::npos || close >= end || close == j + 1) return 0;
        keys.push_back(Key{std::string_view(h).substr(j + 1, close - j - 1), true});
        j = close + 1;
      } else {
        return 0;
      }
      if (j + 1 < end && h[j] == '+' && h[j + 1] == '+') break;
      if (j < end && h[j] == '+') {
        ++j;
        continue;
      }
      return 0;
    }
    std::string out = "<span class=\"keys\">";
    for (std::size_t k = 0; k < keys.size(); ++k) {
      if (k > 0) out += "<span>+</span>";
      if (keys[k].quoted) {
        out += "<kbd>";
        out += util::trim(keys[k].text);
      } else {
        const auto label = util::key_label(keys[k].text);
        if (!label) return 0;
        out += "<kbd class=\"key-";
        out += label->first;
        out += "\">";
        append_escaped(out, label->second);
      }
      out += "</kbd>";
    }
    out += "</span>";
    m_edits.push_back(Edit{at, j + 2 - at, std::move(out)});
    return j + 2;
  }

  // A pymdownx.smartsymbols replacement at `at` (the text runs from `begin`
  // to `end`, in HTML: `<` and `>` are `&lt;` and `&gt;`): the index after
  // it, or 0. Its patterns, tried in its order of precedence.
  std::size_t smart_symbol(std::size_t at, std::size_t begin, std::size_t end) {
    const std::string& h = m_html;
    const std::uint16_t on = m_options.smart_symbols;
    const auto has = [&](std::string_view text) {
      return h.compare(at, text.size(), text) == 0 && at + text.size() <= end;
    };
    const auto word_before = [&] { return at > begin && is_word(h[at - 1]); };
    const auto word_at = [&](std::size_t i) { return i < end && is_word(h[i]); };
    const auto digit_at = [&](std::size_t i) { return i < end && h[i] >= '0' && h[i] <= '9'; };
    const auto replace = [&](std::size_t length, std::string text) {
      m_edits.push_back(Edit{at, length, std::move(text)});
      return at + length;
    };
    switch (h[at]) {
      case '(':
        if ((on & source::k_smart_trademark) != 0 && has("(tm)")) return replace(4, "&trade;");
        if ((on & source::k_smart_copyright) != 0 && has("(c)")) return replace(3, "&copy;");
        if ((on & source::k_smart_registered) != 0 && has("(r)")) return replace(3, "&reg;");
        return 0;
      case '+':
        return (on & source::k_smart_plusminus) != 0 && has("+/-") ? replace(3, "&plusmn;") : 0;
      case '=':
        return (on & source::k_smart_notequal) != 0 && has("=/=") ? replace(3, "&ne;") : 0;
      case 'c':
        return (on & source::k_smart_care_of) != 0 && has("c/o") && !word_before() && !word_at(at + 3)
                   ? replace(3, "&#8453;")
                   : 0;
      case '&':
        if ((on & source::k_smart_arrows) == 0) return 0;
        if (has("&lt;--&gt;")) return replace(10, "&harr;");
        if (has("&lt;--") && !(at + 6 < end && h[at + 6] == '-')) return replace(6, "&larr;");
        return 0;
      case '-':
        return (on & source::k_smart_arrows) != 0 && has("--&gt;") && !(at > begin && h[at - 1] == '-')
                   ? replace(6, "&rarr;")
                   : 0;
      default:
        break;
    }
    if (!digit_at(at)) return 0;
    if ((on & source::k_smart_fractions) != 0 && !(at > begin && digit_at(at - 1)) && at + 3 <= end &&
        h[at + 1] == '/' && !digit_at(at + 3)) {
      static constexpr std::array<std::pair<std::string_view, std::string_view>, 15> k_fractions = {{
          {"1/4", "&frac14;"},
          {"1/2", "&frac12;"},
          {"3/4", "&frac34;"},
          {"1/3", "&#8531;"},
          {"2/3", "&#8532;"},
          {"1/5", "&#8533;"},
          {"2/5", "&#8534;"},
          {"3/5", "&#8535;"},
          {"4/5", "&#8536;"},
          {"1/6", "&#8537;"},
          {"5/6", "&#8538;"},
          {"1/8", "&#8539;"},
          {"3/8", "&#8540;"},
          {"5/8", "&#8541;"},
          {"7/8", "&#8542;"},
      }};
      const std::string_view written = std::string_view(h).substr(at, 3);
      for (const auto& [fraction, entity] : k_fractions) {
        if (written == fraction) return replace(3, std::string(entity));
      }
    }
    if ((on & source::k_smart_ordinal_numbers) != 0 && !word_before()) {
      // `\b(?:[1-9][0-9]*)?((?<=1)(?:1|2|3)th|1st|2nd|3rd|[04-9]th)\b`
      std::size_t j = at;
      while (digit_at(j)) ++j;
      const std::size_t digits = j - at;
      if (j + 2 > end || word_at(j + 2) || (digits > 1 && h[at] == '0')) return 0;
      const std::string_view suffix = std::string_view(h).substr(j, 2);
      const char last = h[j - 1];
      const bool teen = digits > 1 && h[j - 2] == '1' && (last == '1' || last == '2' || last == '3') && suffix == "th";
      const bool plain = (last == '1' && suffix == "st") || (last == '2' && suffix == "nd") ||
                         (last == '3' && suffix == "rd") ||
                         ((last == '0' || (last >= '4' && last <= '9')) && suffix == "th");
      if (teen || plain) {
        return replace(digits + 2,
                       std::string(std::string_view(h).substr(at, digits)) + "<sup>" + std::string(suffix) + "</sup>");
      }
    }
    return 0;
  }

  // :name: at `at`; returns where scanning goes on.
  std::size_t shortcode(std::size_t at, std::size_t end) {
    const std::string& h = m_html;
    std::size_t j = at + 1;
    while (j < end && j - at <= util::k_max_shortcode && util::is_shortcode_char(h[j])) ++j;
    if (j >= end || h[j] != ':' || j == at + 1) return j > at + 1 ? j : at + 1;
    const std::string_view name = std::string_view(h).substr(at + 1, j - at - 1);
    if (auto found = util::emoji(name)) {
      // In the element Material writes an emoji in, so a site's CSS for it applies.
      m_edits.push_back(Edit{at, j + 1 - at, "<span class=\"twemoji\">" + std::string(*found) + "</span>"});
      return j + 1;
    }
    if (m_options.icons != nullptr) {
      if (auto svg = m_options.icons->svg(name)) {
        m_edits.push_back(Edit{at, j + 1 - at, "<span class=\"twemoji\">" + *svg + "</span>"});
        return j + 1;
      }
    }
    return j;  // the closing ':' may open the next shortcode
  }

  // [^label] at `at`, naming one of the page's footnotes.
  std::size_t footnote_reference(std::size_t at, std::size_t end) {
    const std::string& h = m_html;
    // Labels are short: looked for no further, so "[^[^[^..." costs no more than its length.
    const std::size_t limit = std::min(end, at + 2 + k_max_footnote_label);
    const std::size_t close = std::string_view(h).substr(0, limit).find(']', at + 2);
    if (close == std::string_view::npos) return 0;
    const auto it = m_footnotes.find(h.substr(at + 2, close - at - 2));
    if (it == m_footnotes.end()) return 0;
    auto& [number, uses] = it->second;
    ++uses;
    const std::string id = uses == 1 ? "fnref:" + it->first : "fnref" + std::to_string(uses) + ":" + it->first;
    std::string out = "<sup id=\"";
    out += id;
    out += "\"><a class=\"footnote-ref\" href=\"#fn:";
    out += it->first;
    out += "\">";
    out += std::to_string(number);
    out += "</a></sup>";
    m_edits.push_back(Edit{at, close + 1 - at, std::move(out)});
    return close + 1;
  }

  // A run of '=', '^' or '~' at `at`; returns the index after what it used.
  std::size_t delimiter(std::size_t at, std::size_t begin, std::size_t end) {
    const std::string& h = m_html;
    const char d = h[at];
    std::size_t run = at;
    while (run < end && h[run] == d) ++run;
    const std::size_t length = run - at;
    const bool enabled = (d == '=' && m_options.mark) || (d == '^' && m_options.caret) || (d == '~' && m_options.tilde);
    if (!enabled) return run;
    if (length == 2) {
      // Python's "smart" rule: an opener is not glued to a word before it nor
      // followed by white space; a closer is the reverse. At the edge of a run
      // of text the neighbour is a tag, which counts as neither.
      const char before = at > begin ? h[at - 1] : '\0';
      const char after = run < end ? h[run] : '\0';
      const bool can_close = !util::is_space(before) && !is_word(after);
      const bool can_open = !util::is_space(after) && !is_word(before);
      const std::size_t kind = d == '=' ? 0 : d == '^' ? 1 : 2;
      auto& stack = m_open[kind];
      if (can_close && !stack.empty() && stack.back().depth == m_depth) {
        const Opener opener = stack.back();
        stack.pop_back();
        m_edits.push_back(Edit{opener.at, 2, std::string(k_delimiters[kind].open)});
        m_edits.push_back(Edit{at, 2, std::string(k_delimiters[kind].close)});
        // Openers of the other kinds after this one would close across it.
        for (auto& other : m_open) {
          while (!other.empty() && other.back().at > opener.at) other.pop_back();
        }
      } else if (can_open) {
        stack.push_back(Opener{at, m_depth});
      }
      return run;
    }
    if (length == 1 && d != '=') {
      // x^2^, H~2~O: to the next single one in this text, with no white space between.
      std::size_t j = at + 1;
      while (j < end && h[j] != d && !util::is_space(h[j])) ++j;
      if (j < end && h[j] == d && j > at + 1 && (j + 1 >= end || h[j + 1] != d)) {
        const bool sup = d == '^';
        m_edits.push_back(Edit{at, 1, sup ? "<sup>" : "<sub>"});
        m_edits.push_back(Edit{j, 1, sup ? "</sup>" : "</sub>"});
        return j + 1;
      }
      return j;
    }
    return run;
  }

  const std::string& m_html;
  const InlineOptions& m_options;
  std::unordered_map<std::string, std::pair<std::size_t, std::size_t>>& m_footnotes;
  std::vector<Edit> m_edits;
  std::vector<Run> m_runs;
  std::array<std::vector<Opener>, 3> m_open;
  std::size_t m_depth = 0;
};

}  // namespace

void InlineExtensions::apply(std::string& html) {
  if (!m_active) return;
  const bool has_abbreviations = !m_word_abbreviations.empty() || !m_other_abbreviations.empty();
  if (!has_abbreviations && m_options.smart_symbols == 0 && html.find_first_of("+=^~:[") == std::string::npos) return;
  Scanner scanner(html, m_options, m_footnotes);
  scanner.scan();
  std::vector<Edit>& edits = scanner.edits();
  if (edits.empty() && !has_abbreviations) return;
  std::ranges::sort(edits, {}, &Edit::at);

  std::string out;
  out.reserve(html.size() + html.size() / 8);
  std::size_t copied = 0;
  std::size_t next_edit = 0;
  // Appends html[from, to): text where the page's abbreviations are marked.
  const auto append_text = [&](std::size_t from, std::size_t to) {
    if (!has_abbreviations) {
      out.append(html, from, to - from);
      return;
    }
    append_abbreviated(out, std::string_view(html).substr(from, to - from));
  };
  for (const auto& run : scanner.runs()) {
    out.append(html, copied, run.begin - copied);
    std::size_t at = run.begin;
    while (next_edit < edits.size() && edits[next_edit].at < run.end) {
      const Edit& edit = edits[next_edit++];
      append_text(at, edit.at);
      out += edit.text;
      at = edit.at + edit.length;
    }
    append_text(at, run.end);
    copied = run.end;
  }
  out.append(html, copied);
  html.swap(out);
}

void InlineExtensions::append_abbreviated(std::string& out, std::string_view text) const {
  // Where the abbreviations that are not single words occur, earliest first.
  std::vector<std::pair<std::size_t, std::size_t>> found;  // position, index into m_other_abbreviations
  for (std::size_t k = 0; k < m_other_abbreviations.size(); ++k) {
    const std::string& a = m_other_abbreviations[k].first;
    for (std::size_t at = text.find(a); at != std::string_view::npos; at = text.find(a, at + a.size())) {
      const bool starts_clean = !is_word(a.front()) || at == 0 || !is_word(text[at - 1]);
      const bool ends_clean = !is_word(a.back()) || at + a.size() == text.size() || !is_word(text[at + a.size()]);
      if (starts_clean && ends_clean) found.emplace_back(at, k);
    }
  }
  std::ranges::sort(found);
  std::size_t next_found = 0;
  std::size_t i = 0;
  std::size_t copied = 0;
  const auto wrap = [&](std::size_t at, std::size_t length, const std::string& title) {
    out.append(text, copied, at - copied);
    out += "<abbr title=\"";
    out += title;
    out += "\">";
    out.append(text, at, length);
    out += "</abbr>";
    copied = at + length;
  };
  while (i < text.size()) {
    while (next_found < found.size() && found[next_found].first < i) ++next_found;
    if (next_found < found.size() && found[next_found].first == i) {
      const auto& [a, title] = m_other_abbreviations[found[next_found].second];
      wrap(i, a.size(), title);
      i += a.size();
      continue;
    }
    const char c = text[i];
    if (c == '&') {  // an entity is not a word
      const std::size_t semicolon = text.find(';', i);
      i = semicolon == std::string_view::npos || semicolon - i > 32 ? i + 1 : semicolon + 1;
      continue;
    }
    if (!is_word(c)) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && is_word(text[j])) ++j;
    // A word that holds the start of a longer abbreviation is not cut short.
    const bool other_inside = next_found < found.size() && found[next_found].first < j;
    if (!other_inside) {
      if (auto it = m_word_abbreviations.find(text.substr(i, j - i)); it != m_word_abbreviations.end())
        wrap(i, j - i, it->second);
      i = j;
    } else {
      i = found[next_found].first;
    }
  }
  out.append(text, copied);
}

}  // namespace prepdeck::render
