// The JSON API (docs/API.md): marks, the review queue, quiz attempts, level
// results and the live-reload long poll, for the one user of local mode.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/item_analysis.h"
#include "engine/known.h"
#include "engine/quiz_session.h"
#include "engine/review_queue.h"
#include "server/app.h"
#include "server/crypto.h"
#include "util/paths.h"
#include "util/text.h"

namespace prepdeck::server {

namespace {

using nlohmann::json;

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

bool is_write(Method m) { return m == Method::post || m == Method::put || m == Method::del; }

// The request's JSON object body, or the response refusing it.
struct Parsed {
  json value;
  std::optional<Response> refused;
};

// The Content-Type names the media type application/json (any case, any
// parameters such as charset after ';'), not merely contains the words.
bool is_json_media_type(std::optional<std::string_view> type) {
  if (!type) return false;
  const std::string_view media = util::trim(type->substr(0, type->find(';')));
  return util::iequals_ascii(media, "application/json");
}

Parsed parse_object(const Request& request) {
  if (!is_json_media_type(request.get_header("Content-Type")))
    return {{}, App::error(415, "unsupported_media_type", "send the body as application/json")};
  json j = json::parse(request.body, nullptr, false);
  if (j.is_discarded()) return {{}, App::error(400, "bad_json", "the body is not valid JSON (or not UTF-8)")};
  if (!j.is_object()) return {{}, App::error(400, "bad_json", "the body must be a JSON object")};
  return {std::move(j), std::nullopt};
}

// A member that must be a string; nullopt (and `error` set) otherwise.
std::optional<std::string> string_member(const json& j, const char* name, std::optional<Response>& error,
                                         bool required = true) {
  const auto it = j.find(name);
  if (it == j.end() || it->is_null()) {
    if (required) error = App::error(400, "missing_field", fmt::format("'{}' is required", name));
    return std::nullopt;
  }
  if (!it->is_string()) {
    error = App::error(400, "wrong_type", fmt::format("'{}' must be a string", name));
    return std::nullopt;
  }
  return it->get<std::string>();
}

// The integer `j` holds when it is one and lies in [low, high], compared
// before any conversion (nlohmann's get<int> of 4294967299 is 3).
std::optional<std::int64_t> integer_in(const json& j, std::int64_t low, std::int64_t high) {
  if (j.is_number_unsigned()) {
    const auto v = j.get<std::uint64_t>();
    if (high < 0 || v > static_cast<std::uint64_t>(high) || (low > 0 && v < static_cast<std::uint64_t>(low)))
      return std::nullopt;
    return static_cast<std::int64_t>(v);
  }
  if (j.is_number_integer()) {
    const auto v = j.get<std::int64_t>();
    if (v < low || v > high) return std::nullopt;
    return v;
  }
  return std::nullopt;
}

std::string page_link(const guide::Guide& g, std::string_view item_id, util::UrlStyle style) {
  const auto slash = item_id.rfind('/');
  const std::string_view anchor = slash == std::string_view::npos ? item_id : item_id.substr(slash + 1);
  return fmt::format("/{}#{}", util::page_url(g.path, style), anchor);
}

json card_json(const engine::QueueItem& item, const engine::Scheduler& scheduler, util::Time now,
               util::UrlStyle style) {
  const guide::Question& q = *item.question;
  const engine::Card card = item.card ? *item.card : engine::new_card(now);
  json intervals = json::array();
  for (const auto& s : scheduler.preview(card, now))
    intervals.push_back(
        engine::format_interval(std::chrono::duration_cast<std::chrono::milliseconds>(s.card.due - now)));
  json j = {{"id", q.id},
            {"guide", item.guide->path},
            {"guide_title", item.guide->title},
            {"url", page_link(*item.guide, q.id, style)},
            {"title", q.title},
            {"level", guide::to_string(q.level)},
            {"state", item.card ? engine::to_string(card.state) : std::string_view("new")},
            {"reps", card.reps},
            {"lapses", card.lapses},
            {"intervals", intervals},
            // Sent back with the grade, so the grade gives the interval shown (Scheduler::review).
            {"previewed", util::format_iso8601(now)}};
  if (q.number) j["number"] = *q.number;
  if (q.hint) j["hint"] = *q.hint;
  if (item.card) j["due"] = util::format_iso8601(card.due);
  if (q.section < item.guide->sections.size() && item.guide->sections[q.section].depth != 0)
    j["section"] = item.guide->sections[q.section].title;
  return j;
}

Response ok(json j) { return json_response(200, dump(j)); }

constexpr const char* k_session_cookie = "prepdeck_session";

// The value of cookie `name` in the request's Cookie header.
std::optional<std::string> cookie(const Request& request, std::string_view name) {
  const auto header = request.get_header("Cookie");
  if (!header) return std::nullopt;
  std::string_view rest = *header;
  while (!rest.empty()) {
    const auto semi = rest.find(';');
    std::string_view pair = rest.substr(0, semi);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
    if (semi == std::string_view::npos) break;
    rest.remove_prefix(semi + 1);
  }
  return std::nullopt;
}

// A response's answer to `item`: option indexes (as written) for a choice
// item, one text per blank (or a string) for fill-in. The refusal otherwise.
std::optional<Response> parse_answer(const guide::QuizItem& item, const json& a, engine::QuizAnswer& answer,
                                     std::string& as_given) {
  if (item.kind == guide::QuizKind::fill) {
    if (a.is_string()) {
      answer.blanks.push_back(a.get<std::string>());
    } else if (a.is_array() && std::all_of(a.begin(), a.end(), [](const json& x) { return x.is_string(); })) {
      for (const auto& x : a) answer.blanks.push_back(x.get<std::string>());
    } else {
      return App::error(400, "wrong_type", "a fill-in answer is a string or an array of strings");
    }
    for (const auto& b : answer.blanks) as_given += (as_given.empty() ? "" : " | ") + b;
    return std::nullopt;
  }
  if (!a.is_array()) return App::error(400, "wrong_type", "a choice answer is an array of option indexes");
  for (const auto& x : a) {
    if (!x.is_number_unsigned() || x.get<std::uint64_t>() >= item.options.size())
      return App::error(400, "bad_option", "option indexes run from 0 to the number of options - 1");
    answer.chosen.push_back(x.get<std::size_t>());
    as_given += (as_given.empty() ? "" : ",") + std::to_string(x.get<std::size_t>() + 1);
  }
  return std::nullopt;
}

std::string quiz_anchor_link(const guide::Guide& g, std::string_view item_id, util::UrlStyle style) {
  const auto slash = item_id.rfind('/');
  const std::string_view anchor = slash == std::string_view::npos ? item_id : item_id.substr(slash + 1);
  return fmt::format("/{}#quiz-{}", util::page_url(g.path, style), anchor);
}

json level_item_json(const engine::BankEntry& e, std::size_t number, int max_items, util::UrlStyle style) {
  json j = {{"number", number}, {"max_items", max_items}, {"topic", e.topic}, {"guide", e.guide->path}};
  if (e.quiz != nullptr) {
    j["id"] = e.quiz->id;
    j["kind"] = "quiz";
    j["quiz_kind"] = guide::to_string(e.quiz->kind);
    j["url"] = quiz_anchor_link(*e.guide, e.quiz->id, style);
    j["options"] = e.quiz->options.size();
  } else {
    j["id"] = e.question->id;
    j["kind"] = "question";
    j["url"] = page_link(*e.guide, e.question->id, style);
    j["title"] = e.question->title;
    if (e.question->number) j["question_number"] = *e.question->number;
    if (e.question->hint) j["hint"] = *e.question->hint;
  }
  return j;
}

json level_result_json(const store::LevelResult& r) {
  json sections = json::array();
  for (const auto& s : r.sections)
    sections.push_back({{"section", s.section},
                        {"theta", s.theta},
                        {"standard_error", s.standard_error},
                        {"items", s.items},
                        {"right", s.right}});
  return {{"verdict", r.verdict}, {"theta", r.theta}, {"standard_error", r.standard_error},
          {"items", r.items},     {"scope", r.scope}, {"sections", sections}};
}

}  // namespace

void App::api(const Request& request, std::string_view route, Reply reply) {
  if (is_write(request.method) && request.body.size() > m_options.max_body) {
    reply(error(413, "body_too_large", fmt::format("the body is over {} bytes", m_options.max_body)));
    return;
  }
  const Caller caller = identify(request);
  // A session the database cannot read now is not a logged-out one.
  if (caller.failure) return reply(store_error(*caller.failure));
  if (is_write(request.method)) {
    const auto token = request.get_header("X-CSRF-Token");
    if (!token || *token != caller.csrf) {
      reply(error(403, "csrf", "a state-changing request needs the X-CSRF-Token of GET /api/session"));
      return;
    }
  }
  const auto method_not_allowed = [&](const char* allow) {
    Response r = error(405, "method_not_allowed", fmt::format("{} answers {}", request.path, allow));
    r.headers.emplace_back("Allow", allow);
    reply(std::move(r));
  };
  const bool get = request.method == Method::get || request.method == Method::head;
  if (route == "session") {
    if (!get) return method_not_allowed("GET");
    return reply(session(caller));
  }
  if (route == "reload") {
    if (!get) return method_not_allowed("GET");
    return reload(request, std::move(reply));
  }
  if (route == "levels.svg") {
    if (!get) return method_not_allowed("GET");
    return reply(level_chart(request));
  }
  if (route == "comments" && get) return reply(get_comments(caller, request));
  if (m_options.mode == Mode::users) {
    if (route == "signup" || route == "login") {
      if (request.method != Method::post) return method_not_allowed("POST");
      return sign_in(route == "signup", request, std::move(reply));
    }
    if (route == "logout") {
      if (request.method != Method::post) return method_not_allowed("POST");
      return sign_out(caller, std::move(reply));
    }
  }
  if (!caller.user) {
    if (route == "marks" || route.starts_with("marks/") || route.starts_with("review") || route == "quiz-attempts" ||
        route == "levels" || route.starts_with("level-tests") || route.starts_with("comments") ||
        route.starts_with("reveals/") || route.starts_with("analytics"))
      return reply(error(401, "login_required", "log in to keep progress on the server"));
    return reply(error(404, "not_found", fmt::format("no API route {}", request.path)));
  }
  const store::User& user = *caller.user;
  if (route == "marks") {
    if (!get) return method_not_allowed("GET");
    return reply(get_marks(user));
  }
  if (route.starts_with("marks/")) {
    if (request.method != Method::put) return method_not_allowed("PUT");
    return put_mark(user, route.substr(6), request, std::move(reply));
  }
  if (route == "review/queue") {
    if (!get) return method_not_allowed("GET");
    return reply(review_queue(user, request));
  }
  if (route == "reviews") {
    if (request.method != Method::post) return method_not_allowed("POST");
    return post_review(user, request, std::move(reply));
  }
  if (route.starts_with("reviews/") && route.ends_with("/undo")) {
    if (request.method != Method::post) return method_not_allowed("POST");
    return undo_review(user, route.substr(8, route.size() - 8 - 5), std::move(reply));
  }
  if (route == "quiz-attempts") {
    if (request.method == Method::post) return post_quiz_attempt(user, request, std::move(reply));
    if (!get) return method_not_allowed("GET, POST");
    return reply(get_quiz_attempts(user));
  }
  if (route == "levels") {
    if (!get) return method_not_allowed("GET");
    return reply(get_levels(user));
  }
  if (route.starts_with("reveals/")) {
    if (request.method != Method::post) return method_not_allowed("POST");
    return post_reveal(user, route.substr(8), std::move(reply));
  }
  if (route == "analytics" || route == "analytics.csv") {
    if (!get) return method_not_allowed("GET");
    return reply(analytics(user, route == "analytics.csv"));
  }
  if (route == "comments") {
    if (request.method != Method::post) return method_not_allowed("GET, POST");
    return post_comment(user, request, std::move(reply));
  }
  if (route.starts_with("comments/")) {
    if (request.method != Method::put && request.method != Method::del) return method_not_allowed("PUT, DELETE");
    return change_comment(user, route.substr(9), request, std::move(reply));
  }
  if (route == "level-tests") {
    if (request.method != Method::post) return method_not_allowed("POST");
    return start_level_test(user, request, std::move(reply));
  }
  if (route.starts_with("level-tests/") && route.ends_with("/answers")) {
    if (request.method != Method::post) return method_not_allowed("POST");
    return answer_level_test(user, route.substr(12, route.size() - 12 - 8), request, std::move(reply));
  }
  if (route.starts_with("level-tests/") && route.ends_with("/stop")) {
    if (request.method != Method::post) return method_not_allowed("POST");
    return stop_level_test(user, route.substr(12, route.size() - 12 - 5), std::move(reply));
  }
  reply(error(404, "not_found", fmt::format("no API route {}", request.path)));
}

std::string App::client_address(const Request& request) const {
  if (std::find(m_options.trusted_proxies.begin(), m_options.trusted_proxies.end(), request.remote) ==
      m_options.trusted_proxies.end())
    return request.remote;
  const auto forwarded = request.get_header("X-Forwarded-For");
  if (!forwarded) return request.remote;
  // nginx's $proxy_add_x_forwarded_for appends the address it saw: the last one.
  const std::size_t comma = forwarded->rfind(',');
  const std::string_view last = util::trim(comma == std::string_view::npos ? *forwarded : forwarded->substr(comma + 1));
  if (last.empty() || last.size() > 45 || !std::all_of(last.begin(), last.end(), [](char c) {
        return std::isxdigit(static_cast<unsigned char>(c)) != 0 || c == '.' || c == ':';
      }))
    return request.remote;
  return std::string(last);
}

App::Caller App::identify(const Request& request) {
  Caller caller;
  caller.csrf = m_options.csrf_token;
  if (m_options.mode == Mode::local) {
    caller.user = m_user;
    return caller;
  }
  const auto token = cookie(request, k_session_cookie);
  if (!token || token->size() != 64) return caller;
  const std::string hash = sha256_hex(*token);
  auto reader = m_db.reader();
  auto found = reader->signed_in(hash, m_options.clock());
  if (!found) caller.failure = found.error();
  if (!found || !*found) return caller;
  caller.user = (*found)->second;
  caller.csrf = (*found)->first.csrf;
  caller.session_hash = hash;
  return caller;
}

Response App::session(const Caller& caller) const {
  json user = nullptr;
  if (caller.user) user = {{"id", caller.user->id}, {"name", caller.user->name}, {"admin", caller.user->admin}};
  return ok({{"mode", m_options.mode == Mode::local ? "local" : "users"},
             {"user", user},
             {"csrf", caller.csrf},
             {"version", m_site.current()->version()}});
}

std::optional<Response> App::reserve(const std::vector<store::RateKey>& keys, std::string_view code,
                                     std::string_view message) {
  const util::Time now = m_options.clock();
  auto reader = m_db.reader();
  // Now and then, the keys whose windows have passed are forgotten.
  if (m_reservations.fetch_add(1) % 256 == 255) (void)reader->expire_rates(now);
  const auto verdict = reader->reserve_rate(keys, now);
  if (!verdict) return store_error(verdict.error());
  if (verdict->allowed) return std::nullopt;
  Response r = error(429, code, message);
  r.headers.emplace_back("Retry-After", std::to_string(verdict->retry_after.count()));
  return r;
}

void App::release(const std::vector<store::RateKey>& keys) {
  auto reader = m_db.reader();
  for (const auto& k : keys) (void)reader->release_rate(k.key);
}

const std::string& App::decoy_hash() const {
  if (m_options.hash_cost == HashCost::interactive) {
    static const std::string hash = hash_password("decoy password", HashCost::interactive).value_or("");
    return hash;
  }
  static const std::string cheap = hash_password("decoy password", HashCost::minimum).value_or("");
  return cheap;
}

void App::sign_in(bool signup, const Request& request, Reply reply) {
  auto parsed = parse_object(request);
  if (parsed.refused) return reply(std::move(*parsed.refused));
  std::optional<Response> refused;
  const auto name = string_member(parsed.value, "name", refused);
  const auto password = refused ? std::nullopt : string_member(parsed.value, "password", refused);
  if (refused) return reply(std::move(*refused));
  if (signup) {
    if (!store::is_valid_user_name(*name)) return reply(error(400, "bad_name", store::k_user_name_rule));
    if (password->size() < 8 || password->size() > 1024)
      return reply(error(400, "bad_password", "a password has 8 to 1024 characters"));
  }
  // Each check reserves its slots before it runs and keeps them while it runs:
  // failed logins per address and per name, sign-ups per address. A burst of
  // requests sent at once is held to the limits as one sent in turn would be.
  // The slots are in the database: every instance counts the same ones.
  std::vector<store::RateKey> slots;
  if (signup) {
    slots.push_back(
        {"signup-address:" + client_address(request), m_options.signups_per_address, m_options.signup_window});
  } else {
    slots.push_back({"login-address:" + client_address(request), m_options.login_attempts, m_options.login_window});
    // A name of any length may be tried; the key stays small.
    slots.push_back({"login-name:" + (name->size() <= 64 ? *name : sha256_hex(*name)), m_options.login_attempts,
                     m_options.login_window});
  }
  if (auto refused_now = signup ? reserve(slots, "too_many_signups", "too many sign-ups from here; wait a while")
                                : reserve(slots, "too_many_attempts", "too many failed logins; wait a few minutes"))
    return reply(std::move(*refused_now));
  const auto give_back = [this, slots] { release(slots); };
  const bool secure = m_options.secure_cookies || request.get_header("X-Forwarded-Proto").value_or("") == "https";
  // argon2id takes about 0.1 s: on the password thread, not this one.
  auto shared_reply = std::make_shared<Reply>(std::move(reply));
  const bool queued =
      m_passwords.post([this, signup, secure, give_back, name = *name, password = *password, shared_reply] {
        Reply& answer = *shared_reply;
        // A sign-up: the password hashed. A login: the user found and the password checked.
        std::string hash;
        auto user = std::make_shared<store::User>();  // a sign-up's is filled in by its write job
        if (signup) {
          auto hashed = hash_password(password, m_options.hash_cost);
          if (!hashed) return answer(error(503, "internal", hashed.error().message));
          hash = std::move(*hashed);
        } else {
          std::optional<std::pair<store::User, std::string>> found;
          {
            auto reader = m_db.reader();
            auto looked = reader->find_user(name);
            if (!looked) {
              give_back();
              return answer(store_error(looked.error()));
            }
            found = std::move(*looked);
          }
          // A hash is checked even for an unknown name, at the cost the real ones
          // have, so the time taken does not tell which names exist.
          const bool right = verify_password(password, found ? found->second : decoy_hash()) && found;
          if (!right) return answer(error(401, "bad_login", "wrong name or password"));  // the slots stay taken
          give_back();  // a login that succeeds is not a failure
          *user = found->first;
        }
        open_session(signup, std::move(user), name, std::move(hash), secure, std::move(shared_reply));
      });
  if (!queued) {
    give_back();
    Response r = error(503, "busy", "too many sign-ups and logins at once; try again in a moment");
    r.headers.emplace_back("Retry-After", "1");
    (*shared_reply)(std::move(r));
  }
}

void App::open_session(bool signup, std::shared_ptr<store::User> user, std::string name, std::string hash, bool secure,
                       std::shared_ptr<Reply> reply) {
  const std::string token = random_token(32);
  const util::Time now = m_options.clock();
  const store::Session session{sha256_hex(token), user->id, random_token(32), now, now + m_options.session_lifetime};
  const auto lifetime = std::chrono::duration_cast<std::chrono::seconds>(m_options.session_lifetime).count();
  // A sign-up's account and its first session are written together, in the group commit.
  m_db.write(
      [signup, user, session, name = std::move(name),
       hash = std::move(hash)](store::Store& st) -> util::Expected<void> {
        if (!signup) return st.create_session(session);
        auto made = st.create_user(name, hash, false);
        if (!made) return tl::unexpected(made.error());
        *user = *made;
        store::Session first = session;
        first.user = made->id;
        return st.create_session(first);
      },
      [=](const util::Expected<void>& done) {
        Reply& reply_now = *reply;
        if (!done) {
          if (signup && done.error().code == util::ErrorCode::conflict)
            return reply_now(error(409, "name_taken", done.error().message));
          return reply_now(store_error(done.error()));
        }
        Response r = json_response(
            signup ? 201 : 200,
            dump({{"user", {{"id", user->id}, {"name", user->name}, {"admin", user->admin}}}, {"csrf", session.csrf}}));
        r.headers.emplace_back("Set-Cookie", fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax{}",
                                                         k_session_cookie, token, lifetime, secure ? "; Secure" : ""));
        reply_now(std::move(r));
      });
}

