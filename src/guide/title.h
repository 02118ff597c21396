// Admonition headers (`??? question "1. Title"`) and question titles.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "guide/model.h"

namespace prepdeck::guide {

struct AdmonitionHeader {
  AdmonitionStyle style = AdmonitionStyle::plain;  // !!!, ???, ???+
  std::string type;                                // first word, lowercased: "question", "note", ...
  std::string title;                               // raw title text (may be empty)
  bool has_title = false;                          // a quoted (or recovered) title was present
  bool unterminated = false;                       // opening quote without a closing one, or no quotes at all
  bool trailing_text = false;                      // text after the closing quote (often a stray "**")
  std::size_t title_offset = 0;                    // byte offset of the title in the line content
};

// Parses `content` (a line without its indentation) when it starts with
// `!!!`, `???` or `???+` followed by a type word.
std::optional<AdmonitionHeader> parse_admonition_header(std::string_view content);

// True for the admonition types that make a question: question, faq, help.
bool is_question_type(std::string_view type);

struct QuestionTitle {
  std::optional<int> number;
  std::string title;            // without the number and without stray emphasis
  bool stray_emphasis = false;  // an unbalanced ** was dropped
};

// "1. What is X?" -> {1, "What is X?"}; also "Q1.", "1)", "#1:", "**1. X**",
// "Q1 (Easy): X" and a bold number "**Q1 (Easy):** X", "**Q2.** X".
QuestionTitle parse_question_title(std::string_view raw);

// The text of a <summary>: tags removed, entities for quotes decoded.
std::string summary_text(std::string_view html);

}  // namespace prepdeck::guide
