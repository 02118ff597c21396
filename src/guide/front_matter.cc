#include "guide/front_matter.h"

#include <algorithm>

#include <yaml-cpp/yaml.h>

#include "util/text.h"

namespace prepdeck::guide {

namespace {

constexpr std::size_t k_max_front_matter_lines = 1000;

std::string scalar(const YAML::Node& node) {
  if (!node) return {};
  if (node.IsScalar()) return node.Scalar();
  return {};
}

bool truthy(const YAML::Node& node) {
  const std::string v = scalar(node);
  return v == "true" || v == "True" || v == "yes" || v == "on";
}

}  // namespace

std::optional<FrontMatter> parse_front_matter(std::string_view text) {
  if (text.rfind("---", 0) != 0) return std::nullopt;
  // Only the first lines can hold front matter: read lines up to the closing
  // delimiter, never further.
  std::vector<std::string_view> lines;
  std::size_t close = 0;
  std::size_t pos = 0;
  while (pos < text.size() && lines.size() < k_max_front_matter_lines) {
    // Lines end as util::for_each_line ends them: "\n", "\r\n" or a lone "\r".
    std::size_t end = text.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(pos, end - pos);
    pos = end + (text.compare(end, 2, "\r\n") == 0 ? 2 : 1);
    const std::string_view trimmed = util::trim_right(line);
    if (lines.empty()) {
      if (trimmed != "---") return std::nullopt;
    } else if (trimmed == "---" || trimmed == "...") {
      close = lines.size();
      break;
    }
    lines.push_back(line);
  }
  if (close == 0) return std::nullopt;
  FrontMatter fm;
  fm.body_line = static_cast<std::uint32_t>(close + 1);
  std::string yaml;
  for (std::size_t i = 1; i < close; ++i) {
    yaml.append(lines[i]);
    yaml.push_back('\n');
  }
  try {
    // const: looking up a missing key on a mutable node inserts it.
    const YAML::Node root = YAML::Load(yaml);
    if (root.IsNull()) return fm;
    if (!root.IsMap()) {
      fm.error = FrontMatter::Error{1, 1, "front matter is not a mapping of keys to values"};
      return fm;
    }
    fm.title = scalar(root["title"]);
    fm.description = scalar(root["description"]);
    fm.date = scalar(root["date"]);
    fm.level = scalar(root["level"]);
    if (auto hide = root["hide"]; hide && hide.IsSequence()) {
      for (const auto& h : hide) {
        if (h.IsScalar()) fm.hide.push_back(h.Scalar());
      }
    }
    if (auto tags = root["tags"]) {
      if (tags.IsSequence()) {
        for (const auto& t : tags) {
          if (t.IsScalar()) fm.tags.push_back(t.Scalar());
        }
      } else if (tags.IsScalar()) {
        std::string_view all = tags.Scalar();
        std::size_t start = 0;
        while (start <= all.size()) {
          auto comma = all.find(',', start);
          if (comma == std::string_view::npos) comma = all.size();
          auto tag = util::trim(all.substr(start, comma - start));
          if (!tag.empty()) fm.tags.emplace_back(tag);
          start = comma + 1;
        }
      }
    }
    if (auto quiz = root["quiz"]) {
      if (quiz.IsScalar()) {
        fm.quiz = quiz.Scalar();
      } else if (quiz.IsMap()) {
        fm.shuffle_answers = truthy(quiz["shuffle_answers"]) || truthy(quiz["shuffle"]);
        fm.quiz = scalar(quiz["path"]);
      }
    }
    if (truthy(root["shuffle_answers"])) fm.shuffle_answers = true;
  } catch (const YAML::Exception& e) {
    FrontMatter::Error error;
    error.line = static_cast<std::uint32_t>(1 + (e.mark.line >= 0 ? e.mark.line : 0));
    error.column = static_cast<std::uint32_t>(e.mark.column >= 0 ? e.mark.column + 1 : 0);
    error.message = e.msg;
    fm.error = std::move(error);
  }
  return fm;
}

}  // namespace prepdeck::guide
