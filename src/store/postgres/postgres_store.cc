#include "store/postgres/postgres_store.h"

#include <charconv>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "store/postgres/libpq.h"
#include "store/sql.h"
#include "store/sql_store.h"

namespace prepdeck::store {

namespace {

// libpq's functions. Everything below runs only after open_postgres_store
// loaded it.
const postgres::Libpq& pq() { return **postgres::load_libpq(); }

// What a SQLSTATE means to a caller (PostgreSQL manual, appendix A): an
// integrity constraint is a conflict, a lost connection, a server shutting
// down, out of resources or a serialization failure is unavailable (try
// again), bad data is invalid.
util::ErrorCode error_code(std::string_view state) {
  const std::string_view cls = state.substr(0, 2);
  if (cls == "23") return util::ErrorCode::conflict;
  if (cls == "08" || cls == "53" || cls == "40" || cls == "57" || state == "55P03") return util::ErrorCode::unavailable;
  if (cls == "22") return util::ErrorCode::invalid;
  return util::ErrorCode::failed;
}

// The failure a result holds, if it holds one.
std::optional<util::Error> result_error(PGconn* conn, const PGresult* result) {
  const ExecStatusType status = result == nullptr ? PGRES_FATAL_ERROR : pq().PQresultStatus(result);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return std::nullopt;
  std::string message = result != nullptr ? pq().PQresultErrorMessage(result) : pq().PQerrorMessage(conn);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  if (message.empty()) message = "the database did not answer";
  const char* state = result != nullptr ? pq().PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  // No SQLSTATE: the connection itself failed.
  const util::ErrorCode code = state != nullptr ? error_code(state) : util::ErrorCode::unavailable;
  return util::Error{std::move(message), code};
}

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

class PostgresRows final : public sql::Rows {
 public:
  explicit PostgresRows(PGresult* result) : m_result(result), m_rows(pq().PQntuples(result)) {}
  explicit PostgresRows(util::Error error) : m_error(std::move(error)) {}
  ~PostgresRows() override { pq().PQclear(m_result); }
  PostgresRows(const PostgresRows&) = delete;
  PostgresRows& operator=(const PostgresRows&) = delete;

  bool next() override { return m_result != nullptr && ++m_row < m_rows; }
  bool is_null(int c) const override { return pq().PQgetisnull(m_result, m_row, c) != 0; }
  std::int64_t integer(int c) const override {
    const std::string_view v = value(c);
    std::int64_t out = 0;
    const auto parsed = std::from_chars(v.data(), v.data() + v.size(), out);
    if (parsed.ec != std::errc() && !v.empty()) {
      double d = 0;  // a numeric (sum, avg) with a fraction
      std::from_chars(v.data(), v.data() + v.size(), d);
      return static_cast<std::int64_t>(d);
    }
    return out;
  }
  double real(int c) const override {
    const std::string_view v = value(c);
    double out = 0;
    std::from_chars(v.data(), v.data() + v.size(), out);  // "Infinity" and "NaN" too
    return out;
  }
  std::string text(int c) const override { return std::string(value(c)); }
  util::Expected<void> ok() const override {
    if (m_error) return tl::unexpected(*m_error);
    return {};
  }

 private:
  std::string_view value(int c) const {
    return {pq().PQgetvalue(m_result, m_row, c), static_cast<std::size_t>(pq().PQgetlength(m_result, m_row, c))};
  }

  PGresult* m_result = nullptr;
  int m_rows = 0;
  int m_row = -1;
  std::optional<util::Error> m_error;
};

class PostgresConnection final : public sql::Connection {
 public:
  explicit PostgresConnection(PGconn* conn) : m_conn(conn) {}
  ~PostgresConnection() override { pq().PQfinish(m_conn); }
  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;

