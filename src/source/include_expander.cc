#include "source/include_expander.h"

#include <algorithm>
#include <charconv>
#include <climits>
#include <cstdint>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>

#include "source/source_codes.h"
#include "util/paths.h"
#include "util/text.h"

namespace prepdeck::source {

namespace {

constexpr std::string_view k_snippet_marker = "--8<--";

struct Directive {
  std::string path;
  std::string start_marker;      // include-markdown start=
  std::string end_marker;        // include-markdown end=
  std::string section;           // snippets "path:section"
  std::uint32_t first_line = 0;  // snippets "path:a:b" (1-based, 0 = from the start)
  std::uint32_t last_line = 0;   // 0 = to the end
  int heading_offset = 0;
  std::uint32_t column = 1;
};

std::optional<std::string> quoted(std::string_view text, std::size_t& pos) {
  while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
  if (pos >= text.size() || (text[pos] != '"' && text[pos] != '\'')) return std::nullopt;
  const char quote = text[pos];
  const std::size_t close = text.find(quote, pos + 1);
  if (close == std::string_view::npos) return std::nullopt;
  std::string value(text.substr(pos + 1, close - pos - 1));
  pos = close + 1;
  return value;
}

// Parses `path`, `path:3:9` or `path:section` (pymdownx.snippets).
void split_snippet_selector(Directive& d) {
  if (d.path.find("://") != std::string::npos) return;  // a URL, not a selector
  const auto colon = d.path.find(':');
  if (colon == std::string::npos || colon == 0) return;
  std::string_view rest = std::string_view(d.path).substr(colon + 1);
  const auto second = rest.find(':');
  const std::string_view a = rest.substr(0, second);
  const std::string_view b = second == std::string_view::npos ? std::string_view() : rest.substr(second + 1);
  auto number = [](std::string_view s, std::uint32_t& out) {
    if (s.empty()) return true;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && ptr == s.data() + s.size();
  };
  std::uint32_t first = 0;
  std::uint32_t last = 0;
  if (number(a, first) && number(b, last) && !(a.empty() && b.empty())) {
    d.first_line = first;
    d.last_line = last;
    d.path.resize(colon);
  } else if (second == std::string_view::npos && !a.empty()) {
    d.section = std::string(a);
    d.path.resize(colon);
  }
}

std::optional<int> int_arg(std::string_view args, std::string_view name) {
  const std::string key = std::string(name) + "=";
  const auto at = args.find(key);
  if (at == std::string_view::npos) return std::nullopt;
  std::size_t pos = at + key.size();
  int value = 0;
  const char* begin = args.data() + pos;
  if (pos < args.size() && (args[pos] == '"' || args[pos] == '\'')) ++begin;
  if (std::from_chars(begin, args.data() + args.size(), value).ec != std::errc()) return std::nullopt;
  return value;
}

std::optional<std::string> string_arg(std::string_view args, std::string_view name) {
  std::size_t search = 0;
  while (true) {
    const auto at = args.find(name, search);
    if (at == std::string_view::npos) return std::nullopt;
    std::size_t pos = at + name.size();
    const bool word_start = at == 0 || args[at - 1] == ' ' || args[at - 1] == '\t' || args[at - 1] == '\n';
    while (pos < args.size() && args[pos] == ' ') ++pos;
    if (word_start && pos < args.size() && args[pos] == '=') {
      ++pos;
      if (auto value = quoted(args, pos)) return value;
    }
    search = at + 1;
  }
}

// Keeps the lines of `text` that a directive selects.
std::string select(std::string_view text, const Directive& d) {
  std::string_view view = text;
  if (!d.start_marker.empty()) {
    const auto at = view.find(d.start_marker);
    if (at != std::string_view::npos) view = view.substr(at + d.start_marker.size());
  }
  if (!d.end_marker.empty()) {
    const auto at = view.find(d.end_marker);
    if (at != std::string_view::npos) view = view.substr(0, at);
  }
  const bool by_lines = d.first_line != 0 || d.last_line != 0;
  if (!by_lines && d.section.empty() && d.heading_offset == 0) {
    // Drop section markers of pymdownx.snippets; they are never content.
    if (view.find(k_snippet_marker) == std::string_view::npos) return std::string(view);
  }
  std::string out;
  const auto lines = util::split_lines(view);
  const std::string start_tag = fmt::format("{} [start:{}]", k_snippet_marker, d.section);
  const std::string end_tag = fmt::format("{} [end:{}]", k_snippet_marker, d.section);
  bool in_section = d.section.empty();
  bool in_fence = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::uint32_t number = static_cast<std::uint32_t>(i + 1);
    if (by_lines && (number < std::max<std::uint32_t>(d.first_line, 1) || (d.last_line != 0 && number > d.last_line)))
      continue;
    std::string_view line = lines[i];
    const std::string_view trimmed = util::trim(line);
    if (!d.section.empty()) {
      if (trimmed == start_tag) {
        in_section = true;
        continue;
      }
      if (trimmed == end_tag) {
        in_section = false;
        continue;
      }
    }
    if (trimmed.rfind(k_snippet_marker, 0) == 0 &&
        (trimmed.find("[start:") != std::string_view::npos || trimmed.find("[end:") != std::string_view::npos))
      continue;
    if (!in_section) continue;
    if (trimmed.rfind("```", 0) == 0 || trimmed.rfind("~~~", 0) == 0) in_fence = !in_fence;
    if (d.heading_offset > 0 && !in_fence && !line.empty() && line.front() == '#') {
      out.append(static_cast<std::size_t>(d.heading_offset), '#');
    }
    out.append(line);
    out.push_back('\n');
  }
  return out;
}

class Expander {
 public:
  explicit Expander(const IncludeContext& context) : m_context(context) {}

