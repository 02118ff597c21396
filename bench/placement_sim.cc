// The placement simulation of issue 4: learners of known ability answer a
// 60-item bank (20 items a level, in four sections) by the Rasch model; how
// often does the adaptive level test's verdict equal the learner's true level,
// and after how many items, beside a fixed-form quiz of all 60 items?
//
// The bank's true difficulties are the level's (-1, 0, +1) plus noise (sd 0.3):
// the level tags an author writes are approximate, and the test only knows the
// tags. A learner's true level is their ability read by the same cut points.
//
// usage: placement_sim [LEARNERS [SEED [CERTAIN [PRIOR_SD [MAX_ITEMS [TARGET_SE]]]]]]
//        (default 20000 learners, seed 4, and PlacementOptions' defaults)
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "engine/placement.h"

namespace {

using prepdeck::engine::Placement;
using prepdeck::engine::PlacementItem;
using prepdeck::engine::PlacementOptions;
using prepdeck::engine::PlacementResponse;
using prepdeck::guide::Level;

struct Population {
  const char* name;
  // Draws a learner's ability.
  double (*draw)(std::mt19937_64&);
};

double level_centred(std::mt19937_64& random) {
  // As many learners of each level; within a level, abilities spread around
  // its centre (-1.5, 0, +1.5) with sd 0.4.
  static constexpr double k_centres[] = {-1.5, 0.0, 1.5};
  const double centre = k_centres[random() % 3];
  return std::normal_distribution<double>(centre, 0.4)(random);
}

double uniform_band(std::mt19937_64& random) { return std::uniform_real_distribution<double>(-2.5, 2.5)(random); }

double standard_normal(std::mt19937_64& random) { return std::normal_distribution<double>(0, 1)(random); }

struct Tally {
  long agree = 0;
  long items = 0;
  long learners = 0;
  long near_cut = 0;  // learners within 0.25 of a cut point
  long near_cut_agree = 0;
};

}  // namespace

int main(int argc, char** argv) {
  const long learners = argc > 1 ? std::atol(argv[1]) : 20000;
  const std::uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 4;
  std::mt19937_64 random(seed);

  const char* sections[] = {"Git", "Linux", "Containers", "CI/CD"};
  std::vector<PlacementItem> bank;
  std::vector<double> true_difficulty;
  std::normal_distribution<double> tag_noise(0, 0.3);
  for (Level level : {Level::beginner, Level::intermediate, Level::advanced}) {
    for (int i = 0; i < 20; ++i) {
      const double tagged = prepdeck::engine::difficulty_of(level);
      bank.push_back(PlacementItem{fmt::format("{}-{}", prepdeck::guide::to_string(level), i),
                                   sections[static_cast<std::size_t>(i) % 4], tagged});
      true_difficulty.push_back(tagged + tag_noise(random));
    }
  }

  PlacementOptions defaults;
  if (argc > 3) defaults.stop_when_level_certain = std::atof(argv[3]);
  if (argc > 4) defaults.prior_sd = std::atof(argv[4]);
  if (argc > 5) defaults.max_items = std::atoi(argv[5]);
  if (argc > 6) defaults.target_standard_error = std::atof(argv[6]);
  const Population populations[] = {
      {"learners of each level (ability ~ N(level centre -1.5/0/+1.5, 0.4))", level_centred},
      {"abilities spread evenly over [-2.5, 2.5]", uniform_band},
      {"abilities ~ N(0, 1): most learners near a cut point", standard_normal}};
  std::uniform_real_distribution<double> unit(0, 1);
  fmt::print("bank: 60 items, 20 per level, true difficulty = tag + N(0, 0.3); {} learners per population, seed {}\n",
             learners, seed);
  fmt::print("adaptive: stop at SE < {} or {} items or when one level has {:.0f}% of the posterior\n\n",
             defaults.target_standard_error, defaults.max_items, defaults.stop_when_level_certain * 100);
  fmt::print("| population | test | verdict = true level | mean items | near a cut (±0.25): agreement |\n");
  fmt::print("|---|---|---|---|---|\n");
  for (const Population& population : populations) {
    Tally adaptive;
    Tally fixed;
    for (long n = 0; n < learners; ++n) {
      const double theta = population.draw(random);
      const Level truth = prepdeck::engine::level_of(theta, defaults);
      const bool near =
          std::abs(theta - defaults.beginner_below) < 0.25 || std::abs(theta - defaults.advanced_from) < 0.25;
      const auto answers = [&](std::size_t item) {
        return unit(random) < 1 / (1 + std::exp(-(theta - true_difficulty[item])));
      };
      PlacementOptions options = defaults;
      options.seed = static_cast<std::uint64_t>(n);
      Placement test(bank, options);
      while (auto k = test.next_item()) test.record(*k, answers(*k));
      const bool a_ok = test.verdict() == truth;
      adaptive.agree += a_ok;
      adaptive.items += static_cast<long>(test.responses().size());
      adaptive.near_cut += near;
      adaptive.near_cut_agree += near && a_ok;
      ++adaptive.learners;

      std::vector<PlacementResponse> all;
      for (std::size_t i = 0; i < bank.size(); ++i) all.push_back({i, answers(i)});
      const auto estimate = prepdeck::engine::estimate_ability(bank, all, defaults);
      const bool f_ok = prepdeck::engine::level_of(estimate.theta, defaults) == truth;
      fixed.agree += f_ok;
      fixed.items += 60;
      fixed.near_cut += near;
      fixed.near_cut_agree += near && f_ok;
      ++fixed.learners;
    }
    for (const auto& [name, t] : {std::pair{"adaptive", adaptive}, std::pair{"fixed form, all 60", fixed}}) {
      fmt::print("| {} | {} | {:.1f}% | {:.1f} | {:.1f}% of {:.0f}% |\n", population.name, name,
                 100.0 * static_cast<double>(t.agree) / static_cast<double>(t.learners),
                 static_cast<double>(t.items) / static_cast<double>(t.learners),
                 t.near_cut ? 100.0 * static_cast<double>(t.near_cut_agree) / static_cast<double>(t.near_cut) : 0.0,
                 100.0 * static_cast<double>(t.near_cut) / static_cast<double>(t.learners));
    }
  }
  return 0;
}
