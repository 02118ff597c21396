// The only part of prepdeck that talks to md4c while parsing guides. The dialect
// scanner finds the blocks; questions about inline Markdown (where are the code
// spans, what is the plain text of a title) are answered here by md4c.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace prepdeck::guide {

// md4c flags for the Markdown that MkDocs Material sites write: tables,
// strikethrough, task lists, permissive autolinks.
unsigned markdown_flags();

// The text of inline Markdown with the markup removed ("**What** is `ls`?" -> "What is ls?").
std::string plain_text(std::string_view markdown);

struct Blank {
  std::size_t offset = 0;  // of the first '[' in the input
  std::size_t length = 0;  // through the closing "]]"
  std::string answer;      // between the brackets, trimmed
};

// The `[[answer]]` blanks of a fill-in quiz, in order. Brackets inside inline
// code or code blocks are literal text and never blanks.
std::vector<Blank> find_blanks(std::string_view markdown);

}  // namespace prepdeck::guide