  ExpandedText run(const std::string& path, std::string text) {
    m_read_bytes = text.size();
    const std::uint32_t file = m_result.map.add_file(path);
    m_stack.push_back(m_context.fs->identity(path));
    expand(file, path, text, "", 0);
    return std::move(m_result);
  }

 private:
  void emit(std::string_view indent, std::string_view line, std::uint32_t file, std::uint32_t line_number) {
    m_result.map.add(m_out_line, LineMap::Location{file, line_number, static_cast<std::uint32_t>(indent.size())});
    if (!line.empty()) m_result.text.append(indent);
    m_result.text.append(line);
    m_result.text.push_back('\n');
    ++m_out_line;
  }

  void report(std::uint32_t file, std::uint32_t line, std::uint32_t column, util::Severity severity,
              std::string_view code, std::string message, std::string_view source_line) {
    // Inside an included file, say which page brought it in, as compilers do
    // ("included from a.md:6, from page.md:10"): a shared partial is reported once per page.
    for (auto site = m_sites.rbegin(); site != m_sites.rend(); ++site) {
      message += fmt::format("{} {}:{}", site == m_sites.rbegin() ? " (included from" : ", from",
                             m_result.map.files()[site->first], site->second);
    }
    if (!m_sites.empty()) message += ')';
    m_result.diagnostics.push_back(util::make_diagnostic(m_result.map.files()[file], line, column, severity, code,
                                                         std::move(message), std::string(source_line)));
  }

  struct Resolved {
    std::string path;  // empty when nothing was found
    EntryKind kind = EntryKind::missing;
    std::string identity;  // of `path`, symlinks resolved
    bool inside = false;   // within an allowed root
  };

