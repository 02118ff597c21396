// The schema, as one list of numbered steps for every backend. Each step is
// written once (sql::dialect_sql spells the few types that differ) and runs
// once, in order; a database is migrated in one transaction under the
// backend's schema lock, so several processes starting at once against an
// empty database migrate it exactly once.
#pragma once

#include <span>

namespace prepdeck::store {

struct Migration {
  int version;
  const char* sql;
};

std::span<const Migration> migrations();

// The newest step this build knows; a database migrated further is refused.
int known_schema_version();

}  // namespace prepdeck::store
