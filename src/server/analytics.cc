// Author analytics: reveals, marks and difficulty per question, item
// analysis per quiz item; as JSON or, for admins' spreadsheets, CSV.
#include <algorithm>
#include <memory>
#include <string>
#include <unordered_map>

#include <fmt/format.h>

#include "engine/item_analysis.h"
#include "server/api_support.h"
#include "server/app.h"
#include "util/text.h"

namespace prepdeck::server {

using namespace api;

Response App::analytics(bool csv) {
  const auto live = m_site.current();
  std::vector<store::QuestionStats> questions;
  std::vector<store::ResponseRow> rows;
  {
    auto reader = m_db.reader();
    auto q = reader->question_stats();
    auto r = reader->quiz_responses();
    if (!q || !r) return store_error(!q ? q.error() : r.error());
    questions = std::move(*q);
    rows = std::move(*r);
  }
  std::unordered_map<std::string, const store::QuestionStats*> by_id;
  for (const auto& q : questions) by_id.emplace(q.question_id, &q);
  const auto items = engine::analyse_items(live->guides, rows);

  if (csv) {
    Response r;
    r.content_type = "text/csv; charset=utf-8";
    r.body = std::make_shared<const std::string>(m_formats.analytics_csv(live->guides, questions, items));
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"prepdeck-analytics.csv\"");
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
  }

  json qs = json::array();
  for (const auto& g : live->guides.guides) {
    for (const auto& q : g.questions) {
      const auto it = by_id.find(q.id);
      const store::QuestionStats* st = it == by_id.end() ? nullptr : it->second;
      const int marks = st ? st->knew + st->review : 0;
      qs.push_back({{"id", q.id},
                    {"guide", g.path},
                    {"title", q.title},
                    {"level", guide::to_string(q.level)},
                    {"reveals", st ? st->reveals : 0},
                    {"revealers", st ? st->revealers : 0},
                    {"knew", st ? st->knew : 0},
                    {"review", st ? st->review : 0},
                    {"knew_share", marks ? json(static_cast<double>(st->knew) / marks) : json(nullptr)},
                    {"learners_reviewing", st ? st->cards : 0},
                    {"mean_difficulty", st && st->cards ? json(st->mean_difficulty) : json(nullptr)}});
    }
  }
  json is = json::array();
  for (const auto& a : items) {
    is.push_back({{"id", a.item->id},
                  {"guide", a.guide->path},
                  {"question", a.item->question_markdown},
                  {"kind", guide::to_string(a.item->kind)},
                  {"level", guide::to_string(a.level)},
                  {"attempts", a.attempts},
                  {"share_correct", a.attempts ? json(a.share_correct) : json(nullptr)},
                  {"discrimination", a.discrimination ? json(*a.discrimination) : json(nullptr)},
                  {"option_picks", a.option_picks},
                  {"flags", a.flags}});
  }
  return ok({{"questions", qs}, {"quiz_items", is}});
}

}  // namespace prepdeck::server
