#include "guide/markdown.h"

#include <algorithm>
#include <unordered_set>
#include <utility>

#include <md4c.h>

#include "guide/markdown_bounds.h"
#include "guide/source_lines.h"
#include "util/pymdownx_names.h"
#include "util/text.h"

namespace prepdeck::guide {

namespace {

struct PlainState {
  std::string out;
};

int plain_text_cb(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* userdata) {
  auto* state = static_cast<PlainState*>(userdata);
  switch (type) {
    case MD_TEXT_SOFTBR:
    case MD_TEXT_BR:
      state->out.push_back(' ');
      break;
    case MD_TEXT_NULLCHAR:
      break;
    case MD_TEXT_ENTITY: {
      const std::string_view e(text, size);
      // Only the five that change a slug or a search word are decoded: the
      // plain text of a title makes its question's id, which must not move.
      if (e == "&amp;")
        state->out.push_back('&');
      else if (e == "&lt;")
        state->out.push_back('<');
      else if (e == "&gt;")
        state->out.push_back('>');
      else if (e == "&quot;")
        state->out.push_back('"');
      else if (e == "&nbsp;")
        state->out.push_back(' ');
      else
        state->out.append(e);
      break;
    }
    case MD_TEXT_HTML:
      break;  // inline tags (<b>, <br>) carry no text
    default:
      state->out.append(text, size);
  }
  return 0;
}

int block_noop(MD_BLOCKTYPE, void*, void*) { return 0; }

// Blocks (paragraphs, list items, table cells) end with a space, so their words never run together.
int plain_leave_block(MD_BLOCKTYPE, void*, void* userdata) {
  auto* state = static_cast<PlainState*>(userdata);
  if (!state->out.empty() && state->out.back() != ' ') state->out.push_back(' ');
  return 0;
}
int span_noop(MD_SPANTYPE, void*, void*) { return 0; }

// md4c's parser with prepdeck's flags and these callbacks.
MD_PARSER make_parser(int (*enter_block)(MD_BLOCKTYPE, void*, void*), int (*leave_block)(MD_BLOCKTYPE, void*, void*),
                      int (*enter_span)(MD_SPANTYPE, void*, void*), int (*leave_span)(MD_SPANTYPE, void*, void*),
                      int (*text)(MD_TEXTTYPE, const MD_CHAR*, MD_SIZE, void*)) {
  MD_PARSER parser{};
  parser.abi_version = 0;
  parser.flags = markdown_flags();
  parser.enter_block = enter_block;
  parser.leave_block = leave_block;
  parser.enter_span = enter_span;
  parser.leave_span = leave_span;
  parser.text = text;
  return parser;
}

// Runs md4c over `bounded` (what bound_markdown gave) with only a text callback.
void parse_text_only(std::string_view bounded, int (*text)(MD_TEXTTYPE, const MD_CHAR*, MD_SIZE, void*), void* state,
                     int (*leave_block)(MD_BLOCKTYPE, void*, void*) = block_noop) {
  const MD_PARSER parser = make_parser(block_noop, leave_block, span_noop, span_noop, text);
  md_parse(bounded.data(), static_cast<MD_SIZE>(bounded.size()), &parser, state);
}

bool needs_markdown(std::string_view text) { return util::contains_any_ascii(text, "*_`[]<>&\\!~"); }

struct CodeState {
  const char* base = nullptr;
  std::size_t size = 0;
  std::vector<std::pair<std::size_t, std::size_t>> code;  // [begin, end) byte ranges of code text
};

int code_text_cb(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* userdata) {
  auto* state = static_cast<CodeState*>(userdata);
  if (type != MD_TEXT_CODE) return 0;
  if (text < state->base || text + size > state->base + state->size) return 0;  // synthesized text
  const auto begin = static_cast<std::size_t>(text - state->base);
  state->code.emplace_back(begin, begin + size);
  return 0;
}

int raw_html_text_cb(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* userdata) {
  auto* state = static_cast<CodeState*>(userdata);
  if (type != MD_TEXT_HTML) return 0;
  if (text < state->base || text + size > state->base + state->size) return 0;  // synthesized text
  const auto begin = static_cast<std::size_t>(text - state->base);
  // A tag that spans lines of an HTML block comes a line at a time: one piece.
  if (!state->code.empty()) {
    auto& last = state->code.back();
    const std::string_view gap(state->base + last.second, begin >= last.second ? begin - last.second : 0);
    if (begin >= last.second && std::all_of(gap.begin(), gap.end(), [](char c) {
          return c == '\n' || c == '\r' || c == ' ' || c == '\t' || c == '>';
        })) {
      last.second = begin + size;
      return 0;
    }
  }
  state->code.emplace_back(begin, begin + size);
  return 0;
}

MdBlockInfo block_info(MD_BLOCKTYPE type, void* detail) {
  MdBlockInfo info;
  switch (type) {
    case MD_BLOCK_DOC:
      info.kind = MdBlock::document;
      break;
    case MD_BLOCK_QUOTE:
      info.kind = MdBlock::quote;
      break;
    case MD_BLOCK_UL:
      info.kind = MdBlock::bullet_list;
      break;
    case MD_BLOCK_OL:
      info.kind = MdBlock::ordered_list;
      info.start = static_cast<int>(static_cast<MD_BLOCK_OL_DETAIL*>(detail)->start);
      break;
    case MD_BLOCK_LI: {
      info.kind = MdBlock::list_item;
      const auto* li = static_cast<MD_BLOCK_LI_DETAIL*>(detail);
      info.task = li->is_task != 0;
      info.checked = li->task_mark == 'x' || li->task_mark == 'X';
      break;
    }
    case MD_BLOCK_HR:
      info.kind = MdBlock::rule;
      break;
    case MD_BLOCK_H:
      info.kind = MdBlock::heading;
      info.heading_level = static_cast<int>(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level);
      break;
    case MD_BLOCK_CODE: {
      info.kind = MdBlock::code;
      const auto* code = static_cast<MD_BLOCK_CODE_DETAIL*>(detail);
      if (code->lang.text != nullptr) info.language = std::string_view(code->lang.text, code->lang.size);
      break;
    }
    case MD_BLOCK_HTML:
      info.kind = MdBlock::html;
      break;
    case MD_BLOCK_P:
      info.kind = MdBlock::paragraph;
      break;
    case MD_BLOCK_TABLE:
      info.kind = MdBlock::table;
      break;
    case MD_BLOCK_THEAD:
      info.kind = MdBlock::table_head;
      break;
    case MD_BLOCK_TBODY:
      info.kind = MdBlock::table_body;
      break;
    case MD_BLOCK_TR:
      info.kind = MdBlock::table_row;
      break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD: {
      info.kind = type == MD_BLOCK_TH ? MdBlock::table_header_cell : MdBlock::table_cell;
      switch (static_cast<MD_BLOCK_TD_DETAIL*>(detail)->align) {
        case MD_ALIGN_LEFT:
          info.align = MdAlign::left;
          break;
        case MD_ALIGN_CENTER:
          info.align = MdAlign::center;
          break;
        case MD_ALIGN_RIGHT:
          info.align = MdAlign::right;
          break;
        default:
          info.align = MdAlign::none;
      }
      break;
    }
  }
  return info;
}

int walk_enter_block(MD_BLOCKTYPE type, void* detail, void* userdata) {
  static_cast<MarkdownVisitor*>(userdata)->enter_block(block_info(type, detail));
  return 0;
}
int walk_leave_block(MD_BLOCKTYPE type, void* detail, void* userdata) {
  static_cast<MarkdownVisitor*>(userdata)->leave_block(block_info(type, detail));
  return 0;
}

MdSpan span_kind(MD_SPANTYPE type) {
  switch (type) {
    case MD_SPAN_EM:
      return MdSpan::emphasis;
    case MD_SPAN_STRONG:
      return MdSpan::strong;
    case MD_SPAN_A:
      return MdSpan::link;
    case MD_SPAN_IMG:
      return MdSpan::image;
    case MD_SPAN_CODE:
      return MdSpan::code;
    case MD_SPAN_DEL:
      return MdSpan::strikethrough;
    case MD_SPAN_U:
      return MdSpan::underline;
    default:
      return MdSpan::other;
  }
}

int walk_enter_span(MD_SPANTYPE type, void* detail, void* userdata) {
  std::string_view href;
  if (type == MD_SPAN_A) {
    const auto* a = static_cast<MD_SPAN_A_DETAIL*>(detail);
    if (a->href.text != nullptr) href = std::string_view(a->href.text, a->href.size);
  } else if (type == MD_SPAN_IMG) {
    const auto* img = static_cast<MD_SPAN_IMG_DETAIL*>(detail);
    if (img->src.text != nullptr) href = std::string_view(img->src.text, img->src.size);
  }
  static_cast<MarkdownVisitor*>(userdata)->enter_span(span_kind(type), href);
  return 0;
}
int walk_leave_span(MD_SPANTYPE type, void*, void* userdata) {
  static_cast<MarkdownVisitor*>(userdata)->leave_span(span_kind(type));
  return 0;
}

int walk_text(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* userdata) {
  MdText kind = MdText::normal;
  switch (type) {
    case MD_TEXT_CODE:
      kind = MdText::code;
      break;
    case MD_TEXT_HTML:
      kind = MdText::html;
      break;
    case MD_TEXT_ENTITY:
      kind = MdText::entity;
      break;
    case MD_TEXT_SOFTBR:
      kind = MdText::soft_break;
      break;
    case MD_TEXT_BR:
      kind = MdText::hard_break;
      break;
    case MD_TEXT_NULLCHAR:
      kind = MdText::null_char;
      break;
    default:
      kind = MdText::normal;
  }
  static_cast<MarkdownVisitor*>(userdata)->text(kind, std::string_view(text, size));
  return 0;
}

}  // namespace

void walk_markdown(std::string_view markdown, MarkdownVisitor& visitor) {
  std::string storage;
  markdown = bound_markdown(markdown, storage).text;
  const MD_PARSER parser = make_parser(walk_enter_block, walk_leave_block, walk_enter_span, walk_leave_span, walk_text);
  md_parse(markdown.data(), static_cast<MD_SIZE>(markdown.size()), &parser, &visitor);
}

namespace {

struct ExpansionCount {
  std::size_t bytes = 0;
  std::size_t limit = 0;
};

int count_link_span(MD_SPANTYPE type, void* detail, void* userdata) {
  auto* count = static_cast<ExpansionCount*>(userdata);
  if (type == MD_SPAN_A) {
    const auto* a = static_cast<MD_SPAN_A_DETAIL*>(detail);
    count->bytes += a->href.size + a->title.size;
  } else if (type == MD_SPAN_IMG) {
    const auto* img = static_cast<MD_SPAN_IMG_DETAIL*>(detail);
    count->bytes += img->src.size + img->title.size;
  }
  return count->bytes > count->limit ? 1 : 0;  // non-zero stops md4c: the answer is known
}
int count_no_text(MD_TEXTTYPE, const MD_CHAR*, MD_SIZE, void*) { return 0; }

}  // namespace

std::size_t link_expansion(std::string_view markdown, std::size_t limit) {
  ExpansionCount count{0, limit};
  const MD_PARSER parser = make_parser(block_noop, block_noop, count_link_span, span_noop, count_no_text);
  md_parse(markdown.data(), static_cast<MD_SIZE>(markdown.size()), &parser, &count);
  return count.bytes;
}

unsigned markdown_flags() {
  return MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_TASKLISTS | MD_FLAG_PERMISSIVEURLAUTOLINKS |
         MD_FLAG_PERMISSIVEWWWAUTOLINKS;
}

unsigned markdown_flags(const source::MarkdownExtensions& extensions) {
  unsigned flags = markdown_flags();
  if (extensions.tilde) flags &= ~static_cast<unsigned>(MD_FLAG_STRIKETHROUGH);  // ~x~ is H~2~O's, ~~x~~ the pass's
  if (extensions.math) flags |= MD_FLAG_LATEXMATHSPANS;
  return flags;
}

std::string plain_text(std::string_view markdown) {
  if (!needs_markdown(markdown)) return std::string(util::trim(markdown));
  PlainState state;
  state.out.reserve(markdown.size());
  std::string storage;
  parse_text_only(bound_markdown(markdown, storage).text, plain_text_cb, &state, plain_leave_block);
  return std::string(util::trim(state.out));
}

namespace {

// "2." / "10)" followed by a space or the end: an ordered list item's start.
std::size_t ordered_marker_end(std::string_view line) {
  std::size_t digits = 0;
  while (digits < line.size() && digits < 10 && line[digits] >= '0' && line[digits] <= '9') ++digits;
  if (digits == 0 || digits > 9 || digits >= line.size() || (line[digits] != '.' && line[digits] != ')')) return 0;
  if (digits + 1 < line.size() && line[digits + 1] != ' ' && line[digits + 1] != '\t') return 0;
  return digits;
}

bool is_thematic_break(std::string_view line) {
  const char c = line.empty() ? '\0' : line[0];
  if (c != '-' && c != '*' && c != '_') return false;
  std::size_t count = 0;
  for (char x : line) {
    if (x == c) {
      ++count;
    } else if (x != ' ' && x != '\t') {
      return false;
    }
  }
  return count >= 3;
}

// Where a line of inline text would start a block: the backslash goes there.
std::size_t block_start_escape(std::string_view line) {
  if (line.empty()) return std::string_view::npos;
  const char c = line[0];
  const auto followed_by_space = [&line](std::size_t at) {
    return at >= line.size() || line[at] == ' ' || line[at] == '\t';
  };
  if (c == '#') {
    std::size_t n = 0;
    while (n < line.size() && line[n] == '#') ++n;
    return n <= 6 && followed_by_space(n) ? 0 : std::string_view::npos;
  }
  if (c == '>') return 0;
  if ((c == '-' || c == '+' || c == '*') && followed_by_space(1)) return 0;
  if (is_thematic_break(line)) return 0;
  if (c == '=' && line.find_first_not_of("= \t") == std::string_view::npos) return 0;
  if ((c == '`' || c == '~') && fence_open(line)) return 0;
  if (c == '[') {
    const std::size_t close = line.find(']');
    if (close != std::string_view::npos && close + 1 < line.size() && line[close + 1] == ':') return 0;
  }
  if (c >= '0' && c <= '9') {
    if (const std::size_t at = ordered_marker_end(line); at > 0) return at;
  }
  return std::string_view::npos;
}

// `text` without what Python-Markdown takes for a raw HTML tag and CommonMark
// does not (`List<int[]>`: `<`, an optional `/`, a letter, then neither
// `<`, `>`, `@` nor a space, then optionally a space and anything but `<` and
// `>`, then `>`). toc drops tags from the text it slugs.
std::string without_loose_tags(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t open = text.find('<', i);
    if (open == std::string_view::npos) break;
    out.append(text.substr(i, open - i));
    std::size_t j = open + 1;
    if (j < text.size() && text[j] == '/') ++j;
    std::size_t end = std::string_view::npos;
    if (j < text.size() && ((text[j] >= 'a' && text[j] <= 'z') || (text[j] >= 'A' && text[j] <= 'Z'))) {
      ++j;
      while (j < text.size() && text[j] != '<' && text[j] != '>' && text[j] != '@' && text[j] != ' ') ++j;
      if (j < text.size() && text[j] == ' ') {
        while (j < text.size() && text[j] != '<' && text[j] != '>') ++j;
      }
      if (j < text.size() && text[j] == '>') end = j;
    }
    if (end == std::string_view::npos) {
      out.push_back('<');
      i = open + 1;
    } else {
      i = end + 1;
    }
  }
  out.append(text.substr(std::min(i, text.size())));
  return out;
}

// What heading_text() reads an escaped `\<` as (a control character, which
// no heading holds: the loader has replaced them all).
constexpr std::string_view k_escaped_angle = "\x01";

struct HeadingTextState {
  std::string out;
  int in_image = 0;
  bool emoji = false;
  std::string text;  // text outside code not yet in `out`: a tag or shortcode may span md4c's pieces
  void flush() {
    if (text.empty()) return;
    if (text.find('<') != std::string::npos) text = without_loose_tags(text);
    out += emoji ? util::without_emoji_shortcodes(text) : text;
    text.clear();
  }
};

int heading_enter_span(MD_SPANTYPE type, void*, void* userdata) {
  if (type == MD_SPAN_IMG) ++static_cast<HeadingTextState*>(userdata)->in_image;
  return 0;
}
int heading_leave_span(MD_SPANTYPE type, void*, void* userdata) {
  if (type == MD_SPAN_IMG) --static_cast<HeadingTextState*>(userdata)->in_image;
  return 0;
}
int heading_text_cb(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* userdata) {
  auto* state = static_cast<HeadingTextState*>(userdata);
  if (state->in_image > 0) return 0;  // an <img> has no text, only an alt attribute
  switch (type) {
    case MD_TEXT_SOFTBR:
    case MD_TEXT_BR:
      state->flush();
      state->out.push_back(' ');
      break;
    case MD_TEXT_NULLCHAR:
    case MD_TEXT_ENTITY:  // toc strips references from the text it slugs
    case MD_TEXT_HTML:    // and raw tags, keeping the text between them
      break;
    case MD_TEXT_NORMAL:
      state->text.append(text, size);
      break;
    default:
      state->flush();
      state->out.append(text, size);
  }
  return 0;
}

}  // namespace

