// The live-reload long poll: answered when the guides change.
#include <memory>
#include <string>

#include <fmt/format.h>

#include "server/api_support.h"
#include "server/app.h"
#include "util/text.h"

namespace prepdeck::server {

using namespace api;

void App::reload(const Request& request, Reply reply) {
  std::string since;
  if (const auto s = request.param("since")) {
    if (!is_version(*s)) return reply(error(400, "bad_version", "'since' is a version: up to 16 hex digits"));
    since = std::string(*s);
  }
  m_site.wait_for_change(std::move(since), m_options.long_poll, [reply = std::move(reply)](const std::string& version) {
    reply(ok({{"version", version}}));
  });
}

}  // namespace prepdeck::server