void App::sign_out(const Caller& caller, Reply reply) {
  const auto clear = [](Response r) {
    r.headers.emplace_back("Set-Cookie",
                           fmt::format("{}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax", k_session_cookie));
    return r;
  };
  if (!caller.session_hash) return reply(clear(ok({{"user", nullptr}})));
  const std::string hash = *caller.session_hash;
  m_db.write([hash](store::Store& st) { return st.delete_session(hash); },
             [clear, reply = std::move(reply)](const util::Expected<void>& done) {
               if (!done) return reply(store_error(done.error()));
               reply(clear(ok({{"user", nullptr}})));
             });
}

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

std::string App::next_card_json(const store::User& user, const LiveSite& live, const std::string& guide_path) {
  engine::ReviewQueue queue(live.guides, m_options.new_per_day, guide_path);
  const util::Time now = m_options.clock();
  {
    auto reader = m_db.reader();
    auto cards = reader->cards(user.id);
    auto today = reader->reviews(user.id, util::start_of_local_day(now));
    if (!cards || !today) throw std::runtime_error(!cards ? cards.error().message : today.error().message);
    queue.load(*cards, *today);
  }
  const auto [due, fresh] = queue.counts(now);
  json j = {{"due", due}, {"new", fresh}, {"total", queue.items().size()}};
  const auto next = queue.pick(now);
  j["card"] = next ? card_json(queue.items()[*next], m_scheduler, now, live.guides.url_style) : json(nullptr);
  if (!next) {
    std::optional<util::Time> soonest;
    for (const auto& item : queue.items()) {
      if (item.card && item.card->state != engine::CardState::fresh && (!soonest || item.card->due < *soonest))
        soonest = item.card->due;
    }
    if (soonest) j["next_due"] = util::format_iso8601(*soonest);
  }
  return dump(j);
}

