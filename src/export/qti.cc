#include "export/qti.h"

#include <future>

#include <fmt/format.h>

#include "export/collection.h"
#include "export/xml_writer.h"
#include "guide/markdown.h"
#include "util/parallel.h"
#include "util/text.h"
#include "util/zip_archive.h"

namespace prepdeck::exporter {

std::string qti_identifier(std::string_view prefix, std::string_view id) {
  std::string out(prefix);
  for (const char c : id.substr(0, 60)) {
    const bool plain =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
    out += plain ? c : '_';
  }
  return fmt::format("{}_{:08x}", out, util::fnv1a(id) & 0xffffffffu);
}

namespace {

// An item as both QTI versions see it.
struct QtiItem {
  enum class Kind { single, multiple, fill, essay } kind = Kind::essay;
  std::string ident;
  std::string title;                             // plain text
  std::vector<std::string> stem;                 // HTML; fill-in: the pieces around the blanks
  std::vector<std::vector<std::string>> blanks;  // fill-in: each blank's alternatives
  // The rest is the items' HTML where ExportInput holds it (not copied: that is most of the input).
  std::vector<std::string_view> options, feedback;  // choices: HTML
  std::vector<bool> right;
  std::string_view general;  // the explanation, or a study question's answer
};

struct Assessment {
  std::string ident;
  std::string title;
  std::vector<QtiItem> items;
};

std::string plain_title(std::string_view markdown) {
  std::string text(util::trim(guide::plain_text(markdown)));
  if (text.size() > 120) text = text.substr(0, 117) + "...";
  return text;
}

QtiItem quiz_item(const guide::QuizItem& item, const ItemsHtml::Quiz& html) {
  QtiItem q;
  q.ident = qti_identifier("I_", item.id);
  q.title = plain_title(item.question_markdown);
  if (item.kind == guide::QuizKind::fill) {
    // The blanks shown as blanks, not their answers.
    std::string text;
    std::size_t pos = 0;
    for (const guide::Blank& b : guide::find_blanks(item.question_markdown)) {
      text.append(item.question_markdown, pos, b.offset - pos);
      text += "_____";
      pos = b.offset + b.length;
    }
    text.append(item.question_markdown, pos);
    q.title = plain_title(text);
  }
  q.general = html.explanation;
  if (item.kind == guide::QuizKind::fill) {
    q.kind = QtiItem::Kind::fill;
    for (const std::string& blank : item.blanks) q.blanks.push_back(blank_alternatives(blank));
    q.stem = html.question;
    // A blank that did not stand in text: the boxes follow the question.
    if (q.stem.size() != q.blanks.size() + 1) {
      std::string all;
      for (const std::string& piece : q.stem) all += piece;
      q.stem.assign(1, all);
      q.stem.resize(q.blanks.size() + 1);
    }
    return q;
  }
  q.kind = item.kind == guide::QuizKind::multiple ? QtiItem::Kind::multiple : QtiItem::Kind::single;
  for (const std::string& piece : html.question) q.stem.emplace_back(piece);
  q.options.assign(html.options.begin(), html.options.end());
  q.feedback.assign(html.feedback.begin(), html.feedback.end());
  for (const guide::QuizOption& o : item.options) q.right.push_back(o.correct);
  return q;
}

QtiItem study_item(const guide::Question& question, const ItemsHtml::Question& html) {
  QtiItem q;
  q.ident = qti_identifier("I_", question.id);
  q.title = plain_title(question.title);
  std::string stem = "<p>" + html.title + "</p>";
  if (!html.hint.empty()) stem += "<p class=\"hint\">\xF0\x9F\xA7\xA0 " + html.hint + "</p>";
  q.stem.push_back(std::move(stem));
  q.general = html.answer;
  if (question.choices.empty()) return q;
  std::size_t rights = 0;
  for (const guide::Choice& c : question.choices) {
    q.right.push_back(c.correct);
    rights += c.correct ? 1 : 0;
  }
  q.kind = rights > 1 ? QtiItem::Kind::multiple : QtiItem::Kind::single;
  q.options.assign(html.choices.begin(), html.choices.end());
  q.feedback.resize(q.options.size());
  return q;
}

// One assessment per guide that has items, made on every core (titles are a Markdown parse each).
std::vector<Assessment> assessments(const ExportInput& input) {
  std::vector<Assessment> out(input.set->guides.size());
  util::parallel_for(out.size(), 0, [&](std::size_t i) {
    const guide::Guide& g = input.set->guides[i];
    const ItemsHtml& html = input.html[i];
    Assessment& a = out[i];
    a.ident = qti_identifier("A_", g.id);
    a.title = plain_title(g.title);
    if (a.title.empty()) a.title = g.path;
    for (std::size_t k = 0; k < g.quizzes.size(); ++k) {
      if (exported(g.quizzes[k])) a.items.push_back(quiz_item(g.quizzes[k], html.quizzes[k]));
    }
    if (a.items.empty()) {
      for (std::size_t k = 0; k < g.questions.size(); ++k)
        a.items.push_back(study_item(g.questions[k], html.questions[k]));
    }
  });
  std::erase_if(out, [](const Assessment& a) { return a.items.empty(); });
  return out;
}

std::string joined_stem(const QtiItem& q, std::string_view blank_marker = {}) {
  std::string out;
  for (std::size_t i = 0; i < q.stem.size(); ++i) {
    if (i > 0) out += fmt::format("{}{}X", blank_marker, i);
    out += q.stem[i];
  }
  return out;
}

std::string score_share(std::size_t parts) {
  return fmt::format("{:.4g}", 100.0 / static_cast<double>(std::max<std::size_t>(parts, 1)));
}

// A file of the package, deflated where it was written (on the core that wrote it: the package holds
// the deflated bytes only).
struct PackedFile {
  std::string name;
  util::DeflatedEntry entry;
};

// Packs the assessment files, the manifest and the media.
util::Expected<Exported> package(const ExportInput& input, std::vector<PackedFile> files, std::string manifest) {
  std::time_t when = 315'532'800;  // ZIP times start in 1980
  for (const std::int64_t t : input.modified) when = std::max<std::time_t>(when, t);
  util::ZipWriter zip;
  if (auto ok = zip.add("imsmanifest.xml", std::move(manifest), when); !ok) return tl::unexpected(ok.error());
  for (PackedFile& file : files) {
    if (auto ok = zip.add(file.name, std::move(file.entry), when); !ok) return tl::unexpected(ok.error());
  }
  for (const MediaFile& m : input.media) {
    if (auto ok = zip.add("media/" + m.name, m.bytes, when, util::ZipWriter::Compression::store); !ok) {
      return tl::unexpected(ok.error());
    }
  }
  auto bytes = zip.finish();
  if (!bytes) return tl::unexpected(bytes.error());
  return Exported{std::move(*bytes), {}};
}

void manifest_head(XmlWriter& xml, const ExportInput& input) {
  xml.start("manifest")
      .attribute("identifier", qti_identifier("M_", input.title))
      .attribute("xmlns", "http://www.imsglobal.org/xsd/imscp_v1p1")
      .attribute("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance")
      .attribute("xsi:schemaLocation",
                 "http://www.imsglobal.org/xsd/imscp_v1p1 http://www.imsglobal.org/xsd/imscp_v1p1.xsd");
  xml.start("metadata").element("schema", "IMS Content").element("schemaversion", "1.1.3").end();
  xml.start("organizations").end();
}

// The images, one resource the items depend on.
constexpr std::string_view k_media_resource = "MEDIA";

void media_resource(XmlWriter& xml, const ExportInput& input) {
  if (input.media.empty()) return;
  xml.start("resource").attribute("identifier", k_media_resource).attribute("type", "webcontent");
  for (const MediaFile& m : input.media) xml.start("file").attribute("href", "media/" + m.name).end();
  xml.end();
}

void media_dependency(XmlWriter& xml, const ExportInput& input) {
  if (!input.media.empty()) xml.start("dependency").attribute("identifierref", k_media_resource).end();
}

// --- QTI 1.2 ---

void mattext(XmlWriter& xml, std::string_view html) {
  xml.start("material").start("mattext").attribute("texttype", "text/html").text(html).end().end();
}

void metadata_field(XmlWriter& xml, std::string_view label, std::string_view entry) {
  xml.start("qtimetadatafield").element("fieldlabel", label).element("fieldentry", entry).end();
}

void feedback12(XmlWriter& xml, std::string_view ident, std::string_view html) {
  xml.start("itemfeedback").attribute("ident", ident).start("flow_mat");
  mattext(xml, html);
  xml.end().end();
}

void item12(XmlWriter& xml, const QtiItem& q) {
  using Kind = QtiItem::Kind;
  const char* type = q.kind == Kind::single     ? "multiple_choice_question"
                     : q.kind == Kind::multiple ? "multiple_answers_question"
                     : q.kind == Kind::essay    ? "essay_question"
                     : q.blanks.size() == 1     ? "short_answer_question"
                                                : "fill_in_multiple_blanks_question";
  xml.start("item").attribute("ident", q.ident).attribute("title", q.title);
  xml.start("itemmetadata").start("qtimetadata");
  metadata_field(xml, "question_type", type);
  metadata_field(xml, "points_possible", "1.0");
  xml.end().end();

  xml.start("presentation");
  const bool several_blanks = q.kind == Kind::fill && q.blanks.size() > 1;
  if (q.kind == Kind::fill) {
    // Canvas's blanks: [blank1] where each stands, or one answer box after the question.
    std::string text;
    for (std::size_t i = 0; i < q.stem.size(); ++i) {
      if (i > 0 && several_blanks) text += fmt::format("[blank{}]", i);
      if (i > 0 && !several_blanks) text += "_____";
      text += q.stem[i];
    }
    mattext(xml, text);
  } else {
    mattext(xml, joined_stem(q));
  }
  if (q.kind == Kind::single || q.kind == Kind::multiple) {
    xml.start("response_lid")
        .attribute("ident", "response1")
        .attribute("rcardinality", q.kind == Kind::single ? "Single" : "Multiple");
    xml.start("render_choice");
    for (std::size_t k = 0; k < q.options.size(); ++k) {
      xml.start("response_label").attribute("ident", fmt::format("C_{}", k));
      mattext(xml, q.options[k]);
      xml.end();
    }
    xml.end().end();
  } else if (several_blanks) {
    for (std::size_t b = 0; b < q.blanks.size(); ++b) {
      xml.start("response_lid").attribute("ident", fmt::format("response_blank{}", b + 1));
      xml.start("material").element("mattext", fmt::format("blank{}", b + 1)).end();
      xml.start("render_choice");
      for (std::size_t k = 0; k < q.blanks[b].size(); ++k) {
        xml.start("response_label").attribute("ident", fmt::format("B{}_{}", b + 1, k));
        xml.start("material").element("mattext", q.blanks[b][k]).end();
        xml.end();
      }
      xml.end().end();
    }
  } else {
    xml.start("response_str").attribute("ident", "response1").attribute("rcardinality", "Single");
    xml.start("render_fib").start("response_label").attribute("ident", "answer1").attribute("rshuffle", "No").end();
    xml.end().end();
  }
  xml.end();  // presentation

  xml.start("resprocessing");
  xml.start("outcomes")
      .start("decvar")
      .attribute("maxvalue", "100")
      .attribute("minvalue", "0")
      .attribute("varname", "SCORE")
      .attribute("vartype", "Decimal")
      .end()
      .end();
  if (!q.general.empty()) {
    xml.start("respcondition").attribute("continue", "Yes").start("conditionvar").start("other").end().end();
    xml.start("displayfeedback").attribute("feedbacktype", "Response").attribute("linkrefid", "general_fb").end();
    xml.end();
  }
  if (q.kind == Kind::single || q.kind == Kind::multiple) {
    for (std::size_t k = 0; k < q.feedback.size(); ++k) {
      if (q.feedback[k].empty()) continue;
      xml.start("respcondition").attribute("continue", "Yes").start("conditionvar");
      xml.start("varequal").attribute("respident", "response1").text(fmt::format("C_{}", k)).end();
      xml.end();
      xml.start("displayfeedback")
          .attribute("feedbacktype", "Response")
          .attribute("linkrefid", fmt::format("C_{}_fb", k))
          .end();
      xml.end();
    }
    xml.start("respcondition").attribute("continue", "No").start("conditionvar");
    if (q.kind == Kind::multiple) xml.start("and");
    for (std::size_t k = 0; k < q.right.size(); ++k) {
      if (q.kind == Kind::single && !q.right[k]) continue;
      if (!q.right[k]) xml.start("not");
      xml.start("varequal").attribute("respident", "response1").text(fmt::format("C_{}", k)).end();
      if (!q.right[k]) xml.end();
    }
    if (q.kind == Kind::multiple) xml.end();
    xml.end();
    xml.start("setvar").attribute("action", "Set").attribute("varname", "SCORE").text("100").end();
    xml.end();
  } else if (several_blanks) {
    for (std::size_t b = 0; b < q.blanks.size(); ++b) {
      for (std::size_t k = 0; k < q.blanks[b].size(); ++k) {
        xml.start("respcondition").start("conditionvar");
        xml.start("varequal").attribute("respident", fmt::format("response_blank{}", b + 1));
        xml.text(fmt::format("B{}_{}", b + 1, k)).end();
        xml.end();
        xml.start("setvar").attribute("action", "Add").attribute("varname", "SCORE").text(score_share(q.blanks.size()));
        xml.end().end();
      }
    }
  } else if (q.kind == Kind::fill) {
    xml.start("respcondition").attribute("continue", "No").start("conditionvar");
    for (const std::string& alternative : q.blanks.empty() ? std::vector<std::string>{} : q.blanks[0]) {
      xml.start("varequal").attribute("respident", "response1").text(alternative).end();
    }
    xml.end();
    xml.start("setvar").attribute("action", "Set").attribute("varname", "SCORE").text("100").end();
    xml.end();
  } else {
    xml.start("respcondition").attribute("continue", "No").start("conditionvar").start("other").end().end().end();
  }
  xml.end();  // resprocessing

  if (!q.general.empty()) feedback12(xml, "general_fb", q.general);
  for (std::size_t k = 0; k < q.feedback.size(); ++k) {
    if (!q.feedback[k].empty()) feedback12(xml, fmt::format("C_{}_fb", k), q.feedback[k]);
  }
  xml.end();  // item
}

std::string assessment12(const Assessment& a) {
  XmlWriter xml;
  xml.start("questestinterop")
      .attribute("xmlns", "http://www.imsglobal.org/xsd/ims_qtiasiv1p2")
      .attribute("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance")
      .attribute("xsi:schemaLocation",
                 "http://www.imsglobal.org/xsd/ims_qtiasiv1p2 http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd");
  xml.start("assessment").attribute("ident", a.ident).attribute("title", a.title);
  xml.start("qtimetadata");
  metadata_field(xml, "cc_maxattempts", "1");
  xml.end();
  xml.start("section").attribute("ident", "root_section");
  for (const QtiItem& q : a.items) item12(xml, q);
  xml.end().end().end();
  return xml.finish();
}

// --- QTI 2.1 ---

const XmlWriter::HtmlRules& xhtml_rules() {
  static const XmlWriter::HtmlRules rules = [] {
    XmlWriter::HtmlRules r;
    r.elements = {"a",     "abbr",  "acronym",  "address", "b",    "big",   "blockquote", "br",     "caption", "cite",
                  "code",  "col",   "colgroup", "dd",      "dfn",  "div",   "dl",         "dt",     "em",      "h1",
                  "h2",    "h3",    "h4",       "h5",      "h6",   "hr",    "i",          "img",    "kbd",     "li",
                  "ol",    "p",     "pre",      "q",       "samp", "small", "span",       "strong", "sub",     "sup",
                  "table", "tbody", "td",       "tfoot",   "th",   "thead", "tr",         "tt",     "ul",      "var"};
    r.attributes = {"class", "href", "src", "alt", "title", "width", "height", "colspan", "rowspan"};
    r.renamed = {{"details", "div"}, {"summary", "div"}, {"section", "div"}, {"figure", "div"}, {"figcaption", "p"},
                 {"article", "div"}, {"aside", "div"},   {"mark", "span"},   {"del", "span"},   {"s", "span"},
                 {"ins", "span"},    {"u", "span"},      {"label", "span"},  {"nav", "div"},    {"header", "div"},
                 {"footer", "div"},  {"main", "div"},    {"center", "div"},  {"font", "span"},  {"time", "span"}};
    r.dropped = {"script", "style",  "svg",   "math",  "input", "button",   "select",   "textarea", "form",
                 "iframe", "object", "embed", "video", "audio", "template", "noscript", "head",     "title"};
    return r;
  }();
  return rules;
}

// Where a blank stands in a fill-in stem: the marker, its number, then X.
constexpr std::string_view k_blank_marker = "PREPDECK-BLANK-";

// The XHTML rules, and text where a blank stands written as a text-entry box.
const XmlWriter::HtmlRules& item_body_rules() {
  static const XmlWriter::HtmlRules rules = [] {
    XmlWriter::HtmlRules r = xhtml_rules();
    r.text_trigger = k_blank_marker;
    r.text = [](XmlWriter& out, std::string_view text) {
      while (true) {
        const std::size_t at = text.find(k_blank_marker);
        if (at == std::string_view::npos) break;
        out.text(text.substr(0, at));
        std::size_t end = at + k_blank_marker.size();
        std::size_t n = 0;
        while (end < text.size() && text[end] >= '0' && text[end] <= '9' && n < 100'000) {
          n = n * 10 + static_cast<std::size_t>(text[end++] - '0');
        }
        if (end < text.size() && text[end] == 'X') ++end;
        out.start("textEntryInteraction")
            .attribute("responseIdentifier", fmt::format("RESPONSE_{}", n))
            .attribute("expectedLength", "20")
            .end();
        text.remove_prefix(end);
      }
      out.text(text);
    };
    return r;
  }();
  return rules;
}

void item_body_html(XmlWriter& xml, std::string_view html, std::string_view element = "div") {
  xml.html_element(element, html, item_body_rules());
}

std::string item21(const QtiItem& q) {
  using Kind = QtiItem::Kind;
  XmlWriter xml;
  xml.start("assessmentItem")
      .attribute("xmlns", "http://www.imsglobal.org/xsd/imsqti_v2p1")
      .attribute("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance")
      .attribute("xsi:schemaLocation",
                 "http://www.imsglobal.org/xsd/imsqti_v2p1 http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd")
      .attribute("identifier", q.ident)
      .attribute("title", q.title)
      .attribute("adaptive", "false")
      .attribute("timeDependent", "false");
  const bool choice = q.kind == Kind::single || q.kind == Kind::multiple;
  const char* cardinality = q.kind == Kind::multiple ? "multiple" : "single";
  if (choice) {
    xml.start("responseDeclaration")
        .attribute("identifier", "RESPONSE")
        .attribute("cardinality", cardinality)
        .attribute("baseType", "identifier");
    xml.start("correctResponse");
    for (std::size_t k = 0; k < q.right.size(); ++k) {
      if (q.right[k]) xml.element("value", fmt::format("C_{}", k));
    }
    xml.end().end();
  } else if (q.kind == Kind::fill) {
    for (std::size_t b = 0; b < q.blanks.size(); ++b) {
      xml.start("responseDeclaration")
          .attribute("identifier", fmt::format("RESPONSE_{}", b + 1))
          .attribute("cardinality", "single")
          .attribute("baseType", "string");
      xml.start("correctResponse").element("value", q.blanks[b].empty() ? "" : q.blanks[b][0]).end();
      xml.start("mapping").attribute("defaultValue", "0");
      for (const std::string& alternative : q.blanks[b]) {
        xml.start("mapEntry")
            .attribute("mapKey", alternative)
            .attribute("mappedValue", "1")
            .attribute("caseSensitive", "false")
            .end();
      }
      xml.end().end();
    }
  } else {
    xml.start("responseDeclaration")
        .attribute("identifier", "RESPONSE")
        .attribute("cardinality", "single")
        .attribute("baseType", "string")
        .end();
  }
  xml.start("outcomeDeclaration")
      .attribute("identifier", "SCORE")
      .attribute("cardinality", "single")
      .attribute("baseType", "float");
  xml.start("defaultValue").element("value", "0").end().end();
  if (choice) {
    xml.start("outcomeDeclaration")
        .attribute("identifier", "FEEDBACK")
        .attribute("cardinality", cardinality)
        .attribute("baseType", "identifier")
        .end();
  }

  xml.start("itemBody");
  if (q.kind == Kind::fill) {
    item_body_html(xml, joined_stem(q, k_blank_marker));
  } else {
    item_body_html(xml, joined_stem(q));
  }
  if (choice) {
    xml.start("choiceInteraction")
        .attribute("responseIdentifier", "RESPONSE")
        .attribute("shuffle", "false")
        .attribute("maxChoices", q.kind == Kind::single ? "1" : "0");
    for (std::size_t k = 0; k < q.options.size(); ++k) {
      // html_element opens the element: the attribute goes on it through a wrapper-less start.
      xml.start("simpleChoice").attribute("identifier", fmt::format("C_{}", k));
      xml.html_element("span", q.options[k], xhtml_rules());
      xml.end();
    }
    xml.end();
  } else if (q.kind == Kind::essay) {
    xml.start("extendedTextInteraction").attribute("responseIdentifier", "RESPONSE").end();
    if (!q.general.empty()) {
      xml.start("rubricBlock").attribute("view", "scorer");
      item_body_html(xml, q.general);
      xml.end();
    }
  }
  xml.end();  // itemBody

  if (choice) {
    xml.start("responseProcessing").start("responseCondition").start("responseIf");
    xml.start("match")
        .start("variable")
        .attribute("identifier", "RESPONSE")
        .end()
        .start("correct")
        .attribute("identifier", "RESPONSE")
        .end()
        .end();
    xml.start("setOutcomeValue").attribute("identifier", "SCORE");
    xml.start("baseValue").attribute("baseType", "float").text("1").end().end();
    xml.end().start("responseElse").start("setOutcomeValue").attribute("identifier", "SCORE");
    xml.start("baseValue").attribute("baseType", "float").text("0").end().end();
    xml.end().end();  // responseElse, responseCondition
    xml.start("setOutcomeValue").attribute("identifier", "FEEDBACK");
    xml.start("variable").attribute("identifier", "RESPONSE").end().end();
    xml.end();
  } else if (q.kind == Kind::fill) {
    xml.start("responseProcessing").start("setOutcomeValue").attribute("identifier", "SCORE").start("sum");
    for (std::size_t b = 0; b < q.blanks.size(); ++b) {
      xml.start("mapResponse").attribute("identifier", fmt::format("RESPONSE_{}", b + 1)).end();
    }
    xml.end().end().end();
  }
  if (choice) {
    for (std::size_t k = 0; k < q.feedback.size(); ++k) {
      if (q.feedback[k].empty()) continue;
      xml.start("modalFeedback")
          .attribute("outcomeIdentifier", "FEEDBACK")
          .attribute("identifier", fmt::format("C_{}", k))
          .attribute("showHide", "show");
      item_body_html(xml, q.feedback[k]);
      xml.end();
    }
  }
  if (!q.general.empty() && q.kind != Kind::essay) {
    // Shown whatever the answer: the explanation.
    xml.start("modalFeedback")
        .attribute("outcomeIdentifier", "completionStatus")
        .attribute("identifier", "completed")
        .attribute("showHide", "show");
    item_body_html(xml, q.general);
    xml.end();
  }
  xml.end();
  return xml.finish();
}

std::string test21(const Assessment& a) {
  XmlWriter xml;
  xml.start("assessmentTest")
      .attribute("xmlns", "http://www.imsglobal.org/xsd/imsqti_v2p1")
      .attribute("identifier", a.ident)
      .attribute("title", a.title);
  xml.start("testPart")
      .attribute("identifier", "part")
      .attribute("navigationMode", "nonlinear")
      .attribute("submissionMode", "simultaneous");
  xml.start("assessmentSection")
      .attribute("identifier", "section")
      .attribute("title", a.title)
      .attribute("visible", "true");
  for (const QtiItem& q : a.items) {
    xml.start("assessmentItemRef").attribute("identifier", q.ident).attribute("href", q.ident + ".xml").end();
  }
  xml.end().end().end();
  return xml.finish();
}

}  // namespace

util::Expected<Exported> write_qti12(const ExportInput& input) {
  const std::vector<Assessment> tests = assessments(input);
  // Each assessment is a document of its own: written and deflated on every core, packed in order.
  std::vector<PackedFile> files(tests.size());
  util::parallel_for(tests.size(), 0, [&](std::size_t i) {
    files[i] = {tests[i].ident + ".xml", util::deflate_entry(assessment12(tests[i]))};
  });
  XmlWriter manifest;
  manifest_head(manifest, input);
  manifest.start("resources");
  for (const Assessment& a : tests) {
    const std::string file = a.ident + ".xml";
    manifest.start("resource").attribute("identifier", a.ident + "_R").attribute("type", "imsqti_xmlv1p2");
    manifest.attribute("href", file);
    manifest.start("file").attribute("href", file).end();
    media_dependency(manifest, input);
    manifest.end();
  }
  media_resource(manifest, input);
  manifest.end().end();
  return package(input, std::move(files), manifest.finish());
}

namespace {

std::string manifest21(const ExportInput& input, const std::vector<Assessment>& tests) {
  XmlWriter manifest;
  manifest_head(manifest, input);
  manifest.start("resources");
  for (const Assessment& a : tests) {
    const std::string test_file = a.ident + ".xml";
    manifest.start("resource")
        .attribute("identifier", a.ident + "_R")
        .attribute("type", "imsqti_test_xmlv2p1")
        .attribute("href", test_file);
    manifest.start("file").attribute("href", test_file).end();
    for (const QtiItem& q : a.items) manifest.start("dependency").attribute("identifierref", q.ident + "_R").end();
    manifest.end();
    for (const QtiItem& q : a.items) {
      const std::string item_file = q.ident + ".xml";
      manifest.start("resource")
          .attribute("identifier", q.ident + "_R")
          .attribute("type", "imsqti_item_xmlv2p1")
          .attribute("href", item_file);
      manifest.start("file").attribute("href", item_file).end();
      media_dependency(manifest, input);
      manifest.end();
    }
  }
  media_resource(manifest, input);
  manifest.end().end();
  return manifest.finish();
}

}  // namespace

util::Expected<Exported> write_qti21(const ExportInput& input) {
  const std::vector<Assessment> tests = assessments(input);
  // The manifest (one long document) is written beside the items rather than after them: the cores
  // are not left one idle while it is.
  auto manifest = std::async(std::launch::async, [&] { return manifest21(input, tests); });
  // Each item and each test is a document of its own: written and deflated on every core, packed in
  // order (a test after its items).
  struct Document {
    const Assessment* test;
    const QtiItem* item;  // null: the test
  };
  std::vector<Document> documents;
  for (const Assessment& a : tests) {
    for (const QtiItem& q : a.items) documents.push_back({&a, &q});
    documents.push_back({&a, nullptr});
  }
  std::vector<PackedFile> files(documents.size());
  util::parallel_for(documents.size(), 0, [&](std::size_t i) {
    const Document& d = documents[i];
    files[i] = d.item != nullptr ? PackedFile{d.item->ident + ".xml", util::deflate_entry(item21(*d.item))}
                                 : PackedFile{d.test->ident + ".xml", util::deflate_entry(test21(*d.test))};
  });
  return package(input, std::move(files), manifest.get());
}

}  // namespace prepdeck::exporter
