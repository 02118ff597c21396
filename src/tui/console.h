// The learner's side of a terminal session. On a terminal, single keys in
// raw mode; otherwise (a pipe, a file, a test) one command per line, so
// sessions can be scripted. Output goes through the same object.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>

#include "tui/terminal_text.h"

namespace prepdeck::tui {

struct Input {
  enum class Kind : std::uint8_t { key, line, end, interrupt };
  Kind kind = Kind::end;
  std::string text;  // the key ("1", " ", "\n", "q") or the line without its break
};

class Console {
 public:
  virtual ~Console() = default;
  virtual Input read() = 0;
  virtual void write(std::string_view text) = 0;
  virtual bool raw() const = 0;  // single keys, not lines
  virtual int width() const = 0;
  virtual Color color() const = 0;
};

// Lines from `in`, text to `out`: for pipes and tests.
class StreamConsole final : public Console {
 public:
  StreamConsole(std::istream& in, std::ostream& out, Color color, int width = 80);
  Input read() override;
  void write(std::string_view text) override;
  bool raw() const override { return false; }
  int width() const override { return m_width; }
  Color color() const override { return m_color; }

 private:
  std::istream& m_in;
  std::ostream& m_out;
  Color m_color;
  int m_width;
};

enum class ColorChoice : std::uint8_t { automatic, never, always };

// A terminal in raw mode when standard input and output are terminals, else
// a StreamConsole on them. Colour is on with `always`; else off with `never`,
// when NO_COLOR is set, or when output is not a terminal. The terminal's mode is restored when the
// console goes, and on SIGINT, SIGTERM and SIGHUP (which then read as an
// interrupt).
std::unique_ptr<Console> open_console(std::istream& in, std::ostream& out, ColorChoice color);

}  // namespace prepdeck::tui
