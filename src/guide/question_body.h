// The conventions inside a question's body (DESIGN.md, "The guide dialect"):
//   🧠 hint line            -> Question::hint (first one; the line leaves the answer)
//   🟢/🟡/🔴 Word, **Word**   -> level marker (first one; the line leaves the answer)
//   ✔ 💡 ⚠️ 📌 + **Label:**  -> a callout running to the next callout or the end
//   ✅ / ▫️ / ❌ text         -> a choice; any ✅ makes a multiple-choice question
//   - [x] / - [ ] text      -> a choice too (a task list), right and wrong
// Only lines at the body's top level count: never inside code fences, nested
// blocks or indented continuations.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "guide/model.h"
#include "guide/source_lines.h"

namespace prepdeck::guide {

struct QuestionBody {
  std::string answer_markdown;
  std::optional<std::string> hint;
  std::optional<Level> level;
  std::vector<Callout> callouts;
  std::vector<Choice> choices;
  // The lines the answer keeps, for parsing its blocks: parts[0] the lead
  // (before the first callout), parts[k + 1] callout k's content (its first
  // line the text after the label, when there is any).
  std::vector<std::vector<Line>> parts;
};

QuestionBody read_question_body(Lines body, Reporter& reporter);

// A level-marker line ("🟡 **Intermediate**", "**Advanced**", "Level: Beginner"):
// the level, or nothing when `content` is not one.
struct LevelMarker {
  Level level = Level::unspecified;
  bool conflict = false;  // colour and word disagree; the word wins
};
std::optional<LevelMarker> parse_level_marker(std::string_view content);

}  // namespace prepdeck::guide
