#include "util/diagnostic.h"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "util/text.h"

namespace prepdeck::util {

std::string_view to_string(Severity severity) { return severity == Severity::error ? "error" : "warning"; }

Diagnostic make_diagnostic(std::string file, std::uint32_t line, std::uint32_t column, Severity severity,
                           std::string_view code, std::string message, std::string source_line) {
  Diagnostic d;
  d.file = std::move(file);
  d.line = line;
  d.column = column;
  d.severity = severity;
  d.code = code;
  d.message = std::move(message);
  d.source_line = std::move(source_line);
  return d;
}

void set_source_window(Diagnostic& d, std::string_view line, std::size_t at) {
  constexpr std::size_t k_before = 80;
  constexpr std::size_t k_after = 160;
  d.caret = 0;
  if (line.size() <= k_before + k_after) {
    d.source_line = std::string(line);
    return;
  }
  at = std::min(at, line.size());
  const auto boundary = [&line](std::size_t i) {  // back to the start of a UTF-8 character
    while (i > 0 && i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) --i;
    return i;
  };
  const std::size_t begin = boundary(at > k_before ? at - k_before : 0);
  const std::size_t end = boundary(std::min(line.size(), at + k_after));
  d.source_line.clear();
  if (begin > 0) d.source_line += "\xE2\x80\xA6";  // …
  d.source_line.append(line.substr(begin, end - begin));
  if (end < line.size()) d.source_line += "\xE2\x80\xA6";
  d.caret = static_cast<std::uint32_t>(count_code_points(line.substr(begin, at - begin)) + 1 + (begin > 0 ? 1 : 0));
}

std::string format_text(const Diagnostic& d) {
  std::string out = d.file;
  if (d.line > 0) {
    out += fmt::format(":{}", d.line);
    if (d.column > 0) out += fmt::format(":{}", d.column);
  }
  out += fmt::format(": {}: {} [{}]\n", to_string(d.severity), d.message, d.code);
  if (d.line > 0 && !d.source_line.empty()) {
    out += "  ";
    out += d.source_line;
    out += '\n';
    if (d.column > 0) {
      // Keep tabs so the caret lines up under tab-indented source.
      out += "  ";
      const std::size_t end = byte_offset_of_column(d.source_line, d.caret != 0 ? d.caret : d.column);
      std::size_t pos = 0;
      while (pos < end) {
        const char c = d.source_line[pos];
        const char32_t cp = decode_utf8(d.source_line, pos);
        out += c == '\t' ? '\t' : ' ';
        // Emoji and East Asian wide characters take two terminal cells.
        if ((cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
            (cp >= 0xFF00 && cp <= 0xFF60))
          out += ' ';
      }
      out += "^\n";
    }
  }
  return out;
}

namespace {

// GitHub workflow commands need %, CR and LF escaped in the message, and also , and : in properties.
std::string escape_github(std::string_view text, bool property) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      case ':':
        out += property ? "%3A" : ":";
        break;
      case ',':
        out += property ? "%2C" : ",";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

std::string format_github(const Diagnostic& d) {
  std::string out = fmt::format("::{} file={}", to_string(d.severity), escape_github(d.file, true));
  if (d.line > 0) out += fmt::format(",line={}", d.line);
  if (d.column > 0) out += fmt::format(",col={}", d.column);
  out += fmt::format(",title={}::{}\n", escape_github(d.code, true), escape_github(d.message, false));
  return out;
}

void sort_diagnostics(std::vector<Diagnostic>& diagnostics) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.file, a.line, a.column, a.code) < std::tie(b.file, b.line, b.column, b.code);
  });
}

DiagnosticCounts count(const std::vector<Diagnostic>& diagnostics) {
  DiagnosticCounts counts;
  for (const auto& d : diagnostics) {
    if (d.severity == Severity::error) {
      ++counts.errors;
    } else {
      ++counts.warnings;
    }
  }
  return counts;
}

}  // namespace prepdeck::util
