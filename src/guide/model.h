// The typed model of a guide: what every front end reads. Built once by
// guide::parse_guide(); front ends never parse Markdown themselves.
//
// Invariants:
//   * every Question and QuizItem has a non-empty id, unique within its guide,
//     derived from the guide path and the question number (or a slug of the
//     title/question when unnumbered), so ids survive edits elsewhere in the file;
//   * `line` fields are 1-based lines in the file the item was written in
//     (`file`, which differs from the guide's file for included content);
//   * Markdown strings are dedented to column 0 and use "\n" line ends.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/diagnostic.h"

namespace prepdeck::guide {

enum class Level : std::uint8_t { unspecified, beginner, intermediate, advanced };

std::string_view to_string(Level level);     // "beginner", ...; "unspecified"
std::string_view display_name(Level level);  // "Beginner", ...; "Unspecified"
// Beginner/Basic/Basics/Easy, Intermediate/Medium, Advanced/Hard/Expert (any case).
std::optional<Level> level_from_word(std::string_view word);

// Where a question's level came from, in order of precedence.
enum class LevelSource : std::uint8_t { marker, front_matter, path, none };  // path: a folder or file named for a level

enum class CalloutKind : std::uint8_t { check, tip, warning, pin };  // ✔ 💡 ⚠️ 📌

// The emoji a callout of this kind starts with: ✔, 💡, ⚠️ or 📌.
std::string_view callout_icon(CalloutKind kind);

struct Callout {
  CalloutKind kind = CalloutKind::check;
  std::string label;         // "Why it matters": no emoji, asterisks or trailing colon
  std::uint32_t offset = 0;  // the callout's Markdown is answer_markdown.substr(offset, length)
  std::uint32_t length = 0;
  std::uint32_t line = 0;
  std::uint32_t label_offset = 0;  // where the callout's own line starts in answer_markdown
};

struct Choice {
  std::string text;  // Markdown after the ✅ / ▫️ / ❌ marker
  bool correct = false;
  std::uint32_t line = 0;
};

// The document as blocks in source order, for renderers.
enum class BlockKind : std::uint8_t {
  markdown,      // `text` is Markdown to render as is
  heading,       // `text` is the heading, `depth` 1-6, `index` the section (or -1u)
  question,      // `index` into Guide::questions
  quiz,          // `index` into Guide::quizzes
  admonition,    // `type`, `text` (title, may be empty), `style`, `children`
  tab,           // content tab `=== "text"`; consecutive tabs form one set; `children`
  quiz_intro,    // <!-- mkdocs-quiz intro -->
  quiz_results,  // <!-- mkdocs-quiz results -->
  callout,       // in a question's answer: `index` into Question::callouts; `children` its content
  math,          // pymdownx.arithmatex block: `text` the TeX as written (\begin{align}...\end{align}, \[...\])
  definitions,   // def_list: `children` its terms and definitions, in order
  term,          // def_list: `text` one term (inline Markdown)
  definition,    // def_list: `children` one definition's content
  html,          // md_in_html: <`type` `text`> around `children` (the `markdown` attribute left out)
  list,          // a list holding admonitions or tabs: `type` "ul" or "ol", `index` its start, `children` items
  list_item,     // `children` the item's content
};

enum class AdmonitionStyle : std::uint8_t { plain, collapsed, open };  // !!!, ???, ???+

struct Block {
  BlockKind kind = BlockKind::markdown;
  AdmonitionStyle style = AdmonitionStyle::plain;
  std::uint8_t depth = 0;
  std::uint32_t index = 0;
  std::uint32_t line = 0;
  std::uint32_t file = 0;    // index into Guide::files of the file `line` is in
  std::uint32_t indent = 0;  // markdown: the bytes its first line lost to the blocks around it
  std::string type;
  std::string text;
  // heading: its id on the page, as MkDocs makes it (a `{#id}` of its own, else
  // the toc slug of its text, made unique with _1, _2...); empty for a heading
  // MkDocs gives none (inside a <details> question's raw HTML).
  std::string anchor;
  std::vector<Block> children;
};

enum class QuestionStyle : std::uint8_t { admonition, details };

struct Question {
  std::string id;
  std::optional<int> number;
  std::string title;  // inline Markdown, without the number
  Level level = Level::unspecified;
  LevelSource level_source = LevelSource::none;
  std::optional<std::string> hint;  // text after 🧠, trimmed
  bool open = false;                // ???+ or <details open>
  QuestionStyle style = QuestionStyle::admonition;
  // The answer as written, without the hint, level-marker and choice lines.
  // Callouts stay in it; `callouts` locates them.
  std::string answer_markdown;
  std::vector<Callout> callouts;
  std::vector<Choice> choices;  // non-empty: a multiple-choice question
  // The answer as renderers show it: its blocks in source order (nested
  // admonitions, collapsibles and tabs to any depth), each callout a
  // BlockKind::callout block holding its own. The choices are not in it.
  std::vector<Block> blocks;
  std::uint32_t section = 0;  // index into Guide::sections
  std::uint32_t line = 0;
  std::uint32_t file = 0;  // index into Guide::files

