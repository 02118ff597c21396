// Levels: a learner's verified levels, and the chart of a guide's learners.
#include <algorithm>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "server/api_support.h"
#include "server/app.h"
#include "util/text.h"

namespace prepdeck::server {

using namespace api;

Response App::get_levels(const store::User& user) {
  auto reader = m_db.reader();
  auto levels = reader->levels(user.id);
  if (!levels) return store_error(levels.error());
  json out = json::array();
  for (const auto& l : *levels) {
    out.push_back({{"id", l.id},
                   {"scope", l.scope},
                   {"taken", util::format_iso8601(l.taken)},
                   {"theta", l.theta},
                   {"standard_error", l.standard_error},
                   {"items", l.items},
                   {"verdict", l.verdict}});
  }
  return ok({{"levels", out}});
}

Response App::level_chart(const Request& request) {
  const auto live = m_site.current();
  const std::string guide(request.param("guide").value_or(""));
  const guide::Guide* g = live->guide(guide);
  if (g == nullptr) return error(404, "unknown_guide", fmt::format("no guide at '{}'", guide));
  std::vector<std::string> levels;
  {
    auto reader = m_db.reader();
    auto got = reader->learner_levels(util::file_name(util::strip_extension(g->path)));
    if (!got) return store_error(got.error());
    levels = std::move(*got);
  }
  Response r;
  r.content_type = "image/svg+xml";
  r.body = std::make_shared<const std::string>(m_formats.level_chart_svg(levels));
  r.headers.emplace_back("Cache-Control", "no-cache");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return r;
}

}  // namespace prepdeck::server
