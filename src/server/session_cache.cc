#include "server/session_cache.h"

namespace prepdeck::server {

SessionCache::SessionCache(std::chrono::milliseconds ttl, std::size_t capacity, Clock clock)
    : m_ttl(ttl), m_capacity(capacity), m_clock(std::move(clock)) {
  if (!m_clock) m_clock = [] { return std::chrono::steady_clock::now(); };
}

std::optional<SessionCache::SignedIn> SessionCache::find(const std::string& token_hash, store::Time now) {
  if (!enabled()) return std::nullopt;
  const auto at = m_clock();
  std::lock_guard lock(m_mutex);
  const auto it = m_entries.find(token_hash);
  if (it == m_entries.end()) return std::nullopt;
  if (at - it->second.read_at >= m_ttl || it->second.value.first.expires <= now) {
    m_entries.erase(it);
    return std::nullopt;
  }
  return it->second.value;
}

void SessionCache::put(const std::string& token_hash, const SignedIn& signed_in) {
  if (!enabled()) return;
  const auto at = m_clock();
  std::lock_guard lock(m_mutex);
  // Stale entries are only dropped when looked up; a flood of sessions
  // (each needs a login) empties the cache rather than growing it.
  if (m_entries.size() >= m_capacity) m_entries.clear();
  m_entries.insert_or_assign(token_hash, Entry{signed_in, at});
}

void SessionCache::forget(const std::string& token_hash) {
  std::lock_guard lock(m_mutex);
  m_entries.erase(token_hash);
}

std::size_t SessionCache::size() {
  std::lock_guard lock(m_mutex);
  return m_entries.size();
}

}  // namespace prepdeck::server
