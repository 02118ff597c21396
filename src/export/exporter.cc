#include "export/exporter.h"

#include <array>

#include "export/anki_package.h"
#include "export/csv.h"
#include "export/gift.h"
#include "export/json_export.h"
#include "export/moodle_xml.h"
#include "export/qti.h"

namespace prepdeck::exporter {

namespace {

constexpr std::array k_exporters{
    Exporter{"json", "json", "the guides as JSON (schema prepdeck.guides/1), Markdown as written", Reads::model,
             Output::text, "", write_json},
    Exporter{"csv", "csv", "a row per question and quiz item, Markdown as written (RFC 4180)", Reads::model,
             Output::text, "", write_csv},
    Exporter{"anki", "apkg", "an Anki deck package: a deck per guide, sub-decks per section, images packed",
             Reads::packed_html, Output::binary, "", write_anki_package, true},
    Exporter{"anki-text", "txt", "Anki's text import: Basic and Cloze notes with decks, tags and GUIDs", Reads::html,
             Output::text, "", write_anki_text, true},
    Exporter{"gift", "gift.txt", "Moodle GIFT: choice, short-answer and essay questions in categories", Reads::html,
             Output::text, "", write_gift},
    Exporter{"moodle-xml", "xml", "Moodle XML: multichoice, shortanswer, cloze and essay questions in categories",
             Reads::html, Output::text, "", write_moodle_xml},
    Exporter{"qti12", "zip", "QTI 1.2 for Canvas Classic Quizzes and Blackboard: an assessment per guide",
             Reads::packed_html, Output::binary, "media/", write_qti12},
    Exporter{"qti21", "zip", "QTI 2.1 for Canvas New Quizzes and Moodle 4+: items and a test per guide",
             Reads::packed_html, Output::binary, "media/", write_qti21},
    Exporter{"analytics-csv", "csv", "author analytics from a store (--db): answers opened, right, picks",
             Reads::analytics, Output::text, "", write_analytics_csv},
};

}  // namespace

std::span<const Exporter> exporters() { return k_exporters; }

const Exporter* find_exporter(std::string_view name) {
  for (const Exporter& e : k_exporters) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

}  // namespace prepdeck::exporter