Response App::review_queue(const store::User& user, const Request& request) {
  const auto live = m_site.current();
  std::string guide_path(request.param("guide").value_or(""));
  if (!guide_path.empty() && live->guide(guide_path) == nullptr)
    return error(404, "unknown_guide", fmt::format("no guide at '{}'", guide_path));
  return json_response(200, next_card_json(user, *live, guide_path));
}

void App::post_review(const store::User& who, const Request& request, Reply reply) {
  auto parsed = parse_object(request);
  if (parsed.refused) return reply(std::move(*parsed.refused));
  std::optional<Response> refused;
  const auto card_id = string_member(parsed.value, "card", refused);
  if (refused) return reply(std::move(*refused));
  const auto rating_it = parsed.value.find("rating");
  if (rating_it == parsed.value.end() || !rating_it->is_number_integer())
    return reply(error(400, "wrong_type", "'rating' must be an integer 1-4"));
  // Range-checked before any conversion: 4294967299 is not 3.
  const auto rating_number = integer_in(*rating_it, 1, 4);
  const auto rating = rating_number ? engine::rating_from_number(static_cast<int>(*rating_number)) : std::nullopt;
  if (!rating) return reply(error(400, "bad_rating", "'rating' must be 1 (again), 2 (hard), 3 (good) or 4 (easy)"));
  int duration_ms = 0;
  if (const auto d = parsed.value.find("duration_ms"); d != parsed.value.end() && !d->is_null()) {
    const auto ms = integer_in(*d, 0, 86'400'000);
    if (!ms) return reply(error(400, "wrong_type", "'duration_ms' must be an integer of milliseconds, at most a day"));
    duration_ms = static_cast<int>(*ms);
  }
  const util::Time now = m_options.clock();
  // When the card's grades were shown (its "previewed"): the fuzz is drawn as
  // the preview drew it. A preview from the future or over a day old is not
  // the one the learner saw: the grade is then scheduled from now.
  std::optional<util::Time> previewed;
  if (const auto p = parsed.value.find("previewed"); p != parsed.value.end() && !p->is_null()) {
    const auto at = p->is_string() ? util::parse_iso8601(p->get<std::string>()) : std::nullopt;
    if (!at)
      return reply(error(400, "wrong_type", "'previewed' is the card's \"previewed\" time, as the queue gave it"));
    if (*at <= now && now - *at <= std::chrono::hours(24)) previewed = *at;
  }
  std::string guide_path(request.param("guide").value_or(""));
  const auto live = m_site.current();
  const guide::Guide* owner = nullptr;
  if (live->question(*card_id, &owner) == nullptr)
    return reply(error(404, "unknown_question", fmt::format("no question has the id '{}'", *card_id)));

  struct Outcome {
    std::int64_t review_id = 0;
    engine::Card after;
  };
  auto outcome = std::make_shared<Outcome>();
  const store::UserId user = who.id;
  const std::string guide = owner->path;
  const engine::Scheduler* scheduler = &m_scheduler;
  // The card is read inside the batch, so two grades of one card in one
  // batch build on each other.
  auto job = [=, id = *card_id, r = *rating](store::Store& st) -> util::Expected<void> {
    auto existing = st.card(user, id);
    if (!existing) return tl::unexpected(existing.error());
    const engine::Card before = *existing ? engine::from_store((*existing)->state) : engine::new_card(now);
    const engine::Scheduled after = scheduler->review(before, now, r, previewed);
    store::Review review;
    review.card_id = id;
    review.guide = guide;
    review.rating = static_cast<int>(r);
    review.reviewed = now;
    review.duration_ms = duration_ms;
    review.before = engine::to_store(before);
    review.after = engine::to_store(after.card);
    review.mark = engine::mark_for_rating(static_cast<int>(r));  // one progress (engine/known.h)
    auto saved = st.record_review(user, review);
    if (!saved) return tl::unexpected(saved.error());
    outcome->review_id = *saved;
    outcome->after = after.card;
    return {};
  };
  m_db.write(std::move(job), [this, who, outcome, live, guide_path, now,
                              reply = std::move(reply)](const util::Expected<void>& done) {
    if (!done) return reply(store_error(done.error()));
    try {
      json j = json::parse(next_card_json(who, *live, guide_path));
      j["review"] = {
          {"id", outcome->review_id},
          {"state", engine::to_string(outcome->after.state)},
          {"due", util::format_iso8601(outcome->after.due)},
          {"interval",
           engine::format_interval(std::chrono::duration_cast<std::chrono::milliseconds>(outcome->after.due - now))}};
      reply(json_response(201, dump(j)));
    } catch (const std::exception& e) {
      reply(error(503, "store", e.what()));
    }
  });
}

