#include "render/pcre2_rules.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <srchilite/highlighttoken.h>
#include <srchilite/matchingparameters.h>
#include <srchilite/regexhighlightrule.h>
#include <srchilite/regexrulefactory.h>

namespace prepdeck::render {

namespace {

// Escapes that mean the same to boost (perl syntax, "C" locale) and to PCRE2,
// outside a character class and inside one (where \b is a backspace to one
// of them, and anchors and back references mean nothing).
bool same_escape(char c, bool in_class) {
  const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  if (c == '`' || c == '\'') return false;  // boost: the start and the end of the buffer
  const std::string_view same = in_class ? "wWsSdDntrfe" : "wWsSdDbBAzZntrfe123456789";
  return !alnum || same.find(c) != std::string_view::npos;
}

// A RegexHighlightRule (its element names, next state, exit level... stay the
// base class's) whose tryToMatch runs the same pattern on PCRE2's JIT.
class Pcre2Rule : public srchilite::RegexHighlightRule {
 public:
  Pcre2Rule(const std::string& name, const std::string& pattern) : RegexHighlightRule(name, pattern) { compile(); }
  explicit Pcre2Rule(const RegexHighlightRule& rule) : RegexHighlightRule(rule) { compile(); }
  Pcre2Rule(const Pcre2Rule& rule) : RegexHighlightRule(rule) { compile(); }
  Pcre2Rule& operator=(const Pcre2Rule&) = delete;
  ~Pcre2Rule() override { release(); }

  // What RegexHighlightRule::tryToMatch does with boost::regex_search(start,
  // end, match_not_bol unless at the beginning of the line): the subject starts
  // at `start`, so nothing before it is seen, as in boost.
  bool tryToMatch(std::string::const_iterator start, std::string::const_iterator end, srchilite::HighlightToken& token,
                  const srchilite::MatchingParameters& params) override {
    if (m_code == nullptr) return RegexHighlightRule::tryToMatch(start, end, token, params);
    const std::size_t length = static_cast<std::size_t>(end - start);
    const auto* subject = reinterpret_cast<PCRE2_SPTR>(length == 0 ? "" : &*start);
    const int found =
        pcre2_jit_match(m_code, subject, length, 0, params.beginningOfLine ? 0 : PCRE2_NOTBOL, m_data, nullptr);
    if (found == PCRE2_ERROR_NOMATCH) return false;
    if (found <= 0) return RegexHighlightRule::tryToMatch(start, end, token, params);  // a limit: let boost decide
    const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(m_data);
    const auto group = [&](std::uint32_t i) -> const PCRE2_SIZE* {
      return i < static_cast<std::uint32_t>(found) && ovector[2 * i] != PCRE2_UNSET ? ovector + 2 * i : nullptr;
    };
    const auto text = [&](const PCRE2_SIZE* span) { return std::string(start + span[0], start + span[1]); };
    token.prefix.assign(start, start + ovector[0]);
    token.suffix.assign(start + ovector[1], end);
    token.prefixOnlySpaces = token.prefix.find_first_not_of(" \t") == std::string::npos;
    if (getHasSubexpressions()) {
      for (std::uint32_t i = 1; i <= m_groups; ++i) {
        const PCRE2_SIZE* span = group(i);
        token.matchedSubExps.push_back(span != nullptr ? text(span) : std::string());
      }
    }
    const auto& elements = getElemList();
    if (elements.size() > 1) {
      for (std::uint32_t i = 1; i <= m_groups && i <= elements.size(); ++i) {
        if (const PCRE2_SIZE* span = group(i)) token.addMatched(elements[i - 1], text(span));
      }
    } else {
      token.addMatched(elements.empty() ? std::string() : elements[0], text(ovector));
    }
    return true;
  }

  void replaceReferences(const srchilite::ReplacementList& replacements) override {
    RegexHighlightRule::replaceReferences(replacements);
    release();
    compile();
  }

  srchilite::HighlightRule* clone() override { return new Pcre2Rule(*this); }

