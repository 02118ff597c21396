// Markdown made safe for md4c to take in time and output linear in its size.
//
// Debian 12's md4c (0.4.8) has three inputs whose cost grows faster than their
// size, each fixed in a later md4c:
//   - for every bracket pair of a paragraph it finds the pair's line by walking
//     the paragraph's lines from the first (0.5.3, mity/md4c#236): 120,000
//     lines of "[a]" took 2.8 s, four times 30,000's;
//   - every use of a link reference definition writes the definition out
//     again, so a long one used many times multiplies the output (0.5.3,
//     #238): 40 KB of input made 62 MB of HTML;
//   - a table row is given every column its header has, so a header of
//     thousands of columns over rows of one cell multiplies the output (0.5.1
//     caps tables at 128 columns): 36 KB made 153 MB.
// bound_markdown() passes text whose cost stays within a budget proportional
// to its size through untouched (every real page), and changes only what
// would go past it, much as the later md4c does:
//   - paragraphs are cut by a blank line every 256 lines;
//   - link reference definitions are shown as text (a '\' before their '[');
//   - a table delimiter row of more than 128 columns is shown as text (a '\'
//     before its first '-').
// Every md4c call in prepdeck goes through it (guide/markdown.cc, render/markdown_html.cc).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace prepdeck::guide {

struct BoundedMarkdown {
  std::string_view text;              // for md4c: the input itself, or the caller's storage
  std::vector<std::size_t> inserted;  // offsets in `text` of the bytes added, ascending

  // The offset in the input of the byte at `at` in `text` (one that was in the input).
  std::size_t input_offset(std::size_t at) const;
};

// `markdown`, or a copy in `storage` changed as above. `text` views one of the two.
// A pass that reads each reference's destination once, where it is defined,
// instead of writing it out at every use (the link rewriter and checker)
// needs no bound on reference uses, and skips the parse that measures them.
enum class References : std::uint8_t { expanded, read_once };
BoundedMarkdown bound_markdown(std::string_view markdown, std::string& storage,
                               References references = References::expanded);

// The limits, for tests and benchmarks.
inline constexpr std::size_t k_max_paragraph_lines = 256;
inline constexpr std::size_t k_max_table_columns = 128;
// Steps md4c may walk over paragraph lines, and bytes link references may
// expand to, for `size` bytes of input.
std::size_t paragraph_walk_budget(std::size_t size);
std::size_t reference_expansion_budget(std::size_t size);

// The bytes of link destinations and titles md4c would write for `markdown`,
// counting stopped once past `limit` (in guide/markdown.cc, which talks to md4c).
std::size_t link_expansion(std::string_view markdown, std::size_t limit);

}  // namespace prepdeck::guide
