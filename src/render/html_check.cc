#include "render/html_check.h"

#include "guide/diagnostic_codes.h"
#include "guide/markdown.h"
#include "render/html_sanitizer.h"

namespace prepdeck::render {

namespace {

constexpr std::size_t k_max_told = 32;  // per page: the first ones show what to fix

}  // namespace

std::vector<util::Diagnostic> raw_html_diagnostics(const guide::Guide& g) {
  std::vector<util::Diagnostic> found;
  const auto check = [&](const guide::Block& b) {
    if (b.kind != guide::BlockKind::markdown || found.size() >= k_max_told) return;
    for (const auto& [begin, end] : guide::find_raw_html(b.text)) {
      std::vector<HtmlRemoval> removed;
      sanitize_html(std::string_view(b.text).substr(begin, end - begin), removed, k_max_told - found.size());
      for (HtmlRemoval& r : removed) {
        const auto [line, column] = guide::position_in_block(b, begin + r.offset);
        util::Diagnostic d;
        d.file = b.file < g.files.size() ? g.files[b.file] : g.file;
        d.line = line;
        d.column = column;
        d.severity = util::Severity::warning;
        d.code = guide::codes::k_html_removed;
        d.message = std::move(r.message);
        found.push_back(std::move(d));
      }
      if (found.size() >= k_max_told) return;
    }
  };
  guide::walk_blocks(g, g.blocks, check);
  for (const guide::Footnote& note : g.footnotes) guide::walk_blocks(g, note.blocks, check);
  util::sort_diagnostics(found);
  return found;
}

}  // namespace prepdeck::render
