// The shared scoring vectors: what the engine gives here, web/scoring.js gives
// in tests/browser/scoring.test.mjs, from the same file.
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine/quiz_session.h"

namespace prepdeck::engine {
namespace {

using nlohmann::json;

json load_vectors() {
  std::ifstream in(PREPDECK_SOURCE_DIR "/tests/engine/data/quiz_vectors.json");
  return json::parse(in);
}

guide::Level level_of(const std::string& name) {
  if (name.empty()) return guide::Level::unspecified;
  const auto level = guide::level_from_word(name);
  EXPECT_TRUE(level.has_value()) << name;
  return level.value_or(guide::Level::unspecified);
}

guide::QuizItem item_of(const json& v) {
  guide::QuizItem item;
  const std::string kind = v.at("kind");
  item.kind = kind == "single"     ? guide::QuizKind::single
              : kind == "multiple" ? guide::QuizKind::multiple
                                   : guide::QuizKind::fill;
  for (const auto& correct : v.value("options", json::array()))
    item.options.push_back({"", correct.get<bool>(), "", 0});
  item.blanks = v.value("blanks", std::vector<std::string>{});
  item.valid = v.at("valid");
  item.level = level_of(v.value("level", ""));
  return item;
}

QuizAnswer answer_of(const json& v) {
  return QuizAnswer{v.value("chosen", std::vector<std::size_t>{}), v.value("blanks", std::vector<std::string>{})};
}

TEST(QuizVectors, Blanks) {
  const json vectors = load_vectors();
  ASSERT_GE(vectors.at("blanks").size(), 10U);
  for (const auto& v : vectors.at("blanks")) {
    EXPECT_EQ(blank_matches(v.at("blank").get<std::string>(), v.at("text").get<std::string>()),
              v.at("match").get<bool>())
        << v.dump();
  }
}

TEST(QuizVectors, Items) {
  const json vectors = load_vectors();
  for (const auto& v : vectors.at("items")) {
    const Credit credit = v.at("credit") == "partial" ? Credit::partial : Credit::all_or_nothing;
    const ItemScore s = score_item(item_of(v.at("item")), answer_of(v.at("answer")), credit);
    EXPECT_NEAR(s.score, v.at("score").get<double>(), 1e-12) << v.at("name");
    EXPECT_EQ(s.correct, v.at("correct").get<bool>()) << v.at("name");
    if (v.contains("blanks_right")) {
      EXPECT_EQ(s.blanks_right, v.at("blanks_right").get<std::vector<bool>>()) << v.at("name");
    }
  }
}

TEST(QuizVectors, Verdicts) {
  const json vectors = load_vectors();
  for (const auto& v : vectors.at("verdicts")) {
    std::vector<LevelledResult> results;
    for (const auto& r : v.at("results")) results.push_back({level_of(r.at(0)), r.at(1).get<bool>()});
    EXPECT_EQ(guide::to_string(quiz_verdict(results)), v.at("verdict").get<std::string>()) << v.at("name");
  }
}

TEST(QuizVectors, Words) {
  const json vectors = load_vectors();
  for (const auto& v : vectors.at("words")) {
    EXPECT_EQ(score_words(v.at("score").get<double>(), v.at("items").get<std::size_t>()),
              v.at("words").get<std::string>());
  }
}

// A whole sitting through QuizSession, as the terminal and the server run it.
TEST(QuizVectors, Sittings) {
  const json vectors = load_vectors();
  for (const auto& v : vectors.at("sittings")) {
    std::vector<guide::QuizItem> items;
    for (const auto& i : v.at("items")) items.push_back(item_of(i));
    EXPECT_EQ(scorable_items(items), v.at("scored").get<std::size_t>()) << v.at("name");
    std::vector<QuizAnswer> answers;
    for (std::size_t k = 0; k < items.size(); ++k) {
      if (items[k].valid) answers.push_back(answer_of(v.at("answers").at(k)));
    }
    QuizSession session(items, {}, Time{});
    ASSERT_EQ(session.size(), answers.size());
    for (std::size_t k = 0; k < session.size(); ++k) ASSERT_TRUE(session.answer(k, answers[k], Time{}));
    const QuizSessionResult r = session.result(Time{});
    EXPECT_EQ(score_words(r.score, r.items), v.at("words").get<std::string>()) << v.at("name");
    EXPECT_EQ(guide::to_string(r.verdict), v.at("verdict").get<std::string>()) << v.at("name");
  }
}

TEST(QuizVectors, RulesAreTheVerdictsThresholds) {
  const json rules = json::parse(verdict_rules_json());
  EXPECT_DOUBLE_EQ(rules.at("advanced").at("overall").get<double>(), verdict_rules.advanced_overall);
  EXPECT_DOUBLE_EQ(rules.at("advanced").at("items").get<double>(), verdict_rules.advanced_items);
  EXPECT_DOUBLE_EQ(rules.at("intermediate").at("overall").get<double>(), verdict_rules.intermediate_overall);
  EXPECT_DOUBLE_EQ(rules.at("intermediate").at("items").get<double>(), verdict_rules.harder_items);
}

}  // namespace
}  // namespace prepdeck::engine