std::string inline_source(std::string_view markdown) {
  std::string out;
  out.reserve(markdown.size() + 2);
  std::size_t pos = 0;
  while (pos <= markdown.size()) {
    std::size_t end = markdown.find('\n', pos);
    if (end == std::string_view::npos) end = markdown.size();
    const std::string_view line = util::trim_left(markdown.substr(pos, end - pos));
    const std::size_t at = block_start_escape(line);
    if (at == std::string_view::npos) {
      out.append(line);
    } else {
      out.append(line.substr(0, at));
      out.push_back('\\');
      out.append(line.substr(at));
    }
    if (end == markdown.size()) break;
    out.push_back('\n');
    pos = end + 1;
  }
  return out;
}

std::string heading_text(std::string_view markdown, bool emoji) {
  std::string source = inline_source(markdown);
  // An escaped `\<` opens no tag: it is a mark that no tag starts with while
  // tags are dropped, and `<` again after (pymdownx.slugs strips tags itself).
  const bool escaped_angle = source.find("\\<") != std::string::npos;
  if (escaped_angle) source = util::replace_all(source, "\\<", k_escaped_angle);
  emoji = emoji && source.find(':') != std::string::npos;
  if (!escaped_angle && !needs_markdown(source) && !emoji && source.find('<') == std::string::npos) {
    return std::string(util::trim(source));
  }
  HeadingTextState state;
  state.emoji = emoji;
  state.out.reserve(source.size());
  std::string storage;
  const std::string_view bounded = bound_markdown(source, storage).text;
  const MD_PARSER parser = make_parser(block_noop, block_noop, heading_enter_span, heading_leave_span, heading_text_cb);
  md_parse(bounded.data(), static_cast<MD_SIZE>(bounded.size()), &parser, &state);
  state.flush();
  if (escaped_angle) state.out = util::replace_all(state.out, k_escaped_angle, "<");
  return std::string(util::trim(state.out));
}

