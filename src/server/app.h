// The web application behind `prepdeck serve`, independent of the HTTP
// library: pages from the in-memory site (ETag, gzip, 304), /healthz,
// /metrics, and the JSON API of docs/API.md on the Store. Every answer to bad
// input is a 4xx with a JSON body {"error": {"code", "message"}}.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/fsrs.h"
#include "engine/item_analysis.h"
#include "engine/level_bank.h"
#include "engine/placement.h"
#include "server/crypto.h"
#include "server/http_types.h"
#include "server/metrics.h"
#include "server/router.h"
#include "server/session_cache.h"
#include "server/site_host.h"
#include "server/worker.h"
#include "store/database.h"
#include "store/store.h"
#include "util/error.h"
#include "util/time.h"

namespace prepdeck::server {

// local: one implicit learner, no login (the default, on 127.0.0.1).
// users: accounts, sessions in the Store, login required for progress.
enum class Mode { local, users };

struct AppOptions {
  Mode mode = Mode::local;
  bool secure_cookies = false;  // Secure on the session cookie (also when X-Forwarded-Proto is https)
  std::chrono::hours session_lifetime{24 * 30};
  HashCost hash_cost = HashCost::interactive;
  // Sign-ups and logins waiting for the password thread, then 503 busy.
  // Each takes about 0.1 s there, so they all end well within a shutdown's grace.
  std::size_t max_password_queue = 32;
  int login_attempts = 5;                  // failures per address, and per name...
  std::chrono::minutes login_window{15};   // ...within this window, then 429
  int signups_per_address = 10;            // sign-ups per address...
  std::chrono::minutes signup_window{60};  // ...within this window, then 429
  std::size_t max_body = 1u << 20;         // larger bodies get 413
  int new_per_day = 20;
  engine::FsrsParameters fsrs;
  util::Clock clock;  // empty: the system clock
  // The token every state-changing API request carries in X-CSRF-Token. In
  // local mode it protects the learner from other sites posting to localhost.
  std::string csrf_token;
  std::chrono::milliseconds long_poll = std::chrono::seconds(20);  // /api/reload
  engine::PlacementOptions placement;                              // the level test
  std::size_t max_level_tests = 1000;                              // open at once; the oldest goes first
  std::size_t max_level_tests_per_user = 3;                        // a learner's own oldest goes first
  std::size_t max_comment_bytes = 5000;
  int comments_per_minute = 5;        // per user, then 429
  int comment_edits_per_minute = 10;  // per user, then 429
  // The Host values the server answers (421 otherwise), with or without a
  // port: in local mode 127.0.0.1, localhost and [::1] always, so a page on
  // another site that rebinds its name to 127.0.0.1 gets nothing; in users
  // mode every host unless this names some (the public names behind a proxy).
  std::vector<std::string> allowed_hosts;
  // Proxies whose X-Forwarded-For names the client (the address rate limits
  // count by): a request from one of them is counted by the last address
  // its header adds; from anyone else, by its own.
  std::vector<std::string> trusted_proxies;
  // Sent with every HTML page as Content-Security-Policy (with
  // "frame-ancestors 'none'" added); empty: none. `serve` passes the policy
  // the pages also carry as a <meta> (render/page.h).
  std::string content_security_policy;
  std::chrono::minutes level_test_idle{60};
  // How long a session read from the database is trusted on this instance
  // (server/session_cache.h): what another instance or the CLI does to a
  // session or an account shows here within it; 0 reads every request's.
  std::chrono::milliseconds session_cache{1000};
};

// What the API answers in other front ends' formats. cli passes them in
// (render/level_chart.h, export/analytics_csv.h), as it passes SiteHost its
// renderer: front ends never include one another.
struct ApiFormats {
  std::function<std::string(const std::vector<std::string>& levels)> level_chart_svg;
  std::function<std::string(const guide::GuideSet& guides, const std::vector<store::QuestionStats>& questions,
                            const std::vector<engine::ItemAnalysis>& items)>
      analytics_csv;
};

class App {
 public:
  // Progress is read from and written to `db`.
  App(SiteHost& site, store::Database& db, Metrics& metrics, ApiFormats formats, AppOptions options);

  // Answers `request` through `reply`, exactly once, now or later (a write
  // waits for its commit). Never throws.
  void handle(const Request& request, Reply reply);

  // The JSON error body and status for `code`.
  static Response error(int status, std::string_view code, std::string_view message);

  // The answer to a store failure, by its code (util::ErrorCode): 409
  // conflict, 404 not_found, 400 invalid, else 503 store with Retry-After.
  static Response store_error(const util::Error& failure);

  // The local user (local mode).
  const store::User& local_user() const { return m_user; }

  // One API route (the table is in api.cc): method and pattern under /api/,
  // who may call it, whether only users mode has it, what it does (for
  // --help and docs/API.md), and its handler.
  struct ApiCall;
  struct ApiRoute {
    RoutePattern route;
    Access access = Access::anyone;
    bool users_mode_only = false;
    std::string_view summary;
    void (*handler)(App& app, ApiCall& call) = nullptr;
  };
  static std::span<const ApiRoute> api_routes();
  // The route labels of /metrics: page, health, metrics, api (no route
  // matched), then "METHOD /api/PATTERN" for each API route in table order.
  static std::vector<std::string> metric_routes();
  // The routes as lines for `prepdeck serve --help`: method, path, who may call, what it does.
  static std::string route_list();

