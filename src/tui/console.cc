#include "tui/console.h"

#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <istream>
#include <ostream>

namespace prepdeck::tui {

namespace {

volatile sig_atomic_t g_interrupted = 0;

extern "C" void on_signal(int) { g_interrupted = 1; }

// SIGINT, SIGTERM and SIGHUP set a flag and interrupt a blocked read (no
// SA_RESTART), so a session can save, restore the terminal and say goodbye.
void catch_signals() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;
  for (int signal : {SIGINT, SIGTERM, SIGHUP}) sigaction(signal, &action, nullptr);
}

class TtyConsole final : public Console {
 public:
  TtyConsole(Color color) : m_color(color) {
    tcgetattr(STDIN_FILENO, &m_saved);
    termios raw = m_saved;
    raw.c_lflag &= static_cast<tcflag_t>(~(ICANON | ECHO | ISIG | IEXTEN));
    raw.c_iflag &= static_cast<tcflag_t>(~(IXON | ICRNL));
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw);
    catch_signals();
  }
  ~TtyConsole() override { tcsetattr(STDIN_FILENO, TCSAFLUSH, &m_saved); }
  TtyConsole(const TtyConsole&) = delete;
  TtyConsole& operator=(const TtyConsole&) = delete;

  Input read() override {
    char c = 0;
    while (true) {
      if (g_interrupted) return Input{Input::Kind::interrupt, {}};
      const ssize_t n = ::read(STDIN_FILENO, &c, 1);
      if (n == 1) break;
      if (n < 0 && errno == EINTR) continue;
      return Input{Input::Kind::end, {}};
    }
    if (c == 0x03) return Input{Input::Kind::interrupt, {}};  // Ctrl-C
    if (c == 0x04) return Input{Input::Kind::end, {}};        // Ctrl-D
    if (c == '\r' || c == '\n') return Input{Input::Kind::key, "\n"};
    if (c == 0x7f || c == 0x08) return Input{Input::Kind::key, "backspace"};
    if (c == 0x1b) {
      // An escape sequence (arrow keys) arrives at once; a lone Escape does not.
      std::string sequence;
      pollfd p{STDIN_FILENO, POLLIN, 0};
      while (::poll(&p, 1, 25) == 1) {
        char more = 0;
        if (::read(STDIN_FILENO, &more, 1) != 1) break;
        sequence += more;
        if (sequence.size() >= 2 && ((more >= 'A' && more <= 'Z') || more == '~')) break;
      }
      if (sequence == "[A") return Input{Input::Kind::key, "up"};
      if (sequence == "[B") return Input{Input::Kind::key, "down"};
      return Input{Input::Kind::key, sequence.empty() ? "escape" : "unknown"};
    }
    std::string key(1, c);
    // The rest of a UTF-8 character typed as one key.
    const auto lead = static_cast<unsigned char>(c);
    const int more = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
    for (int i = 0; i < more; ++i) {
      char next = 0;
      if (::read(STDIN_FILENO, &next, 1) != 1) break;
      key += next;
    }
    return Input{Input::Kind::key, key};
  }

  void write(std::string_view text) override {
    while (!text.empty()) {
      const ssize_t n = ::write(STDOUT_FILENO, text.data(), text.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;
      text.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  bool raw() const override { return true; }

  int width() const override {
    winsize size{};
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
      return std::clamp(static_cast<int>(size.ws_col), 40, 100);
    }
    return 80;
  }

  Color color() const override { return m_color; }

 private:
  termios m_saved{};
  Color m_color;
};

}  // namespace

StreamConsole::StreamConsole(std::istream& in, std::ostream& out, Color color, int width)
    : m_in(in), m_out(out), m_color(color), m_width(width) {}

Input StreamConsole::read() {
  m_out.flush();
  std::string line;
  if (g_interrupted) return Input{Input::Kind::interrupt, {}};
  if (!std::getline(m_in, line)) {
    return Input{g_interrupted ? Input::Kind::interrupt : Input::Kind::end, {}};
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return Input{Input::Kind::line, line};
}

void StreamConsole::write(std::string_view text) { m_out << text; }

std::unique_ptr<Console> open_console(std::istream& in, std::ostream& out, ColorChoice color) {
  const bool tty = isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0;
  const char* no_color = std::getenv("NO_COLOR");
  const bool colored =
      color == ColorChoice::always ||
      (color != ColorChoice::never && (no_color == nullptr || no_color[0] == '\0') && isatty(STDOUT_FILENO) != 0);
  const Color c = colored ? Color::on : Color::off;
  if (tty) return std::make_unique<TtyConsole>(c);
  catch_signals();
  return std::make_unique<StreamConsole>(in, out, c);
}

}  // namespace prepdeck::tui