  std::string_view callout_markdown(const Callout& c) const {
    return std::string_view(answer_markdown).substr(c.offset, c.length);
  }
  // The answer before the first callout.
  std::string_view lead_markdown() const {
    return callouts.empty() ? std::string_view(answer_markdown)
                            : std::string_view(answer_markdown).substr(0, callouts.front().label_offset);
  }
};

enum class QuizKind : std::uint8_t { single, multiple, fill };
std::string_view to_string(QuizKind kind);

struct QuizOption {
  std::string markdown;
  bool correct = false;
  std::string feedback;  // from the `>` lines right after the option; may be empty
  std::uint32_t line = 0;
};

struct QuizItem {
  std::string id;
  QuizKind kind = QuizKind::single;
  std::string question_markdown;  // fill-in: blanks kept as written, [[answer]]
  std::vector<QuizOption> options;
  std::vector<std::string> blanks;  // fill-in answers in order, as written inside [[ ]]
  std::string explanation_markdown;
  bool valid = false;  // false when it cannot be scored (see diagnostics)
  // The page's level (front matter `level:`, else a folder or file named for a
  // level), for level verdicts; a front end may know better from a matching question.
  Level level = Level::unspecified;
  std::uint32_t section = 0;
  std::uint32_t line = 0;  // the <quiz> line
  std::uint32_t file = 0;
};

struct Section {
  std::string title;       // heading text (inline Markdown); for the implicit first section, the guide title
  std::uint8_t depth = 2;  // 2 for ##, 3 for ###; 0 for the implicit section before any heading
  std::string anchor;      // the heading's id (Block::anchor); empty for the implicit section
  std::uint32_t line = 0;
};

struct QuizSettings {
  std::string related;           // front matter `quiz: path`
  bool shuffle_answers = false;  // front matter `quiz: {shuffle_answers: true}`
};

// A footnote (footnotes extension): `[^label]: ...` anywhere on the page.
struct Footnote {
  std::string label;
  std::vector<Block> blocks;
  std::uint32_t line = 0;
  std::uint32_t file = 0;
};

// An abbreviation (abbr extension): `*[HTML]: Hyper Text Markup Language`.
struct Abbreviation {
  std::string text;
  std::string title;
};

struct Guide {
  std::string file;  // display path of the file
  std::string path;  // relative to the site root, '/'-separated
  std::string id;    // path without extension: the prefix of every item id
  bool readable = true;
  std::string title;                 // front matter title, else the first # heading, else nav title, else file name
  std::string description;           // front matter
  std::string date;                  // front matter, as written
  Level level = Level::unspecified;  // front matter `level:`
  std::vector<std::string> tags;
  std::vector<std::string> hide;  // front matter `hide:` (navigation, toc, footer), as Material reads it
  QuizSettings quiz;
  std::vector<std::string> files;  // files[0] is the guide; then included files
  std::vector<Section> sections;
  std::vector<Question> questions;
  std::vector<QuizItem> quizzes;
  std::vector<Block> blocks;
  // In the order they are numbered: as the page first refers to them, then
  // the ones it never refers to, in the order written (Python-Markdown 3.6+).
  std::vector<Footnote> footnotes;
  std::vector<Abbreviation> abbreviations;    // a text defined twice: the last definition
  std::vector<util::Diagnostic> diagnostics;  // sorted by file, line, column
};

// The line and column (1-based, in code points) of byte `offset` of a
// Markdown block's text, in the file the block is in: a block's first line
// lost `indent` bytes to the containers around it, later lines as many.
std::pair<std::uint32_t, std::uint32_t> position_in_block(const Block& b, std::size_t offset);

// Calls `visit` on every block of `blocks` in page order, a question's answer
// blocks after the question's own block, children after their parent.
void walk_blocks(const Guide& g, const std::vector<Block>& blocks, const std::function<void(const Block&)>& visit);

}  // namespace prepdeck::guide
