// One <quiz> block, by the rules of mkdocs-quiz:
//   the question (Markdown, any number of lines), then options
//   `- [x] right` / `- [ ] wrong` (also `*`, `[X]`, `[]`), each optionally
//   followed by `>` feedback lines, then an explanation (an optional `---`
//   line before it is dropped). Two or more [x] make it multiple-answer.
//   With no options, `[[answer]]` blanks make it fill-in-the-blank: the
//   question runs to a `---` line, the explanation follows it. Blanks inside
//   inline code or code blocks are literal text.
#pragma once

#include "guide/model.h"
#include "guide/source_lines.h"

namespace prepdeck::guide {

// `content` holds the lines between <quiz> and </quiz>; `open` is the <quiz> line.
// Problems are reported; the item's `valid` says whether it can be scored.
QuizItem parse_quiz(const Line& open, Lines content, Reporter& reporter);

// Some sites write quizzes in an HTML form no quiz plugin reads:
//   <quiz> <question> <p>stem</p> <answer correct>a</answer> <answer>b</answer> </question> ... </quiz>
// mkdocs-quiz does not read it. When a line of `content` starts with <question>, returns
// one item per element (their `line` is the <question> line) and reports the form
// once on `open`; otherwise returns nothing.
std::vector<QuizItem> parse_html_quiz(const Line& open, Lines content, Reporter& reporter);

}  // namespace prepdeck::guide
