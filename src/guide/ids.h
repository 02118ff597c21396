// Stable ids. A guide's id is its path without the extension ("aws/devops").
// A question's id is "<guide>/q<number>", or "<guide>/<slug of title>" when it is
// unnumbered; a quiz item's is "<guide>/quiz/<slug of its question>". Repeats
// within a guide get "-2", "-3" in source order. Ids never depend on the position
// of other items, so editing or reordering the rest of a guide keeps them.
#pragma once

#include <string>
#include <string_view>

#include "guide/model.h"

namespace prepdeck::guide {

std::string guide_id(std::string_view path);

// Fills Question::id and QuizItem::id for every item of `guide` (guide.id must be set).
void assign_ids(Guide& guide);

}  // namespace prepdeck::guide
