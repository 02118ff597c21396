#include "server/router.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace prepdeck::server {
namespace {

std::vector<std::string> params_of(std::string_view pattern, std::string_view path, bool& matched) {
  RouteParams params{};
  matched = match_pattern(pattern, path, params);
  std::vector<std::string> out;
  for (const auto p : params) {
    if (!p.empty()) out.emplace_back(p);
  }
  return out;
}

TEST(Router, LiteralsMatchWholeSegmentsOnly) {
  bool m = false;
  params_of("review/queue", "review/queue", m);
  EXPECT_TRUE(m);
  for (const char* path : {"review", "review/queue/", "review/queues", "review/queue/x", "review//queue", "",
                           "/review/queue", "Review/queue"}) {
    params_of("review/queue", path, m);
    EXPECT_FALSE(m) << path;
  }
}

TEST(Router, AParameterTakesOneNonEmptySegment) {
  bool m = false;
  EXPECT_EQ(params_of("level-tests/{test}/answers", "level-tests/ab12/answers", m), std::vector<std::string>{"ab12"});
  EXPECT_TRUE(m);
  for (const char* path : {"level-tests//answers", "level-tests/a/b/answers", "level-tests/ab12", "level-tests/ab12/",
                           "level-tests/ab12/answers/"}) {
    params_of("level-tests/{test}/answers", path, m);
    EXPECT_FALSE(m) << path;
  }
  EXPECT_EQ(params_of("a/{x}/b/{y}", "a/1/b/2", m), (std::vector<std::string>{"1", "2"}));
  EXPECT_TRUE(m);
}

TEST(Router, ARestParameterTakesTheRestWithItsSlashes) {
  bool m = false;
  EXPECT_EQ(params_of("marks/{question...}", "marks/linux.md/what-is-a-pid", m),
            std::vector<std::string>{"linux.md/what-is-a-pid"});
  EXPECT_TRUE(m);
  EXPECT_EQ(params_of("marks/{question...}", "marks/q", m), std::vector<std::string>{"q"});
  EXPECT_TRUE(m);
  for (const char* path : {"marks", "marks/", "marks//q", "marks/q/", "marks/a//b"}) {
    params_of("marks/{question...}", path, m);
    EXPECT_FALSE(m) << path;
  }
}

TEST(Router, ALongPathCostsOnePass) {
  // A hostile path of many segments is walked once per route, never re-split.
  std::string path = "marks";
  for (int i = 0; i < 100000; ++i) path += "/x";
  bool m = false;
  EXPECT_EQ(params_of("marks/{question...}", path, m)[0].size(), path.size() - 6);
  params_of("level-tests/{test}/answers", path, m);
  EXPECT_FALSE(m);
}

TEST(Router, TheTableIsChecked) {
  const std::vector<RoutePattern> good = {{Method::get, "a"}, {Method::post, "a"}, {Method::put, "a/{x}/{y...}"}};
  EXPECT_FALSE(check_routes(good));
  const std::vector<std::vector<RoutePattern>> bad = {
      {{Method::get, "a"}, {Method::get, "a"}},  // twice
      {{Method::head, "a"}},                     // HEAD comes with GET
      {{Method::other, "a"}},
      {{Method::get, ""}},
      {{Method::get, "/a"}},
      {{Method::get, "a/"}},
      {{Method::get, "a//b"}},
      {{Method::get, "a/{x"}},
      {{Method::get, "a/x}"}},
      {{Method::get, "a/{x...}/b"}},   // the rest parameter is last
      {{Method::get, "{a}/{b}/{c}"}},  // more than k_max_route_params
      {{Method::get, "a/{}"}},         // a parameter has a name
  };
  for (const auto& table : bad) EXPECT_TRUE(check_routes(table)) << table[0].pattern;
}

TEST(Router, MethodsPathsAndSkippedRoutes) {
  const std::vector<RoutePattern> table = {{Method::get, "comments"},
                                           {Method::post, "comments"},
                                           {Method::put, "comments/{id}"},
                                           {Method::del, "comments/{id}"},
                                           {Method::post, "login"}};
  const auto none = [](std::size_t) { return false; };
  auto found = find_route(table, Method::post, "comments", none);
  EXPECT_EQ(found.kind, RouteLookup::Kind::found);
  EXPECT_EQ(found.index, 1u);
  found = find_route(table, Method::head, "comments", none);  // HEAD is answered as GET
  EXPECT_EQ(found.kind, RouteLookup::Kind::found);
  EXPECT_EQ(found.index, 0u);
  found = find_route(table, Method::del, "comments/7", none);
  EXPECT_EQ(found.kind, RouteLookup::Kind::found);
  EXPECT_EQ(found.params[0], "7");
  const auto wrong = find_route(table, Method::get, "comments/7", none);
  EXPECT_EQ(wrong.kind, RouteLookup::Kind::wrong_method);
  EXPECT_EQ(wrong.allow, "PUT, DELETE");
  EXPECT_EQ(find_route(table, Method::put, "comments", none).allow, "GET, POST");
  EXPECT_EQ(find_route(table, Method::get, "nothing", none).kind, RouteLookup::Kind::none);
  // A skipped route (users mode's login in local mode) is not there at all: 404, not 405.
  const auto skip_login = [](std::size_t i) { return i == 4; };
  EXPECT_EQ(find_route(table, Method::post, "login", skip_login).kind, RouteLookup::Kind::none);
  EXPECT_EQ(find_route(table, Method::get, "login", skip_login).kind, RouteLookup::Kind::none);
}

}  // namespace
}  // namespace prepdeck::server
