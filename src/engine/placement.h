// Adaptive level placement on the Rasch model (one-parameter IRT), as
// language tests place a learner: ask the item that tells the most about the
// learner's ability as estimated so far, update the estimate, stop when it is
// precise enough or enough items were asked.
//
//   P(right | ability θ, item difficulty b) = 1 / (1 + e^-(θ - b))
//
// An item's difficulty comes from its level tag (beginner -1, intermediate 0,
// advanced +1, unspecified 0). The ability is the EAP estimate (the mean of
// the posterior over a grid, under a normal prior) with its standard error
// (the posterior's standard deviation). Pure and deterministic: the same bank,
// answers and seed give the same items.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "guide/model.h"

namespace prepdeck::engine {

double difficulty_of(guide::Level level);  // -1, 0, +1; unspecified 0

struct PlacementItem {
  std::string id;       // a question's or quiz item's stable id
  std::string section;  // for balance and per-section estimates
  double difficulty = 0;
};

struct PlacementOptions {
  double target_standard_error = 0.4;  // stop below it...
  int max_items = 15;                  // ...or after this many
  int min_items = 5;                   // no verdict from fewer answers, however sure the posterior looks
  // Stop early when the posterior puts this much on one level (0: never).
  double stop_when_level_certain = 0.95;
  double prior_mean = 0;
  double prior_sd = 1;
  // Ability cut points: below the first Beginner, below the second Intermediate.
  double beginner_below = -0.5;
  double advanced_from = 0.5;
  // Items within this share of the best information are near-ties: one of
  // them is drawn at random, from the section asked least so far.
  double near_tie = 0.1;
  std::uint64_t seed = 0;
};

struct AbilityEstimate {
  double theta = 0;
  double standard_error = 1;
  int items = 0;  // responses it rests on
};

struct SectionEstimate {
  std::string section;
  AbilityEstimate estimate;
  int right = 0;
};

struct PlacementResponse {
  std::size_t item = 0;  // index into the bank
  bool correct = false;
};

// The EAP estimate from `responses` alone.
AbilityEstimate estimate_ability(const std::vector<PlacementItem>& bank,
                                 const std::vector<PlacementResponse>& responses, const PlacementOptions& options);

// Beginner, Intermediate or Advanced by the cut points.
guide::Level level_of(double theta, const PlacementOptions& options);

// The posterior probability of each level (beginner, intermediate, advanced).
std::array<double, 3> level_probabilities(const std::vector<PlacementItem>& bank,
                                          const std::vector<PlacementResponse>& responses,
                                          const PlacementOptions& options);

// A result in words, the same in the terminal and on the web: the level and
// how sure it is ("Intermediate, fairly sure"), what it rests on and whether
// more answers could move it, and a note when the bank ran out first.
struct LevelWords {
  std::string level;   // "Intermediate, fairly sure"
  std::string detail;  // "From 8 questions; more answers could move it one level."
  std::string note;    // empty, or why the estimate is less precise than the test aims for
  // "θ = 1.17 ± 0.65 on the test's ability scale (Beginner below -0.5, Advanced from 0.5)"
  std::string scale;
};

class Placement;
// `stopped_early`: the learner ended the test before it was over.
LevelWords level_words(const Placement& test, bool stopped_early);

class Placement {
 public:
  Placement(std::vector<PlacementItem> bank, PlacementOptions options);

  // The next item to ask, or nothing when the test is over.
  std::optional<std::size_t> next_item();
  void record(std::size_t item, bool correct);
  // Takes back the last response (the item may be asked again).
  void undo();

  bool finished() const;
  // Why the test is over (or `running`).
  enum class Stop : std::uint8_t { running, precise, level_certain, max_items, bank_exhausted };
  Stop stop_reason() const;
  AbilityEstimate estimate() const { return m_estimate; }
  guide::Level verdict() const { return level_of(m_estimate.theta, m_options); }
  // Sections in the order they were first asked.
  std::vector<SectionEstimate> sections() const;

  const std::vector<PlacementItem>& bank() const { return m_bank; }
  const std::vector<PlacementResponse>& responses() const { return m_responses; }
  const PlacementOptions& options() const { return m_options; }

 private:
  std::vector<PlacementItem> m_bank;
  PlacementOptions m_options;
  std::vector<PlacementResponse> m_responses;
  std::vector<bool> m_asked;
  AbilityEstimate m_estimate;
  std::mt19937_64 m_random;
};

}  // namespace prepdeck::engine
