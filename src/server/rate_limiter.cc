#include "server/rate_limiter.h"

#include <algorithm>

namespace prepdeck::server {

RateLimiter::RateLimiter(util::Clock clock, std::size_t max_keys) : m_clock(std::move(clock)), m_max_keys(max_keys) {
  if (!m_clock) {
    m_clock = [] { return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()); };
  }
}

bool RateLimiter::prune(Entry& e, util::Time now) {
  while (!e.slots.empty() && e.slots.front() + e.window <= now) e.slots.pop_front();
  return e.slots.empty();
}

void RateLimiter::expire(util::Time now) {
  while (!m_expiry.empty() && m_expiry.top().first <= now) {
    const std::string key = m_expiry.top().second;
    m_expiry.pop();
    auto it = m_entries.find(key);
    if (it != m_entries.end() && prune(it->second, now)) m_entries.erase(it);
  }
}

RateLimiter::Verdict RateLimiter::reserve(const std::vector<std::pair<std::string, Limit>>& keys) {
  std::lock_guard lock(m_mutex);
  const util::Time now = m_clock();
  expire(now);
  Verdict verdict{true, std::chrono::seconds(0), false};
  std::size_t new_keys = 0;
  for (const auto& [key, limit] : keys) {
    auto it = m_entries.find(key);
    if (it == m_entries.end()) {
      ++new_keys;
      if (limit.count <= 0) verdict.allowed = false;
      continue;
    }
    prune(it->second, now);
    if (static_cast<int>(it->second.slots.size()) >= limit.count) {
      verdict.allowed = false;
      const auto frees = it->second.slots.front() + limit.window - now;
      verdict.retry_after = std::max(verdict.retry_after,
                                     std::max(std::chrono::seconds(1), std::chrono::ceil<std::chrono::seconds>(frees)));
    }
  }
  if (verdict.allowed && m_entries.size() + new_keys > m_max_keys) {
    verdict.allowed = false;
    verdict.full = true;
    verdict.retry_after = std::chrono::seconds(60);
  }
  if (!verdict.allowed) return verdict;
  for (const auto& [key, limit] : keys) {
    Entry& e = m_entries[key];
    e.window = limit.window;
    e.slots.push_back(now);
    m_expiry.emplace(now + limit.window, key);
  }
  return verdict;
}

bool RateLimiter::allows(const std::string& key, Limit limit) {
  std::lock_guard lock(m_mutex);
  const util::Time now = m_clock();
  expire(now);
  auto it = m_entries.find(key);
  if (it == m_entries.end()) return limit.count > 0;
  prune(it->second, now);
  return static_cast<int>(it->second.slots.size()) < limit.count;
}

void RateLimiter::release(const std::string& key) {
  std::lock_guard lock(m_mutex);
  auto it = m_entries.find(key);
  if (it == m_entries.end() || it->second.slots.empty()) return;
  it->second.slots.pop_back();
  if (it->second.slots.empty()) m_entries.erase(it);
}

std::size_t RateLimiter::keys() const {
  std::lock_guard lock(m_mutex);
  return m_entries.size();
}

}  // namespace prepdeck::server
