// Text for a terminal: display widths, ANSI styles, word wrapping, and
// Markdown laid out in colour (bold, italics, inline code, code blocks,
// lists, tables, quotes, headings). Pure functions: the caller writes the
// result where it likes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace prepdeck::tui {

enum class Color : std::uint8_t { on, off };  // off: NO_COLOR, --no-color, or not a terminal

struct TextStyle {
  Color color = Color::on;
  int width = 80;  // columns to wrap at
};

// Columns `text` takes: wide East Asian characters and emoji 2, combining
// marks and joiners 0, escape sequences 0.
int display_width(std::string_view text);

// ANSI SGR codes, or nothing when colour is off.
struct Ansi {
  Color color = Color::on;
  std::string_view bold() const { return on("\x1b[1m"); }
  std::string_view dim() const { return on("\x1b[2m"); }
  std::string_view italic() const { return on("\x1b[3m"); }
  std::string_view underline() const { return on("\x1b[4m"); }
  std::string_view reset() const { return on("\x1b[0m"); }
  std::string_view red() const { return on("\x1b[31m"); }
  std::string_view green() const { return on("\x1b[32m"); }
  std::string_view yellow() const { return on("\x1b[33m"); }
  std::string_view blue() const { return on("\x1b[34m"); }
  std::string_view magenta() const { return on("\x1b[35m"); }
  std::string_view cyan() const { return on("\x1b[36m"); }

 private:
  std::string_view on(std::string_view code) const { return color == Color::on ? code : std::string_view(); }
};

// `text` in the style `base` (SGR codes): `base` first, and again after each
// reset inside `text`, so inline styles end without ending the base style.
std::string in_style(std::string_view base, std::string_view text);

// `piece` `count` times ("─" for a rule).
std::string repeat(std::string_view piece, int count);

// Wraps plain or styled text to `width` columns: lines start with `first`
// (the first) or `rest` (the others); words longer than a line are cut.
std::string wrap(std::string_view text, int width, std::string_view first = {}, std::string_view rest = {});

// Markdown laid out for the terminal, every line ending in '\n', each
// starting with `indent` (counted in the width).
std::string render_markdown(std::string_view markdown, const TextStyle& style, std::string_view indent = {});

}  // namespace prepdeck::tui
