// Accounts and sessions (docs/API.md): who is calling, sign-up, login,
// logout, and the rate limits that guard them.
#include <algorithm>
#include <cctype>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "server/api_support.h"
#include "server/app.h"
#include "server/crypto.h"
#include "util/text.h"

namespace prepdeck::server {

using namespace api;

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
  std::string hash = sha256_hex(*token);
  const auto now = m_options.clock();
  auto known = m_sessions.find(hash, now);
  if (!known) {
    auto found = m_db.reader()->signed_in(hash, now);
    if (!found) caller.failure = found.error();
    if (!found || !*found) return caller;
    known = std::move(**found);
    m_sessions.put(hash, *known);
  }
  caller.user = known->second;
  caller.csrf = known->first.csrf;
  caller.session_hash = std::move(hash);
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
  m_sessions.forget(hash);
  m_db.write([hash](store::Store& st) { return st.delete_session(hash); },
             [this, hash, clear, reply = std::move(reply)](const util::Expected<void>& done) {
               // Again once deleted: a request in between may have read it back.
               m_sessions.forget(hash);
               if (!done) return reply(store_error(done.error()));
               reply(clear(ok({{"user", nullptr}})));
             });
}
}  // namespace prepdeck::server