  // The first candidate that exists. "/x" is tried under docs_dir first (as
  // MkDocs sites mean it), then as written, which is outside unless a root holds it.
  Resolved resolve(const std::string& including, const std::string& target) const {
    std::vector<std::string> candidates;
    if (!target.empty() && target.front() == '/') {
      if (!m_context.docs_dir.empty()) candidates.push_back(util::join_path(m_context.docs_dir, target.substr(1)));
      candidates.push_back(target);
    } else {
      candidates.push_back(util::join_path(util::parent_path(including), target));
      if (!m_context.docs_dir.empty()) candidates.push_back(util::join_path(m_context.docs_dir, target));
      if (!m_context.project_dir.empty()) candidates.push_back(util::join_path(m_context.project_dir, target));
      for (const std::string& base : m_context.base_paths) candidates.push_back(util::join_path(base, target));
    }
    const auto inside = [this](const std::string& identity) {
      return std::any_of(m_context.allowed_roots.begin(), m_context.allowed_roots.end(),
                         [&identity](const std::string& root) { return is_within(identity, root); });
    };
    bool any_inside = false;
    for (auto& c : candidates) {
      const EntryKind kind = m_context.fs->kind(c);
      if (kind == EntryKind::missing || kind == EntryKind::directory) {
        any_inside = any_inside || inside(m_context.fs->identity(c));
        continue;
      }
      Resolved r{std::move(c), kind, {}, false};
      r.identity = m_context.fs->identity(r.path);
      r.inside = inside(r.identity);
      return r;
    }
    // Nothing there. Outside the project, say so whether or not it exists, so
    // the messages do not tell a guide which files the machine has.
    Resolved none;
    none.inside = any_inside;
    return none;
  }

  // Reads each file once, however often it is included.
  const util::Expected<LoadedText>& load(const Resolved& target) {
    auto it = m_loaded.find(target.identity);
    if (it != m_loaded.end()) return it->second;
    auto loaded = m_context.load(target.path);
    if (loaded) {
      m_read_bytes += loaded->text.size();
      for (auto& diag : loaded->diagnostics) m_result.diagnostics.push_back(std::move(diag));
      loaded->diagnostics.clear();
    }
    return m_loaded.emplace(target.identity, std::move(loaded)).first->second;
  }

  std::size_t budget() const {
    if (m_context.growth_limit == 0) return SIZE_MAX;
    return std::max(m_context.min_budget, m_context.growth_limit * m_read_bytes);
  }

  void include(std::uint32_t file, const std::string& path, const Directive& d, std::string_view indent,
               std::uint32_t line_number, std::string_view source_line, int depth) {
    if (d.path.find("://") != std::string::npos) {
      report(file, line_number, d.column, util::Severity::warning, codes::k_include_unsupported,
             fmt::format("remote include '{}' is not fetched", d.path), source_line);
      return;
    }
    if (m_over_budget) return;  // reported once, where the budget ran out
    const Resolved target = resolve(path, d.path);
    if (!target.inside) {
      report(file, line_number, d.column, util::Severity::error, codes::k_include_outside,
             fmt::format("'{}' is outside the project; includes are read only from docs_dir, the project folder and "
                         "pymdownx.snippets' base_path (symlinks resolved)",
                         d.path),
             source_line);
      return;
    }
    if (target.path.empty()) {
      report(file, line_number, d.column, util::Severity::error, codes::k_include_missing,
             fmt::format("included file '{}' not found (looked beside {} and in docs_dir)", d.path, path), source_line);
      return;
    }
    if (target.kind != EntryKind::file) {
      report(file, line_number, d.column, util::Severity::error, codes::k_include_outside,
             fmt::format("'{}' is not a regular file (a FIFO, device or socket is never read)", d.path), source_line);
      return;
    }
    const std::string& identity = target.identity;
    if (std::find(m_stack.begin(), m_stack.end(), identity) != m_stack.end()) {
      report(file, line_number, d.column, util::Severity::error, codes::k_include_cycle,
             fmt::format("include cycle: '{}' includes itself through this line", d.path), source_line);
      return;
    }
    if (depth + 1 > m_context.max_depth) {
      report(file, line_number, d.column, util::Severity::error, codes::k_include_too_deep,
             fmt::format("includes nest deeper than {} levels", m_context.max_depth), source_line);
      return;
    }
    const auto& loaded = load(target);
    if (!loaded) {
      report(file, line_number, d.column, util::Severity::error, codes::k_include_missing,
             fmt::format("included file '{}' could not be read: {}", d.path, loaded.error().message), source_line);
      return;
    }
    const std::string selected = select(loaded->text, d);
    if (m_result.text.size() + selected.size() > budget()) {
      m_over_budget = true;
      report(file, line_number, d.column, util::Severity::error, codes::k_include_budget,
             fmt::format("includes would make this page more than {} bytes ({} times the {} bytes of the files it "
                         "reads, at least {}); this and later includes are left out (--max-include-growth)",
                         budget(), m_context.growth_limit, m_read_bytes, m_context.min_budget),
             source_line);
      return;
    }
    const std::uint32_t child = m_result.map.add_file(target.path);
    m_stack.push_back(identity);
    m_sites.emplace_back(file, line_number);
    expand(child, target.path, selected, indent, depth + 1);
    m_sites.pop_back();
    m_stack.pop_back();
  }

