// The SQLite backend: one database file in WAL mode, foreign keys on, fsync
// at every commit (synchronous=FULL). The only file that includes sqlite3.h
// is sqlite_store.cc.
#pragma once

#include <memory>
#include <string>

#include "store/sql.h"
#include "store/store.h"

namespace prepdeck::store {

// Opens (creating it and its folder when missing) and migrates the database
// at `path`; ":memory:" for a private in-memory one.
util::Expected<std::unique_ptr<Store>> open_sqlite_store(const std::string& path);

// SQLite as a file format, not a store (an Anki collection), held in memory:
//   open_sqlite_memory: a new, empty database to fill and then take as bytes;
//   open_sqlite_image: a read-only copy of `bytes`, which are untrusted: SQLite's
//     defensive settings and limits are on, and a damaged file fails here
//     (PRAGMA quick_check), not half-way through reading it;
//   sqlite_image: the database's bytes, as its file would hold them.
util::Expected<std::unique_ptr<sql::Connection>> open_sqlite_memory();
util::Expected<std::unique_ptr<sql::Connection>> open_sqlite_image(std::string_view bytes);
util::Expected<std::string> sqlite_image(sql::Connection& connection);

}  // namespace prepdeck::store
