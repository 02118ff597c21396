// What only the PostgreSQL backend does: connecting, refusing what it cannot
// use, and coming back after the server drops it. The store's contract is
// tested on every backend in sql_store_test.cc.
#include "store/postgres/postgres_store.h"

#include <unistd.h>

#include <gtest/gtest.h>

#include "store/migrations.h"
#include "tests/support/postgres.h"

namespace prepdeck::store {
namespace {

Time at(std::int64_t ms) { return Time(std::chrono::milliseconds(ms)); }

// A URL whose connections carry an application name of their own, and the
// statement that ends exactly those connections (never another test's on the
// shared server).
struct Severable {
  std::string url;
  std::string sever;
};

Severable severable(const std::string& name) {
  const std::string application = name + "-" + std::to_string(::getpid());
  return {test::fresh_postgres_url() + "&application_name=" + application,
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '" + application + "'"};
}

TEST(PostgresStore, BothSchemesOpenIt) {
  const std::string url = test::fresh_postgres_url();
  auto store = open_store(url);
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_EQ((*store)->schema_version(), known_schema_version());
  ASSERT_EQ(url.rfind("postgresql://", 0), 0u);
  auto short_scheme = open_store("postgres://" + url.substr(13));
  ASSERT_TRUE(short_scheme) << short_scheme.error().message;
}

// Nothing listens: a clear error at once, `unavailable`, the password hidden.
TEST(PostgresStore, AServerThatDoesNotAnswerIsUnavailableAndThePasswordIsNotShown) {
  const auto store = open_store("postgresql://ana:s3cret-Pw@127.0.0.1:1/prepdeck?connect_timeout=2");
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, util::ErrorCode::unavailable);
  EXPECT_EQ(store.error().message.find("s3cret-Pw"), std::string::npos) << store.error().message;
  EXPECT_NE(store.error().message.find("postgresql://ana:***@127.0.0.1:1/prepdeck"), std::string::npos)
      << store.error().message;
}

TEST(PostgresStore, AnUnknownDatabaseIsAClearError) {
  std::string url = test::postgres_server_url();
  url = url.substr(0, url.rfind('/')) + "/no_such_database";
  const auto store = open_store(url);
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().message.find("no_such_database"), std::string::npos) << store.error().message;
}

TEST(PostgresStore, ADatabaseFromANewerPrepdeckIsRefused) {
  const std::string url = test::fresh_postgres_url();
  ASSERT_TRUE(open_store(url));
  ASSERT_TRUE(test::postgres_run(url, "INSERT INTO schema_migrations VALUES (999, 0)"));
  const auto store = open_store(url);
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().message.find("newer"), std::string::npos);
}

// The server ends our connection (a restart, a failover): the statement in
// flight fails as `unavailable`, and the next one reconnects by itself.
TEST(PostgresStore, ALostConnectionIsMadeAgainForTheNextStatement) {
  const Severable db = severable("lost-connection");
  auto opened = open_store(db.url);
  ASSERT_TRUE(opened) << opened.error().message;
  Store& store = **opened;
  const UserId me = store.local_user()->id;
  ASSERT_TRUE(store.set_mark(me, Mark{"q1", "g.md", "knew", at(1)}));
  ASSERT_TRUE(test::postgres_run(test::postgres_server_url(), db.sever));
  // Whether the first statement notices the loss or the reconnection is
  // already done, within two statements the store works again.
  util::Expected<void> wrote = store.set_mark(me, Mark{"q2", "g.md", "knew", at(2)});
  if (!wrote) {
    EXPECT_EQ(wrote.error().code, util::ErrorCode::unavailable) << wrote.error().message;
    wrote = store.set_mark(me, Mark{"q2", "g.md", "knew", at(2)});
  }
  ASSERT_TRUE(wrote) << wrote.error().message;
  EXPECT_EQ(store.marks(me)->size(), 2u);
}

// A transaction whose connection was lost is not half-committed on a new one.
TEST(PostgresStore, ATransactionWhoseConnectionWasLostKeepsNothing) {
  const Severable db = severable("lost-transaction");
  auto opened = open_store(db.url);
  ASSERT_TRUE(opened) << opened.error().message;
  Store& store = **opened;
  const UserId me = store.local_user()->id;
  const auto outcome = store.transaction([&]() -> util::Expected<void> {
    if (auto ok = store.set_mark(me, Mark{"before", "g.md", "knew", at(1)}); !ok) return ok;
    if (!test::postgres_run(test::postgres_server_url(), db.sever)) return util::fail("cannot end the connection");
    return store.set_mark(me, Mark{"after", "g.md", "knew", at(2)});
  });
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code, util::ErrorCode::unavailable) << outcome.error().message;
  const auto marks = store.marks(me);
  ASSERT_TRUE(marks) << marks.error().message;
  EXPECT_TRUE(marks->empty());
}

}  // namespace
}  // namespace prepdeck::store
