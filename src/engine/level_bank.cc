#include "engine/level_bank.h"

#include <map>

#include "engine/quiz_session.h"
#include "guide/markdown.h"
#include "util/paths.h"

namespace prepdeck::engine {

namespace {

std::string topic_key(const guide::Guide& g) { return util::file_name(util::strip_extension(g.path)); }

std::string topic_name(const guide::Guide& g) {
  std::string name = guide::plain_text(g.title);
  for (std::string_view suffix : {" Interview Questions", " interview questions", " Quiz", " quiz"}) {
    if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      name.resize(name.size() - suffix.size());
      break;
    }
  }
  return name;
}

}  // namespace

LevelBank make_level_bank(const guide::GuideSet& guides) {
  std::map<std::string, std::string> topics;
  for (const auto& g : guides.guides) {
    if (!g.questions.empty()) topics.emplace(topic_key(g), topic_name(g));  // study guides name their topic
  }
  for (const auto& g : guides.guides) topics.emplace(topic_key(g), topic_name(g));
  const QuizItemLevels levels(guides);
  LevelBank bank;
  for (const auto& g : guides.guides) {
    const std::string& topic = topics.at(topic_key(g));
    for (const auto& item : g.quizzes) {
      if (!item.valid) continue;
      bank.entries.push_back(BankEntry{&g, &item, nullptr, topic});
      bank.items.push_back(PlacementItem{item.id, topic, difficulty_of(levels.of(item))});
    }
    for (const auto& q : g.questions) {
      bank.entries.push_back(BankEntry{&g, nullptr, &q, topic});
      bank.items.push_back(PlacementItem{q.id, topic, difficulty_of(q.level)});
    }
  }
  return bank;
}

store::LevelResult level_result(const Placement& test, const std::string& scope, Time taken) {
  store::LevelResult result;
  result.scope = scope;
  result.taken = taken;
  result.theta = test.estimate().theta;
  result.standard_error = test.estimate().standard_error;
  result.items = static_cast<int>(test.responses().size());
  result.verdict = std::string(guide::to_string(test.verdict()));
  for (const auto& s : test.sections()) {
    result.sections.push_back(
        store::SectionLevel{s.section, s.estimate.theta, s.estimate.standard_error, s.estimate.items, s.right});
  }
  return result;
}

}  // namespace prepdeck::engine
