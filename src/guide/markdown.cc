#include "guide/markdown.h"

#include <algorithm>
#include <utility>

#include <md4c.h>

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

// Runs md4c over `markdown` with only a text callback.
void parse_text_only(std::string_view markdown, int (*text)(MD_TEXTTYPE, const MD_CHAR*, MD_SIZE, void*), void* state,
                     int (*leave_block)(MD_BLOCKTYPE, void*, void*) = block_noop) {
  MD_PARSER parser{};
  parser.abi_version = 0;
  parser.flags = markdown_flags();
  parser.enter_block = block_noop;
  parser.leave_block = leave_block;
  parser.enter_span = span_noop;
  parser.leave_span = span_noop;
  parser.text = text;
  md_parse(markdown.data(), static_cast<MD_SIZE>(markdown.size()), &parser, state);
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

}  // namespace

unsigned markdown_flags() {
  return MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_TASKLISTS | MD_FLAG_PERMISSIVEURLAUTOLINKS |
         MD_FLAG_PERMISSIVEWWWAUTOLINKS;
}

std::string plain_text(std::string_view markdown) {
  if (!needs_markdown(markdown)) return std::string(util::trim(markdown));
  PlainState state;
  state.out.reserve(markdown.size());
  parse_text_only(markdown, plain_text_cb, &state, plain_leave_block);
  return std::string(util::trim(state.out));
}

std::vector<Blank> find_blanks(std::string_view markdown) {
  std::vector<Blank> blanks;
  if (markdown.find("[[") == std::string_view::npos) return blanks;
  CodeState state;
  state.base = markdown.data();
  state.size = markdown.size();
  parse_text_only(markdown, code_text_cb, &state);

  auto in_code = [&](std::size_t begin, std::size_t end) {
    return std::any_of(state.code.begin(), state.code.end(),
                       [&](const auto& r) { return begin < r.second && r.first < end; });
  };
  // mkdocs-quiz: \[\[([^\]]+)\]\]
  std::size_t pos = 0;
  while ((pos = markdown.find("[[", pos)) != std::string_view::npos) {
    std::size_t end = pos + 2;
    while (end < markdown.size() && markdown[end] != ']') ++end;
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

}  // namespace prepdeck::guide
