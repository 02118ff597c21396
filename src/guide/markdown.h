// The only part of prepdeck that talks to md4c while parsing guides. The dialect
// scanner finds the blocks; questions about inline Markdown (where are the code
// spans, what is the plain text of a title) are answered here by md4c.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "source/mkdocs_config.h"

namespace prepdeck::guide {

// md4c flags for the Markdown that MkDocs Material sites write: tables,
// strikethrough, task lists, permissive autolinks.
unsigned markdown_flags();
// With a site's extensions: pymdownx.tilde reads `~` itself (render/inline_extensions.h),
// so md4c's strikethrough is off; arithmatex's `$x$`/`$$x$$` are md4c's math spans.
unsigned markdown_flags(const source::MarkdownExtensions& extensions);

// The text of inline Markdown with the markup removed ("**What** is `ls`?" -> "What is ls?").
std::string plain_text(std::string_view markdown);

// Inline Markdown (a heading's text, a title, an option) made safe to read
// as one paragraph: a line that starts like a block ("2. Title", "- item",
// "# x", "> x", "***", a code fence, "[x]: url") has that start escaped, so
// `### 2. Title` stays a heading with "2. Title" in it, never a list.
std::string inline_source(std::string_view markdown);

// A heading's text as MkDocs' toc reads it to make the heading's id: the
// plain text of its inline Markdown, with code kept, emphasis, raw HTML tags,
// character references and images' alt text gone, and, where pymdownx.emoji
// is on (`emoji`), the emoji and icon shortcodes outside code.
std::string heading_text(std::string_view markdown, bool emoji = false);

// What a question title and a quiz stem are compared by, when a quiz item
// repeats a study question word for word: the slug of the plain text (of the
// stem's first paragraph).
std::string question_key(std::string_view title_markdown);
std::string quiz_stem_key(std::string_view stem_markdown);

// The destinations of the Markdown links and images in `markdown` replaced
// by what `rewrite` returns for them (nothing: left as written). Raw HTML is
// not touched, as MkDocs does not touch it. A destination written with
// escapes or character references is left as written. One md4c pass, over
// the text bound_markdown(..., References::read_once) gives (which is what
// comes back).
enum class LinkKind : std::uint8_t { link, image };
using LinkRewrite = std::function<std::optional<std::string>(std::string_view destination, LinkKind kind)>;
std::string rewrite_link_destinations(std::string_view markdown, const LinkRewrite& rewrite);

// The Markdown links and images of `markdown`, in order: where each
// destination is written (offset into `markdown`; a reference's, at its
// definition, once however often it is used) and the destination as written
// (escapes and references kept).
struct LinkUse {
  std::size_t offset = 0;
  std::string destination;
  LinkKind kind = LinkKind::link;
};
// `relative`: only a text that may hold a relative destination or a
// #fragment is parsed (the others come back empty: what the link checker needs).
enum class LinkScope : std::uint8_t { all, relative };
std::vector<LinkUse> find_links(std::string_view markdown, LinkScope scope = LinkScope::all);

struct Blank {
  std::size_t offset = 0;  // of the first '[' in the input
  std::size_t length = 0;  // through the closing "]]"
  std::string answer;      // between the brackets, trimmed
};

// The `[[answer]]` blanks of a fill-in quiz, in order. Brackets inside inline
// code or code blocks are literal text and never blanks.
std::vector<Blank> find_blanks(std::string_view markdown);

// `markdown` with each blank written `\_\_\_\_` (Markdown for "____"): what
// may be shown of a fill-in item before it is answered (a search result).
std::string hide_blanks(std::string_view markdown);

// The raw HTML of `markdown` as md4c reads it (inline tags and HTML blocks,
// never code): [begin, end) byte ranges, a tag that spans lines one range.
std::vector<std::pair<std::size_t, std::size_t>> find_raw_html(std::string_view markdown);

// The structure of Markdown as md4c reads it, for a front end that lays text
// out itself (the terminal), with md4c's types kept inside markdown.cc.
enum class MdBlock : std::uint8_t {
  document,
  quote,
  bullet_list,
  ordered_list,
  list_item,
  rule,
  heading,
  code,  // indented or fenced
  html,
  paragraph,
  table,
  table_head,
  table_body,
  table_row,
  table_header_cell,
  table_cell,
};
enum class MdSpan : std::uint8_t { emphasis, strong, link, image, code, strikethrough, underline, other };
enum class MdText : std::uint8_t { normal, code, html, entity, soft_break, hard_break, null_char };
enum class MdAlign : std::uint8_t { none, left, center, right };

struct MdBlockInfo {
  MdBlock kind = MdBlock::document;
  int heading_level = 0;  // heading: 1-6
  int start = 1;          // ordered_list: the first number
  bool task = false;      // list_item: "- [ ]" or "- [x]"
  bool checked = false;
  std::string_view language;      // code: the fence's info word
  MdAlign align = MdAlign::none;  // table cells
};

class MarkdownVisitor {
 public:
  virtual ~MarkdownVisitor() = default;
  virtual void enter_block(const MdBlockInfo& block) = 0;
  virtual void leave_block(const MdBlockInfo& block) = 0;
  virtual void enter_span(MdSpan span, std::string_view href) = 0;  // href: links and images
  virtual void leave_span(MdSpan span) = 0;
  virtual void text(MdText kind, std::string_view text) = 0;
};

// Walks `markdown` (flags: markdown_flags()) and calls `visitor` in document order.
void walk_markdown(std::string_view markdown, MarkdownVisitor& visitor);

}  // namespace prepdeck::guide