namespace {

// Whether some "](" or "]:" in `markdown` is followed by what could be a
// relative destination (not "http:", "https:", "mailto:", '/', nor '#'
// unless `fragments` counts): when none is, there is nothing to rewrite or
// check, and no md4c pass is needed.
enum class Fragments : std::uint8_t { skip, count };
bool may_hold_relative_destination(std::string_view markdown, Fragments fragments) {
  for (std::string_view opener : {std::string_view("]("), std::string_view("]:")}) {
    for (std::size_t at = markdown.find(opener); at != std::string_view::npos; at = markdown.find(opener, at + 2)) {
      std::size_t pos = at + 2;
      while (pos < markdown.size() && (markdown[pos] == ' ' || markdown[pos] == '\t' || markdown[pos] == '\n' ||
                                       markdown[pos] == '\r' || markdown[pos] == '<'))
        ++pos;
      const std::string_view rest = markdown.substr(pos, 8);
      const bool absolute = rest.empty() || (rest.front() == '#' && fragments == Fragments::skip) ||
                            rest.front() == '/' || rest.front() == ')' ||
                            util::iequals_ascii(rest.substr(0, std::min<std::size_t>(rest.size(), 7)), "http://") ||
                            util::iequals_ascii(rest, "https://") ||
                            util::iequals_ascii(rest.substr(0, std::min<std::size_t>(rest.size(), 7)), "mailto:");
      if (!absolute) return true;
    }
  }
  return false;
}

// The destinations of the links and images md4c reports, each once (a
// reference used many times is one destination, at its definition).
struct LinkCollector {
  const char* base = nullptr;
  std::size_t size = 0;
  std::vector<LinkUse> found;
  std::vector<bool> plain;  // parallel to `found`: one plain piece, as written in the text
  std::unordered_set<const char*> seen;
};

int collect_link_span(MD_SPANTYPE type, void* detail, void* userdata) {
  auto* state = static_cast<LinkCollector*>(userdata);
  const MD_ATTRIBUTE* attribute = nullptr;
  LinkKind kind = LinkKind::link;
  if (type == MD_SPAN_A) {
    attribute = &static_cast<MD_SPAN_A_DETAIL*>(detail)->href;
  } else if (type == MD_SPAN_IMG) {
    attribute = &static_cast<MD_SPAN_IMG_DETAIL*>(detail)->src;
    kind = LinkKind::image;
  }
  if (attribute == nullptr || attribute->text == nullptr || attribute->size == 0) return 0;
  if (!state->seen.insert(attribute->text).second) return 0;
  const bool inside = attribute->text >= state->base && attribute->text + attribute->size <= state->base + state->size;
  LinkUse use;
  use.kind = kind;
  use.destination.assign(attribute->text, attribute->size);
  if (inside) use.offset = static_cast<std::size_t>(attribute->text - state->base);
  state->found.push_back(std::move(use));
  state->plain.push_back(inside && attribute->substr_types[0] == MD_TEXT_NORMAL &&
                         attribute->substr_offsets[1] == attribute->size);
  return 0;
}

LinkCollector collect_links(std::string_view bounded) {
  LinkCollector state;
  state.base = bounded.data();
  state.size = bounded.size();
  const MD_PARSER parser = make_parser(block_noop, block_noop, collect_link_span, span_noop, count_no_text);
  md_parse(bounded.data(), static_cast<MD_SIZE>(bounded.size()), &parser, &state);
  return state;
}

}  // namespace

