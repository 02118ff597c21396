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

// The plain text of a section's title ("" when out of range).
std::string section_name(const guide::Guide& guide, std::uint32_t section);

// The path of names an item sits under, outermost first: the collection's
// title (when it has one), the guide's title, then the section's title (when
// it differs from the guide's). Names are plain text, trimmed, never empty.
std::vector<std::string> category_path(const ExportInput& input, const guide::Guide& guide, std::uint32_t section);

// Tags for an item: "prepdeck", "level::<level>" when it has one, and
// "section::<slug of the section>" (no spaces: tag lists are space-separated).
std::vector<std::string> item_tags(const guide::Guide& guide, guide::Level level, std::uint32_t section);

// The alternatives of a fill-in blank as written ("one|other" -> {"one", "other"}), trimmed, none empty.
std::vector<std::string> blank_alternatives(std::string_view blank);

// A stable name for an item in a tool that wants a short unique key (Anki's
// note GUID): ten characters of Anki's base91 alphabet from a 64-bit hash of
// "prepdeck:" + id.
std::string stable_guid(std::string_view id);

// The items a format can score: valid quiz items only.
inline bool exported(const guide::QuizItem& item) { return item.valid; }

}  // namespace prepdeck::exporter
