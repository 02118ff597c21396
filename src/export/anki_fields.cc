#include "export/anki_fields.h"

#include <fmt/format.h>

#include "export/collection.h"
#include "guide/markdown.h"
#include "util/html_entities.h"
#include "util/text.h"

namespace prepdeck::exporter {

namespace {

std::string joined_tags(const std::vector<std::string>& tags) {
  std::string out;
  for (const std::string& t : tags) {
    if (!out.empty()) out += ' ';
    out += t;
  }
  return out;
}

std::string source_of(const guide::Guide& g, std::uint32_t file, std::uint32_t line) {
  const std::string& path = file == 0 || file >= g.files.size() ? g.path : g.files[file];
  return fmt::format("{}:{}", path, line);
}

std::string level_name(guide::Level level) {
  return level == guide::Level::unspecified ? std::string() : std::string(guide::display_name(level));
}

// Anki's sort field holds the first field's text without HTML.
std::string plain(std::string_view markdown) { return std::string(util::trim(guide::plain_text(markdown))); }

std::string cloze_text(const guide::QuizItem& item, const ItemsHtml::Quiz& html) {
  if (html.question.size() != item.blanks.size() + 1) {
    // A blank that did not stand in text: the question as it is, the answers after it.
    std::string out = html.question.empty() ? std::string() : html.question[0];
    for (std::size_t i = 0; i < item.blanks.size(); ++i) {
      const auto alternatives = blank_alternatives(item.blanks[i]);
      out += fmt::format("<p>{{{{c{}::{}}}}}</p>", i + 1,
                         util::escape_html(alternatives.empty() ? item.blanks[i] : alternatives.front()));
    }
    return out;
  }
  std::string out = html.question[0];
  for (std::size_t i = 0; i < item.blanks.size(); ++i) {
    const auto alternatives = blank_alternatives(item.blanks[i]);
    std::string answer = util::escape_html(alternatives.empty() ? std::string(item.blanks[i]) : alternatives.front());
    // "::" would start a cloze hint and "}}" end the deletion early.
    answer = util::replace_all(answer, "::", ":&#58;");
    answer = util::replace_all(answer, "}}", "}&#125;");
    out += fmt::format("{{{{c{}::{}}}}}", i + 1, answer);
    out += html.question[i + 1];
  }
  return out;
}

// The options as the front lists them, and as the back reveals them (the
// right ones marked, each option's feedback under it).
struct OptionLists {
  std::string front, back;
};
OptionLists option_lists(const std::vector<std::string>& options, const std::vector<bool>& right,
                         const std::vector<std::string>* feedback) {
  OptionLists out{"<ol class=\"prepdeck-options\" type=\"A\">\n", "<ol class=\"prepdeck-options\" type=\"A\">\n"};
  for (std::size_t k = 0; k < options.size(); ++k) {
    out.front += "<li>" + options[k] + "</li>\n";
    const std::string note = feedback == nullptr || (*feedback)[k].empty()
                                 ? std::string()
                                 : "\n<div class=\"prepdeck-feedback\">" + (*feedback)[k] + "</div>";
    out.back += fmt::format("<li class=\"{}\">{} {}{}</li>\n", right[k] ? "right" : "wrong",
                            right[k] ? "\xE2\x9C\x94" : "\xE2\x9C\x98", options[k], note);
  }
  out.front += "</ol>";
  out.back += "</ol>";
  return out;
}

void fill_choice_note(AnkiNote& note, std::string question, const OptionLists& lists, const std::string& explanation,
                      guide::Level level, std::string source) {
  note.kind = AnkiKind::choice;
  note.front = question + "\n" + lists.front;
  note.back = lists.back + (explanation.empty() ? "" : "\n" + explanation);
  note.fields = {std::move(question), lists.front, lists.back, explanation, level_name(level), std::move(source)};
}

}  // namespace

const std::vector<std::string>& anki_field_names(AnkiKind kind) {
  static const std::vector<std::string> question{"Title", "Answer", "Hint", "Level", "Source"};
  static const std::vector<std::string> choice{"Question", "Options", "Answer", "Explanation", "Level", "Source"};
  static const std::vector<std::string> cloze{"Text", "Extra", "Level", "Source"};
  switch (kind) {
    case AnkiKind::question:
      return question;
    case AnkiKind::choice:
      return choice;
    case AnkiKind::cloze:
      break;
  }
  return cloze;
}

std::string anki_deck_name(const std::vector<std::string>& path) {
  std::string out;
  for (const std::string& name : path) {
    const std::string part = util::replace_all(name, "::", ":");
    if (!out.empty()) out += "::";
    out += part;
  }
  return out;
}

AnkiNote anki_question_note(const GuideNames& names, const guide::Guide& g, std::size_t index,
                            const ItemsHtml::Question& html) {
  const guide::Question& q = g.questions[index];
  AnkiNote note;
  note.guid = stable_guid(q.id);
  note.kind = AnkiKind::question;
  note.deck = anki_deck_name(names.category_path(q.section));
  note.tags = joined_tags(names.tags(q.level, q.section));
  std::string front = "<div class=\"prepdeck-title\">" + html.title + "</div>";
  if (!html.hint.empty()) front += "\n<div class=\"prepdeck-hint\">\xF0\x9F\xA7\xA0 " + html.hint + "</div>";
  if (!q.choices.empty()) {
    std::vector<bool> right;
    for (const guide::Choice& c : q.choices) right.push_back(c.correct);
    fill_choice_note(note, std::move(front), option_lists(html.choices, right, nullptr), html.answer, q.level,
                     source_of(g, q.file, q.line));
  } else {
    note.fields = {html.title, html.answer, html.hint, level_name(q.level), source_of(g, q.file, q.line)};
    note.front = std::move(front);
    note.back = html.answer;
  }
  note.sort_field = plain(q.title);
  return note;
}

AnkiNote anki_quiz_note(const GuideNames& names, const guide::Guide& g, std::size_t index,
                        const ItemsHtml::Quiz& html) {
  const guide::QuizItem& item = g.quizzes[index];
  AnkiNote note;
  note.guid = stable_guid(item.id);
  note.deck = anki_deck_name(names.category_path(item.section));
  note.tags = joined_tags(names.tags(item.level, item.section));
  note.sort_field = plain(item.question_markdown);
  if (item.kind == guide::QuizKind::fill) {
    note.kind = AnkiKind::cloze;
    const std::string text = cloze_text(item, html);
    note.fields = {text, html.explanation, level_name(item.level), source_of(g, item.file, item.line)};
    note.front = text;
    note.back = html.explanation;
    return note;
  }
  std::string question;
  for (const std::string& piece : html.question) question += piece;
  std::vector<bool> right;
  for (const guide::QuizOption& o : item.options) right.push_back(o.correct);
  fill_choice_note(note, std::move(question), option_lists(html.options, right, &html.feedback), html.explanation,
                   item.level, source_of(g, item.file, item.line));
  return note;
}

}  // namespace prepdeck::exporter
