#include "export/analytics_csv.h"

#include <unordered_map>

#include <fmt/format.h>

#include "export/csv.h"

namespace prepdeck::exporter {

std::string analytics_csv(const guide::GuideSet& guides, const std::vector<store::QuestionStats>& questions,
                          const std::vector<engine::ItemAnalysis>& items) {
  std::unordered_map<std::string_view, const store::QuestionStats*> by_id;
  for (const auto& q : questions) by_id.emplace(q.question_id, &q);
  std::string out =
      "kind,id,guide,title,level,attempts_or_reveals,share_right_or_knew,discrimination_or_difficulty,"
      "option_picks,flags\r\n";
  for (const auto& g : guides.guides) {
    for (const auto& q : g.questions) {
      const auto it = by_id.find(q.id);
      const store::QuestionStats* st = it == by_id.end() ? nullptr : it->second;
      const int marks = st ? st->knew + st->review : 0;
      out += fmt::format("question,{},{},{},{},{},{},{},,\r\n", csv_field(q.id), csv_field(g.path), csv_field(q.title),
                         guide::to_string(q.level), st ? st->reveals : 0,
                         marks ? fmt::format("{:.3f}", static_cast<double>(st->knew) / marks) : "",
                         st && st->cards ? fmt::format("{:.2f}", st->mean_difficulty) : "");
    }
  }
  for (const auto& a : items) {
    std::string picks;
    for (std::size_t k = 0; k < a.option_picks.size(); ++k) picks += (k ? ";" : "") + std::to_string(a.option_picks[k]);
    std::string flags;
    for (const auto& f : a.flags) flags += (flags.empty() ? "" : "; ") + f;
    out += fmt::format("quiz_item,{},{},{},{},{},{},{},{},{}\r\n", csv_field(a.item->id), csv_field(a.guide->path),
                       csv_field(a.item->question_markdown), guide::to_string(a.level), a.attempts,
                       a.attempts ? fmt::format("{:.3f}", a.share_correct) : "",
                       a.discrimination ? fmt::format("{:.3f}", *a.discrimination) : "", picks, csv_field(flags));
  }
  return out;
}

}  // namespace prepdeck::exporter
