#include "engine/item_analysis.h"

#include <charconv>
#include <cmath>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

namespace prepdeck::engine {

std::optional<double> point_biserial(const std::vector<bool>& right, const std::vector<double>& scores) {
  const std::size_t n = right.size();
  if (n < 2 || scores.size() != n) return std::nullopt;
  double sum = 0;
  for (const double s : scores) sum += s;
  const double mean = sum / static_cast<double>(n);
  double var = 0;
  for (const double s : scores) var += (s - mean) * (s - mean);
  var /= static_cast<double>(n);
  double sum1 = 0;
  std::size_t n1 = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (right[i]) {
      sum1 += scores[i];
      ++n1;
    }
  }
  if (n1 == 0 || n1 == n || var <= 1e-12) return std::nullopt;
  const double p = static_cast<double>(n1) / static_cast<double>(n);
  const double m1 = sum1 / static_cast<double>(n1);
  const double m0 = (sum - sum1) / static_cast<double>(n - n1);
  return (m1 - m0) / std::sqrt(var) * std::sqrt(p * (1 - p));
}

namespace {

// "1,3" -> {0, 2}: the stored option numbers, 1-based.
std::vector<std::size_t> picked(std::string_view answer) {
  std::vector<std::size_t> out;
  while (!answer.empty()) {
    const auto comma = answer.find(',');
    const std::string_view part = answer.substr(0, comma);
    std::size_t number = 0;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), number);
    if (ec == std::errc() && end == part.data() + part.size() && number >= 1) out.push_back(number - 1);
    if (comma == std::string_view::npos) break;
    answer.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace

std::vector<ItemAnalysis> analyse_items(const guide::GuideSet& guides, const std::vector<store::ResponseRow>& rows,
                                        const AnalysisOptions& options) {
  // Each attempt's total, so an item's rest score is the total without it.
  std::unordered_map<std::int64_t, double> totals;
  std::unordered_map<std::string, std::vector<const store::ResponseRow*>> by_item;
  for (const auto& r : rows) {
    totals[r.attempt] += r.correct ? 1 : 0;
    by_item[r.item_id].push_back(&r);
  }
  const QuizItemLevels levels(guides);
  std::vector<ItemAnalysis> out;
  for (const auto& g : guides.guides) {
    for (const auto& item : g.quizzes) {
      if (!item.valid) continue;
      ItemAnalysis a;
      a.guide = &g;
      a.item = &item;
      a.level = levels.of(item);
      if (item.kind != guide::QuizKind::fill) a.option_picks.assign(item.options.size(), 0);
      std::vector<bool> right;
      std::vector<double> rest;
      if (auto it = by_item.find(item.id); it != by_item.end()) {
        for (const store::ResponseRow* r : it->second) {
          right.push_back(r->correct);
          rest.push_back(totals[r->attempt] - (r->correct ? 1 : 0));
          for (const std::size_t k : picked(r->answer)) {
            if (k < a.option_picks.size()) ++a.option_picks[k];
          }
        }
      }
      a.attempts = static_cast<int>(right.size());
      int correct = 0;
      for (const bool b : right) correct += b ? 1 : 0;
      a.share_correct = a.attempts > 0 ? static_cast<double>(correct) / a.attempts : 0;
      a.discrimination = point_biserial(right, rest);
      if (a.attempts >= options.min_attempts) {
        const double p = a.share_correct;
        if (correct == 0) a.flags.push_back("everyone misses it");
        if (a.level == guide::Level::beginner && p < 0.5)
          a.flags.push_back(fmt::format("harder than its Beginner tag ({:.0f}% right)", 100 * p));
        if (a.level == guide::Level::advanced && p > 0.85)
          a.flags.push_back(fmt::format("easier than its Advanced tag ({:.0f}% right)", 100 * p));
        if (a.level == guide::Level::intermediate && (p < 0.25 || p > 0.95))
          a.flags.push_back(
              fmt::format("{} than its Intermediate tag ({:.0f}% right)", p < 0.25 ? "harder" : "easier", 100 * p));
        for (std::size_t k = 0; k < a.option_picks.size(); ++k) {
          if (!item.options[k].correct && a.option_picks[k] == 0)
            a.flags.push_back(fmt::format("nobody picks option {}", k + 1));
        }
        if (a.discrimination && *a.discrimination < 0)
          a.flags.push_back("learners who do well elsewhere miss it more (negative discrimination)");
      }
      out.push_back(std::move(a));
    }
  }
  return out;
}

}  // namespace prepdeck::engine