  void expand(std::uint32_t file, const std::string& path, std::string_view text, std::string_view outer_indent,
              int depth) {
    const bool has_directives = util::contains(text, k_snippet_marker) || util::contains(text, "{%");
    const auto lines = util::split_lines(text);
    if (!has_directives && outer_indent.empty()) {
      // Fast path: the text passes through unchanged.
      const std::uint32_t count = static_cast<std::uint32_t>(lines.size());
      for (std::uint32_t i = 0; i < count; ++i) {
        m_result.map.add(m_out_line + i, LineMap::Location{file, i + 1, 0});
      }
      m_result.text.append(text);
      if (!text.empty() && text.back() != '\n' && text.back() != '\r') m_result.text.push_back('\n');
      m_out_line += count;
      return;
    }
    std::string indent_buffer;
    bool in_fence = false;
    char fence_char = 0;
    std::size_t fence_len = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const std::string_view line = lines[i];
      const std::uint32_t line_number = static_cast<std::uint32_t>(i + 1);
      const std::string_view body = util::trim_left(line);
      const std::string_view own_indent = line.substr(0, line.size() - body.size());
      indent_buffer.assign(outer_indent);
      indent_buffer.append(own_indent);
      const std::uint32_t column = static_cast<std::uint32_t>(own_indent.size() + 1);

      // Fences: include-markdown directives inside code stay literal; snippets do not (as pymdownx).
      if (body.size() >= 3 && (body[0] == '`' || body[0] == '~')) {
        std::size_t run = 0;
        while (run < body.size() && body[run] == body[0]) ++run;
        if (run >= 3) {
          if (!in_fence) {
            in_fence = true;
            fence_char = body[0];
            fence_len = run;
          } else if (body[0] == fence_char && run >= fence_len && util::is_blank(body.substr(run))) {
            in_fence = false;
          }
        }
      }

      if (body.rfind(";--8<--", 0) == 0) {
        emit(outer_indent, std::string(own_indent) + std::string(body.substr(1)), file, line_number);
        continue;
      }
      if (body.rfind(k_snippet_marker, 0) == 0) {
        std::string_view rest = body.substr(k_snippet_marker.size());
        if (util::is_blank(rest)) {
          // Block form: paths on the following lines until the closing marker.
          std::size_t j = i + 1;
          std::vector<std::pair<std::string, std::size_t>> paths;
          bool closed = false;
          for (; j < lines.size(); ++j) {
            const std::string_view entry = util::trim(lines[j]);
            if (entry == k_snippet_marker) {
              closed = true;
              break;
            }
            if (entry.empty() || entry.front() == ';') continue;
            paths.emplace_back(std::string(entry), j);
          }
          if (!closed) {
            emit(outer_indent, line, file, line_number);  // a lone marker is text
            continue;
          }
          for (const auto& [p, index] : paths) {
            Directive d;
            d.path = p;
            if (d.path.size() >= 2 && (d.path.front() == '"' || d.path.front() == '\'') &&
                d.path.back() == d.path.front())
              d.path = d.path.substr(1, d.path.size() - 2);
            split_snippet_selector(d);
            d.column = column;
            include(file, path, d, indent_buffer, static_cast<std::uint32_t>(index + 1), lines[index], depth);
          }
          i = j;
          continue;
        }
        std::size_t pos = 0;
        if (auto target = quoted(rest, pos)) {
          if (rest.find("[start:") == std::string_view::npos && rest.find("[end:") == std::string_view::npos) {
            Directive d;
            d.path = *target;
            d.column = column;
            split_snippet_selector(d);
            include(file, path, d, indent_buffer, line_number, line, depth);
            continue;
          }
        }
        if (rest.find("[start:") != std::string_view::npos || rest.find("[end:") != std::string_view::npos)
          continue;  // section markers are not content
      }
      if (!in_fence && body.rfind("{%", 0) == 0) {
        std::string_view tag = util::trim_left(body.substr(2));
        const bool markdown = tag.rfind("include-markdown", 0) == 0;
        const bool plain = tag.rfind("include ", 0) == 0 || tag.rfind("include\t", 0) == 0;
        if (markdown || plain) {
          // The tag may span lines until "%}".
          std::string args(tag.substr(markdown ? 16 : 7));
          std::size_t j = i;
          while (args.find("%}") == std::string::npos && j + 1 < lines.size() && j < i + 20) {
            ++j;
            args.push_back('\n');
            args.append(lines[j]);
          }
          const auto close = args.find("%}");
          if (close != std::string::npos) {
            const std::string after = std::string(util::trim(std::string_view(args).substr(close + 2)));
            args.resize(close);
            std::size_t pos = 0;
            if (auto target = quoted(args, pos); target && after.empty()) {
              Directive d;
              d.path = *target;
              d.column = column;
              const std::string_view rest_args = std::string_view(args).substr(pos);
              if (auto v = string_arg(rest_args, "start")) d.start_marker = *v;
              if (auto v = string_arg(rest_args, "end")) d.end_marker = *v;
              if (auto v = int_arg(rest_args, "heading-offset")) d.heading_offset = std::clamp(*v, 0, 5);
              include(file, path, d, indent_buffer, line_number, line, depth);
              i = j;
              continue;
            }
          }
        }
      }
      emit(outer_indent, line, file, line_number);
    }
  }

