// When a question counts as known: one rule for the site, the terminal and
// the app (docs/learning.md). The learner's latest word on a question decides,
// and that word is its mark: "Knew it" and "Review" on a page, and every
// review grade, which marks the question as it goes (store::Review::mark, set
// to mark_for_rating; undoing the review brings the old mark back): Hard, Good
// and Easy (a pass, as in FSRS and Anki) mark it known, Again marks it for review. Every
// count of known questions (the page's toolbar, the home page, `prepdeck
// progress`) counts "knew" marks. Quiz items measure a level, not a question.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"

namespace prepdeck::engine {

// Whether a grade (1 Again .. 4 Easy) is a pass.
constexpr bool is_pass(int rating) { return rating >= 2 && rating <= 4; }

// The mark a grade leaves: "knew" for a pass, "review" for Again.
constexpr std::string_view mark_for_rating(int rating) { return is_pass(rating) ? "knew" : "review"; }

// How many of `questions` (ids) the learner knows, from their marks.
std::size_t known_count(const std::vector<store::Mark>& marks, const std::vector<std::string>& questions);

}  // namespace prepdeck::engine
