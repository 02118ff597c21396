// Heading ids as MkDocs makes them. MkDocs always runs Python-Markdown's `toc`
// extension: each heading's text is slugged, then made unique on its page with
// `_1`, `_2`... A site may choose pymdownx.slugs' Unicode slugs instead
// (`toc: slugify: ...` in mkdocs.yml). Checked against Python-Markdown's and
// pymdownx's own output (tests/util/data/toc_slug_vectors.json).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "util/unicode.h"

namespace prepdeck::util {

struct SlugRule {
  enum class Kind : std::uint8_t {
    python_markdown,  // markdown.extensions.toc.slugify: NFKD, ASCII only, lower case
    pymdownx,         // pymdownx.slugs.slugify(case=..., normalize=..., percent_encode=...)
  };
  enum class Case : std::uint8_t { none, lower, lower_ascii, fold };
  Kind kind = Kind::python_markdown;
  Case letter_case = Case::lower;     // pymdownx only
  NormalForm form = NormalForm::nfc;  // pymdownx only
  bool percent_encode = false;        // pymdownx only
  std::string separator = "-";

  static SlugRule python_markdown() { return {}; }
  // pymdownx.slugs.uslugify: slugify(case="lower").
  static SlugRule uslugify() { return SlugRule{Kind::pymdownx, Case::lower, NormalForm::nfc, false, "-"}; }
};

// The slug of a heading's text (its plain text, as toc reads it: markup and
// tags gone, code kept). Linear in `text`.
std::string toc_slugify(std::string_view text, const SlugRule& rule = SlugRule::python_markdown());

// toc's unique(): an id that is taken (or empty) gets `_1`, or, when it already
// ends in `_N`, the next free number after N. Ids given with add() (a heading's
// own `{#id}`) are taken before any slug. Amortized constant time per id,
// however many headings share a name.
class TocIds {
 public:
  void reserve(std::size_t count) { m_taken.reserve(count); }
  // Marks `id` taken as it is (an explicit id).
  void add(const std::string& id);
  std::string unique(std::string id);

 private:
  void take(const std::string& id);
  std::unordered_set<std::string> m_taken;
  // By base ("step" for "step_3"): for each number tried, the next number to try.
  std::unordered_map<std::string, std::unordered_map<std::uint32_t, std::uint32_t>> m_next;
};

}  // namespace prepdeck::util
