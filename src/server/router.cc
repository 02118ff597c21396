#include "server/router.h"

#include <set>
#include <utility>

#include <fmt/format.h>

namespace prepdeck::server {

namespace {

// The next segment of `rest` (up to '/'), removed from it with its slash.
std::string_view next_segment(std::string_view& rest) {
  const std::size_t slash = rest.find('/');
  const std::string_view segment = rest.substr(0, slash);
  rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
  return segment;
}

bool is_param(std::string_view segment) {
  return segment.size() >= 3 && segment.front() == '{' && segment.back() == '}';
}

bool is_rest_param(std::string_view segment) { return is_param(segment) && segment.ends_with("...}"); }

}  // namespace

std::string_view to_string(Access access) {
  switch (access) {
    case Access::anyone:
      return "anyone";
    case Access::learner:
      return "learner";
    case Access::admin:
      return "admin";
  }
  return "";
}

std::string_view to_string(Method method) {
  switch (method) {
    case Method::get:
      return "GET";
    case Method::head:
      return "HEAD";
    case Method::post:
      return "POST";
    case Method::put:
      return "PUT";
    case Method::del:
      return "DELETE";
    case Method::other:
      break;
  }
  return "";
}

bool match_pattern(std::string_view pattern, std::string_view path, RouteParams& params) {
  std::size_t count = 0;
  while (true) {
    const bool pattern_done = pattern.empty();
    const bool path_done = path.empty();
    if (pattern_done || path_done) return pattern_done && path_done;
    const std::string_view want = next_segment(pattern);
    if (is_rest_param(want)) {
      // The rest of the path, whole: one segment or more, none empty.
      if (path.front() == '/' || path.back() == '/' || path.find("//") != std::string_view::npos) return false;
      params[count] = path;
      return true;
    }
    const bool last_of_path = path.find('/') == std::string_view::npos;
    const std::string_view got = next_segment(path);
    if (is_param(want)) {
      if (got.empty() || count == params.size()) return false;
      params[count++] = got;
    } else if (want != got) {
      return false;
    }
    // "a/" has an empty last segment, which no pattern matches.
    if (!last_of_path && path.empty()) return false;
  }
}

std::optional<std::string> check_routes(std::span<const RoutePattern> routes) {
  std::set<std::pair<Method, std::string_view>> seen;
  for (const RoutePattern& r : routes) {
    if (to_string(r.method).empty() || r.method == Method::head)
      return fmt::format("{}: a route takes GET (which answers HEAD too), POST, PUT or DELETE", r.pattern);
    if (!seen.emplace(r.method, r.pattern).second)
      return fmt::format("{} {} is in the table twice", to_string(r.method), r.pattern);
    std::string_view rest = r.pattern;
    std::size_t params = 0;
    if (rest.empty() || rest.front() == '/' || rest.back() == '/')
      return fmt::format("'{}': a pattern is not empty and neither starts nor ends with '/'", r.pattern);
    while (!rest.empty()) {
      const bool last = rest.find('/') == std::string_view::npos;
      const std::string_view segment = next_segment(rest);
      if (segment.empty()) return fmt::format("{}: an empty segment", r.pattern);
      const bool braces = segment.find_first_of("{}") != std::string_view::npos;
      if (braces && !is_param(segment)) return fmt::format("{}: '{}' is not a {{parameter}}", r.pattern, segment);
      if (is_param(segment) && ++params > k_max_route_params)
        return fmt::format("{}: more than {} parameters", r.pattern, k_max_route_params);
      if (is_rest_param(segment) && !last) return fmt::format("{}: {{name...}} must come last", r.pattern);
    }
  }
  return std::nullopt;
}

}  // namespace prepdeck::server
