#include "util/words.h"

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace prepdeck::util {
namespace {

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The length of a call's arguments from `start` (just after its '(') to its
// ')', string literals skipped.
std::size_t call_length(const std::string& text, std::size_t start) {
  int depth = 1;
  for (std::size_t i = start; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\') ++i;
      }
    } else if (c == '(') {
      ++depth;
    } else if (c == ')' && --depth == 0) {
      return i - start;
    }
  }
  return text.size() - start;
}

const nlohmann::json& vectors() {
  static const nlohmann::json v =
      nlohmann::json::parse(read(std::filesystem::path(PREPDECK_SOURCE_DIR) / "tests/util/data/words_vectors.json"));
  return v;
}

std::vector<WordArg> args_of(const nlohmann::json& object) {
  std::vector<WordArg> args;
  for (const auto& [name, value] : object.items()) args.emplace_back(name, value.get<std::string>());
  return args;
}

// The vectors web/words.js is held to as well (tests/browser/words.test.mjs).
TEST(Words, SharedVectors) {
  ASSERT_GE(vectors()["fill"].size(), 10u);
  for (const auto& v : vectors()["fill"]) {
    // The names live in the JSON object: keep it while the args point into it.
    const auto args = args_of(v["args"]);
    EXPECT_EQ(fill_all(v["text"].get<std::string>(), args), v["expect"].get<std::string>()) << v.dump();
  }
  for (const auto& v : vectors()["say"]) {
    const auto args = args_of(v["args"]);
    EXPECT_EQ(say_all(v["key"].get<std::string>(), args), v["expect"].get<std::string>()) << v.dump();
  }
  for (const auto& v : vectors()["counted"]) {
    EXPECT_EQ(counted(v["n"].get<std::size_t>(), v["noun"].get<std::string>()), v["expect"].get<std::string>())
        << v.dump();
  }
}

TEST(Words, ListsAndNumbers) {
  EXPECT_EQ(nth_word("when.weekdays", 0), "Sun");
  EXPECT_EQ(nth_word("when.weekdays", 6), "Sat");
  EXPECT_EQ(nth_word("when.weekdays", 7), "");
  EXPECT_EQ(nth_word("when.months", 11), "Dec");
  EXPECT_EQ(say("quiz.ask_single", {{"options", 4}}), "Your answer (1-4, q quits): ");
  EXPECT_EQ(say("score.line", {{"score", "2 of 3 (67%)"}}), "Score: 2 of 3 (67%)");
}

// The table is well formed: every entry a text, a count a "one"/"other" pair
// with {n}, and no text left with a placeholder the code cannot fill.
TEST(Words, TheTableIsWellFormed) {
  const nlohmann::json table = nlohmann::json::parse(words_json());
  ASSERT_TRUE(table.is_object());
  EXPECT_GE(table.size(), 150u);
  for (const auto& [key, value] : table.items()) {
    if (key.starts_with("n.")) {
      ASSERT_TRUE(value.is_object()) << key;
      EXPECT_EQ(value.size(), 2u) << key;
      EXPECT_NE(value.value("one", "").find("{n}"), std::string::npos) << key;
      EXPECT_NE(value.value("other", "").find("{n}"), std::string::npos) << key;
    } else {
      EXPECT_TRUE(value.is_string()) << key;
    }
  }
}

// One table, no strays: every key the C++ and the page's JavaScript name is in
// it, and every entry of it is named somewhere.
TEST(Words, EveryKeyTheCodeNamesIsInTheTableAndEveryEntryIsUsed) {
  const nlohmann::json table = nlohmann::json::parse(words_json());
  std::set<std::string> prefixes;
  for (const auto& [key, value] : table.items()) prefixes.insert(key.substr(0, key.find('.')));
  std::string alternatives;
  for (const auto& p : prefixes) alternatives += (alternatives.empty() ? "" : "|") + p;
  const std::regex key_literal("\"((?:" + alternatives + ")\\.[a-z0-9_]+)\"");
  const std::regex prefix_literal("\"((?:" + alternatives + ")\\.)\" *\\+");
  const std::regex say_call("\\b(say|say_all|sayWith)\\(");
  const std::regex page_word("\\{w:([a-z_]+\\.[a-z0-9_]+)\\}");
  const std::regex noun_literal("counted\\([^;]*?, \"([a-z_]+)\"\\)");
  std::set<std::string> named;
  std::set<std::string> named_prefixes;
  const std::filesystem::path root(PREPDECK_SOURCE_DIR);
  std::vector<std::filesystem::path> files{root / "web/prepdeck.js", root / "web/scoring.js"};
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root / "src")) {
    const auto ext = entry.path().extension();
    // words.cc makes keys from nouns; it names none itself.
    if ((ext == ".cc" || ext == ".h") && entry.path().filename() != "words.cc") files.push_back(entry.path());
  }
  for (const auto& file : files) {
    const std::string text = read(file);
    // A literal that is a key names it; in a call of say(), one that is not is a slip.
    for (std::sregex_iterator it(text.begin(), text.end(), key_literal), end; it != end; ++it) {
      if (table.contains((*it)[1].str())) named.insert((*it)[1]);
    }
    for (std::sregex_iterator call(text.begin(), text.end(), say_call), end; call != end; ++call) {
      const std::size_t start = static_cast<std::size_t>(call->position() + call->length());
      const std::string window = text.substr(start, call_length(text, start));
      for (std::sregex_iterator it(window.begin(), window.end(), key_literal); it != end; ++it) {
        EXPECT_TRUE(table.contains((*it)[1].str())) << file << " says " << (*it)[1] << ", which the table lacks";
      }
    }
    // The fixed pages' HTML names its words as {w:key} (render/page.cc).
    for (std::sregex_iterator it(text.begin(), text.end(), page_word), end; it != end; ++it) {
      named.insert((*it)[1]);
      EXPECT_TRUE(table.contains((*it)[1].str())) << file << " writes " << (*it)[1] << ", which the table lacks";
    }
    for (std::sregex_iterator it(text.begin(), text.end(), noun_literal), end; it != end; ++it) {
      named.insert("n." + (*it)[1].str());
      EXPECT_TRUE(table.contains("n." + (*it)[1].str())) << file << " counts " << (*it)[1] << ", which the table lacks";
    }
    for (std::sregex_iterator it(text.begin(), text.end(), prefix_literal), end; it != end; ++it) {
      named_prefixes.insert((*it)[1]);
    }
  }
  for (const auto& [key, value] : table.items()) {
    // "grade." + a number names grade.1 to grade.4.
    const std::string prefix = key.substr(0, key.find('.') + 1);
    const bool numbered = key.find_first_not_of("0123456789", prefix.size()) == std::string::npos;
    EXPECT_TRUE(named.contains(key) || (numbered && named_prefixes.contains(prefix))) << key << " is named nowhere";
  }
}

}  // namespace
}  // namespace prepdeck::util
