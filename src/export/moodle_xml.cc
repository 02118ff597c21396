#include "export/moodle_xml.h"

#include <optional>

#include <fmt/format.h>

#include "export/collection.h"
#include "export/gift.h"
#include "export/xml_writer.h"

namespace prepdeck::exporter {

namespace {

// Moodle's Cloze syntax inside a multianswer question: } # ~ / " and backslash escaped.
std::string cloze_escape(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '}' || c == '#' || c == '~' || c == '/' || c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

class MoodleWriter {
 public:
  explicit MoodleWriter(const ExportInput& input) : m_input(input) { m_xml.start("quiz"); }

  Exported finish() {
    m_xml.end();
    m_result.bytes = m_xml.finish();
    return std::move(m_result);
  }

  void guide(const guide::Guide& g, const ItemsHtml& html) {
    m_names.emplace(m_input, g);
    for_each_item(
        g, [&](std::size_t k) { question(g, g.questions[k], html.questions[k]); },
        [&](std::size_t k) { quiz(g, g.quizzes[k], html.quizzes[k]); });
  }

 private:
  void category(const guide::Guide&, std::uint32_t section) {
    std::string path = m_names->moodle_category(section);
    if (path == m_category) return;
    m_xml.start("question").attribute("type", "category");
    m_xml.start("category").element("text", path).end();
    m_xml.end();
    m_category = std::move(path);
  }

  void html_text(std::string_view element, std::string_view html) {
    m_xml.start(element).attribute("format", "html").start("text").cdata(html).end().end();
  }

  void begin(std::string_view type, const std::string& id, std::string_view question_html) {
    m_xml.start("question").attribute("type", type);
    m_xml.start("name").element("text", id).end();
    html_text("questiontext", question_html);
  }

  void common(std::string_view general_feedback, const std::string& id) {
    html_text("generalfeedback", general_feedback);
    m_xml.element("defaultgrade", "1");
    m_xml.element("penalty", "0.3333333");
    m_xml.element("hidden", "0");
    m_xml.element("idnumber", id);
  }

  void question(const guide::Guide& g, const guide::Question& q, const ItemsHtml::Question& html) {
    category(g, q.section);
    std::string text = html.title;
    if (!html.hint.empty()) text += "<p class=\"hint\">\xF0\x9F\xA7\xA0 " + html.hint + "</p>";
    if (!q.choices.empty()) {
      begin("multichoice", q.id, text);
      common(html.answer, q.id);
      std::vector<bool> right;
      for (const guide::Choice& c : q.choices) right.push_back(c.correct);
      choices(html.choices, right, nullptr, false);
      m_xml.end();
      return;
    }
    begin("essay", q.id, text);
    common(html.answer, q.id);
    m_xml.element("responseformat", "editor");
    m_xml.element("responserequired", "1");
    m_xml.element("responsefieldlines", "10");
    m_xml.element("attachments", "0");
    m_xml.element("attachmentsrequired", "0");
    html_text("graderinfo", html.answer);
    html_text("responsetemplate", "");
    m_xml.end();
  }

  void quiz(const guide::Guide& g, const guide::QuizItem& item, const ItemsHtml::Quiz& html) {
    category(g, item.section);
    if (item.kind == guide::QuizKind::fill) {
      fill(item, html);
      return;
    }
    std::string text;
    for (const std::string& piece : html.question) text += piece;
    begin("multichoice", item.id, text);
    common(html.explanation, item.id);
    std::vector<bool> right;
    for (const guide::QuizOption& o : item.options) right.push_back(o.correct);
    choices(html.options, right, &html.feedback, item.kind == guide::QuizKind::multiple);
    m_xml.end();
  }

  void fill(const guide::QuizItem& item, const ItemsHtml::Quiz& html) {
    if (item.blanks.size() == 1) {
      std::string text;
      for (std::size_t i = 0; i < html.question.size(); ++i) text += (i ? "_____" : "") + html.question[i];
      begin("shortanswer", item.id, text);
      common(html.explanation, item.id);
      m_xml.element("usecase", "0");
      for (const std::string& alternative : blank_alternatives(item.blanks[0])) {
        m_xml.start("answer").attribute("fraction", "100").attribute("format", "moodle_auto_format");
        m_xml.element("text", alternative);
        m_xml.start("feedback").attribute("format", "html").element("text", "").end();
        m_xml.end();
      }
      m_xml.end();
      return;
    }
    // Several blanks: a Cloze question, each blank a short answer where it stands.
    std::string text = html.question.empty() ? std::string() : html.question[0];
    const bool in_place = html.question.size() == item.blanks.size() + 1;
    for (std::size_t i = 0; i < item.blanks.size(); ++i) {
      std::string answers;
      for (const std::string& alternative : blank_alternatives(item.blanks[i])) {
        answers += (answers.empty() ? "=" : "~=") + cloze_escape(alternative);
      }
      text += fmt::format("{{1:SHORTANSWER:{}}}", answers);
      if (in_place) text += html.question[i + 1];
    }
    begin("cloze", item.id, text);
    html_text("generalfeedback", html.explanation);
    m_xml.element("penalty", "0.3333333");
    m_xml.element("hidden", "0");
    m_xml.element("idnumber", item.id);
    m_xml.end();
  }

  void choices(const std::vector<std::string>& options, const std::vector<bool>& right,
               const std::vector<std::string>* feedback, bool multiple) {
    std::size_t rights = 0;
    for (const bool r : right) rights += r ? 1 : 0;
    multiple = multiple || rights > 1;
    m_xml.element("single", multiple ? "false" : "true");
    m_xml.element("shuffleanswers", "true");
    m_xml.element("answernumbering", "abc");
    for (std::size_t k = 0; k < options.size(); ++k) {
      const std::string_view fraction = right[k] ? gift_weight(multiple ? rights : 1) : multiple ? "-100" : "0";
      m_xml.start("answer").attribute("fraction", fraction).attribute("format", "html");
      m_xml.start("text").cdata(options[k]).end();
      html_text("feedback", feedback == nullptr ? std::string_view() : std::string_view((*feedback)[k]));
      m_xml.end();
    }
  }

  const ExportInput& m_input;
  std::optional<GuideNames> m_names;  // of the guide being written
  XmlWriter m_xml;
  Exported m_result;
  std::string m_category;
};

}  // namespace

util::Expected<Exported> write_moodle_xml(const ExportInput& input) {
  MoodleWriter writer(input);
  for (std::size_t i = 0; i < input.set->guides.size(); ++i) writer.guide(input.set->guides[i], input.html[i]);
  return writer.finish();
}

}  // namespace prepdeck::exporter
