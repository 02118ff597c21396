// Sliding-window limits by key ("login-address:1.2.3.4", "comment:42"), held
// in memory and safe to call from every serving thread at once.
//
// A slot is reserved before the work it guards and counts from that moment,
// so requests that arrive together are held to the limit as strictly as
// requests one after another (30 logins at once from one address get 5
// password checks, not 30). When the work turns out not to count (a login
// that succeeded, a write that failed) the caller gives the slot back.
//
// Keys are forgotten only when their window has passed: a flood of new keys
// never clears the old ones (it once did, at 100,000 keys, which unlocked
// every locked name). Memory is bounded by `max_keys`; past it, reservations
// for new keys are refused until old ones expire, so a flood fails closed.
// Expiry costs O(log n) a reservation: a heap of (expiry, key).
//
// Issue "scale-out" moves this state into the database for several
// instances; this class is the interface those limits will keep.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <queue>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "util/time.h"

namespace prepdeck::server {

struct Limit {
  int count = 5;                                               // reservations allowed...
  std::chrono::milliseconds window{std::chrono::minutes(15)};  // ...within any window this long
};

class RateLimiter {
 public:
  // `clock`: empty for the system clock (tests pass their own).
  explicit RateLimiter(util::Clock clock = {}, std::size_t max_keys = 1'000'000);

  struct Verdict {
    bool allowed = false;
    std::chrono::seconds retry_after{0};  // when refused: until a slot frees up (at least 1 s)
    bool full = false;                    // refused because the table is full of live keys
  };

  // Reserves one slot under `limit` for every key, all or none, atomically.
  Verdict reserve(const std::vector<std::pair<std::string, Limit>>& keys);
  Verdict reserve(const std::string& key, Limit limit) { return reserve({{key, limit}}); }

  // Whether `reserve` would allow `key` now; reserves nothing and creates no key.
  bool allows(const std::string& key, Limit limit);

  // Gives back the newest slot of `key` (the work it guarded did not count).
  void release(const std::string& key);

  std::size_t keys() const;

 private:
  struct Entry {
    std::deque<util::Time> slots;  // reservation times, oldest first
    std::chrono::milliseconds window{0};
  };
  // Drops the slots of `e` older than its window; true when none is left.
  static bool prune(Entry& e, util::Time now);
  void expire(util::Time now);  // the caller holds m_mutex

  util::Clock m_clock;
  std::size_t m_max_keys;
  mutable std::mutex m_mutex;
  std::unordered_map<std::string, Entry> m_entries;
  // (when a key may expire, key), soonest on top; a key may be in it more than once.
  std::priority_queue<std::pair<util::Time, std::string>, std::vector<std::pair<util::Time, std::string>>,
                      std::greater<>>
      m_expiry;
};

}  // namespace prepdeck::server
