// Marks: "knew it" or "review" on a question.
#include <algorithm>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "server/api_support.h"
#include "server/app.h"
#include "util/text.h"

namespace prepdeck::server {

using namespace api;

Response App::get_marks(const store::User& user) {
  auto reader = m_db.reader();
  auto marks = reader->marks(user.id);
  if (!marks) return store_error(marks.error());
  json out = json::object();
  for (const auto& m : *marks) out[m.question_id] = m.mark;
  return ok({{"marks", out}});
}

void App::put_mark(const store::User& who, std::string_view id, const Request& request, Reply reply) {
  const auto live = m_site.current();
  const guide::Guide* owner = nullptr;
  if (live->question(id, &owner) == nullptr)
    return reply(error(404, "unknown_question", fmt::format("no question has the id '{}'", id)));
  auto parsed = parse_object(request);
  if (parsed.refused) return reply(std::move(*parsed.refused));
  std::optional<Response> refused;
  const auto mark = string_member(parsed.value, "mark", refused, false);
  if (refused) return reply(std::move(*refused));
  if (mark && *mark != "knew" && *mark != "review")
    return reply(error(400, "bad_mark", "'mark' is \"knew\", \"review\" or null"));
  store::Mark m{std::string(id), owner->path, mark.value_or(""), m_options.clock()};
  const store::UserId user = who.id;
  m_db.write([m, user](store::Store& st) { return st.set_mark(user, m); },
             [m, reply = std::move(reply)](const util::Expected<void>& done) {
               if (!done) return reply(store_error(done.error()));
               reply(ok({{"id", m.question_id}, {"mark", m.mark.empty() ? json(nullptr) : json(m.mark)}}));
             });
}

}  // namespace prepdeck::server
