// The SQLite backend: one database file in WAL mode, foreign keys on, fsync
// at every commit (synchronous=FULL). The only file that includes sqlite3.h
// is sqlite_store.cc.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace prepdeck::store {

// Opens (creating it and its folder when missing) and migrates the database
// at `path`; ":memory:" for a private in-memory one.
util::Expected<std::unique_ptr<Store>> open_sqlite_store(const std::string& path);

}  // namespace prepdeck::store
