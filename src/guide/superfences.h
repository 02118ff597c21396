// Code fences paired the way MkDocs sites pair them: pymdownx.superfences
// (and Python-Markdown's fenced_code) rather than CommonMark.
//
// They differ where authors slip: a fence never closed is no fence at all (its
// line shows as text and the page goes on), not code to the end of the page;
// a fence closes only on a line of exactly its own characters at exactly its
// own indentation; a non-blank line indented less than the opening fence
// abandons it; an opening fence whose options superfences rejects
// (`python {linenums="1"}`, `bash foo`) is text. After a fence is abandoned or
// left open, superfences looks for no fence until past the line that ended
// it (the end of the page for one left open).
//
// md4c and the dialect parser read CommonMark, so the lines are rewritten for
// them: a line that superfences does not take as a fence has its first fence
// character escaped, and a pair whose body holds a line CommonMark would close
// it on gets a longer fence. One pass, linear in the text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "guide/source_lines.h"

namespace prepdeck::guide {

enum class FenceProblem : std::uint8_t {
  never_closed,  // no closing line: MkDocs shows the opening line as text
  abandoned,     // a line indented less than the fence came first
  rejected_options,
};

struct FenceReport {
  std::uint32_t row = 0;   // in the lines given
  std::size_t offset = 0;  // byte where the fence starts in that line
  FenceProblem problem = FenceProblem::never_closed;
  std::uint32_t ended_at = 0;  // abandoned: the row that abandoned it
};

struct FenceRewrite {
  std::uint32_t row = 0;
  std::uint32_t length = 0;
  std::size_t offset = 0;  // the line as md4c and the parser read it: text.substr(offset, length)
};

struct FencePairing {
  std::string text;                    // every rewritten line, one after another
  std::vector<FenceRewrite> rewrites;  // by row
  std::vector<FenceReport> reports;    // by row
};

FencePairing pair_fences_as_superfences(Lines lines);

// True when `info` (what follows the fence characters) is an opening
// superfences accepts: a language and highlight options (`hl_lines`,
// `linenums`, `title`), or one `{...}` attribute list.
bool superfences_accepts_info(std::string_view info);

}  // namespace prepdeck::guide