  // Settings every session of ours runs with, after a reconnection too: a
  // commit is answered once it is on disk, reals are read back exactly, and
  // the server's notices ("there is no transaction in progress") stay out of
  // our output.
  util::Expected<void> set_up() {
    pq().PQsetNoticeProcessor(
        m_conn, [](void*, const char*) {}, nullptr);
    m_prepared.clear();
    return run_script("SET synchronous_commit = on; SET extra_float_digits = 3; SET client_min_messages = warning");
  }

  sql::Dialect dialect() const override { return sql::Dialect::postgres; }
  std::string begin_sql() const override { return "BEGIN"; }
  util::Expected<void> lock_schema() override {
    // Any number fixed for prepdeck: the lock is held to the end of the migration's transaction.
    return run_script("SELECT pg_advisory_xact_lock(7305269771838750522)");
  }
  util::Expected<void> ping() override { return script("SELECT 1"); }
  util::Expected<void> renumber(std::string_view table) override {
    // `table` is one of the store's own names, never input.
    return script(
        fmt::format("SELECT setval(pg_get_serial_sequence('{0}', 'id'), "
                    "COALESCE((SELECT max(id) FROM {0}), 0) + 1, false)",
                    table));
  }

  util::Expected<void> script(const std::string& sql) override {
    // The deferred writes are answered first; a ROLLBACK runs whatever they say.
    if (auto flushed = flush(); !flushed && sql != "ROLLBACK") return flushed;
    if (auto usable = ensure_usable(sql); !usable) return usable;
    if (m_settled) return {};
    return run_script(sql);
  }

  std::unique_ptr<sql::Rows> query(std::string_view sql, std::span<const sql::Value> params) override {
    if (auto flushed = flush(); !flushed) return std::make_unique<PostgresRows>(flushed.error());
    if (auto usable = ensure_usable(sql); !usable) return std::make_unique<PostgresRows>(usable.error());
    auto name = prepared_name(sql);
    if (!name) return std::make_unique<PostgresRows>(name.error());
    Bound bound;
    if (auto bad = bind(params, bound)) return std::make_unique<PostgresRows>(std::move(*bad));
    PGresult* result = pq().PQexecPrepared(m_conn, name->c_str(), static_cast<int>(params.size()), bound.values.data(),
                                           nullptr, nullptr, 0);
    if (auto failed = settle(result)) {
      pq().PQclear(result);
      return std::make_unique<PostgresRows>(std::move(*failed));
    }
    return std::make_unique<PostgresRows>(result);
  }

  void defer_writes(bool on) override {
    m_deferring = on;
    if (!on) (void)flush();  // COMMIT or ROLLBACK did already
  }

  // While writes are deferred in a transaction, the statement is sent in
  // libpq's pipeline mode and its answer read with the next statement that
  // waits: a batch of N writes costs one round trip, not N. The answers wait
  // in the socket meanwhile: a batch is at most DatabaseOptions::max_batch
  // writes (1024), a few dozen bytes of answer each, far below what the
  // socket buffers hold, so the server never blocks writing to us while we
  // block writing to it.
  util::Expected<void> execute(std::string_view sql, std::span<const sql::Value> params) override {
    if (!m_deferring || !m_in_transaction || m_pipeline_failed) return Connection::execute(sql, params);
    if (pq().PQstatus(m_conn) != CONNECTION_OK)
      return util::fail(util::ErrorCode::unavailable, "the connection to the database was lost in a transaction");
    if (!m_prepared.contains(sql)) {
      // Prepared once per connection, outside the pipeline.
      if (auto flushed = flush(); !flushed) return flushed;
      if (auto name = prepared_name(sql); !name) return tl::unexpected(name.error());
    }
    Bound bound;
    if (auto bad = bind(params, bound)) return tl::unexpected(std::move(*bad));
    if (!m_pipeline) {
      if (pq().PQenterPipelineMode(m_conn) != 1) return Connection::execute(sql, params);
      m_pipeline = true;
    }
    const std::string& name = m_prepared.find(sql)->second;
    if (pq().PQsendQueryPrepared(m_conn, name.c_str(), static_cast<int>(params.size()), bound.values.data(), nullptr,
                                 nullptr, 0) != 1) {
      util::Error failed{trimmed(pq().PQerrorMessage(m_conn)), util::ErrorCode::unavailable};
      (void)flush();
      return tl::unexpected(std::move(failed));
    }
    return {};
  }

