#include "server/session_cache.h"

#include <chrono>
#include <string>

#include <gtest/gtest.h>

namespace prepdeck::server {
namespace {

using namespace std::chrono_literals;

store::Time at(std::int64_t ms) { return store::Time(std::chrono::milliseconds(ms)); }

SessionCache::SignedIn signed_in(std::string name, store::Time expires) {
  store::Session session;
  session.token_hash = "h-" + name;
  session.user = 7;
  session.csrf = "csrf-" + name;
  session.expires = expires;
  store::User user;
  user.id = 7;
  user.name = std::move(name);
  return {session, user};
}

struct FakeSteady {
  std::chrono::steady_clock::time_point now{};
  SessionCache::Clock clock() {
    return [this] { return now; };
  }
};

TEST(SessionCache, AnEntryIsTrustedForItsTtlAndNeverPastTheSessionsExpiry) {
  FakeSteady steady;
  SessionCache cache(1000ms, 100, steady.clock());
  cache.put("a", signed_in("ana", at(50'000)));
  const auto found = cache.find("a", at(10'000));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->second.name, "ana");
  EXPECT_EQ(found->first.csrf, "csrf-ana");
  steady.now += 999ms;
  EXPECT_TRUE(cache.find("a", at(10'000)));
  steady.now += 1ms;
  EXPECT_FALSE(cache.find("a", at(10'000))) << "read 1000 ms ago: read again";
  EXPECT_EQ(cache.size(), 0u);
  cache.put("a", signed_in("ana", at(50'000)));
  EXPECT_FALSE(cache.find("a", at(50'000))) << "the session itself has expired";
  EXPECT_FALSE(cache.find("unknown", at(0)));
}

TEST(SessionCache, ForgetEndsAnEntryAndZeroTurnsTheCacheOff) {
  FakeSteady steady;
  SessionCache cache(1000ms, 100, steady.clock());
  cache.put("a", signed_in("ana", at(50'000)));
  cache.put("b", signed_in("bob", at(50'000)));
  cache.forget("a");
  EXPECT_FALSE(cache.find("a", at(0)));
  EXPECT_TRUE(cache.find("b", at(0)));
  SessionCache off(0ms, 100, steady.clock());
  EXPECT_FALSE(off.enabled());
  off.put("a", signed_in("ana", at(50'000)));
  EXPECT_FALSE(off.find("a", at(0)));
  EXPECT_EQ(off.size(), 0u);
}

TEST(SessionCache, ItNeverHoldsMoreThanItsCapacity) {
  FakeSteady steady;
  SessionCache cache(60'000ms, 8, steady.clock());
  for (int i = 0; i < 100; ++i) {
    cache.put("k" + std::to_string(i), signed_in("u", at(50'000)));
    EXPECT_LE(cache.size(), 8u);
  }
  EXPECT_TRUE(cache.find("k99", at(0))) << "the newest entry is kept";
}

}  // namespace
}  // namespace prepdeck::server
