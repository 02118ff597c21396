#include "export/collection.h"

#include "guide/markdown.h"
#include "util/text.h"
#include "util/toc_slug.h"

namespace prepdeck::exporter {

std::string section_name(const guide::Guide& guide, std::uint32_t section) {
  if (section >= guide.sections.size()) return {};
  return std::string(util::trim(guide::plain_text(guide.sections[section].title)));
}

std::vector<std::string> category_path(const ExportInput& input, const guide::Guide& guide, std::uint32_t section) {
  std::vector<std::string> path;
  const std::string title(util::trim(input.title));
  if (!title.empty()) path.push_back(title);
  std::string guide_title(util::trim(guide::plain_text(guide.title)));
  if (guide_title.empty()) guide_title = guide.path;
  path.push_back(guide_title);
  const std::string name = section_name(guide, section);
  if (!name.empty() && name != guide_title && section < guide.sections.size() && guide.sections[section].depth != 0) {
    path.push_back(name);
  }
  return path;
}

std::vector<std::string> item_tags(const guide::Guide& guide, guide::Level level, std::uint32_t section) {
  std::vector<std::string> tags{"prepdeck"};
  if (level != guide::Level::unspecified) tags.push_back("level::" + std::string(guide::to_string(level)));
  const std::string name = section_name(guide, section);
  if (!name.empty() && section < guide.sections.size() && guide.sections[section].depth != 0) {
    const std::string slug = util::toc_slugify(name);
    if (!slug.empty()) tags.push_back("section::" + slug);
  }
  return tags;
}

std::vector<std::string> blank_alternatives(std::string_view blank) {
  std::vector<std::string> out;
  while (true) {
    const std::size_t bar = blank.find('|');
    const std::string_view part = util::trim(blank.substr(0, bar));
    if (!part.empty()) out.emplace_back(part);
    if (bar == std::string_view::npos) break;
    blank.remove_prefix(bar + 1);
  }
  return out;
}

std::string stable_guid(std::string_view id) {
  // Anki's base91 alphabet (anki/utils.py base91): printable ASCII without space, quote, backslash.
  static constexpr std::string_view k_alphabet =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~";
  std::uint64_t hash = util::fnv1a(id, util::fnv1a("prepdeck:"));
  // FNV-1a leaves its high bits alike for ids that differ at the end: mixed (splitmix64's finalizer).
  hash = (hash ^ (hash >> 30)) * 0xbf58476d1ce4e5b9ull;
  hash = (hash ^ (hash >> 27)) * 0x94d049bb133111ebull;
  hash ^= hash >> 31;
  std::string out;
  for (int i = 0; i < 10; ++i) {
    out += k_alphabet[hash % k_alphabet.size()];
    hash /= k_alphabet.size();
  }
  return out;
}

}  // namespace prepdeck::exporter
