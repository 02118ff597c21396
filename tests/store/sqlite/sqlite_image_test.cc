// SQLite as a file format (store/sqlite/sqlite_store.h): built in memory,
// taken as bytes, and read back from untrusted bytes.
#include <gtest/gtest.h>

#include "store/sql.h"
#include "store/sqlite/sqlite_store.h"

namespace prepdeck::store {
namespace {

std::string image_with_rows(int rows) {
  auto db = open_sqlite_memory();
  EXPECT_TRUE(db.has_value());
  EXPECT_TRUE((*db)->script("CREATE TABLE t (id integer primary key, v text)").has_value());
  for (int i = 0; i < rows; ++i) {
    const std::string text(50, static_cast<char>('a' + i % 26));
    const sql::Value params[] = {i, text};
    EXPECT_TRUE((*db)->execute("INSERT INTO t VALUES ($1, $2)", params).has_value());
  }
  auto bytes = sqlite_image(**db);
  EXPECT_TRUE(bytes.has_value());
  return *bytes;
}

TEST(SqliteImage, WhatIsBuiltInMemoryReadsBack) {
  const std::string bytes = image_with_rows(500);
  EXPECT_EQ(bytes.substr(0, 15), "SQLite format 3");
  auto db = open_sqlite_image(bytes);
  ASSERT_TRUE(db.has_value()) << db.error().message;
  auto rows = (*db)->query("SELECT count(*), max(id) FROM t", {});
  ASSERT_TRUE(rows->next());
  EXPECT_EQ(rows->integer(0), 500);
  EXPECT_EQ(rows->integer(1), 499);
}

// Anki's collections are saved in WAL mode: the header's read and write
// versions say 2. Before this, every real collection failed to open
// ("unable to open database file"), while the decks made in tests did not.
TEST(SqliteImage, AFileSavedInWalModeReadsBack) {
  std::string bytes = image_with_rows(40);
  bytes[18] = 2;
  bytes[19] = 2;
  auto db = open_sqlite_image(bytes);
  ASSERT_TRUE(db.has_value()) << db.error().message;
  auto rows = (*db)->query("SELECT count(*) FROM t", {});
  ASSERT_TRUE(rows->next());
  EXPECT_EQ(rows->integer(0), 40);
  EXPECT_FALSE((*db)->script("DELETE FROM t").has_value());
}

TEST(SqliteImage, AnImageIsReadOnly) {
  auto db = open_sqlite_image(image_with_rows(1));
  ASSERT_TRUE(db.has_value());
  EXPECT_FALSE((*db)->script("DELETE FROM t").has_value());
  EXPECT_FALSE((*db)->script("ATTACH 'x.db' AS x").has_value());
}

TEST(SqliteImage, WhatIsNotADatabaseOrIsDamagedIsRefused) {
  EXPECT_EQ(open_sqlite_image("").error().code, util::ErrorCode::invalid);
  EXPECT_EQ(open_sqlite_image(std::string(4096, 'x')).error().code, util::ErrorCode::invalid);
  std::string damaged = image_with_rows(2000);
  ASSERT_GT(damaged.size(), 40'000u);
  for (std::size_t i = 5000; i < damaged.size(); i += 97) damaged[i] = static_cast<char>(damaged[i] ^ 0x5a);
  auto db = open_sqlite_image(damaged);
  ASSERT_FALSE(db.has_value());
  EXPECT_EQ(db.error().code, util::ErrorCode::invalid);
  EXPECT_NE(db.error().message.find("damaged"), std::string::npos) << db.error().message;
  // Only the header cut off: SQLite finds its pages missing.
  auto cut = open_sqlite_image(image_with_rows(2000).substr(0, 4096));
  EXPECT_FALSE(cut.has_value());
}

}  // namespace
}  // namespace prepdeck::store
