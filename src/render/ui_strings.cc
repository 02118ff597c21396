#include "render/ui_strings.h"

#include <algorithm>
#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

namespace prepdeck::render {

namespace {

// A translation file is a few kilobytes; anything far larger is not one.
constexpr std::size_t k_max_language_file = 64 * 1024;

bool is_language_code(std::string_view language) {
  return !language.empty() && language.size() <= 16 && std::ranges::all_of(language, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

}  // namespace

std::optional<UiStrings> parse_material_language(std::string_view text) {
  // {% macro t(key) %}{{ { "language": "et", "toc.title": "Sisukord", ... }[key] }}{% endmacro %}
  const std::size_t macro = text.find("macro t(key)");
  if (macro == std::string_view::npos) return std::nullopt;
  const std::size_t open = text.find("{{", macro);
  const std::size_t start = open == std::string_view::npos ? open : text.find('{', open + 2);
  const std::size_t end = text.find("}[key]", macro);
  if (start == std::string_view::npos || end == std::string_view::npos || end < start) return std::nullopt;
  const nlohmann::json table = nlohmann::json::parse(text.substr(start, end + 1 - start), nullptr, false);
  if (!table.is_object()) return std::nullopt;
  UiStrings strings;
  const auto take = [&table](const char* key, std::string& into) {
    const auto it = table.find(key);
    if (it != table.end() && it->is_string() && !it->get_ref<const std::string&>().empty()) {
      into = it->get<std::string>();
    }
  };
  take("skip.link.title", strings.skip_link);
  take("search.placeholder", strings.search);
  take("edit.link.title", strings.edit);
  take("source.link.title", strings.source);
  // English keeps prepdeck's own "On this page" and "No match for ..."; another language takes its words.
  const auto language = table.find("language");
  if (language == table.end() || !language->is_string() || language->get_ref<const std::string&>() != "en") {
    take("toc.title", strings.toc);
    take("search.result.none", strings.search_none);
  }
  return strings;
}

std::optional<UiStrings> material_ui_strings(std::string_view language, std::string_view dir) {
  if (!is_language_code(language)) return std::nullopt;
  std::ifstream in(std::string(dir) + "/" + std::string(language) + ".html", std::ios::binary);
  if (!in) return std::nullopt;
  std::string text;
  text.resize(k_max_language_file + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > k_max_language_file) return std::nullopt;
  return parse_material_language(text);
}

}  // namespace prepdeck::render
