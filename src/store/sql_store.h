// The Store over any SQL backend: every query, transaction and rule about
// learners is here once, written in the SQL SQLite and PostgreSQL share, with
// $1, $2, ... parameters. A backend hands over a connection (sql.h).
#pragma once

#include <memory>

#include "store/sql.h"
#include "store/store.h"

namespace prepdeck::store {

// Migrates the database behind `connection` (refusing one migrated further
// than this build knows) and returns the store over it.
util::Expected<std::unique_ptr<Store>> open_sql_store(std::unique_ptr<sql::Connection> connection);

}  // namespace prepdeck::store
