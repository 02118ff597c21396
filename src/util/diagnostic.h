// A compiler-style diagnostic: `file:line:col: severity: message [code]`,
// followed by the source line and a caret under the column.
//
// Codes are stable kebab-case strings declared by the layer that reports them
// (source/source_codes.h, guide/diagnostic_codes.h); tools and CI match on them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace prepdeck::util {

enum class Severity : std::uint8_t { warning, error };

std::string_view to_string(Severity severity);

struct Diagnostic {
  std::string file;          // display path of the file the problem is in
  std::uint32_t line = 0;    // 1-based; 0 when the problem concerns the whole file
  std::uint32_t column = 0;  // 1-based, in code points; 0 when unknown
  Severity severity = Severity::error;
  std::string_view code;  // points at a static string
  std::string message;
  std::string source_line;  // the offending line, without its newline (may be empty)
  // Where the caret goes in source_line (1-based code points) when that is a
  // window of a long line (set_source_window); 0: at `column`.
  std::uint32_t caret = 0;
};

// Sets d.source_line to `line`, or, when the line is long, to a window of it
// around byte `at` with "…" where it was cut, and d.caret to match: a
// diagnostic holds at most a few hundred bytes of source, however long the
// line (16 MB of one line once made each of its diagnostics a copy of it).
void set_source_window(Diagnostic& d, std::string_view line, std::size_t at);

Diagnostic make_diagnostic(std::string file, std::uint32_t line, std::uint32_t column, Severity severity,
                           std::string_view code, std::string message, std::string source_line = {});

// `file:line:col: error: message [code]` plus the source line and a caret when known.
std::string format_text(const Diagnostic& diagnostic);

// GitHub Actions workflow command: `::error file=F,line=L,col=C,title=code::message`.
std::string format_github(const Diagnostic& diagnostic);

// Orders by file, line, column, then code, so output is deterministic.
void sort_diagnostics(std::vector<Diagnostic>& diagnostics);

struct DiagnosticCounts {
  std::size_t errors = 0;
  std::size_t warnings = 0;
};
DiagnosticCounts count(const std::vector<Diagnostic>& diagnostics);

}  // namespace prepdeck::util
