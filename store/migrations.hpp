#pragma once
// The SQLite schema as an ordered list of migration steps, applied at open.
#include "model/time.hpp"
#include "store/sqlite_handle.hpp"

namespace vigil::store::sqlite {

// The schema version this build creates and understands.
int latest_schema_version();

// The version recorded in the database's schema_version table (0 for a new database).
int schema_version(Connection& connection);

// Applies every step newer than the database's version, each in its own transaction, and
// records it in schema_version. Throws Failure if the database is newer than this build.
void migrate(Connection& connection, Timestamp now);

}  // namespace vigil::store::sqlite
