// The sessions this instance read lately, so a learner's burst of requests
// costs one database read, not one each. An entry is trusted for a short
// time (`ttl`) and never past the session's own expiry; a logout through
// this instance forgets it at once. What another instance or the CLI does
// to a session or an account (a logout elsewhere, a new password, a removed
// account, admin taken away) is seen here within `ttl`. A ttl of 0 turns
// the cache off: every request reads the database.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "store/store.h"

namespace prepdeck::server {

class SessionCache {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  using SignedIn = std::pair<store::Session, store::User>;

  // `capacity` bounds the entries: past it the cache starts over empty.
  explicit SessionCache(std::chrono::milliseconds ttl, std::size_t capacity = 100'000, Clock clock = {});

  // The session with this token hash and its account, if read within the
  // ttl and not expired at `now` (the application's clock).
  std::optional<SignedIn> find(const std::string& token_hash, store::Time now);
  void put(const std::string& token_hash, const SignedIn& signed_in);
  void forget(const std::string& token_hash);

  bool enabled() const { return m_ttl.count() > 0; }
  std::size_t size();

 private:
  struct Entry {
    SignedIn value;
    std::chrono::steady_clock::time_point read_at;
  };
  std::chrono::milliseconds m_ttl;
  std::size_t m_capacity;
  Clock m_clock;
  std::mutex m_mutex;
  std::unordered_map<std::string, Entry> m_entries;
};

}  // namespace prepdeck::server
