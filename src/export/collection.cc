#include "export/collection.h"

#include "guide/markdown.h"
#include "util/text.h"
#include "util/toc_slug.h"

namespace prepdeck::exporter {

GuideNames::GuideNames(const ExportInput& input, const guide::Guide& guide) {
  const std::string title(util::trim(input.title));
  std::string guide_title(util::trim(guide::plain_text(guide.title)));
  if (guide_title.empty()) guide_title = guide.path;
  if (!title.empty()) m_guide_path.push_back(title);
  m_guide_path.push_back(guide_title);
  for (const guide::Section& section : guide.sections) {
    std::string name(util::trim(guide::plain_text(section.title)));
    std::vector<std::string> path = m_guide_path;
    std::string slug;
    if (section.depth != 0 && !name.empty()) {
      if (name != guide_title) path.push_back(name);
      slug = util::toc_slugify(name);
    }
    m_sections.push_back(std::move(name));
    m_slugs.push_back(std::move(slug));
    m_paths.push_back(std::move(path));
  }
}

const std::string& GuideNames::section_name(std::uint32_t section) const {
  static const std::string none;
  return section < m_sections.size() ? m_sections[section] : none;
}

const std::vector<std::string>& GuideNames::category_path(std::uint32_t section) const {
  return section < m_paths.size() ? m_paths[section] : m_guide_path;
}

std::string GuideNames::moodle_category(std::uint32_t section) const {
  std::string path = "$course$/top";
  for (const std::string& name : category_path(section)) {
    path += '/';
    for (const char c : name) {
      if (c == '\n' || c == '\r') continue;
      path += c;
      if (c == '/') path += '/';
    }
  }
  return path;
}

std::vector<std::string> GuideNames::tags(guide::Level level, std::uint32_t section) const {
  std::vector<std::string> tags{"prepdeck"};
  if (level != guide::Level::unspecified) tags.push_back("level::" + std::string(guide::to_string(level)));
  if (section < m_slugs.size() && !m_slugs[section].empty()) tags.push_back("section::" + m_slugs[section]);
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