void App::undo_review(const store::User& who, std::string_view id_text, Reply reply) {
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
  if (ec != std::errc() || end != id_text.data() + id_text.size() || id <= 0)
    return reply(error(400, "bad_id", "a review id is a positive integer"));
  auto undone = std::make_shared<std::optional<store::Review>>();
  const store::UserId user = who.id;
  m_db.write(
      [=](store::Store& st) -> util::Expected<void> {
        auto r = st.undo_review(user, id);
        if (!r) return tl::unexpected(r.error());
        *undone = std::move(*r);
        return {};
      },
      [undone, id, reply = std::move(reply)](const util::Expected<void>& done) {
        if (!done) return reply(store_error(done.error()));
        if (!*undone)
          return reply(error(409, "not_undoable",
                             fmt::format("review {} does not exist, or its card was reviewed again since", id)));
        reply(ok({{"undone", id}, {"card", (*undone)->card_id}}));
      });
}

void App::post_quiz_attempt(const store::User& who, const Request& request, Reply reply) {
  auto parsed = parse_object(request);
  if (parsed.refused) return reply(std::move(*parsed.refused));
  std::optional<Response> refused;
  const auto quiz = string_member(parsed.value, "quiz", refused);
  const auto mode = string_member(parsed.value, "mode", refused, false);
  if (refused) return reply(std::move(*refused));
  if (mode && *mode != "practice" && *mode != "exam")
    return reply(error(400, "bad_mode", "'mode' is \"practice\" or \"exam\""));
  const auto live = m_site.current();
  const guide::Guide* page = live->guide(*quiz);
  if (page == nullptr || page->quizzes.empty())
    return reply(error(404, "unknown_quiz", fmt::format("no quiz page at '{}'", *quiz)));
  const auto responses = parsed.value.find("responses");
  if (responses == parsed.value.end() || !responses->is_array() || responses->empty())
    return reply(error(400, "wrong_type", "'responses' must be a non-empty array"));
  // Only the items the parser could read a right answer from are scored, as
  // the page and the terminal score them (prepdeck check tells why the others are not).
  const std::size_t scorable = engine::scorable_items(page->quizzes);
  if (responses->size() > scorable)
    return reply(error(400, "too_many_responses", "more responses than the quiz has items it can score"));

  const engine::QuizItemLevels levels(live->guides);
  store::QuizAttempt attempt;
  attempt.quiz = page->path;
  attempt.mode = mode.value_or("practice");
  attempt.finished = m_options.clock();
  attempt.started = attempt.finished;
  if (const auto s = parsed.value.find("started"); s != parsed.value.end() && s->is_string()) {
    if (auto t = util::parse_iso8601(s->get<std::string>()); t && *t <= attempt.finished) attempt.started = *t;
  }
  attempt.items = static_cast<int>(scorable);
  std::vector<engine::LevelledResult> levelled;
  json scored = json::array();
  std::set<std::string> seen;
  for (const auto& r : *responses) {
    if (!r.is_object()) return reply(error(400, "wrong_type", "each response is an object {item, answer}"));
    std::optional<Response> bad;
    const auto item_id = string_member(r, "item", bad);
    if (bad) return reply(std::move(*bad));
    const guide::Guide* owner = nullptr;
    const guide::QuizItem* item = live->quiz_item(*item_id, &owner);
    if (item == nullptr || owner != page)
      return reply(error(404, "unknown_item", fmt::format("'{}' is not an item of this quiz", *item_id)));
    if (!item->valid)
      return reply(
          error(400, "unscorable_item",
                fmt::format("'{}' cannot be scored (prepdeck check tells why); the page leaves it out", *item_id)));
    if (!seen.insert(*item_id).second)
      return reply(error(400, "duplicate_item", fmt::format("'{}' is answered twice", *item_id)));
    const auto a = r.find("answer");
    if (a == r.end()) return reply(error(400, "missing_field", "each response needs an 'answer'"));
    engine::QuizAnswer answer;
    std::string as_given;
    if (auto refused_answer = parse_answer(*item, *a, answer, as_given)) return reply(std::move(*refused_answer));
    const engine::ItemScore s = engine::score_item(*item, answer, engine::Credit::all_or_nothing);
    attempt.score += s.score;
    attempt.responses.push_back(store::QuizResponse{item->id, as_given, s.score, s.correct});
    levelled.push_back(engine::LevelledResult{levels.of(*item), s.correct});
    scored.push_back({{"item", item->id}, {"correct", s.correct}, {"score", s.score}});
  }
  // Items not answered count as wrong for the verdict, as in the terminal.
  for (const auto& item : page->quizzes) {
    if (item.valid && !seen.count(item.id)) levelled.push_back(engine::LevelledResult{levels.of(item), false});
  }
  attempt.verdict = std::string(guide::to_string(engine::quiz_verdict(levelled)));
  auto id = std::make_shared<std::int64_t>(0);
  const store::UserId user = who.id;
  json result = {{"quiz", attempt.quiz},
                 {"score", attempt.score},
                 {"items", attempt.items},
                 {"verdict", attempt.verdict},
                 {"responses", scored}};
  m_db.write(
      [user, attempt, id](store::Store& st) -> util::Expected<void> {
        auto saved = st.record_quiz_attempt(user, attempt);
        if (!saved) return tl::unexpected(saved.error());
        *id = *saved;
        return {};
      },
      [id, result = std::move(result), reply = std::move(reply)](const util::Expected<void>& done) mutable {
        if (!done) return reply(store_error(done.error()));
        result["id"] = *id;
        reply(json_response(201, dump(result)));
      });
}

