// source-highlight rules matched by PCRE2's JIT compiler instead of boost::regex.
//
// source-highlight tries every rule of a state at every token, each a
// regex_search over the rest of the line; with boost::regex that costs about
// 75 µs per line of bash (BENCHMARKS.md). The same patterns, JIT-compiled by
// PCRE2 (Debian libpcre2-dev), match the same text about eight times faster.
// This is the only file that includes pcre2.h.
//
// Invariant: highlighting with these rules gives exactly what boost's rules
// give (tests/render/highlight_test.cc compares the two on every language
// source-highlight ships). A pattern PCRE2 would read differently is not
// translated and that rule keeps matching with boost; so does any single match
// PCRE2 cannot finish (its JIT stack or match limit).
//
// Lines given to these rules hold no line separator (\n, \r, \f): boost's ^
// and $ match beside them, PCRE2's do not. highlight.cc sends code that has
// one through boost's rules.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace srchilite {
class RegexRuleFactory;
}

namespace prepdeck::render {

// A factory for srchilite::LangDefManager: the rules it makes are the ones
// srchilite::RegexRuleFactory makes, with PCRE2 matching where it can.
std::unique_ptr<srchilite::RegexRuleFactory> make_pcre2_rule_factory();

// A source-highlight (boost perl syntax) pattern in PCRE2 syntax, matched
// against a subject that starts where boost's search starts: boost's word
// boundaries \< and \> become lookarounds, the rest is the same in both.
// nullopt for what might not mean the same: an escape outside the short list
// both engines read alike, or an unbalanced class.
std::optional<std::string> boost_to_pcre2(std::string_view pattern);

}  // namespace prepdeck::render