std::string rewrite_link_destinations(std::string_view markdown, const LinkRewrite& rewrite) {
  // An inline destination follows "](", a reference's definition "]:".
  if (!may_hold_relative_destination(markdown, Fragments::skip)) return std::string(markdown);
  // Bounded first, as every md4c pass is; the text given back is the bounded
  // one. Each reference's destination is read once, at its definition.
  std::string storage;
  markdown = bound_markdown(markdown, storage, References::read_once).text;
  const LinkCollector links = collect_links(markdown);
  // Only destinations written as one plain piece can be replaced; in text
  // order (a reference's definition may come after later links).
  std::vector<const LinkUse*> found;
  for (std::size_t i = 0; i < links.found.size(); ++i) {
    if (links.plain[i]) found.push_back(&links.found[i]);
  }
  std::sort(found.begin(), found.end(), [](const LinkUse* a, const LinkUse* b) { return a->offset < b->offset; });
  std::string out;
  out.reserve(markdown.size() + markdown.size() / 8);
  std::size_t copied = 0;
  for (const LinkUse* d : found) {
    if (d->offset < copied) continue;
    const std::optional<std::string> replacement = rewrite(d->destination, d->kind);
    if (!replacement) continue;
    out.append(markdown, copied, d->offset - copied);
    out += *replacement;
    copied = d->offset + d->destination.size();
  }
  out.append(markdown, copied);
  return out;
}