Response App::get_quiz_attempts(const store::User& user) {
  auto reader = m_db.reader();
  auto attempts = reader->quiz_attempts(user.id);
  if (!attempts) return store_error(attempts.error());
  json out = json::array();
  for (const auto& a : *attempts) {
    json responses = json::array();
    for (const auto& r : a.responses)
      responses.push_back({{"item", r.item_id}, {"answer", r.answer}, {"correct", r.correct}, {"score", r.score}});
    out.push_back({{"id", a.id},
                   {"quiz", a.quiz},
                   {"started", util::format_iso8601(a.started)},
                   {"finished", util::format_iso8601(a.finished)},
                   {"score", a.score},
                   {"items", a.items},
                   {"verdict", a.verdict},
                   {"mode", a.mode},
                   {"responses", responses}});
  }
  return ok({{"attempts", out}});
}

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

void App::reload(const Request& request, Reply reply) {
  std::string since;
  if (const auto s = request.param("since")) {
    const bool hex = s->size() <= 16 && std::all_of(s->begin(), s->end(), [](char c) {
                       return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                     });
    if (!hex) return reply(error(400, "bad_version", "'since' is a version: up to 16 hex digits"));
    since = std::string(*s);
  }
  m_site.wait_for_change(std::move(since), m_options.long_poll, [reply = std::move(reply)](const std::string& version) {
    reply(ok({{"version", version}}));
  });
}

