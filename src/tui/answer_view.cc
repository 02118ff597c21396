#include "tui/answer_view.h"

#include "util/text.h"

namespace prepdeck::tui {

namespace {

std::string_view callout_color(guide::CalloutKind kind, const Ansi& ansi) {
  switch (kind) {
    case guide::CalloutKind::check:
      return ansi.green();
    case guide::CalloutKind::tip:
      return ansi.yellow();
    case guide::CalloutKind::warning:
      return ansi.red();
    case guide::CalloutKind::pin:
      return ansi.magenta();
  }
  return {};
}

}  // namespace

std::string inline_text(std::string_view markdown, const Ansi& ansi) {
  TextStyle style{ansi.color, 100000};  // one line: the caller wraps
  std::string text = render_markdown(markdown, style);
  // Blocks of a one-line text come back as lines; join them.
  std::string out;
  for (char c : text) out += c == '\n' ? ' ' : c;
  return std::string(util::trim(out));
}

std::string level_label(guide::Level level) {
  return level == guide::Level::unspecified ? std::string() : std::string(guide::display_name(level));
}

std::string answer_text(const guide::Question& q, const TextStyle& style) {
  const Ansi ansi{style.color};
  std::string out = render_markdown(q.lead_markdown(), style);
  for (const guide::Callout& c : q.callouts) {
    out += "\n";
    out += std::string(callout_color(c.kind, ansi)) + std::string(ansi.bold()) +
           std::string(guide::callout_icon(c.kind)) + " " + c.label + std::string(ansi.reset()) + "\n";
    out += render_markdown(q.callout_markdown(c), style, "   ");
  }
  if (!q.choices.empty()) {
    out += "\n";
    for (const guide::Choice& choice : q.choices) {
      const std::string mark =
          choice.correct ? std::string(ansi.green()) + "\xE2\x9C\x94 " + std::string(ansi.reset()) : std::string("  ");
      out += wrap(inline_text(choice.text, ansi), style.width, mark, "  ");
    }
  }
  return out;
}

}  // namespace prepdeck::tui