 private:
  // A page or another file of the site. `?v=VERSION` (live reload, told of a
  // new version by any instance) waits a moment for this instance to have it.
  void page(const Request& request, const Reply& reply);
  struct PageAsk;
  void send_page(const PageAsk& ask, const Reply& reply) const;
  Response health() const;
  Response metrics_text() const;
  // `lookup` is the API route table's answer for the request (App::handle looks it up once, for the metrics too).
  void api(const Request& request, const RouteLookup& lookup, Reply reply);
  // The table's patterns, for server/router.h; checked the first time (App's constructor).
  static const std::vector<RoutePattern>& api_patterns();
  // The API route for `request`, whose path under /api/ is `route`.
  RouteLookup find_api_route(const Request& request, std::string_view route) const;

  // Who sent a request: the local user, a session's user, or nobody yet.
  struct Caller {
    std::optional<store::User> user;
    std::string csrf;                         // the token its writes must carry
    std::optional<std::string> session_hash;  // users mode, logged in
    std::optional<util::Error> failure;       // the session could not be read: no answer but 503
  };
  Caller identify(const Request& request);

 public:
  // A request a route's handler answers: its {parameters} in pattern order.
  struct ApiCall {
    const Request& request;
    const Caller& caller;
    RouteParams params;
    Reply reply;
    const store::User& user() const { return *caller.user; }  // learner and admin routes
  };

 private:
  // API routes (api.cc).
  Response session(const Caller& caller) const;
  void sign_in(bool signup, const Request& request, Reply reply);
  void sign_out(const Caller& caller, Reply reply);
  // After a sign-in's password check: writes the session (and a sign-up's
  // account, filled into `user`) and answers with the cookie.
  void open_session(bool signup, std::shared_ptr<store::User> user, std::string name, std::string hash, bool secure,
                    std::shared_ptr<Reply> reply);
  // A 429 for a refused reservation.
  // Reserves a slot of every key (all or none) in the database, which every
  // instance shares; the 429 (or the store's failure) when refused.
  std::optional<Response> reserve(const std::vector<store::RateKey>& keys, std::string_view code,
                                  std::string_view message);
  // Gives the slots back (the work they guarded did not count).
  void release(const std::vector<store::RateKey>& keys);
  // The client's address: the peer's, or behind a trusted proxy the one it forwarded.
  std::string client_address(const Request& request) const;
  // True when the request's Host is one this server answers (AppOptions::allowed_hosts).
  bool host_allowed(const Request& request) const;
  // What an unknown name's password is checked against: a hash of the cost real ones have.
  const std::string& decoy_hash() const;
  Response get_marks(const store::User& user);
  void put_mark(const store::User& who, std::string_view id, const Request& request, Reply reply);
  Response review_queue(const store::User& user, const Request& request);
  void post_review(const store::User& who, const Request& request, Reply reply);
  void undo_review(const store::User& who, std::string_view id, Reply reply);
  void post_quiz_attempt(const store::User& who, const Request& request, Reply reply);
  Response get_quiz_attempts(const store::User& user);
  Response get_levels(const store::User& user);
  void reload(const Request& request, Reply reply);
  Response get_comments(const Caller& caller, const Request& request);
  void post_comment(const store::User& who, const Request& request, Reply reply);
  void change_comment(const store::User& who, std::string_view id, const Request& request, Reply reply);
  Response level_chart(const Request& request);
  void post_reveal(const store::User& who, std::string_view id, Reply reply);
  Response analytics(bool csv);
  void start_level_test(const store::User& who, const Request& request, Reply reply);
  void answer_level_test(const store::User& who, std::string_view id, const Request& request, Reply reply);
  void stop_level_test(const store::User& who, std::string_view id, Reply reply);

  // An adaptive level test in progress, as this instance rebuilt it from the
  // database (store::LevelTestState): the bank of the guides it serves and a
  // placement that replayed the responses so far.
  struct LevelTest {
    store::LevelTestState state;
    std::shared_ptr<const LiveSite> live;
    engine::LevelBank bank;
    std::unique_ptr<engine::Placement> placement;
    std::optional<std::size_t> current;  // the item asked now
  };
  // Fills `test` from `state`; the refusal when its bank is empty or the
  // guides changed under it.
  std::optional<Response> rebuild_level_test(store::LevelTestState state, LevelTest& test) const;
  // The learner's test `id`, rebuilt; 404 when there is none (or it idled out).
  std::optional<Response> find_level_test(const store::User& who, std::string_view id, LevelTest& test) const;
  static std::string level_scope(const LevelTest& test);
  // Writes the result and ends the test, if it still has `answered` responses stored.
  void finish_level_test(std::shared_ptr<LevelTest> test, std::size_t answered, Reply reply);

  // The queue's next card for `guide_path` (empty: every guide), as JSON.
  std::string next_card_json(const store::User& user, const LiveSite& live, const std::string& guide_path);

  SiteHost& m_site;
  store::Database& m_db;
  Metrics& m_metrics;
  SessionCache m_sessions;
  ApiFormats m_formats;
  AppOptions m_options;
  engine::Scheduler m_scheduler;
  store::User m_user;
  // Login failures, sign-ups, comments and edits, by "login-address:...",
  // "login-name:...", "signup-address:...", "comment:ID", "comment-edit:ID".
  std::atomic<std::uint64_t> m_reservations{0};
  // Password hashing off the threads that serve requests. Last, so that it
  // finishes its jobs while everything they use is still there.
  Worker m_passwords;
};

// JSON text for a response body, with a trailing newline.
Response json_response(int status, std::string body);

}  // namespace prepdeck::server
