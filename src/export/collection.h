// Where an item goes when guides become one collection of questions (an Anki
// deck tree, a Moodle category tree, a QTI package): the names every format
// shares, so the same guide lands in the same place in each.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "export/exporter.h"
#include "guide/model.h"

namespace prepdeck::exporter {

// A guide's names as every format files its items, made once per guide
// (each is plain text from inline Markdown: a Markdown parse each).
class GuideNames {
 public:
  GuideNames(const ExportInput& input, const guide::Guide& guide);

  // The plain text of a section's title ("" when out of range).
  const std::string& section_name(std::uint32_t section) const;
  // The path of names an item sits under, outermost first: the collection's
  // title (when it has one), the guide's title, then the section's title
  // (when it has a heading of its own and differs from the guide's). Names
  // are plain text, trimmed, never empty.
  const std::vector<std::string>& category_path(std::uint32_t section) const;
  // Tags for an item: "prepdeck", "level::<level>" when it has one, and
  // "section::<slug of the section>" (no spaces: tag lists are space-separated).
  std::vector<std::string> tags(guide::Level level, std::uint32_t section) const;
  // Moodle's category of an item (GIFT's $CATEGORY:, Moodle XML's category
  // question): "$course$/top/" and the category path, '/'-separated, a '/'
  // inside a name written "//", line breaks dropped.
  std::string moodle_category(std::uint32_t section) const;

 private:
  std::vector<std::string> m_sections;            // plain names
  std::vector<std::string> m_slugs;               // "" when the section has no heading
  std::vector<std::vector<std::string>> m_paths;  // per section
  std::vector<std::string> m_guide_path;          // for sections out of range
};

// The alternatives of a fill-in blank as written ("one|other" -> {"one", "other"}), trimmed, none empty.
std::vector<std::string> blank_alternatives(std::string_view blank);

// A stable name for an item in a tool that wants a short unique key (Anki's
// note GUID): ten characters of Anki's base91 alphabet from a 64-bit hash of
// "prepdeck:" + id.
std::string stable_guid(std::string_view id);

// The items a format can score: valid quiz items only.
inline bool exported(const guide::QuizItem& item) { return item.valid; }

// A guide's items in the order every format writes them: each question
// (on_question(index)), then each quiz item it can score (on_quiz(index)).
template <typename OnQuestion, typename OnQuiz>
void for_each_item(const guide::Guide& guide, OnQuestion&& on_question, OnQuiz&& on_quiz) {
  for (std::size_t k = 0; k < guide.questions.size(); ++k) on_question(k);
  for (std::size_t k = 0; k < guide.quizzes.size(); ++k) {
    if (exported(guide.quizzes[k])) on_quiz(k);
  }
}

}  // namespace prepdeck::exporter