std::optional<Response> App::rebuild_level_test(store::LevelTestState state, LevelTest& test) const {
  test.live = m_site.current();
  test.bank = engine::make_level_bank(test.live->guides);
  if (!state.scope.empty()) {
    // A guide or folder: the entries whose guide path starts with it.
    engine::LevelBank kept;
    for (std::size_t i = 0; i < test.bank.entries.size(); ++i) {
      if (!test.bank.entries[i].guide->path.starts_with(state.scope)) continue;
      kept.entries.push_back(test.bank.entries[i]);
      kept.items.push_back(test.bank.items[i]);
    }
    test.bank = std::move(kept);
  }
  if (test.bank.items.empty())
    return error(404, "empty_bank", fmt::format("no questions to place you with under '{}'", state.scope));
  engine::PlacementOptions options = m_options.placement;
  options.seed = static_cast<std::uint64_t>(state.seed);
  test.placement = std::make_unique<engine::Placement>(test.bank.items, options);
  // The same seed, bank and responses ask the same questions in the same
  // order on every instance; an answer to an item this bank would not have
  // asked means the guides changed under the test.
  for (const auto& [item, right] : state.responses) {
    const auto asked = test.placement->next_item();
    if (!asked || test.bank.items[*asked].id != item)
      return error(409, "test_outdated", "the guides changed since this level test began; start a new one");
    test.placement->record(*asked, right);
  }
  test.current = test.placement->next_item();
  test.state = std::move(state);
  return std::nullopt;
}

void App::start_level_test(const store::User& who, const Request& request, Reply reply) {
  auto parsed = parse_object(request);
  if (parsed.refused) return reply(std::move(*parsed.refused));
  std::optional<Response> refused;
  const std::string scope = string_member(parsed.value, "scope", refused, false).value_or("");
  if (refused) return reply(std::move(*refused));
  const util::Time now = m_options.clock();
  LevelTest test;
  if (auto failed =
          rebuild_level_test({random_token(16), who.id, scope, now.time_since_epoch().count(), {}, now, now}, test))
    return reply(std::move(*failed));
  {
    // In the database, so that any instance answers the next request. A
    // learner's own oldest test makes room for their next, so one learner
    // starting many cannot push out anyone else's.
    auto reader = m_db.reader();
    const auto room = reader->prune_level_tests(now - m_options.level_test_idle, who.id,
                                                static_cast<int>(m_options.max_level_tests_per_user) - 1,
                                                static_cast<int>(m_options.max_level_tests) - 1);
    if (!room) return reply(store_error(room.error()));
    if (auto made = reader->create_level_test(test.state); !made) return reply(store_error(made.error()));
  }
  reply(json_response(
      201, dump({{"test", test.state.id},
                 {"scope", level_scope(test)},
                 {"bank", test.bank.items.size()},
                 {"item", level_item_json(test.bank.entries[*test.current], 1, test.placement->options().max_items,
                                          test.live->guides.url_style)}})));
}

std::optional<Response> App::find_level_test(const store::User& who, std::string_view id, LevelTest& test) const {
  std::optional<store::LevelTestState> state;
  {
    auto reader = m_db.reader();
    auto found = reader->level_test(id, who.id);
    if (!found) return store_error(found.error());
    state = std::move(*found);
  }
  if (!state || m_options.clock() - state->updated > m_options.level_test_idle)
    return error(404, "unknown_test", "no level test in progress has that id");
  return rebuild_level_test(std::move(*state), test);
}

std::string App::level_scope(const LevelTest& test) {
  return test.state.scope.empty() ? "all guides" : test.state.scope;
}

void App::answer_level_test(const store::User& who, std::string_view id, const Request& request, Reply reply) {
  auto test = std::make_shared<LevelTest>();
  if (auto failed = find_level_test(who, id, *test)) return reply(std::move(*failed));
  auto parsed = parse_object(request);
  if (parsed.refused) return reply(std::move(*parsed.refused));
  std::optional<Response> refused;
  const auto item_id = string_member(parsed.value, "item", refused);
  if (refused) return reply(std::move(*refused));
  if (!test->current || test->bank.items[*test->current].id != *item_id)
    return reply(error(409, "not_current", "answer the item the test asked last"));
  bool correct = false;
  const engine::BankEntry& e = test->bank.entries[*test->current];
  if (e.quiz != nullptr) {
    const auto a = parsed.value.find("answer");
    if (a == parsed.value.end()) return reply(error(400, "missing_field", "a quiz item needs an 'answer'"));
    engine::QuizAnswer answer;
    std::string as_given;
    if (auto bad = parse_answer(*e.quiz, *a, answer, as_given)) return reply(std::move(*bad));
    correct = engine::score_item(*e.quiz, answer, engine::Credit::all_or_nothing).correct;
  } else {
    // Self-graded as in review: 'rating' 1-4, where Hard, Good and Easy are
    // passes (engine/known.h); 'knew' true or false is still read.
    const auto rating = parsed.value.find("rating");
    const auto knew = parsed.value.find("knew");
    if (rating != parsed.value.end()) {
      const auto number = rating->is_number_integer() ? integer_in(*rating, 1, 4) : std::nullopt;
      if (!number) return reply(error(400, "bad_rating", "'rating' must be 1 (again), 2 (hard), 3 (good) or 4 (easy)"));
      correct = engine::is_pass(static_cast<int>(*number));
    } else if (knew != parsed.value.end() && knew->is_boolean()) {
      correct = knew->get<bool>();
    } else {
      return reply(error(400, "wrong_type", "a study question is self-graded: 'rating' is 1-4"));
    }
  }
  const std::size_t answered = test->state.responses.size();
  test->placement->record(*test->current, correct);
  test->current = test->placement->next_item();
  test->state.responses.emplace_back(*item_id, correct);
  test->state.updated = m_options.clock();
  const json feedback = {{"item", *item_id}, {"correct", correct}};
  if (test->current) {
    util::Expected<bool> saved = false;
    {
      auto reader = m_db.reader();
      saved = reader->update_level_test(test->state, answered);
    }
    if (!saved) return reply(store_error(saved.error()));
    // Another answer to the same item (from another tab or instance) came first.
    if (!*saved) return reply(error(409, "not_current", "answer the item the test asked last"));
    const auto estimate = test->placement->estimate();
    return reply(
        ok({{"done", false},
            {"answered", feedback},
            {"estimate", {{"theta", estimate.theta}, {"standard_error", estimate.standard_error}}},
            {"item", level_item_json(test->bank.entries[*test->current], test->placement->responses().size() + 1,
                                     test->placement->options().max_items, test->live->guides.url_style)}}));
  }
  finish_level_test(test, answered, [feedback, reply = std::move(reply)](Response r) mutable {
    if (r.status == 201 && r.body) {
      json j = json::parse(*r.body, nullptr, false);
      if (j.is_object()) {
        j["answered"] = feedback;
        r = json_response(201, dump(j));
      }
    }
    reply(std::move(r));
  });
}

