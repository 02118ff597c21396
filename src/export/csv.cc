#include "export/csv.h"

#include <fmt/format.h>

#include "export/analytics_csv.h"
#include "export/anki_fields.h"
#include "export/collection.h"
#include "guide/markdown.h"

namespace prepdeck::exporter {

std::string csv_field(std::string_view text, Cells cells, char separator) {
  std::string t(text);
  if (cells == Cells::spreadsheet && !t.empty() && (t[0] == '=' || t[0] == '+' || t[0] == '-' || t[0] == '@')) {
    t.insert(t.begin(), '\'');
  }
  const char specials[] = {separator, '"', '\r', '\n', '\0'};
  if (t.find_first_of(specials) == std::string::npos) return t;
  std::string out = "\"";
  for (const char c : t) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

namespace {

std::string choice_lines(const guide::Question& q) {
  std::string out;
  for (const guide::Choice& c : q.choices)
    out += fmt::format("{}[{}] {}", out.empty() ? "" : "\n", c.correct ? 'x' : ' ', c.text);
  return out;
}

std::string option_lines(const guide::QuizItem& item) {
  std::string out;
  for (const guide::QuizOption& o : item.options) {
    out += fmt::format("{}[{}] {}", out.empty() ? "" : "\n", o.correct ? 'x' : ' ', o.markdown);
  }
  return out;
}

std::string right_answers(const guide::QuizItem& item) {
  std::string out;
  const auto add = [&out](std::string_view text) {
    if (!out.empty()) out += '\n';
    out += text;
  };
  if (item.kind == guide::QuizKind::fill) {
    for (const std::string& blank : item.blanks) add(blank);
  } else {
    for (const guide::QuizOption& o : item.options) {
      if (o.correct) add(o.markdown);
    }
  }
  return out;
}

void row(std::string& out, std::initializer_list<std::string_view> fields) {
  bool first = true;
  for (std::string_view f : fields) {
    if (!first) out += ',';
    first = false;
    out += csv_field(f);
  }
  out += "\r\n";
}

}  // namespace

util::Expected<Exported> write_csv(const ExportInput& input) {
  Exported result;
  std::string& out = result.bytes;
  out = "id,kind,guide,section,level,title,hint,answer,choices,explanation\r\n";
  for (const guide::Guide& g : input.set->guides) {
    const GuideNames names(input, g);
    for_each_item(
        g,
        [&](std::size_t k) {
          const guide::Question& q = g.questions[k];
          row(out, {q.id, q.choices.empty() ? "question" : "choice", g.path, names.section_name(q.section),
                    q.level == guide::Level::unspecified ? "" : guide::to_string(q.level), q.title, q.hint.value_or(""),
                    q.answer_markdown, choice_lines(q), ""});
        },
        [&](std::size_t k) {
          const guide::QuizItem& item = g.quizzes[k];
          row(out, {item.id, guide::to_string(item.kind), g.path, names.section_name(item.section),
                    item.level == guide::Level::unspecified ? "" : guide::to_string(item.level), item.question_markdown,
                    "", right_answers(item), option_lines(item), item.explanation_markdown});
        });
  }
  return result;
}

util::Expected<Exported> write_anki_text(const ExportInput& input) {
  Exported result;
  std::string& out = result.bytes;
  out =
      "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:6\n"
      "#columns:GUID\tNote type\tDeck\tFront\tBack\tTags\n";
  const auto line = [&out](const AnkiNote& note) {
    const auto field = [](std::string_view text) { return csv_field(text, Cells::plain, '\t'); };
    out += fmt::format("{}\t{}\t{}\t{}\t{}\t{}\n", field(note.guid), note.kind == AnkiKind::cloze ? "Cloze" : "Basic",
                       field(note.deck), field(note.front), field(note.back), field(note.tags));
  };
  for (std::size_t i = 0; i < input.set->guides.size(); ++i) {
    const guide::Guide& g = input.set->guides[i];
    const ItemsHtml& html = input.html[i];
    const GuideNames names(input, g);
    for_each_item(
        g, [&](std::size_t k) { line(anki_question_note(names, g, k, html.questions[k])); },
        [&](std::size_t k) { line(anki_quiz_note(names, g, k, html.quizzes[k])); });
  }
  return result;
}

util::Expected<Exported> write_analytics_csv(const ExportInput& input) {
  if (input.analytics == nullptr)
    return util::fail(util::ErrorCode::invalid, "analytics-csv reads a store: name it with --db");
  return Exported{analytics_csv(*input.set, input.analytics->questions, input.analytics->items), {}};
}

}  // namespace prepdeck::exporter
