#include "tui/answer_view.h"

#include "util/text.h"
#include "util/words.h"

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

std::string grade_name(int rating) { return util::say("grade." + std::to_string(rating)); }

std::string grade_choices() {
  return util::say(
      "grade.choices",
      {{"again", grade_name(1)}, {"hard", grade_name(2)}, {"good", grade_name(3)}, {"easy", grade_name(4)}});
}

std::string level_label(guide::Level level) {
  return level == guide::Level::unspecified ? std::string() : std::string(guide::display_name(level));
}

namespace {

// The answer's blocks, nested ones indented under their titles: an admonition
// or collapsible as "▸ Title", a tab as "Tab:", a heading in bold.
void append_blocks(std::string& out, const guide::Question& q, const std::vector<guide::Block>& blocks,
                   const TextStyle& style, const std::string& indent) {
  const Ansi ansi{style.color};
  for (const guide::Block& b : blocks) {
    switch (b.kind) {
      case guide::BlockKind::markdown:
        if (!out.empty()) out += "\n";
        out += render_markdown(b.text, style, indent);
        break;
      case guide::BlockKind::heading:
        if (!out.empty()) out += "\n";
        out += indent + std::string(ansi.bold()) + inline_text(b.text, ansi) + std::string(ansi.reset()) + "\n";
        break;
      case guide::BlockKind::callout: {
        if (b.index >= q.callouts.size()) break;
        const guide::Callout& c = q.callouts[b.index];
        out += "\n";
        out += indent + std::string(callout_color(c.kind, ansi)) + std::string(ansi.bold()) +
               std::string(guide::callout_icon(c.kind)) + " " + c.label + std::string(ansi.reset()) + "\n";
        std::string inner;
        append_blocks(inner, q, b.children, style, indent + "   ");
        out += inner;
        break;
      }
      case guide::BlockKind::admonition:
      case guide::BlockKind::tab: {
        std::string title = b.text;
        if (title.empty()) title = b.type.empty() ? std::string("Note") : b.type;
        if (!out.empty()) out += "\n";
        out += indent + std::string(ansi.bold()) +
               (b.kind == guide::BlockKind::tab ? inline_text(title, ansi) + ":"
                                                : "\xE2\x96\xB8 " + inline_text(title, ansi)) +
               std::string(ansi.reset()) + "\n";
        std::string inner;
        append_blocks(inner, q, b.children, style, indent + "  ");
        out += inner;
        break;
      }
      case guide::BlockKind::math:
        // TeX as written: the terminal cannot typeset it, and it reads.
        if (!out.empty()) out += "\n";
        util::for_each_line(b.text, [&](std::string_view line) { out += indent + std::string(line) + "\n"; });
        break;
      case guide::BlockKind::definitions:
      case guide::BlockKind::html:
      case guide::BlockKind::list:
        append_blocks(out, q, b.children, style, indent);
        break;
      case guide::BlockKind::list_item: {
        std::string inner;
        append_blocks(inner, q, b.children, style, indent + "  ");
        if (inner.size() >= indent.size() + 2) inner.replace(indent.size(), 2, "\xE2\x80\xA2 ");  // •
        out += inner;
        break;
      }
      case guide::BlockKind::term:
        if (!out.empty()) out += "\n";
        out += indent + std::string(ansi.bold()) + inline_text(b.text, ansi) + std::string(ansi.reset()) + "\n";
        break;
      case guide::BlockKind::definition: {
        std::string inner;
        append_blocks(inner, q, b.children, style, indent + "    ");
        out += inner;
        break;
      }
      default:  // questions and quizzes do not occur in an answer's text
        break;
    }
  }
}

}  // namespace

std::string answer_text(const guide::Question& q, const TextStyle& style) {
  const Ansi ansi{style.color};
  std::string out;
  append_blocks(out, q, q.blocks, style, "");
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
