#include "export/gift.h"

#include <optional>

#include <fmt/format.h>

#include "export/collection.h"

namespace prepdeck::exporter {

std::string gift_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    switch (c) {
      case '~':
      case '=':
      case '#':
      case '{':
      case '}':
      case ':':
      case '\\':
        out += '\\';
        out += c;
        break;
      case '\r':
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string_view gift_weight(std::size_t right) {
  // Moodle's grade list (question_bank::fraction_options_full), the shares 100/n it holds.
  switch (right) {
    case 0:
    case 1:
      return "100";
    case 2:
      return "50";
    case 3:
      return "33.33333";
    case 4:
      return "25";
    case 5:
      return "20";
    case 6:
      return "16.66667";
    case 7:
      return "14.28571";
    case 8:
      return "12.5";
    case 9:
      return "11.11111";
    case 10:
      return "10";
    default:
      return "5";  // 20 right answers exactly; fewer than 20 get 5 each and cannot reach 100
  }
}

namespace {

class GiftWriter {
 public:
  explicit GiftWriter(const ExportInput& input) : m_input(input) {}

  Exported finish() { return std::move(m_result); }

  void guide(const guide::Guide& g, const ItemsHtml& html) {
    m_names.emplace(m_input, g);
    for_each_item(
        g, [&](std::size_t k) { question(g, g.questions[k], html.questions[k]); },
        [&](std::size_t k) { quiz(g, g.quizzes[k], html.quizzes[k]); });
  }

 private:
  void category(const guide::Guide&, std::uint32_t section) {
    std::string line = "$CATEGORY: " + m_names->moodle_category(section) + "\n\n";
    if (line == m_category) return;
    m_out += line;
    m_category = std::move(line);
  }

  void head(std::string_view id, std::string_view text) {
    m_out += fmt::format("::{}::[html]{}", gift_escape(id), gift_escape(text));
  }

  void question(const guide::Guide& g, const guide::Question& q, const ItemsHtml::Question& html) {
    category(g, q.section);
    std::string text = html.title;
    if (!html.hint.empty()) text += "<p class=\"hint\">\xF0\x9F\xA7\xA0 " + html.hint + "</p>";
    head(q.id, text);
    if (q.choices.empty()) {
      // An essay: the learner writes, the answer is the general feedback.
      m_out += "{\n";
    } else {
      std::vector<bool> right;
      for (const guide::Choice& c : q.choices) right.push_back(c.correct);
      choices(html.choices, right, nullptr);
    }
    if (!html.answer.empty()) m_out += "\t####" + gift_escape(html.answer) + "\n";
    m_out += "}\n\n";
  }

  void quiz(const guide::Guide& g, const guide::QuizItem& item, const ItemsHtml::Quiz& html) {
    if (item.kind == guide::QuizKind::fill) {
      if (item.blanks.size() != 1 || html.question.size() != 2) {
        m_result.notes.push_back(fmt::format("{}: GIFT holds one blank per question and this item has {}; left out",
                                             item.id, item.blanks.size()));
        return;
      }
      category(g, item.section);
      head(item.id, html.question[0]);
      m_out += "{\n";
      for (const std::string& alternative : blank_alternatives(item.blanks[0])) {
        m_out += "\t=" + answer_text(alternative) + "\n";
      }
    } else {
      category(g, item.section);
      std::string text;
      for (const std::string& piece : html.question) text += piece;
      head(item.id, text);
      std::vector<bool> right;
      for (const guide::QuizOption& o : item.options) right.push_back(o.correct);
      choices(html.options, right, &html.feedback, item.kind == guide::QuizKind::multiple);
    }
    if (!html.explanation.empty()) m_out += "\t####" + gift_escape(html.explanation) + "\n";
    // A fill-in blank in the middle of the question: the text after it follows the answers.
    if (item.kind == guide::QuizKind::fill && !is_blank(html.question[1])) {
      m_out += "}" + gift_escape(html.question[1]) + "\n\n";
      return;
    }
    m_out += "}\n\n";
  }

  // An answer that starts with '%' would read as a %weight%: the first is written as a character reference.
  static std::string answer_text(std::string_view text) {
    if (!text.empty() && text.front() == '%') return "&\\#37;" + gift_escape(text.substr(1));
    return gift_escape(text);
  }

  static bool is_blank(std::string_view text) { return text.find_first_not_of(" \t\r\n") == std::string_view::npos; }

  // Opens the answers: one right answer is =, several share 100 and every wrong one costs it all.
  void choices(const std::vector<std::string>& options, const std::vector<bool>& right,
               const std::vector<std::string>* feedback, bool multiple = false) {
    std::size_t rights = 0;
    for (const bool r : right) rights += r ? 1 : 0;
    multiple = multiple || rights > 1;
    if (multiple && rights != 20 && rights > 10) {
      m_result.notes.push_back(fmt::format("{} right answers: Moodle has no grade of 100/{}; each gets {}%", rights,
                                           rights, gift_weight(rights)));
    }
    m_out += "{\n";
    for (std::size_t k = 0; k < options.size(); ++k) {
      if (!multiple) {
        m_out += right[k] ? "\t=" : "\t~";
      } else {
        m_out += right[k] ? fmt::format("\t~%{}%", gift_weight(rights)) : std::string("\t~%-100%");
      }
      m_out += answer_text(options[k]);
      if (feedback != nullptr && !(*feedback)[k].empty()) m_out += "#" + gift_escape((*feedback)[k]);
      m_out += "\n";
    }
  }

  const ExportInput& m_input;
  std::optional<GuideNames> m_names;  // of the guide being written
  Exported m_result;
  std::string& m_out = m_result.bytes;
  std::string m_category;
};

}  // namespace

util::Expected<Exported> write_gift(const ExportInput& input) {
  GiftWriter writer(input);
  for (std::size_t i = 0; i < input.set->guides.size(); ++i) writer.guide(input.set->guides[i], input.html[i]);
  return writer.finish();
}

}  // namespace prepdeck::exporter