  const IncludeContext& m_context;
  ExpandedText m_result;
  std::unordered_map<std::string, util::Expected<LoadedText>> m_loaded;  // by identity
  std::size_t m_read_bytes = 0;                                          // the page and each file read, once
  bool m_over_budget = false;
  std::vector<std::string> m_stack;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> m_sites;  // (file, line) of each include being expanded
  std::uint32_t m_out_line = 0;
};

}  // namespace

void LineMap::add(std::uint32_t expanded_line, Location location) {
  if (!m_segments.empty()) {
    Segment& last = m_segments.back();
    if (last.first + last.count == expanded_line && last.start.file == location.file &&
        last.start.indent == location.indent && last.start.line + last.count == location.line) {
      ++last.count;
      return;
    }
  }
  m_segments.push_back(Segment{expanded_line, 1, location});
}

LineMap::Location LineMap::locate_in_segments(std::uint32_t expanded_line) const {
  auto it = std::upper_bound(m_segments.begin(), m_segments.end(), expanded_line,
                             [](std::uint32_t line, const Segment& s) { return line < s.first; });
  if (it != m_segments.begin()) --it;
  Location location = it->start;
  if (expanded_line >= it->first) location.line += std::min(expanded_line - it->first, it->count - 1);
  return location;
}

std::uint32_t LineMap::add_file(std::string display_path) {
  m_files.push_back(std::move(display_path));
  return static_cast<std::uint32_t>(m_files.size() - 1);
}

ExpandedText expand_includes(const std::string& path, std::string text, const IncludeContext& context) {
  const bool has_directives = text.find(k_snippet_marker) != std::string::npos || text.find("{%") != std::string::npos;
  if (!has_directives) {
    // Nothing to resolve: keep the text as it is and map every line to itself.
    ExpandedText result;
    result.map.add_file(path);
    result.text = std::move(text);
    return result;
  }
  Expander expander(context);
  return expander.run(path, std::move(text));
}

}  // namespace prepdeck::source
