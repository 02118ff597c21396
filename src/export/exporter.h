// The export formats: one table of {name, file extension, summary, what it
// reads, writer}. It drives `prepdeck export --format` (the names it accepts,
// its --help and shell completion) and nothing else names a format.
//
// A writer never parses Markdown: it reads the model and the HTML the site's
// renderer made of each item (ItemsHtml, filled by the caller from
// render::render_items_html), and returns the file's bytes. The same input
// gives the same bytes: times come from ExportInput, never from the clock.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/item_analysis.h"
#include "guide/guide_set.h"
#include "store/store.h"
#include "util/error.h"

namespace prepdeck::exporter {

// A guide's questions and quiz items as its page renders them (see
// render::ItemsHtml, whose fields these are).
struct ItemsHtml {
  struct Question {
    std::string title;                 // inline HTML, without the number
    std::string hint;                  // inline HTML; empty: none
    std::string answer;                // blocks, callouts, admonitions, tabs; without the choices
    std::vector<std::string> choices;  // per choice (Question::choices), inline HTML
  };
  struct Quiz {
    std::vector<std::string> question;  // fill-in: the pieces around the blanks (blanks + 1), else one
    std::vector<std::string> options;   // per option, inline HTML
    std::vector<std::string> feedback;  // per option, block HTML; empty: none
    std::string explanation;
  };
  std::vector<Question> questions;  // parallel to Guide::questions
  std::vector<Quiz> quizzes;        // parallel to Guide::quizzes
};

// A file the HTML refers to by `name` (an image of a guide), packed beside it.
struct MediaFile {
  std::string name;
  std::string bytes;
};

// Author analytics from a store (the analytics CSV).
struct Analytics {
  std::vector<store::QuestionStats> questions;
  std::vector<engine::ItemAnalysis> items;
};

struct ExportInput {
  const guide::GuideSet* set = nullptr;
  std::string title;                     // the collection's name: the site's name, else the input's
  std::vector<ItemsHtml> html;           // parallel to set->guides, when the format reads HTML
  std::vector<MediaFile> media;          // when the format packs media, sorted by name
  std::vector<std::int64_t> modified;    // per guide: when it last changed (Unix seconds)
  const Analytics* analytics = nullptr;  // when the format reads analytics
};

// What a format reads besides the model.
enum class Reads : std::uint8_t {
  model,        // the model only (Markdown as written)
  html,         // the items' HTML; images keep their links
  packed_html,  // the items' HTML, images packed as media (MediaFile::name is the link)
  analytics,    // a store's analytics (--db)
};

// A writer's result: the file's bytes, and one line for each thing the format
// could not hold ("interview/git/quiz-3: GIFT holds one blank per question; left out").
struct Exported {
  std::string bytes;
  std::vector<std::string> notes;
};

// Text goes to standard output when no file is named; binary output needs one.
enum class Output : std::uint8_t { text, binary };

struct Exporter {
  std::string_view name;       // "anki"
  std::string_view extension;  // "apkg"
  std::string_view summary;    // one line, for --help
  Reads reads = Reads::model;
  Output output = Output::text;
  std::string_view media_prefix;  // packed_html: what the HTML's image links start with ("media/")
  util::Expected<Exported> (*write)(const ExportInput& input) = nullptr;
  // html, packed_html: whether code blocks carry the site's syntax spans. Only where the target shows
  // a stylesheet of ours for them (Anki's note types); an LMS (Moodle, Canvas, Blackboard) shows none,
  // and the spans would be dead weight (6% of QTI 2.1's instructions on the generated 150-page site).
  bool code_colors = false;
};

// Every format, in the order --help lists them.
std::span<const Exporter> exporters();
// The format named `name`, or null.
const Exporter* find_exporter(std::string_view name);

}  // namespace prepdeck::exporter
