#include "store/postgres/libpq.h"

#include <dlfcn.h>

#include <string>

#include <fmt/format.h>

namespace prepdeck::store::postgres {

namespace {

// The soname Debian's libpq5 installs (stable since PostgreSQL 8.2).
constexpr const char* k_soname = "libpq.so.5";

template <typename Function>
bool resolve(void* library, const char* name, Function& out, std::string& missing) {
  out = reinterpret_cast<Function>(dlsym(library, name));
  if (out == nullptr) missing = name;
  return out != nullptr;
}

util::Expected<Libpq> load() {
  void* library = dlopen(k_soname, RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    const char* why = dlerror();
    return util::fail(
        util::ErrorCode::unavailable,
        fmt::format("PostgreSQL needs libpq ({}; on Debian: apt-get install libpq5)", why != nullptr ? why : k_soname));
  }
  // Never unloaded: connections live until the process ends.
  Libpq pq;
  std::string missing;
  const bool all =
      resolve(library, "PQclear", pq.PQclear, missing) &&
      resolve(library, "PQconnectdbParams", pq.PQconnectdbParams, missing) &&
      resolve(library, "PQenterPipelineMode", pq.PQenterPipelineMode, missing) &&
      resolve(library, "PQerrorMessage", pq.PQerrorMessage, missing) &&
      resolve(library, "PQexec", pq.PQexec, missing) &&
      resolve(library, "PQexecPrepared", pq.PQexecPrepared, missing) &&
      resolve(library, "PQexitPipelineMode", pq.PQexitPipelineMode, missing) &&
      resolve(library, "PQfinish", pq.PQfinish, missing) && resolve(library, "PQgetisnull", pq.PQgetisnull, missing) &&
      resolve(library, "PQgetlength", pq.PQgetlength, missing) &&
      resolve(library, "PQgetResult", pq.PQgetResult, missing) &&
      resolve(library, "PQgetvalue", pq.PQgetvalue, missing) && resolve(library, "PQntuples", pq.PQntuples, missing) &&
      resolve(library, "PQpipelineSync", pq.PQpipelineSync, missing) &&
      resolve(library, "PQprepare", pq.PQprepare, missing) && resolve(library, "PQreset", pq.PQreset, missing) &&
      resolve(library, "PQresultErrorField", pq.PQresultErrorField, missing) &&
      resolve(library, "PQresultErrorMessage", pq.PQresultErrorMessage, missing) &&
      resolve(library, "PQresultStatus", pq.PQresultStatus, missing) &&
      resolve(library, "PQsendQueryPrepared", pq.PQsendQueryPrepared, missing) &&
      resolve(library, "PQsetNoticeProcessor", pq.PQsetNoticeProcessor, missing) &&
      resolve(library, "PQstatus", pq.PQstatus, missing) &&
      resolve(library, "PQtransactionStatus", pq.PQtransactionStatus, missing);
  if (!all)
    return util::fail(util::ErrorCode::unavailable,
                      fmt::format("{} has no {}: libpq is too old (prepdeck needs 14 or later)", k_soname, missing));
  return pq;
}

}  // namespace

util::Expected<const Libpq*> load_libpq() {
  static const util::Expected<Libpq> loaded = load();  // initialised once, thread-safe
  if (!loaded) return tl::unexpected(loaded.error());
  return &*loaded;
}

}  // namespace prepdeck::store::postgres