 private:
  // Parameters as libpq takes them: text, NULL as a null pointer.
  struct Bound {
    std::vector<std::string> storage;
    std::vector<const char*> values;
  };
  static std::optional<util::Error> bind(std::span<const sql::Value> params, Bound& out) {
    out.storage.assign(params.size(), std::string());
    out.values.assign(params.size(), nullptr);
    for (std::size_t i = 0; i < params.size(); ++i) {
      const sql::Value& v = params[i];
      switch (v.kind()) {
        case sql::Value::Kind::null:
          continue;
        case sql::Value::Kind::integer:
          out.storage[i] = fmt::format("{}", v.integer());
          break;
        case sql::Value::Kind::real:
          out.storage[i] = fmt::format("{}", v.real());  // the shortest text that reads back exactly
          break;
        case sql::Value::Kind::text:
          if (v.text().find('\0') != std::string_view::npos)
            return util::Error{"text with a NUL character cannot be stored", util::ErrorCode::invalid};
          out.storage[i] = std::string(v.text());
          break;
      }
      out.values[i] = out.storage[i].c_str();
    }
    return std::nullopt;
  }

  static std::string trimmed(std::string message) {
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    return message;
  }

  // Ends the pipeline, if one is open: a sync point (which does not end the
  // transaction), every deferred statement's answer read, and the first
  // failure among them returned. After a failure the server skipped the
  // statements behind it and the transaction can only be rolled back; until
  // then no statement is deferred again.
  util::Expected<void> flush() {
    if (!m_pipeline) return {};
    m_pipeline = false;
    std::optional<util::Error> first;
    if (pq().PQpipelineSync(m_conn) != 1) {
      first = util::Error{trimmed(pq().PQerrorMessage(m_conn)), util::ErrorCode::unavailable};
    } else {
      int empty = 0;  // a null result ends one statement's answers; two in a row, nothing is left
      while (true) {
        PGresult* result = pq().PQgetResult(m_conn);
        if (result == nullptr) {
          if (++empty > 1 || pq().PQstatus(m_conn) != CONNECTION_OK) break;
          continue;
        }
        empty = 0;
        const ExecStatusType status = pq().PQresultStatus(result);
        if (!first && status != PGRES_PIPELINE_ABORTED && status != PGRES_PIPELINE_SYNC)
          first = result_error(m_conn, result);
        pq().PQclear(result);
        if (status == PGRES_PIPELINE_SYNC) break;
      }
    }
    (void)pq().PQexitPipelineMode(m_conn);
    if (pq().PQstatus(m_conn) != CONNECTION_OK) {
      if (!first) first = util::Error{"the connection to the database was lost", util::ErrorCode::unavailable};
      first->code = util::ErrorCode::unavailable;
    } else {
      const PGTransactionStatusType t = pq().PQtransactionStatus(m_conn);
      m_in_transaction = t == PQTRANS_INTRANS || t == PQTRANS_INERROR;
    }
    if (first) {
      m_pipeline_failed = m_in_transaction;
      return tl::unexpected(std::move(*first));
    }
    return {};
  }

  util::Expected<void> run_script(const std::string& sql) {
    PGresult* result = pq().PQexec(m_conn, sql.c_str());
    auto failed = settle(result);
    pq().PQclear(result);
    if (failed) return tl::unexpected(std::move(*failed));
    return {};
  }