void App::stop_level_test(const store::User& who, std::string_view id, Reply reply) {
  auto test = std::make_shared<LevelTest>();
  if (auto failed = find_level_test(who, id, *test)) {
    if (failed->status != 409) return reply(std::move(*failed));
    // The guides changed under it: nothing to score, the test just goes.
    (void)m_db.reader()->delete_level_test(id, who.id);
    return reply(ok({{"done", true}, {"result", nullptr}}));
  }
  if (test->placement->responses().empty()) {
    util::Expected<bool> gone = false;
    {
      auto reader = m_db.reader();
      gone = reader->delete_level_test(id, who.id);
    }
    if (!gone) return reply(store_error(gone.error()));
    return reply(ok({{"done", true}, {"result", nullptr}}));
  }
  finish_level_test(test, test->state.responses.size(), std::move(reply));
}

void App::finish_level_test(std::shared_ptr<LevelTest> test, std::size_t answered, Reply reply) {
  const store::LevelResult result = engine::level_result(*test->placement, level_scope(*test), m_options.clock());
  const engine::LevelWords words = engine::level_words(*test->placement, !test->placement->finished());
  const bool finished = test->placement->finished();
  // The last answer, the result and the end of the test are one write: an
  // answer that came first elsewhere, or a second Stop, leaves no second result.
  m_db.write(
      [test, answered, result](store::Store& st) -> util::Expected<void> {
        auto current = st.update_level_test(test->state, answered);
        if (!current) return tl::unexpected(current.error());
        if (!*current) return util::fail(util::ErrorCode::conflict, "answer the item the test asked last");
        auto saved = st.record_level(test->state.user, result);
        if (!saved) return tl::unexpected(saved.error());
        auto gone = st.delete_level_test(test->state.id, test->state.user);
        if (!gone) return tl::unexpected(gone.error());
        return {};
      },
      [result, words, finished, reply = std::move(reply)](const util::Expected<void>& done) {
        if (!done) {
          if (done.error().code == util::ErrorCode::conflict)
            return reply(error(409, "not_current", done.error().message));
          return reply(store_error(done.error()));
        }
        json j = {{"done", true}, {"finished", finished}, {"result", level_result_json(result)}};
        j["result"]["words"] = {
            {"level", words.level}, {"detail", words.detail}, {"note", words.note}, {"scale", words.scale}};
        reply(json_response(201, dump(j)));
      });
}

namespace {

json comment_json(const store::Comment& c, const std::optional<store::User>& viewer) {
  json j = {{"id", c.id},
            {"guide", c.guide},
            {"user", {{"id", c.user}, {"name", c.user_name}}},
            {"body", c.body},
            {"created", util::format_iso8601(c.created)},
            {"mine", viewer && viewer->id == c.user},
            {"can_delete", viewer && (viewer->id == c.user || viewer->admin)}};
  if (c.edited) j["edited"] = util::format_iso8601(*c.edited);
  j["level"] = c.level.empty() ? json(nullptr) : json{{"verdict", c.level}, {"source", c.level_source}};
  return j;
}

// The comment's text, or the refusal: a string of 1 to `max` bytes once trimmed.
std::optional<Response> comment_body(const json& j, std::size_t max, std::string& body) {
  std::optional<Response> refused;
  const auto text = string_member(j, "body", refused);
  if (refused) return refused;
  const std::string_view t = util::trim(*text);
  if (t.empty() || t.size() > max)
    return App::error(400, "bad_comment", fmt::format("a comment has 1 to {} bytes of text", max));
  body = std::string(t);
  return std::nullopt;
}

}  // namespace

Response App::get_comments(const Caller& caller, const Request& request) {
  const auto live = m_site.current();
  const std::string guide(request.param("guide").value_or(""));
  const guide::Guide* g = live->guide(guide);
  if (g == nullptr) return error(404, "unknown_guide", fmt::format("no guide at '{}'", guide));
  auto reader = m_db.reader();
  auto list = reader->comments(g->path);
  if (!list) return store_error(list.error());
  json out = json::array();
  for (const auto& c : *list) out.push_back(comment_json(c, caller.user));
  return ok({{"guide", g->path}, {"comments", out}, {"can_comment", caller.user.has_value()}});
}

void App::post_comment(const store::User& who, const Request& request, Reply reply) {
  auto parsed = parse_object(request);
  if (parsed.refused) return reply(std::move(*parsed.refused));
  std::optional<Response> refused;
  const auto guide = string_member(parsed.value, "guide", refused);
  if (refused) return reply(std::move(*refused));
  const auto live = m_site.current();
  const guide::Guide* g = live->guide(*guide);
  if (g == nullptr) return reply(error(404, "unknown_guide", fmt::format("no guide at '{}'", *guide)));
  std::string body;
  if (auto bad = comment_body(parsed.value, m_options.max_comment_bytes, body)) return reply(std::move(*bad));
  const util::Time now = m_options.clock();
  // The slot is taken before the write, so comments sent at once count at once;
  // the store's count of saved ones still holds the limit across restarts.
  const std::vector<store::RateKey> slot = {
      {fmt::format("comment:{}", who.id), m_options.comments_per_minute, std::chrono::minutes(1)}};
  if (auto refused_now = reserve(slot, "too_many_comments", "a few comments a minute at most; try again shortly"))
    return reply(std::move(*refused_now));
  {
    util::Expected<int> recent = 0;
    {
      auto reader = m_db.reader();
      recent = reader->comments_since(who.id, now - std::chrono::minutes(1));
    }
    if (!recent || *recent >= m_options.comments_per_minute) release(slot);
    if (!recent) return reply(store_error(recent.error()));
    if (*recent >= m_options.comments_per_minute) {
      Response r = error(429, "too_many_comments", "a few comments a minute at most; try again shortly");
      r.headers.emplace_back("Retry-After", "60");
      return reply(std::move(r));
    }
  }
  auto id = std::make_shared<std::int64_t>(0);
  const std::string path = g->path;
  m_db.write(
      [=, user = who.id](store::Store& st) -> util::Expected<void> {
        auto added = st.add_comment(user, path, body, now);
        if (!added) return tl::unexpected(added.error());
        *id = *added;
        return {};
      },
      [this, id, who, slot, reply = std::move(reply)](const util::Expected<void>& done) {
        if (!done) {
          release(slot);
          return reply(store_error(done.error()));
        }
        auto reader = m_db.reader();
        auto c = reader->comment(*id);
        if (!c || !*c) return reply(error(503, "store", "the comment was saved but cannot be read back"));
        reply(json_response(201, dump(comment_json(**c, who))));
      });
}

