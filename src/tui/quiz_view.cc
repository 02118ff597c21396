#include "tui/quiz_view.h"

#include <algorithm>
#include <charconv>
#include <sstream>

#include <fmt/format.h>

#include "guide/markdown.h"
#include "tui/answer_view.h"
#include "util/text.h"
#include "util/words.h"

namespace prepdeck::tui {

namespace {

// The stem with each [[blank]] written as a numbered gap.
std::string stem_with_gaps(const guide::QuizItem& item) {
  if (item.kind != guide::QuizKind::fill) return item.question_markdown;
  std::string out;
  std::size_t from = 0;
  int n = 0;
  for (const auto& blank : guide::find_blanks(item.question_markdown)) {
    out += item.question_markdown.substr(from, blank.offset - from);
    out += fmt::format("**[{}] \\_\\_\\_\\_\\_**", ++n);
    from = blank.offset + blank.length;
  }
  out += item.question_markdown.substr(from);
  return out;
}

std::string option_label(std::size_t shown) { return std::to_string(shown + 1); }

}  // namespace

std::string quiz_item_text(const guide::QuizItem& item, const std::vector<std::size_t>& order, const TextStyle& style) {
  const Ansi ansi{style.color};
  std::string out = render_markdown(stem_with_gaps(item), style);
  if (item.kind != guide::QuizKind::fill) {
    out += "\n";
    for (std::size_t shown = 0; shown < order.size(); ++shown) {
      const std::string mark = std::string(ansi.bold()) + option_label(shown) + ")" + std::string(ansi.reset()) + " ";
      out += wrap(inline_text(item.options[order[shown]].markdown, ansi), style.width, "  " + mark, "     ");
    }
  }
  return out;
}

std::optional<Input> read_text_line(Console& console) {
  if (!console.raw()) {
    Input input = console.read();
    if (input.kind == Input::Kind::end || input.kind == Input::Kind::interrupt) return std::nullopt;
    return input;
  }
  std::string line;
  while (true) {
    const Input key = console.read();
    if (key.kind == Input::Kind::end || key.kind == Input::Kind::interrupt) return std::nullopt;
    if (key.text == "\n") break;
    if (key.text == "backspace") {
      if (!line.empty()) {
        // Drop the last UTF-8 character.
        std::size_t cut = line.size() - 1;
        while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
        line.erase(cut);
        console.write("\b \b");
      }
      continue;
    }
    if (key.text.size() > 4 || key.text == "escape" || key.text == "up" || key.text == "down") continue;
    line += key.text;
    console.write(key.text);
  }
  console.write("\n");
  return Input{Input::Kind::line, line};
}

ReadAnswer read_quiz_answer(Console& console, const guide::QuizItem& item, const std::vector<std::size_t>& order) {
  const std::size_t options = order.size();
  const auto prompt = [&] {
    switch (item.kind) {
      case guide::QuizKind::single:
        return util::say("quiz.ask_single", {{"options", options}});
      case guide::QuizKind::multiple:
        return util::say("quiz.ask_multiple", {{"options", options}});
      case guide::QuizKind::fill:
        return item.blanks.size() == 1 ? util::say("quiz.ask_word")
                                       : util::say("quiz.ask_words", {{"n", item.blanks.size()}});
    }
    return std::string();
  };
  while (true) {
    console.write(prompt());
    std::optional<Input> input;
    if (console.raw() && item.kind == guide::QuizKind::single && options < 10) {
      const Input key = console.read();
      if (key.kind == Input::Kind::end) return ReadAnswer{ReadAnswer::Kind::quit, {}, {}};
      if (key.kind == Input::Kind::interrupt) return ReadAnswer{ReadAnswer::Kind::interrupt, {}, {}};
      console.write(key.text == "\n" ? "" : key.text);
      console.write("\n");
      input = key;
    } else {
      input = read_text_line(console);
      if (!input) return ReadAnswer{ReadAnswer::Kind::quit, {}, {}};
      // A line from a pipe is not echoed: show it, so a transcript reads as a dialogue.
      if (!console.raw()) console.write(input->text + "\n");
    }
    const std::string text(util::trim(input->text));
    if (text == "q" || text == "Q") return ReadAnswer{ReadAnswer::Kind::quit, {}, {}};
    ReadAnswer read;
    read.as_typed = text;
    if (item.kind == guide::QuizKind::fill) {
      std::size_t start = 0;
      while (start <= text.size()) {
        std::size_t bar = text.find('|', start);
        if (bar == std::string::npos) bar = text.size();
        read.answer.blanks.emplace_back(util::trim(std::string_view(text).substr(start, bar - start)));
        start = bar + 1;
      }
      if (item.blanks.size() <= 1 || read.answer.blanks.size() == item.blanks.size()) return read;
      console.write(util::say("quiz.give_words", {{"n", item.blanks.size()}}) + "\n");
      continue;
    }
    // Option numbers, as shown; written back as the guide's own indexes.
    // "1 3", "1,3" and "1, 3" alike.
    std::string spaced = text;
    std::replace(spaced.begin(), spaced.end(), ',', ' ');
    std::istringstream numbers(spaced);
    std::string word;
    bool ok = !util::trim(spaced).empty();
    std::vector<std::size_t> chosen;
    while (numbers >> word) {
      std::size_t value = 0;
      const auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), value);
      if (word.empty() || ec != std::errc() || end != word.data() + word.size() || value < 1 || value > options) {
        ok = false;
      } else if (std::find(chosen.begin(), chosen.end(), order[value - 1]) == chosen.end()) {
        chosen.push_back(order[value - 1]);
      }
    }
    if (ok && item.kind == guide::QuizKind::single && chosen.size() != 1) ok = false;
    if (ok) {
      read.answer.chosen = std::move(chosen);
      return read;
    }
    console.write(util::say(item.kind == guide::QuizKind::single ? "quiz.type_one" : "quiz.type_numbers",
                            {{"options", options}}) +
                  "\n");
  }
}

