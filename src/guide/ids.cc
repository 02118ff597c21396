#include "guide/ids.h"

#include <unordered_map>

#include <fmt/format.h>

#include "guide/markdown.h"
#include "util/paths.h"
#include "util/text.h"

namespace prepdeck::guide {

namespace {

class IdAllocator {
 public:
  std::string take(std::string base) {
    auto [it, inserted] = m_seen.emplace(base, 1);
    if (inserted) return base;
    while (true) {
      ++it->second;
      std::string candidate = fmt::format("{}-{}", base, it->second);
      if (m_seen.emplace(candidate, 1).second) return candidate;
    }
  }

 private:
  std::unordered_map<std::string, int> m_seen;
};

// The first line of a quiz question, as plain text.
std::string quiz_key(std::string_view markdown) {
  const auto newline = markdown.find('\n');
  return plain_text(markdown.substr(0, newline));
}

}  // namespace

std::string guide_id(std::string_view path) { return util::strip_extension(util::normalize_path(path)); }

void assign_ids(Guide& guide) {
  IdAllocator ids;
  for (auto& q : guide.questions) {
    std::string base = q.number ? fmt::format("{}/q{}", guide.id, *q.number)
                                : fmt::format("{}/{}", guide.id, util::slugify(plain_text(q.title)));
    q.id = ids.take(std::move(base));
  }
  for (auto& quiz : guide.quizzes) {
    quiz.id = ids.take(fmt::format("{}/quiz/{}", guide.id, util::slugify(quiz_key(quiz.question_markdown))));
  }
}

}  // namespace prepdeck::guide
