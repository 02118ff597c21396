#include "engine/placement.h"

#include <cmath>
#include <random>
#include <set>

#include <gtest/gtest.h>

namespace prepdeck::engine {
namespace {

std::vector<PlacementItem> bank(int per_level, std::vector<std::string> sections = {"A", "B", "C"}) {
  std::vector<PlacementItem> items;
  int n = 0;
  for (guide::Level level : {guide::Level::beginner, guide::Level::intermediate, guide::Level::advanced}) {
    for (int i = 0; i < per_level; ++i, ++n) {
      items.push_back(PlacementItem{"q" + std::to_string(n), sections[static_cast<std::size_t>(n) % sections.size()],
                                    difficulty_of(level)});
    }
  }
  return items;
}

TEST(Placement, LevelsGiveTheRaschDifficulties) {
  EXPECT_EQ(difficulty_of(guide::Level::beginner), -1);
  EXPECT_EQ(difficulty_of(guide::Level::intermediate), 0);
  EXPECT_EQ(difficulty_of(guide::Level::advanced), 1);
  EXPECT_EQ(difficulty_of(guide::Level::unspecified), 0);
}

TEST(Placement, WithoutAnswersTheEstimateIsThePrior) {
  const auto e = estimate_ability(bank(2), {}, PlacementOptions{});
  EXPECT_NEAR(e.theta, 0, 1e-9);
  EXPECT_NEAR(e.standard_error, 1, 0.01);
  EXPECT_EQ(e.items, 0);
}

// One right answer on an item of difficulty 0 moves the EAP up by the amount
// the integral gives (computed independently with a fine Simpson rule).
TEST(Placement, TheEstimateIsThePosteriorMean) {
  const std::vector<PlacementItem> items = {{"a", "s", 0}};
  const auto e = estimate_ability(items, {{0, true}}, PlacementOptions{});
  double num = 0;
  double den = 0;
  for (int i = 0; i <= 20000; ++i) {
    const double t = -10 + i * 0.001;
    const double w = std::exp(-t * t / 2) / (1 + std::exp(-t)) * (i == 0 || i == 20000 ? 1 : (i % 2 ? 4 : 2));
    num += w * t;
    den += w;
  }
  EXPECT_NEAR(e.theta, num / den, 1e-3);
  EXPECT_LT(e.standard_error, 1);
}

TEST(Placement, RightAnswersRaiseTheEstimateAndWrongOnesLowerIt) {
  const auto items = bank(5);
  const PlacementOptions options;
  const auto up = estimate_ability(items, {{5, true}, {6, true}, {10, true}}, options);
  const auto down = estimate_ability(items, {{5, false}, {6, false}, {0, false}}, options);
  EXPECT_GT(up.theta, 0.5);
  EXPECT_LT(down.theta, -0.5);
  EXPECT_EQ(level_of(up.theta, options), guide::Level::advanced);
  EXPECT_EQ(level_of(down.theta, options), guide::Level::beginner);
  EXPECT_EQ(level_of(0.1, options), guide::Level::intermediate);
  const auto p = level_probabilities(items, {{5, true}, {6, true}, {10, true}}, options);
  EXPECT_NEAR(p[0] + p[1] + p[2], 1, 1e-9);
  EXPECT_GT(p[2], p[0]);
}

TEST(Placement, TheFirstItemIsTheMostInformativeAtThePrior) {
  Placement test(bank(4), PlacementOptions{});
  const auto first = test.next_item();
  ASSERT_TRUE(first);
  EXPECT_EQ(test.bank()[*first].difficulty, 0);  // information p(1-p) peaks where b = θ = 0
}

TEST(Placement, AfterRightAnswersItAsksHarderItems) {
  Placement test(bank(6), PlacementOptions{});
  for (int i = 0; i < 3; ++i) test.record(*test.next_item(), true);
  EXPECT_EQ(test.bank()[*test.next_item()].difficulty, 1);
}

TEST(Placement, NearTiesAreSpreadOverTheSections) {
  PlacementOptions options;
  options.stop_when_level_certain = 0;
  std::vector<PlacementItem> items;
  for (const char* s : {"Git", "Linux", "Docker"}) {
    for (int i = 0; i < 4; ++i) items.push_back(PlacementItem{std::string(s) + std::to_string(i), s, 0});
  }
  Placement test(items, options);
  std::set<std::string> first_three;
  for (int i = 0; i < 3; ++i) {
    const auto k = *test.next_item();
    first_three.insert(test.bank()[k].section);
    test.record(k, i % 2 == 0);
  }
  EXPECT_EQ(first_three.size(), 3u);
}

TEST(Placement, TheSameSeedAsksTheSameItems) {
  const auto run = [](std::uint64_t seed) {
    PlacementOptions options;
    options.seed = seed;
    Placement test(bank(10), options);
    std::vector<std::size_t> asked;
    bool right = true;
    while (auto k = test.next_item()) {
      asked.push_back(*k);
      test.record(*k, right);
      right = !right;
    }
    return asked;
  };
  EXPECT_EQ(run(7), run(7));
  EXPECT_NE(run(7), run(8));
}

TEST(Placement, ItStopsAtTheItemLimitOrWhenPreciseOrCertain) {
  PlacementOptions options;
  options.stop_when_level_certain = 0;
  options.max_items = 5;
  Placement capped(bank(10), options);
  int n = 0;
  bool right = false;
  while (auto k = capped.next_item()) {
    capped.record(*k, right = !right);
    ++n;
  }
  EXPECT_EQ(n, 5);
  EXPECT_TRUE(capped.finished());

  options.max_items = 60;
  options.target_standard_error = 0.6;
  Placement precise(bank(20), options);
  n = 0;
  while (auto k = precise.next_item()) {
    precise.record(*k, right = !right);
    ++n;
  }
  EXPECT_LT(precise.estimate().standard_error, 0.6);
  EXPECT_LT(n, 20);

  options = PlacementOptions{};  // certain of the level: every answer right
  Placement certain(bank(20), options);
  n = 0;
  while (auto k = certain.next_item()) {
    certain.record(*k, true);
    ++n;
  }
  EXPECT_LT(n, options.max_items);
  EXPECT_EQ(certain.verdict(), guide::Level::advanced);
}

TEST(Placement, UndoTakesBackTheLastAnswer) {
  Placement test(bank(4), PlacementOptions{});
  const auto k = *test.next_item();
  const auto before = test.estimate();
  test.record(k, true);
  test.record(k, false);  // an item is answered once
  EXPECT_EQ(test.responses().size(), 1u);
  test.undo();
  EXPECT_TRUE(test.responses().empty());
  EXPECT_DOUBLE_EQ(test.estimate().theta, before.theta);
}

TEST(Placement, EachSectionGetsItsOwnEstimate) {
  Placement test(bank(4, {"Strong", "Weak"}), PlacementOptions{});
  for (std::size_t i = 0; i < test.bank().size(); ++i) test.record(i, test.bank()[i].section == "Strong");
  const auto sections = test.sections();
  ASSERT_EQ(sections.size(), 2u);
  EXPECT_EQ(sections[0].section, "Strong");
  EXPECT_GT(sections[0].estimate.theta, sections[1].estimate.theta);
  EXPECT_EQ(sections[0].right, 6);
  EXPECT_EQ(sections[1].right, 0);
}

// Learners far from the cut points are placed right nearly always.
TEST(Placement, SimulatedLearnersOfClearLevelsArePlacedRight) {
  std::mt19937_64 random(3);
  std::uniform_real_distribution<double> unit(0, 1);
  int right = 0;
  int total = 0;
  for (double theta : {-2.0, 0.0, 2.0}) {
    for (int learner = 0; learner < 30; ++learner) {
      PlacementOptions options;
      options.seed = static_cast<std::uint64_t>(learner);
      Placement test(bank(20), options);
      while (auto k = test.next_item()) {
        const double p = 1 / (1 + std::exp(-(theta - test.bank()[*k].difficulty)));
        test.record(*k, unit(random) < p);
      }
      right += test.verdict() == level_of(theta, options) ? 1 : 0;
      ++total;
    }
  }
  EXPECT_GE(right, total * 85 / 100);
}

}  // namespace
}  // namespace prepdeck::engine