  // After a statement: its failure, if any, and whether a transaction is open.
  std::optional<util::Error> settle(const PGresult* result) {
    auto failed = result_error(m_conn, result);
    if (pq().PQstatus(m_conn) == CONNECTION_OK) {
      const PGTransactionStatusType t = pq().PQtransactionStatus(m_conn);
      m_in_transaction = t == PQTRANS_INTRANS || t == PQTRANS_INERROR;
      if (!m_in_transaction) m_pipeline_failed = false;
    } else if (failed) {
      failed->code = util::ErrorCode::unavailable;
    }
    return failed;
  }

  // A lost connection is made again before a statement that starts afresh.
  // Inside a transaction it is not: the server rolled the transaction back
  // when the connection went, so its statements fail until the ROLLBACK that
  // ends it (which then has nothing left to do).
  util::Expected<void> ensure_usable(std::string_view sql) {
    m_settled = false;
    if (pq().PQstatus(m_conn) == CONNECTION_OK) return {};
    if (m_in_transaction) {
      if (sql == "ROLLBACK") {
        m_in_transaction = false;
        m_pipeline_failed = false;
        m_settled = true;
        return {};
      }
      return util::fail(util::ErrorCode::unavailable, "the connection to the database was lost in a transaction");
    }
    pq().PQreset(m_conn);
    if (pq().PQstatus(m_conn) != CONNECTION_OK) {
      std::string message = pq().PQerrorMessage(m_conn);
      while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
      return util::fail(util::ErrorCode::unavailable, fmt::format("the database does not answer: {}", message));
    }
    return set_up();
  }

  util::Expected<std::string> prepared_name(std::string_view sql) {
    if (const auto found = m_prepared.find(sql); found != m_prepared.end()) return found->second;
    std::string name = fmt::format("s{}", m_next_name++);
    PGresult* result = pq().PQprepare(m_conn, name.c_str(), std::string(sql).c_str(), 0, nullptr);
    auto failed = settle(result);
    pq().PQclear(result);
    if (failed) return tl::unexpected(std::move(*failed));
    m_prepared.emplace(std::string(sql), name);
    return name;
  }

  PGconn* m_conn;
  std::unordered_map<std::string, std::string, StringHash, std::equal_to<>> m_prepared;
  int m_next_name = 0;
  bool m_in_transaction = false;
  bool m_settled = false;          // the statement asked for needs nothing more (a ROLLBACK after a loss)
  bool m_deferring = false;        // Store::batch: execute() may send without waiting
  bool m_pipeline = false;         // in libpq's pipeline mode, answers unread
  bool m_pipeline_failed = false;  // a deferred write failed: its transaction ends in ROLLBACK
};

}  // namespace

util::Expected<std::unique_ptr<Store>> open_postgres_store(const std::string& url) {
  const std::string shown = redacted_url(url);
  if (url.find('\0') != std::string::npos) return util::fail(util::ErrorCode::invalid, "a database URL holds a NUL");
  if (auto loaded = postgres::load_libpq(); !loaded) return util::fail(shown, loaded.error());
  // The URL's own settings win over these defaults (later keywords override earlier ones).
  const char* const keywords[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* const values[] = {"5", "prepdeck", url.c_str(), nullptr};
  PGconn* conn = pq().PQconnectdbParams(keywords, values, 1);
  if (conn == nullptr) return util::fail(util::ErrorCode::unavailable, fmt::format("{}: out of memory", shown));
  if (pq().PQstatus(conn) != CONNECTION_OK) {
    std::string message = pq().PQerrorMessage(conn);
    pq().PQfinish(conn);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    return util::fail(util::ErrorCode::unavailable, fmt::format("cannot connect to {}: {}", shown, message));
  }
  auto connection = std::make_unique<PostgresConnection>(conn);
  if (auto ready = connection->set_up(); !ready) return util::fail(shown, ready.error());
  auto store = open_sql_store(std::move(connection));
  if (!store) return util::fail(shown, store.error());
  return store;
}

}  // namespace prepdeck::store
