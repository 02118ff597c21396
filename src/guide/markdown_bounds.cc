#include "guide/markdown_bounds.h"

#include <algorithm>
#include <optional>

#include "guide/source_lines.h"
#include "util/text.h"

namespace prepdeck::guide {

namespace {

enum class LineKind { blank, fence, text };

// Follows fenced code line by line: what md4c inline-parses is `text`.
class LineClassifier {
 public:
  LineKind classify(std::string_view line) {
    const std::string_view content = past_container_markers(line);
    if (m_fence) {
      if (fence_closes(content, *m_fence)) m_fence.reset();
      return LineKind::fence;
    }
    if ((m_fence = fence_open(content))) return LineKind::fence;
    return util::is_blank(line) ? LineKind::blank : LineKind::text;
  }

 private:
  std::optional<Fence> m_fence;
};

// Calls f(line, end) for each line; `end` is one past its terminator.
template <typename F>
void for_each_line_with_end(std::string_view text, F&& f) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t stop = text.find_first_of("\r\n", start);
    std::size_t end = stop;
    if (stop == std::string_view::npos) {
      stop = end = text.size();
    } else {
      end = stop + (text[stop] == '\r' && stop + 1 < text.size() && text[stop + 1] == '\n' ? 2 : 1);
    }
    f(text.substr(start, stop - start), end);
    start = end;
  }
}

// A line that may start a link reference definition, or a label that
// continues on the next line: where its '[' is, or npos.
std::size_t definition_bracket(std::string_view line) {
  const std::string_view content = past_container_markers(line);
  if (content.empty() || content[0] != '[') return std::string_view::npos;
  const bool whole = content.find("]:") != std::string_view::npos;
  const bool label_runs_on = content.find(']') == std::string_view::npos;
  if (!whole && !label_runs_on) return std::string_view::npos;
  return static_cast<std::size_t>(content.data() - line.data());
}

// A table delimiter row of more than k_max_table_columns columns: where its first '-' is, or npos.
std::size_t wide_delimiter_dash(std::string_view line) {
  const std::string_view content = past_container_markers(line);
  std::size_t pipes = 0;
  for (const char c : content) {
    if (c == '|') {
      ++pipes;
    } else if (c != '-' && c != ':' && c != ' ' && c != '\t') {
      return std::string_view::npos;
    }
  }
  if (pipes < k_max_table_columns) return std::string_view::npos;
  const std::size_t dash = content.find('-');
  return dash == std::string_view::npos ? dash : static_cast<std::size_t>(content.data() - line.data()) + dash;
}

// The steps md4c 0.4.8 walks over paragraph lines: for each '[' (a bound on
// bracket pairs), the lines of its paragraph above it. Runs of text lines
// stand for paragraphs (a paragraph never holds a blank line or a fence).
std::size_t paragraph_walk(std::string_view text) {
  if (text.find('[') == std::string_view::npos) return 0;
  LineClassifier classifier;
  std::size_t run = 0;
  std::size_t steps = 0;
  for_each_line_with_end(text, [&](std::string_view line, std::size_t) {
    if (classifier.classify(line) != LineKind::text) {
      run = 0;
      return;
    }
    steps += run * static_cast<std::size_t>(std::count(line.begin(), line.end(), '['));
    ++run;
  });
  return steps;
}

struct Changes {
  bool cut_paragraphs = false;
  bool disarm_definitions = false;
  bool disarm_wide_tables = false;
  bool any() const { return cut_paragraphs || disarm_definitions || disarm_wide_tables; }
};

BoundedMarkdown rewrite(std::string_view markdown, const Changes& changes, std::string& storage) {
  BoundedMarkdown result;
  storage.clear();
  storage.reserve(markdown.size() + markdown.size() / 64 + 16);
  LineClassifier classifier;
  std::size_t run = 0;
  std::size_t start = 0;
  const auto insert = [&](char c) {
    result.inserted.push_back(storage.size());
    storage += c;
  };
  for_each_line_with_end(markdown, [&](std::string_view line, std::size_t end) {
    const LineKind kind = classifier.classify(line);
    std::size_t escape_at = std::string_view::npos;
    if (kind == LineKind::text) {
      if (changes.cut_paragraphs && run > 0 && run % k_max_paragraph_lines == 0) insert('\n');
      ++run;
      if (changes.disarm_definitions) escape_at = definition_bracket(line);
      if (escape_at == std::string_view::npos && changes.disarm_wide_tables) escape_at = wide_delimiter_dash(line);
    } else {
      run = 0;
    }
    if (escape_at == std::string_view::npos) {
      storage.append(markdown, start, end - start);
    } else {
      storage.append(markdown, start, escape_at);
      insert('\\');
      storage.append(markdown, start + escape_at, end - start - escape_at);
    }
    start = end;
  });
  result.text = storage;
  return result;
}

}  // namespace

std::size_t BoundedMarkdown::input_offset(std::size_t at) const {
  const auto before = std::lower_bound(inserted.begin(), inserted.end(), at) - inserted.begin();
  return at - static_cast<std::size_t>(before);
}

std::size_t paragraph_walk_budget(std::size_t size) { return (std::size_t{4} << 20) + 16 * size; }

std::size_t reference_expansion_budget(std::size_t size) {
  return std::max<std::size_t>(std::size_t{1} << 20, 16 * size);
}

BoundedMarkdown bound_markdown(std::string_view markdown, std::string& storage, References references) {
  Changes changes;
  // Every page takes this path: two counting passes tell most text it is far
  // within both budgets (brackets x lines bounds the walk), before any line is looked at.
  const auto brackets = static_cast<std::size_t>(std::count(markdown.begin(), markdown.end(), '['));
  const auto lines = static_cast<std::size_t>(std::count(markdown.begin(), markdown.end(), '\n')) + 1;
  const std::size_t walk_budget = paragraph_walk_budget(markdown.size());
  if (brackets != 0 && (brackets > walk_budget / lines)) {
    changes.cut_paragraphs = paragraph_walk(markdown) > walk_budget;
  }
  if (static_cast<std::size_t>(std::count(markdown.begin(), markdown.end(), '|')) >= k_max_table_columns) {
    for_each_line_with_end(markdown, [&](std::string_view line, std::size_t) {
      if (!changes.disarm_wide_tables &&
          std::count(line.begin(), line.end(), '|') >= static_cast<std::ptrdiff_t>(k_max_table_columns)) {
        changes.disarm_wide_tables = wide_delimiter_dash(line) != std::string_view::npos;
      }
    });
  }
  if (references == References::expanded && markdown.find("]:") != std::string_view::npos) {
    // Measured on the text md4c will get (its paragraphs cut first, if they must be).
    std::string cut;
    const std::string_view measured =
        changes.cut_paragraphs ? rewrite(markdown, Changes{true, false, false}, cut).text : markdown;
    const std::size_t budget = reference_expansion_budget(markdown.size());
    changes.disarm_definitions = link_expansion(measured, budget) > budget;
  }
  if (!changes.any()) return BoundedMarkdown{markdown, {}};
  return rewrite(markdown, changes, storage);
}

}  // namespace prepdeck::guide
