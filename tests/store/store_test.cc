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
