// What a database backend gives the store: a connection that runs SQL with
// numbered parameters ($1, $2, ...) and reads typed columns. The queries,
// the transactions and every rule about learners live once, in sql_store.cc,
// over this; a backend (store/sqlite/, store/postgres/) only drives its
// library. Outside store/, only file formats built on SQLite (an Anki
// collection, through store/sqlite/sqlite_store.h) use it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "util/error.h"

namespace prepdeck::store::sql {

enum class Dialect { sqlite, postgres };

// A parameter: NULL, an integer, a real or text (copied by the backend
// before the call returns).
class Value {
 public:
  enum class Kind { null, integer, real, text };

  Value(std::nullopt_t) {}  // NOLINT(google-explicit-constructor): a NULL parameter
  Value(int v) : m_kind(Kind::integer), m_integer(v) {}
  Value(std::int64_t v) : m_kind(Kind::integer), m_integer(v) {}
  Value(double v) : m_kind(Kind::real), m_real(v) {}
  Value(std::string_view v) : m_kind(Kind::text), m_text(v) {}
  Value(const std::string& v) : m_kind(Kind::text), m_text(v) {}
  Value(const char* v) : m_kind(Kind::text), m_text(v) {}
  Value(bool) = delete;  // a flag is stored as 0 or 1: say which

  Kind kind() const { return m_kind; }
  std::int64_t integer() const { return m_integer; }
  double real() const { return m_real; }
  std::string_view text() const { return m_text; }

 private:
  Kind m_kind = Kind::null;
  std::int64_t m_integer = 0;
  double m_real = 0;
  std::string_view m_text;
};

// The rows of one statement, read forward once. A failure (in preparing,
// binding or running) ends the rows and is kept for ok().
class Rows {
 public:
  virtual ~Rows() = default;
  // Moves to the next row; false at the end or on a failure.
  virtual bool next() = 0;
  virtual bool is_null(int column) const = 0;
  virtual std::int64_t integer(int column) const = 0;
  virtual double real(int column) const = 0;
  virtual std::string text(int column) const = 0;
  virtual util::Expected<void> ok() const = 0;
};

// One connection; used by one thread at a time.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // Statements without parameters, several at once (migrations, BEGIN, COMMIT).
  virtual util::Expected<void> script(const std::string& sql) = 0;
  // One statement; `sql` is kept prepared for the next call with the same
  // text. `params` are read before the call returns.
  virtual std::unique_ptr<Rows> query(std::string_view sql, std::span<const Value> params) = 0;
  // One statement whose rows nobody reads (an INSERT, UPDATE or DELETE).
  // While writes are deferred, inside a transaction, a backend may send it
  // without waiting for its answer (PostgreSQL's pipeline mode): its failure
  // then comes back from the next statement that waits (a query, a script;
  // COMMIT at the latest), and the transaction fails as a whole.
  virtual util::Expected<void> execute(std::string_view sql, std::span<const Value> params) {
    auto rows = query(sql, params);
    while (rows->next()) {
    }
    return rows->ok();
  }
  // Turns deferred writes on or off (Store::batch).
  virtual void defer_writes(bool on) { (void)on; }
  // The statement that opens a transaction that writes.
  virtual std::string begin_sql() const = 0;
  // Serializes schema migrations among processes, inside the migration's
  // transaction (PostgreSQL: an advisory lock; SQLite's BEGIN IMMEDIATE
  // already holds the one write lock).
  virtual util::Expected<void> lock_schema() = 0;
  // Whether the server answers (reconnecting when the connection was lost).
  virtual util::Expected<void> ping() = 0;
  // A database no other connection sees (SQLite's :memory:).
  virtual bool private_to_connection() const { return false; }
  // After rows were added with their ids: the numbering of `table`'s `id`
  // goes on after the largest (PostgreSQL's identity sequence; SQLite does so itself).
  virtual util::Expected<void> renumber(std::string_view table) = 0;
};

// `sql` written for both backends, with the column types that differ spelled
// as placeholders: {id} an integer key the database numbers, {without_rowid}
// SQLite's table option; TEXT is COLLATE "C" in PostgreSQL (bytewise, as SQLite).
std::string dialect_sql(std::string_view sql, Dialect dialect);

}  // namespace prepdeck::store::sql
