// Routes as a table (cli/commands.h is the model): a route is a method, a
// path pattern and who may call it. From the table alone come the 404 for a
// path no route has, the 405 with the Allow header for a method it does not
// take, and the route list that --help and docs/API.md show. The matching
// knows nothing of the application: App keeps the handlers (server/api.cc).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "server/http_types.h"

namespace prepdeck::server {

// Who may call a route: anyone, a logged-in learner (else 401), an admin (else 403).
enum class Access : std::uint8_t { anyone, learner, admin };
std::string_view to_string(Access access);
std::string_view to_string(Method method);  // "GET", ...; "" for Method::other

// A pattern is segments separated by '/': a literal, `{name}` (one non-empty
// segment) or, last only, `{name...}` (the rest of the path: one segment or
// more, slashes included; question ids have them).
struct RoutePattern {
  Method method = Method::get;
  std::string_view pattern;
};

// At most this many {parameters} in a pattern.
inline constexpr std::size_t k_max_route_params = 2;
using RouteParams = std::array<std::string_view, k_max_route_params>;

// Whether `path` has the shape of `pattern`; its parameters, in order, into `params`.
bool match_pattern(std::string_view pattern, std::string_view path, RouteParams& params);

// Checks a table once, at start-up: patterns well formed (balanced braces,
// `{name...}` last, at most k_max_route_params) and no method+pattern twice.
// The first problem, if any.
std::optional<std::string> check_routes(std::span<const RoutePattern> routes);

// The outcome of looking `method path` up in a table.
struct RouteLookup {
  enum class Kind : std::uint8_t { found, wrong_method, none } kind = Kind::none;
  std::size_t index = 0;  // found: the route's place in the table
  RouteParams params{};
  std::string allow;  // wrong_method: the methods the path takes, "GET, POST"
};

// The route for `method path` in `routes` (a `skip(i)` route is left out:
// users-mode routes in local mode). HEAD is answered by a GET route.
template <typename Skip>
RouteLookup find_route(std::span<const RoutePattern> routes, Method method, std::string_view path, Skip skip);

template <typename Skip>
RouteLookup find_route(std::span<const RoutePattern> routes, Method method, std::string_view path, Skip skip) {
  RouteLookup out;
  bool matched_path = false;
  for (std::size_t i = 0; i < routes.size(); ++i) {
    if (skip(i)) continue;
    RouteParams params{};
    if (!match_pattern(routes[i].pattern, path, params)) continue;
    matched_path = true;
    const Method m = routes[i].method;
    if (m == method || (m == Method::get && method == Method::head)) {
      out.kind = RouteLookup::Kind::found;
      out.index = i;
      out.params = params;
      return out;
    }
    out.allow += (out.allow.empty() ? "" : ", ");
    out.allow += to_string(m);
  }
  out.kind = matched_path ? RouteLookup::Kind::wrong_method : RouteLookup::Kind::none;
  return out;
}

}  // namespace prepdeck::server
