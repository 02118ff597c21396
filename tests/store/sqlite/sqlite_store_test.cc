// What only the SQLite backend does: its file, WAL mode, and the files it
// refuses. The store's contract is tested on every backend in sql_store_test.cc.
#include "store/sqlite/sqlite_store.h"

#include <sqlite3.h>

#include <cstdio>
#include <filesystem>

#include <gtest/gtest.h>

#include "store/migrations.h"
#include "tests/support/scratch_dir.h"

namespace prepdeck::store {
namespace {

namespace fs = std::filesystem;

class SqliteStoreTest : public ::testing::Test {
 protected:
  std::string path() const { return m_dir / "sub/progress.db"; }
  test::ScratchDir m_dir{"sqlite-store"};
};

TEST_F(SqliteStoreTest, AnEmptyDatabaseFileIsCreatedWithItsFolder) {
  auto store = open_sqlite_store(path());
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_TRUE(fs::exists(path()));
  EXPECT_EQ((*store)->schema_version(), known_schema_version());
  // The same file through a URL.
  store->reset();
  auto again = open_store("sqlite:" + path());
  ASSERT_TRUE(again);
  EXPECT_EQ((*again)->schema_version(), known_schema_version());
}

TEST_F(SqliteStoreTest, TheDatabaseIsInWalMode) {
  ASSERT_TRUE(open_sqlite_store(path()));
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s, nullptr);
  ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)), "wal");
  sqlite3_finalize(s);
  sqlite3_close(db);
}

TEST_F(SqliteStoreTest, ADatabaseFromANewerPrepdeckIsRefused) {
  ASSERT_TRUE(open_sqlite_store(path()));
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "INSERT INTO schema_migrations VALUES (999, 0)", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  const auto store = open_sqlite_store(path());
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().message.find("newer"), std::string::npos);
  EXPECT_NE(store.error().message.find(path()), std::string::npos);
}

TEST_F(SqliteStoreTest, AFileThatIsNotADatabaseGetsAClearError) {
  fs::create_directories(m_dir.path() / "sub");
  {
    std::FILE* f = std::fopen(path().c_str(), "wb");
    std::fputs("this is not a database, it is a text file that happens to be here\n", f);
    std::fclose(f);
  }
  const auto store = open_sqlite_store(path());
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().message.find(path()), std::string::npos);
}

}  // namespace
}  // namespace prepdeck::store
