#include "store/store.h"

#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

namespace prepdeck::store {
namespace {

TEST(StoreUrl, SchemesPickTheBackend) {
  EXPECT_TRUE(open_store("sqlite::memory:"));
  EXPECT_TRUE(open_store(":memory:"));
  const auto unknown = open_store("mysql://localhost/db");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("mysql"), std::string::npos);
  EXPECT_FALSE(open_store(""));
}

// A URL's password is never printed: not in an error, not in a log line.
TEST(StoreUrl, APasswordInAUrlIsNeverPrinted) {
  EXPECT_EQ(redacted_url("postgres://ana:s3cret@db.example:5432/prep"), "postgres://ana:***@db.example:5432/prep");
  EXPECT_EQ(redacted_url("postgresql://ana@db/prep"), "postgresql://ana@db/prep");
  EXPECT_EQ(redacted_url("mysql://u:p%40ss@h/db?x=1"), "mysql://u:***@h/db?x=1");
  EXPECT_EQ(redacted_url("sqlite:/var/lib/prepdeck/progress.db"), "sqlite:/var/lib/prepdeck/progress.db");
  EXPECT_EQ(redacted_url("/home/ana/a:b@c.db"), "/home/ana/a:b@c.db");
  EXPECT_EQ(redacted_url("https://host/path@x:y"), "https://host/path@x:y");  // an @ past the host is no login
  const auto unknown = open_store("mysql://ana:s3cret@localhost/db");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message.find("s3cret"), std::string::npos) << unknown.error().message;
  EXPECT_NE(unknown.error().message.find("mysql://ana:***@localhost/db"), std::string::npos);
  EXPECT_EQ(unknown.error().code, util::ErrorCode::invalid);
}

TEST(StoreUrl, TheDefaultDatabaseFollowsXdgDataHome) {
  const char* saved = std::getenv("XDG_DATA_HOME");
  const std::string keep = saved != nullptr ? saved : "";
  ::setenv("XDG_DATA_HOME", "/data/home", 1);
  EXPECT_EQ(default_database_path(), "/data/home/prepdeck/progress.db");
  ::setenv("XDG_DATA_HOME", "relative", 1);  // not absolute: ignored, as the spec says
  EXPECT_NE(default_database_path().find("/.local/share/prepdeck/progress.db"), std::string::npos);
  if (saved != nullptr) {
    ::setenv("XDG_DATA_HOME", keep.c_str(), 1);
  } else {
    ::unsetenv("XDG_DATA_HOME");
  }
}

}  // namespace
}  // namespace prepdeck::store
