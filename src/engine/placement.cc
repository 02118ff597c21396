#include "engine/placement.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>

#include <fmt/format.h>

#include "util/text.h"
#include "util/words.h"

namespace prepdeck::engine {

namespace {

// The posterior is taken on a grid of abilities: -5 to +5 in steps of 0.05
// is finer than any standard error a test of 15 items reaches.
constexpr int k_grid_points = 201;
constexpr double k_grid_low = -5;
constexpr double k_grid_step = 0.05;

double grid_theta(int k) { return k_grid_low + k * k_grid_step; }

double p_right(double theta, double difficulty) { return 1 / (1 + std::exp(-(theta - difficulty))); }

// Posterior weights over the grid, normalised to sum 1.
std::array<double, k_grid_points> posterior(const std::vector<PlacementItem>& bank,
                                            const std::vector<PlacementResponse>& responses,
                                            const PlacementOptions& options) {
  std::array<double, k_grid_points> log_w{};
  double top = -HUGE_VAL;
  for (int k = 0; k < k_grid_points; ++k) {
    const double theta = grid_theta(k);
    const double z = (theta - options.prior_mean) / options.prior_sd;
    double lw = -0.5 * z * z;
    for (const auto& r : responses) {
      const double p = p_right(theta, bank[r.item].difficulty);
      lw += std::log(r.correct ? p : 1 - p);
    }
    log_w[static_cast<std::size_t>(k)] = lw;
    top = std::max(top, lw);
  }
  double sum = 0;
  for (double& w : log_w) {
    w = std::exp(w - top);
    sum += w;
  }
  for (double& w : log_w) w /= sum;
  return log_w;
}

}  // namespace

double difficulty_of(guide::Level level) {
  switch (level) {
    case guide::Level::beginner:
      return -1;
    case guide::Level::advanced:
      return 1;
    case guide::Level::intermediate:
    case guide::Level::unspecified:
      return 0;
  }
  return 0;
}

AbilityEstimate estimate_ability(const std::vector<PlacementItem>& bank,
                                 const std::vector<PlacementResponse>& responses, const PlacementOptions& options) {
  const auto w = posterior(bank, responses, options);
  double mean = 0;
  for (int k = 0; k < k_grid_points; ++k) mean += w[static_cast<std::size_t>(k)] * grid_theta(k);
  double variance = 0;
  for (int k = 0; k < k_grid_points; ++k) {
    const double d = grid_theta(k) - mean;
    variance += w[static_cast<std::size_t>(k)] * d * d;
  }
  return AbilityEstimate{mean, std::sqrt(variance), static_cast<int>(responses.size())};
}

guide::Level level_of(double theta, const PlacementOptions& options) {
  if (theta < options.beginner_below) return guide::Level::beginner;
  if (theta < options.advanced_from) return guide::Level::intermediate;
  return guide::Level::advanced;
}

std::array<double, 3> level_probabilities(const std::vector<PlacementItem>& bank,
                                          const std::vector<PlacementResponse>& responses,
                                          const PlacementOptions& options) {
  const auto w = posterior(bank, responses, options);
  std::array<double, 3> p{};
  for (int k = 0; k < k_grid_points; ++k) {
    const guide::Level level = level_of(grid_theta(k), options);
    p[static_cast<std::size_t>(level) - 1] += w[static_cast<std::size_t>(k)];
  }
  return p;
}

Placement::Placement(std::vector<PlacementItem> bank, PlacementOptions options)
    : m_bank(std::move(bank)),
      m_options(options),
      m_asked(m_bank.size(), false),
      m_estimate(estimate_ability(m_bank, {}, m_options)),
      m_random(options.seed) {}

bool Placement::finished() const { return stop_reason() != Stop::running; }

Placement::Stop Placement::stop_reason() const {
  const int asked = static_cast<int>(m_responses.size());
  const bool enough = asked >= m_options.min_items;
  if (enough && m_estimate.standard_error < m_options.target_standard_error) return Stop::precise;
  if (enough && m_options.stop_when_level_certain > 0 && asked > 0) {
    const auto p = level_probabilities(m_bank, m_responses, m_options);
    if (*std::max_element(p.begin(), p.end()) >= m_options.stop_when_level_certain) return Stop::level_certain;
  }
  if (asked >= m_options.max_items) return Stop::max_items;
  if (asked >= static_cast<int>(m_bank.size())) return Stop::bank_exhausted;
  return Stop::running;
}

LevelWords level_words(const Placement& test, bool stopped_early) {
  LevelWords words;
  const guide::Level verdict = test.verdict();
  const auto p = level_probabilities(test.bank(), test.responses(), test.options());
  const std::size_t at = verdict == guide::Level::beginner ? 0 : verdict == guide::Level::intermediate ? 1 : 2;
  const double sure = p[at];
  const std::string_view how = sure >= 0.9 ? "level.sure" : sure >= 0.7 ? "level.fairly_sure" : "level.not_yet_sure";
  words.level = util::say(how, {{"level", guide::display_name(verdict)}});
  const std::size_t asked = test.responses().size();
  // The level next to the verdict that the posterior leans to.
  const double lower = at > 0 ? p[at - 1] : 0;
  const double higher = at < 2 ? p[at + 1] : 0;
  std::string_view move = "level.steady";
  if (sure < 0.9) move = higher > lower ? "level.could_go_up" : "level.could_go_down";
  words.detail = util::say(move, {{"questions", util::counted(asked, "question")}});
  const AbilityEstimate e = test.estimate();
  words.scale = util::say("level.scale", {{"theta", fmt::format("{:.2f}", e.theta)},
                                          {"error", fmt::format("{:.2f}", e.standard_error)},
                                          {"beginner", fmt::format("{:g}", test.options().beginner_below)},
                                          {"advanced", fmt::format("{:g}", test.options().advanced_from)}});
  const Placement::Stop stop = test.stop_reason();
  if (stopped_early && stop == Placement::Stop::running) {
    words.note = util::say("level.stopped_early");
  } else if (stop == Placement::Stop::bank_exhausted) {
    words.note = util::say("level.bank_ran_out", {{"items", test.bank().size()}});
  }
  return words;
}

std::optional<std::size_t> Placement::next_item() {
  if (finished()) return std::nullopt;
  std::map<std::string, int> asked_in;
  for (const auto& r : m_responses) ++asked_in[m_bank[r.item].section];
  double best = 0;
  std::vector<double> information(m_bank.size(), -1);
  for (std::size_t i = 0; i < m_bank.size(); ++i) {
    if (m_asked[i]) continue;
    const double p = p_right(m_estimate.theta, m_bank[i].difficulty);
    information[i] = p * (1 - p);
    best = std::max(best, information[i]);
  }
  // Near-ties, then those of the sections asked least.
  std::vector<std::size_t> candidates;
  int fewest = std::numeric_limits<int>::max();
  for (std::size_t i = 0; i < m_bank.size(); ++i) {
    if (information[i] < 0 || information[i] < best * (1 - m_options.near_tie)) continue;
    const auto it = asked_in.find(m_bank[i].section);
    const int n = it == asked_in.end() ? 0 : it->second;
    if (n < fewest) {
      fewest = n;
      candidates.clear();
    }
    if (n == fewest) candidates.push_back(i);
  }
  if (candidates.empty()) return std::nullopt;
  return candidates[static_cast<std::size_t>(m_random() % candidates.size())];
}

void Placement::record(std::size_t item, bool correct) {
  if (item >= m_bank.size() || m_asked[item]) return;
  m_asked[item] = true;
  m_responses.push_back(PlacementResponse{item, correct});
  m_estimate = estimate_ability(m_bank, m_responses, m_options);
}

void Placement::undo() {
  if (m_responses.empty()) return;
  m_asked[m_responses.back().item] = false;
  m_responses.pop_back();
  m_estimate = estimate_ability(m_bank, m_responses, m_options);
}

std::vector<SectionEstimate> Placement::sections() const {
  std::vector<SectionEstimate> out;
  std::map<std::string, std::size_t> index;
  std::vector<std::vector<PlacementResponse>> responses;
  for (const auto& r : m_responses) {
    const std::string& section = m_bank[r.item].section;
    auto [it, added] = index.emplace(section, out.size());
    if (added) {
      out.push_back(SectionEstimate{section, {}, 0});
      responses.emplace_back();
    }
    responses[it->second].push_back(r);
    if (r.correct) ++out[it->second].right;
  }
  for (std::size_t s = 0; s < out.size(); ++s) out[s].estimate = estimate_ability(m_bank, responses[s], m_options);
  return out;
}

}  // namespace prepdeck::engine
