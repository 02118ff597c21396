#include "guide/ids.h"

#include <charconv>

#include <fmt/format.h>

#include "guide/markdown.h"
#include "util/paths.h"
#include "util/text.h"
#include "util/unique_names.h"

namespace prepdeck::guide {

namespace {

// A slug of inline Markdown. Emphasis and code marks are dropped by slugify
// itself; links, HTML and entities need md4c to reduce them to their text.
std::string slug_of(std::string_view markdown) {
  if (!util::contains_any_ascii(markdown, "[<&\\")) return util::slugify(markdown);
  return util::slugify(plain_text(markdown));
}

}  // namespace

std::string guide_id(std::string_view path) { return util::strip_extension(util::normalize_path(path)); }

void assign_ids(Guide& guide) {
  util::UniqueNames ids;
  ids.reserve(guide.questions.size() + guide.quizzes.size());
  for (auto& q : guide.questions) {
    if (q.number) {
      char digits[16];
      const auto end = std::to_chars(digits, digits + sizeof digits, *q.number).ptr;
      q.id.reserve(guide.id.size() + 2 + static_cast<std::size_t>(end - digits));
      q.id.append(guide.id).append("/q").append(digits, end);
    } else {
      q.id = fmt::format("{}/{}", guide.id, slug_of(q.title));
    }
    q.id = ids.take(q.id);
  }
  for (auto& quiz : guide.quizzes) {
    const std::string_view question = quiz.question_markdown;
    const std::string slug = slug_of(question.substr(0, question.find('\n')));
    quiz.id.reserve(guide.id.size() + 6 + slug.size());
    quiz.id.append(guide.id).append("/quiz/").append(slug);
    quiz.id = ids.take(quiz.id);
  }
}

}  // namespace prepdeck::guide
