#include "engine/known.h"

#include <algorithm>
#include <set>

namespace prepdeck::engine {

std::size_t known_count(const std::vector<store::Mark>& marks, const std::vector<std::string>& questions) {
  std::set<std::string_view> knew;
  for (const store::Mark& m : marks) {
    if (m.mark == "knew") knew.insert(m.question_id);
  }
  return static_cast<std::size_t>(
      std::count_if(questions.begin(), questions.end(), [&knew](const std::string& id) { return knew.contains(id); }));
}

}  // namespace prepdeck::engine