void App::change_comment(const store::User& who, std::string_view id_text, const Request& request, Reply reply) {
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
  if (ec != std::errc() || end != id_text.data() + id_text.size() || id <= 0)
    return reply(error(400, "bad_id", "a comment id is a positive integer"));
  std::optional<store::Comment> existing;
  {
    auto reader = m_db.reader();
    auto c = reader->comment(id);
    if (!c) return reply(store_error(c.error()));
    existing = std::move(*c);
  }
  if (!existing) return reply(error(404, "unknown_comment", fmt::format("no comment {}", id)));
  const bool del = request.method == Method::del;
  if (existing->user != who.id && !(del && who.admin))
    return reply(error(403, "not_yours",
                       del ? "only its author or an admin deletes a comment" : "only its author edits a comment"));
  if (del) {
    m_db.write([id](store::Store& st) { return st.delete_comment(id); },
               [id, reply = std::move(reply)](const util::Expected<void>& done) {
                 if (!done) return reply(store_error(done.error()));
                 reply(ok({{"deleted", id}}));
               });
    return;
  }
  auto parsed = parse_object(request);
  if (parsed.refused) return reply(std::move(*parsed.refused));
  std::string body;
  if (auto bad = comment_body(parsed.value, m_options.max_comment_bytes, body)) return reply(std::move(*bad));
  const std::vector<store::RateKey> slot = {
      {fmt::format("comment-edit:{}", who.id), m_options.comment_edits_per_minute, std::chrono::minutes(1)}};
  if (auto refused_now = reserve(slot, "too_many_edits", "a few comment edits a minute at most; try again shortly"))
    return reply(std::move(*refused_now));
  const util::Time now = m_options.clock();
  m_db.write([id, body, now](store::Store& st) { return st.edit_comment(id, body, now); },
             [this, id, who, slot, reply = std::move(reply)](const util::Expected<void>& done) {
               if (!done) {
                 release(slot);
                 return reply(store_error(done.error()));
               }
               auto reader = m_db.reader();
               auto c = reader->comment(id);
               if (!c || !*c) return reply(error(404, "unknown_comment", "the comment is gone"));
               reply(ok(comment_json(**c, who)));
             });
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
  struct Bar {
    const char* level;
    const char* label;
    const char* color;
    int count = 0;
  };
  Bar bars[] = {{"beginner", "Beginner", "#1b7f3b"},
                {"intermediate", "Intermediate", "#9a6700"},
                {"advanced", "Advanced", "#c62828"}};
  for (const auto& l : levels) {
    for (auto& b : bars) {
      if (l == b.level) ++b.count;
    }
  }
  const int total = bars[0].count + bars[1].count + bars[2].count;
  const int most = std::max({bars[0].count, bars[1].count, bars[2].count, 1});
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"360\" height=\"104\" viewBox=\"0 0 360 104\" "
      "role=\"img\" aria-labelledby=\"t\" font-family=\"system-ui, sans-serif\" font-size=\"13\">"
      "<title id=\"t\">Levels of this guide's learners: {} beginner, {} intermediate, {} advanced</title>",
      bars[0].count, bars[1].count, bars[2].count);
  for (int i = 0; i < 3; ++i) {
    const int y = 8 + i * 30;
    const int width = bars[i].count * 200 / most;
    svg += fmt::format(
        "<text x=\"0\" y=\"{}\" fill=\"#59636e\">{}</text><rect x=\"100\" y=\"{}\" width=\"{}\" height=\"18\" "
        "rx=\"3\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" fill=\"#59636e\">{}</text>",
        y + 14, bars[i].label, y, std::max(width, 2), bars[i].color, 108 + width, y + 14, bars[i].count);
  }
  if (total == 0) svg += "<text x=\"100\" y=\"100\" fill=\"#59636e\" font-size=\"11\">No levels yet.</text>";
  svg += "</svg>\n";
  Response r;
  r.content_type = "image/svg+xml";
  r.body = std::make_shared<const std::string>(std::move(svg));
  r.headers.emplace_back("Cache-Control", "no-cache");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return r;
}

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

namespace {

// A CSV field (RFC 4180): quoted when it holds a comma, quote or line break.
// A leading =, +, - or @ is prefixed with ' so a spreadsheet does not run it.
std::string csv_field(std::string_view text) {
  std::string t(text);
  if (!t.empty() && (t[0] == '=' || t[0] == '+' || t[0] == '-' || t[0] == '@')) t.insert(t.begin(), '\'');
  if (t.find_first_of(",\"\r\n") == std::string::npos) return t;
  std::string out = "\"";
  for (const char c : t) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

Response App::analytics(const store::User& who, bool csv) {
  if (!who.admin) return error(403, "admins_only", "author analytics are for admins");
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
    std::string out =
        "kind,id,guide,title,level,attempts_or_reveals,share_right_or_knew,discrimination_or_difficulty,"
        "option_picks,flags\r\n";
    for (const auto& g : live->guides.guides) {
      for (const auto& q : g.questions) {
        const auto it = by_id.find(q.id);
        const store::QuestionStats* st = it == by_id.end() ? nullptr : it->second;
        const int marks = st ? st->knew + st->review : 0;
        out += fmt::format("question,{},{},{},{},{},{},{},,\r\n", csv_field(q.id), csv_field(g.path),
                           csv_field(q.title), guide::to_string(q.level), st ? st->reveals : 0,
                           marks ? fmt::format("{:.3f}", static_cast<double>(st->knew) / marks) : "",
                           st && st->cards ? fmt::format("{:.2f}", st->mean_difficulty) : "");
      }
    }
    for (const auto& a : items) {
      std::string picks;
      for (std::size_t k = 0; k < a.option_picks.size(); ++k)
        picks += (k ? ";" : "") + std::to_string(a.option_picks[k]);
      std::string flags;
      for (const auto& f : a.flags) flags += (flags.empty() ? "" : "; ") + f;
      out += fmt::format("quiz_item,{},{},{},{},{},{},{},{},{}\r\n", csv_field(a.item->id), csv_field(a.guide->path),
                         csv_field(a.item->question_markdown), guide::to_string(a.level), a.attempts,
                         a.attempts ? fmt::format("{:.3f}", a.share_correct) : "",
                         a.discrimination ? fmt::format("{:.3f}", *a.discrimination) : "", picks, csv_field(flags));
    }
    Response r;
    r.content_type = "text/csv; charset=utf-8";
    r.body = std::make_shared<const std::string>(std::move(out));
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