std::vector<LinkUse> find_links(std::string_view markdown, LinkScope scope) {
  if (markdown.find("](") == std::string_view::npos && markdown.find("]:") == std::string_view::npos) return {};
  if (scope == LinkScope::relative && !may_hold_relative_destination(markdown, Fragments::count)) return {};
  std::string storage;
  const BoundedMarkdown bounded = bound_markdown(markdown, storage, References::read_once);
  LinkCollector state = collect_links(bounded.text);
  if (!bounded.inserted.empty()) {
    for (LinkUse& use : state.found) use.offset = std::min(bounded.input_offset(use.offset), markdown.size());
  }
  return std::move(state.found);
}

std::string question_key(std::string_view title_markdown) { return util::slugify(plain_text(title_markdown)); }

std::string quiz_stem_key(std::string_view stem_markdown) {
  return question_key(stem_markdown.substr(0, stem_markdown.find("\n\n")));
}

std::vector<std::pair<std::size_t, std::size_t>> find_raw_html(std::string_view markdown) {
  if (markdown.find('<') == std::string_view::npos) return {};
  std::string storage;
  const BoundedMarkdown bounded = bound_markdown(markdown, storage);
  CodeState state;
  state.base = bounded.text.data();
  state.size = bounded.text.size();
  parse_text_only(bounded.text, raw_html_text_cb, &state);
  if (!bounded.inserted.empty()) {
    for (auto& [begin, end] : state.code) {
      if (begin == end) continue;
      begin = bounded.input_offset(begin);
      end = bounded.input_offset(end - 1) + 1;
    }
  }
  for (auto& [begin, end] : state.code) end = std::min(end, markdown.size());
  return std::move(state.code);
}

