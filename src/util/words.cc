#include "util/words.h"

#include <nlohmann/json.hpp>

#include "util/words_table.h"

namespace prepdeck::util {

namespace {

const nlohmann::json& table() {
  static const nlohmann::json words = nlohmann::json::parse(k_words_en_json);
  return words;
}

bool is_name_char(char c) { return (c >= 'a' && c <= 'z') || c == '_'; }

}  // namespace

std::string fill_all(std::string_view text, std::span<const WordArg> args) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '{') {
      std::size_t end = i + 1;
      while (end < text.size() && is_name_char(text[end])) ++end;
      if (end < text.size() && text[end] == '}' && end > i + 1) {
        const std::string_view name = text.substr(i + 1, end - i - 1);
        const WordArg* found = nullptr;
        for (const WordArg& a : args) {
          if (a.name == name) found = &a;
        }
        if (found != nullptr) {
          out += found->value;
          i = end + 1;
          continue;
        }
      }
    }
    out += text[i++];
  }
  return out;
}

std::string fill(std::string_view text, WordArgs args) { return fill_all(text, std::span(args.begin(), args.size())); }

std::string say_all(std::string_view key, std::span<const WordArg> args) {
  const auto it = table().find(key);
  if (it == table().end() || !it->is_string()) return std::string(key);
  return fill_all(it->get_ref<const std::string&>(), args);
}

std::string say(std::string_view key, WordArgs args) { return say_all(key, std::span(args.begin(), args.size())); }

std::string counted(std::size_t n, std::string_view noun) {
  const std::string key = "n." + std::string(noun);
  const auto it = table().find(key);
  if (it == table().end() || !it->is_object()) return std::to_string(n) + " " + key;
  const auto form = it->find(n == 1 ? "one" : "other");
  if (form == it->end() || !form->is_string()) return std::to_string(n) + " " + key;
  return fill(form->get_ref<const std::string&>(), {{"n", n}});
}

std::string nth_word(std::string_view key, std::size_t i) {
  const auto it = table().find(key);
  if (it == table().end() || !it->is_string()) return {};
  std::string_view list = it->get_ref<const std::string&>();
  for (std::size_t k = 0;; ++k) {
    const std::size_t space = list.find(' ');
    if (k == i) return std::string(list.substr(0, space));
    if (space == std::string_view::npos) return {};
    list.remove_prefix(space + 1);
  }
}

std::string_view words_json() { return k_words_en_json; }

}  // namespace prepdeck::util
