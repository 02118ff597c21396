// The PostgreSQL backend, through libpq: the shared store (sql_store.h) over
// one connection with synchronous_commit on, statements prepared once per
// connection, and a lost connection re-established on the next statement.
// The only files that include libpq are in store/postgres/.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace prepdeck::store {

// Connects to `url` (a libpq URL, postgres:// or postgresql://) and migrates
// the database. Fails with `unavailable` when the server does not answer
// within the URL's connect_timeout (5 s unless it says).
util::Expected<std::unique_ptr<Store>> open_postgres_store(const std::string& url);

}  // namespace prepdeck::store
