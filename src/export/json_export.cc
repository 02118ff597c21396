#include "export/json_export.h"

namespace prepdeck::exporter {

namespace {

Json level_or_null(guide::Level level) {
  if (level == guide::Level::unspecified) return nullptr;
  return std::string(guide::to_string(level));
}

Json question_to_json(const guide::Question& q) {
  Json j;
  j["id"] = q.id;
  j["number"] = q.number ? Json(*q.number) : Json(nullptr);
  j["title"] = q.title;
  j["level"] = level_or_null(q.level);
  j["hint"] = q.hint ? Json(*q.hint) : Json(nullptr);
  j["open"] = q.open;
  j["answer_markdown"] = q.answer_markdown;
  Json callouts = Json::array();
  for (const auto& c : q.callouts) {
    Json cj;
    cj["label"] = c.label;
    cj["markdown"] = std::string(q.callout_markdown(c));
    callouts.push_back(std::move(cj));
  }
  j["callouts"] = std::move(callouts);
  Json choices = Json::array();
  for (const auto& c : q.choices) {
    Json cj;
    cj["text"] = c.text;
    cj["correct"] = c.correct;
    choices.push_back(std::move(cj));
  }
  j["choices"] = std::move(choices);
  j["line"] = q.line;
  return j;
}

Json quiz_to_json(const guide::QuizItem& item) {
  Json j;
  j["id"] = item.id;
  j["kind"] = std::string(guide::to_string(item.kind));
  j["question_markdown"] = item.question_markdown;
  Json options = Json::array();
  for (const auto& o : item.options) {
    Json oj;
    oj["markdown"] = o.markdown;
    oj["correct"] = o.correct;
    oj["feedback"] = o.feedback.empty() ? Json(nullptr) : Json(o.feedback);
    options.push_back(std::move(oj));
  }
  j["options"] = std::move(options);
  j["blanks"] = item.blanks;
  j["explanation_markdown"] = item.explanation_markdown;
  j["line"] = item.line;
  return j;
}

}  // namespace

Json diagnostic_to_json(const util::Diagnostic& d) {
  Json j;
  j["file"] = d.file;
  j["line"] = d.line;
  j["column"] = d.column;
  j["severity"] = std::string(util::to_string(d.severity));
  j["code"] = std::string(d.code);
  j["message"] = d.message;
  return j;
}

Json guide_to_json(const guide::Guide& g) {
  Json j;
  j["path"] = g.path;
  j["title"] = g.title;
  j["level"] = level_or_null(g.level);
  // Sections that hold questions, in order, each with its questions.
  std::vector<std::vector<const guide::Question*>> by_section(g.sections.size());
  for (const auto& q : g.questions) {
    if (q.section < by_section.size()) by_section[q.section].push_back(&q);
  }
  Json sections = Json::array();
  for (std::size_t s = 0; s < g.sections.size(); ++s) {
    if (by_section[s].empty()) continue;
    Json sj;
    sj["title"] = g.sections[s].title;
    Json questions = Json::array();
    for (const auto* q : by_section[s]) questions.push_back(question_to_json(*q));
    sj["questions"] = std::move(questions);
    sections.push_back(std::move(sj));
  }
  j["sections"] = std::move(sections);
  Json quizzes = Json::array();
  for (const auto& item : g.quizzes) {
    if (item.valid) quizzes.push_back(quiz_to_json(item));
  }
  j["quizzes"] = std::move(quizzes);
  Json diagnostics = Json::array();
  for (const auto& d : g.diagnostics) diagnostics.push_back(diagnostic_to_json(d));
  j["diagnostics"] = std::move(diagnostics);
  return j;
}

Json guides_to_json(const std::vector<guide::Guide>& guides) {
  Json j;
  j["schema"] = k_guides_schema;
  Json list = Json::array();
  for (const auto& g : guides) list.push_back(guide_to_json(g));
  j["guides"] = std::move(list);
  return j;
}

util::Expected<Exported> write_json(const ExportInput& input) {
  return Exported{dump(guides_to_json(input.set->guides)), {}};
}

std::string dump(const Json& json) { return json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"; }

}  // namespace prepdeck::exporter
