// Reveals: a learner opened a question's answer (author analytics count them).
#include <algorithm>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "server/api_support.h"
#include "server/app.h"
#include "util/text.h"

namespace prepdeck::server {

using namespace api;

void App::post_reveal(const store::User& who, std::string_view id, Reply reply) {
  const auto live = m_site.current();
  if (live->question(id) == nullptr)
    return reply(error(404, "unknown_question", fmt::format("no question has the id '{}'", id)));
  const std::string question(id);
  const util::Time now = m_options.clock();
  m_db.write([user = who.id, question, now](store::Store& st) { return st.record_reveal(user, question, now); },
             [reply = std::move(reply)](const util::Expected<void>& done) {
               if (!done) return reply(store_error(done.error()));
               Response r;
               r.status = 204;
               reply(std::move(r));
             });
}

}  // namespace prepdeck::server