std::vector<Blank> find_blanks(std::string_view markdown) {
  std::vector<Blank> blanks;
  if (markdown.find("[[") == std::string_view::npos) return blanks;
  std::string storage;
  const BoundedMarkdown bounded = bound_markdown(markdown, storage);
  CodeState state;
  state.base = bounded.text.data();
  state.size = bounded.text.size();
  parse_text_only(bounded.text, code_text_cb, &state);
  if (!bounded.inserted.empty()) {
    for (auto& [begin, end] : state.code) {
      if (begin == end) continue;
      begin = bounded.input_offset(begin);
      end = bounded.input_offset(end - 1) + 1;
    }
  }

  // Blanks are found left to right, so one cursor walks the (sorted) code ranges.
  std::sort(state.code.begin(), state.code.end());
  std::size_t code_at = 0;
  auto in_code = [&](std::size_t begin, std::size_t end) {
    while (code_at < state.code.size() && state.code[code_at].second <= begin) ++code_at;
    return code_at < state.code.size() && state.code[code_at].first < end;
  };
  // mkdocs-quiz: \[\[([^\]]+)\]\]. The next ']' is remembered, so a run of
  // "[[" with no ']' after them is scanned once, not once for each.
  std::size_t close = 0;
  std::size_t pos = 0;
  while ((pos = markdown.find("[[", pos)) != std::string_view::npos) {
    if (close < pos + 2) close = markdown.find(']', pos + 2);
    if (close == std::string_view::npos) break;
    const std::size_t end = close;
    if (end == pos + 2 || end + 1 >= markdown.size() || markdown[end + 1] != ']') {
      pos += 1;
      continue;
    }
    if (!in_code(pos, end + 2)) {
      Blank blank;
      blank.offset = pos;
      blank.length = end + 2 - pos;
      blank.answer = std::string(util::trim(markdown.substr(pos + 2, end - pos - 2)));
      if (!blank.answer.empty()) blanks.push_back(std::move(blank));
    }
    pos = end + 2;
  }
  return blanks;
}

std::string hide_blanks(std::string_view markdown) {
  std::string out;
  std::size_t pos = 0;
  for (const Blank& b : find_blanks(markdown)) {
    out.append(markdown.substr(pos, b.offset - pos));
    out += "\\_\\_\\_\\_";  // escaped: never emphasis or a rule
    pos = b.offset + b.length;
  }
  out.append(markdown.substr(pos));
  return out;
}

}  // namespace prepdeck::guide
