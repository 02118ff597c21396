// The JSON API (docs/API.md) as a table of routes: who may call each, and
// its handler (one file per resource beside this one). 404, 405 with Allow,
// 401 and 403 come from the table, before any handler runs.
#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "server/api_support.h"
#include "server/app.h"

namespace prepdeck::server {

std::span<const App::ApiRoute> App::api_routes() {
  using C = ApiCall;
  static const ApiRoute k_routes[] = {
      {{Method::get, "session"},
       Access::anyone,
       false,
       "who is logged in, the CSRF token, the guides' version",
       [](App& a, C& c) { c.reply(a.session(c.caller)); }},
      {{Method::post, "signup"},
       Access::anyone,
       true,
       "make an account and log in",
       [](App& a, C& c) { a.sign_in(true, c.request, std::move(c.reply)); }},
      {{Method::post, "login"},
       Access::anyone,
       true,
       "log in: a session cookie",
       [](App& a, C& c) { a.sign_in(false, c.request, std::move(c.reply)); }},
      {{Method::post, "logout"},
       Access::anyone,
       true,
       "end this session",
       [](App& a, C& c) { a.sign_out(c.caller, std::move(c.reply)); }},
      {{Method::get, "reload"},
       Access::anyone,
       false,
       "wait (long poll) until the guides change",
       [](App& a, C& c) { a.reload(c.request, std::move(c.reply)); }},
      {{Method::get, "marks"},
       Access::learner,
       false,
       "the learner's marks",
       [](App& a, C& c) { c.reply(a.get_marks(c.user())); }},
      {{Method::put, "marks/{question...}"},
       Access::learner,
       false,
       "mark a question known or to review",
       [](App& a, C& c) { a.put_mark(c.user(), c.params[0], c.request, std::move(c.reply)); }},
      {{Method::post, "reveals/{question...}"},
       Access::learner,
       false,
       "count an opened answer",
       [](App& a, C& c) { a.post_reveal(c.user(), c.params[0], std::move(c.reply)); }},
      {{Method::get, "review/queue"},
       Access::learner,
       false,
       "the next card to review",
       [](App& a, C& c) { c.reply(a.review_queue(c.user(), c.request)); }},
      {{Method::post, "reviews"},
       Access::learner,
       false,
       "grade a card",
       [](App& a, C& c) { a.post_review(c.user(), c.request, std::move(c.reply)); }},
      {{Method::post, "reviews/{review}/undo"},
       Access::learner,
       false,
       "undo the last grade",
       [](App& a, C& c) { a.undo_review(c.user(), c.params[0], std::move(c.reply)); }},
      {{Method::get, "quiz-attempts"},
       Access::learner,
       false,
       "the learner's quiz attempts",
       [](App& a, C& c) { c.reply(a.get_quiz_attempts(c.user())); }},
      {{Method::post, "quiz-attempts"},
       Access::learner,
       false,
       "score and keep a quiz attempt",
       [](App& a, C& c) { a.post_quiz_attempt(c.user(), c.request, std::move(c.reply)); }},
      {{Method::get, "levels"},
       Access::learner,
       false,
       "the learner's verified levels",
       [](App& a, C& c) { c.reply(a.get_levels(c.user())); }},
      {{Method::get, "levels.svg"},
       Access::anyone,
       false,
       "a guide's learners by level, as an SVG chart",
       [](App& a, C& c) { c.reply(a.level_chart(c.request)); }},
      {{Method::post, "level-tests"},
       Access::learner,
       false,
       "start an adaptive level test",
       [](App& a, C& c) { a.start_level_test(c.user(), c.request, std::move(c.reply)); }},
      {{Method::post, "level-tests/{test}/answers"},
       Access::learner,
       false,
       "answer the level test's current item",
       [](App& a, C& c) { a.answer_level_test(c.user(), c.params[0], c.request, std::move(c.reply)); }},
      {{Method::post, "level-tests/{test}/stop"},
       Access::learner,
       false,
       "stop the level test and get the result so far",
       [](App& a, C& c) { a.stop_level_test(c.user(), c.params[0], std::move(c.reply)); }},
      {{Method::get, "comments"},
       Access::anyone,
       false,
       "a guide's comments, with each author's level",
       [](App& a, C& c) { c.reply(a.get_comments(c.caller, c.request)); }},
      {{Method::post, "comments"},
       Access::learner,
       false,
       "comment on a guide",
       [](App& a, C& c) { a.post_comment(c.user(), c.request, std::move(c.reply)); }},
      {{Method::put, "comments/{comment}"},
       Access::learner,
       false,
       "edit your comment",
       [](App& a, C& c) { a.change_comment(c.user(), c.params[0], c.request, std::move(c.reply)); }},
      {{Method::del, "comments/{comment}"},
       Access::learner,
       false,
       "delete your comment (an admin: any)",
       [](App& a, C& c) { a.change_comment(c.user(), c.params[0], c.request, std::move(c.reply)); }},
      {{Method::get, "analytics"},
       Access::admin,
       false,
       "author analytics: questions and quiz items",
       [](App& a, C& c) { c.reply(a.analytics(false)); }},
      {{Method::get, "analytics.csv"},
       Access::admin,
       false,
       "the same analytics as CSV",
       [](App& a, C& c) { c.reply(a.analytics(true)); }},
  };
  return k_routes;
}

const std::vector<RoutePattern>& App::api_patterns() {
  static const std::vector<RoutePattern> patterns = [] {
    std::vector<RoutePattern> out;
    for (const auto& r : App::api_routes()) out.push_back(r.route);
    if (const auto problem = check_routes(out)) throw std::logic_error("API route table: " + *problem);
    return out;
  }();
  return patterns;
}

std::vector<std::string> App::metric_routes() {
  std::vector<std::string> out;
  for (const auto& r : api_routes())
    out.push_back(fmt::format("{} /api/{}", to_string(r.route.method), r.route.pattern));
  return out;
}

std::string App::route_list() {
  std::size_t width = 0;
  for (const auto& r : api_routes()) width = std::max(width, r.route.pattern.size());
  std::string out;
  for (const auto& r : api_routes()) {
    out += fmt::format("  {:<6} /api/{:<{}}  {:<7}  {}{}\n", to_string(r.route.method), r.route.pattern, width,
                       to_string(r.access), r.summary, r.users_mode_only ? " (--users)" : "");
  }
  return out;
}

RouteLookup App::find_api_route(const Request& request, std::string_view route) const {
  const bool users = m_options.mode == Mode::users;
  const auto routes = api_routes();
  return find_route(api_patterns(), request.method, route,
                    [&](std::size_t i) { return routes[i].users_mode_only && !users; });
}

void App::api(const Request& request, const RouteLookup& lookup, Reply reply) {
  if (api::is_write(request.method) && request.body.size() > m_options.max_body) {
    reply(error(413, "body_too_large", fmt::format("the body is over {} bytes", m_options.max_body)));
    return;
  }
  const Caller caller = identify(request);
  // A session the database cannot read now is not a logged-out one.
  if (caller.failure) return reply(store_error(*caller.failure));
  if (api::is_write(request.method)) {
    const auto token = request.get_header("X-CSRF-Token");
    if (!token || *token != caller.csrf) {
      reply(error(403, "csrf", "a state-changing request needs the X-CSRF-Token of GET /api/session"));
      return;
    }
  }
  if (lookup.kind == RouteLookup::Kind::none)
    return reply(error(404, "not_found", fmt::format("no API route {}", request.path)));
  if (lookup.kind == RouteLookup::Kind::wrong_method) {
    Response r = error(405, "method_not_allowed", fmt::format("{} answers {}", request.path, lookup.allow));
    r.headers.emplace_back("Allow", lookup.allow);
    return reply(std::move(r));
  }
  const ApiRoute& route = api_routes()[lookup.index];
  if (route.access != Access::anyone && !caller.user)
    return reply(error(401, "login_required", "log in to keep progress on the server"));
  if (route.access == Access::admin && !caller.user->admin)
    return reply(error(403, "admins_only", fmt::format("{} is for admins", request.path)));
  ApiCall call{request, caller, lookup.params, std::move(reply)};
  route.handler(*this, call);
}

}  // namespace prepdeck::server