std::string quiz_feedback(const guide::QuizItem& item, const engine::QuizAnswer& answer, const engine::ItemScore& score,
                          const std::vector<std::size_t>& order, const TextStyle& style) {
  const Ansi ansi{style.color};
  std::string out;
  if (score.correct) {
    out += std::string(ansi.green()) + util::say("answer.right") + std::string(ansi.reset());
  } else if (score.score > 0) {
    out += std::string(ansi.yellow()) +
           util::say("answer.partly", {{"percent", fmt::format("{:.0f}", score.score * 100)}}) +
           std::string(ansi.reset());
  } else {
    out += std::string(ansi.red()) + util::say("answer.wrong") + std::string(ansi.reset());
  }
  if (!score.correct) {
    std::vector<std::string> right;
    if (item.kind == guide::QuizKind::fill) {
      for (const auto& b : item.blanks) {
        std::string shown = b;
        std::replace(shown.begin(), shown.end(), '|', '/');
        right.push_back(shown);
      }
    } else {
      for (std::size_t shown = 0; shown < order.size(); ++shown) {
        if (item.options[order[shown]].correct)
          right.push_back(fmt::format("{}) {}", shown + 1, inline_text(item.options[order[shown]].markdown, ansi)));
      }
    }
    std::string list;
    for (const auto& r : right) list += (list.empty() ? "" : "; ") + r;
    // "The answer: {answer}." without a second full stop after an option that ends in one.
    if (!list.empty() && list.back() == '.') list.pop_back();
    out += " " + util::say("answer.is", {{"answer", list}});
  }
  out = wrap(out, style.width);
  for (std::size_t c : answer.chosen) {
    if (c < item.options.size() && !item.options[c].feedback.empty()) {
      out += render_markdown(item.options[c].feedback, style, "  ");
    }
  }
  if (!item.explanation_markdown.empty()) out += render_markdown(item.explanation_markdown, style);
  return out;
}

}  // namespace prepdeck::tui
