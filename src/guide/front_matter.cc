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
  // Only the first lines can hold front matter.
  std::vector<std::string_view> lines;
  util::for_each_line(text.substr(0, std::min<std::size_t>(text.size(), 1u << 20)),
                      [&lines](std::string_view line) {
                        if (lines.size() < k_max_front_matter_lines) lines.push_back(line);
                      });
  if (lines.empty() || util::trim_right(lines[0]) != "---") return std::nullopt;
  std::size_t close = 0;
  for (std::size_t i = 1; i < lines.size() && i < k_max_front_matter_lines; ++i) {
    const std::string_view l = util::trim_right(lines[i]);
    if (l == "---" || l == "...") {
      close = i;
      break;
    }
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
    YAML::Node root = YAML::Load(yaml);
    if (root.IsNull()) return fm;
    if (!root.IsMap()) {
      fm.error = FrontMatter::Error{1, 1, "front matter is not a mapping of keys to values"};
      return fm;
    }
    fm.title = scalar(root["title"]);
    fm.description = scalar(root["description"]);
    fm.date = scalar(root["date"]);
    fm.level = scalar(root["level"]);
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