 private:
  void compile() {
    const auto pattern = boost_to_pcre2(toString());
    if (!pattern) return;
    int error = 0;
    PCRE2_SIZE offset = 0;
    m_code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern->data()), pattern->size(), 0, &error, &offset, nullptr);
    if (m_code == nullptr) return;  // boost's syntax, not PCRE2's: boost keeps the rule
    std::uint32_t groups = 0;
    if (pcre2_jit_compile(m_code, PCRE2_JIT_COMPLETE) != 0 ||
        pcre2_pattern_info(m_code, PCRE2_INFO_CAPTURECOUNT, &groups) != 0) {
      release();
      return;
    }
    m_groups = groups;
    m_data = pcre2_match_data_create_from_pattern(m_code, nullptr);
    if (m_data == nullptr) release();
  }

  void release() {
    if (m_data != nullptr) pcre2_match_data_free(m_data);
    if (m_code != nullptr) pcre2_code_free(m_code);
    m_data = nullptr;
    m_code = nullptr;
  }

  pcre2_code* m_code = nullptr;
  pcre2_match_data* m_data = nullptr;  // a rule belongs to one thread's highlighter
  std::uint32_t m_groups = 0;
};

// RegexRuleFactory builds the patterns (word lists, delimiters, escapes); every
// rule it returns is remade as a Pcre2Rule. Line and multi-line rules are made
// through createSimpleRule.
class Pcre2RuleFactory : public srchilite::RegexRuleFactory {
 public:
  srchilite::HighlightRule* createSimpleRule(const std::string& name, const std::string& pattern) override {
    return new Pcre2Rule(name, pattern);
  }
  srchilite::HighlightRule* createWordListRule(const std::string& name, const srchilite::WordList& list,
                                               bool case_sensitive) override {
    return remake(RegexRuleFactory::createWordListRule(name, list, case_sensitive));
  }
  srchilite::HighlightRule* createListRule(const std::string& name, const srchilite::WordList& list,
                                           bool case_sensitive) override {
    return remake(RegexRuleFactory::createListRule(name, list, case_sensitive));
  }
  srchilite::HighlightRule* createCompoundRule(const srchilite::ElemNameList& names, const std::string& rep) override {
    return remake(RegexRuleFactory::createCompoundRule(names, rep));
  }

 private:
  static srchilite::HighlightRule* remake(srchilite::HighlightRule* made) {
    std::unique_ptr<srchilite::HighlightRule> owned(made);
    if (const auto* rule = dynamic_cast<const srchilite::RegexHighlightRule*>(made)) return new Pcre2Rule(*rule);
    return owned.release();
  }
};

}  // namespace

std::unique_ptr<srchilite::RegexRuleFactory> make_pcre2_rule_factory() { return std::make_unique<Pcre2RuleFactory>(); }

std::optional<std::string> boost_to_pcre2(std::string_view pattern) {
  std::string out;
  out.reserve(pattern.size() + 16);
  bool in_class = false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\') {
      if (i + 1 == pattern.size()) return std::nullopt;
      const char next = pattern[++i];
      if (!in_class && next == '<') {
        out += "\\b(?=\\w)";  // boost: the start of a word
      } else if (!in_class && next == '>') {
        out += "\\b(?<=\\w)";  // boost: the end of a word
      } else if (same_escape(next, in_class)) {
        out += c;
        out += next;
      } else {
        return std::nullopt;
      }
      continue;
    }
    if (in_class) {
      if (c == '[' && i + 1 < pattern.size() &&
          (pattern[i + 1] == ':' || pattern[i + 1] == '.' || pattern[i + 1] == '=')) {
        const char kind = pattern[i + 1];
        const std::size_t close = pattern.find(std::string{kind, ']'}, i + 2);
        if (close == std::string_view::npos) return std::nullopt;
        const std::string_view name = pattern.substr(i, close + 2 - i);
        out.append(name);                         // PCRE2 refuses what it does not know
        if (name == "[:blank:]") out += "\\x0b";  // boost: white space but a line break, so \v too
        i = close + 1;
        continue;
      }
      if (c == ']') in_class = false;
      out += c;
      continue;
    }
    out += c;
    if (c == '[') {
      in_class = true;
      if (i + 1 < pattern.size() && pattern[i + 1] == '^') out += pattern[++i];
      if (i + 1 < pattern.size() && pattern[i + 1] == ']') out += pattern[++i];  // a leading ] is literal
    }
  }
  if (in_class) return std::nullopt;
  return out;
}

}  // namespace prepdeck::render
