#include "store/sqlite/sqlite_store.h"

#include <sqlite3.h>

#include <charconv>
#include <cstring>
#include <filesystem>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "store/sql.h"
#include "store/sql_store.h"
#include "util/unicode.h"

namespace prepdeck::store {

namespace {

// What an SQLite result code means to a caller: a constraint is a conflict
// (a taken name), a busy, locked, full or failing database is unavailable.
util::ErrorCode error_code(int rc) {
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      return util::ErrorCode::conflict;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
      return util::ErrorCode::unavailable;
    default:
      return util::ErrorCode::failed;
  }
}

// A prepared statement and where each $N parameter binds (SQLite numbers
// named parameters by first appearance, which need not be N).
struct Prepared {
  sqlite3_stmt* stmt = nullptr;
  std::vector<int> slots;  // slots[N - 1]: the bind index of $N
  bool busy = false;       // rows are being read from it
};

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

class SqliteRows final : public sql::Rows {
 public:
  // `owned`: a statement prepared for this call alone (its cached twin was busy).
  SqliteRows(sqlite3* db, Prepared* prepared, bool owned) : m_db(db), m_prepared(prepared), m_owned(owned) {}
  SqliteRows(sqlite3* db, util::Error error) : m_db(db), m_error(std::move(error)) {}
  ~SqliteRows() override {
    if (m_prepared == nullptr) return;
    if (m_owned) {
      sqlite3_finalize(m_prepared->stmt);
      delete m_prepared;
      return;
    }
    sqlite3_reset(m_prepared->stmt);
    sqlite3_clear_bindings(m_prepared->stmt);
    m_prepared->busy = false;
  }
  SqliteRows(const SqliteRows&) = delete;
  SqliteRows& operator=(const SqliteRows&) = delete;

  bool next() override {
    if (m_prepared == nullptr || m_done) return false;
    const int rc = sqlite3_step(m_prepared->stmt);
    if (rc == SQLITE_ROW) return true;
    m_done = true;
    if (rc != SQLITE_DONE) m_error = util::Error{sqlite3_errmsg(m_db), error_code(sqlite3_extended_errcode(m_db))};
    return false;
  }
  bool is_null(int c) const override { return sqlite3_column_type(m_prepared->stmt, c) == SQLITE_NULL; }
  std::int64_t integer(int c) const override { return sqlite3_column_int64(m_prepared->stmt, c); }
  double real(int c) const override { return sqlite3_column_double(m_prepared->stmt, c); }
  std::string text(int c) const override {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_prepared->stmt, c));
    return p == nullptr ? std::string()
                        : std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(m_prepared->stmt, c)));
  }
  util::Expected<void> ok() const override {
    if (m_error) return tl::unexpected(*m_error);
    return {};
  }

 private:
  sqlite3* m_db;
  Prepared* m_prepared = nullptr;
  bool m_owned = false;
  bool m_done = false;
  std::optional<util::Error> m_error;
};

class SqliteConnection final : public sql::Connection {
 public:
  SqliteConnection(sqlite3* db, bool memory) : m_db(db), m_memory(memory) {}
  ~SqliteConnection() override {
    for (auto& [text, prepared] : m_cache) sqlite3_finalize(prepared.stmt);
    sqlite3_close_v2(m_db);
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  sql::Dialect dialect() const override { return sql::Dialect::sqlite; }
  std::string begin_sql() const override { return "BEGIN IMMEDIATE"; }
  util::Expected<void> lock_schema() override { return {}; }
  util::Expected<void> ping() override { return script("SELECT 1"); }
  bool private_to_connection() const override { return m_memory; }
  util::Expected<void> renumber(std::string_view) override { return {}; }  // rowids go on after the largest
  sqlite3* handle() const { return m_db; }

  util::Expected<void> script(const std::string& sql) override {
    char* message = nullptr;
    if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      std::string text = message != nullptr ? message : sqlite3_errmsg(m_db);
      sqlite3_free(message);
      return util::fail(error_code(sqlite3_extended_errcode(m_db)), text);
    }
    return {};
  }

  std::unique_ptr<sql::Rows> query(std::string_view sql, std::span<const sql::Value> params) override {
    Prepared* prepared = nullptr;
    bool owned = false;
    auto cached = m_cache.find(sql);
    if (cached != m_cache.end() && !cached->second.busy) {
      prepared = &cached->second;
    } else {
      auto made = prepare(sql);
      if (!made) return std::make_unique<SqliteRows>(m_db, made.error());
      if (cached == m_cache.end()) {
        prepared = &m_cache.emplace(std::string(sql), std::move(*made)).first->second;
      } else {
        prepared = new Prepared(std::move(*made));
        owned = true;
      }
    }
    prepared->busy = true;
    auto rows = std::make_unique<SqliteRows>(m_db, prepared, owned);
    if (params.size() != prepared->slots.size()) {
      return std::make_unique<SqliteRows>(m_db, util::Error{fmt::format("the statement takes {} parameters, not {}: {}",
                                                                        prepared->slots.size(), params.size(), sql)});
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      const int slot = prepared->slots[i];
      const sql::Value& v = params[i];
      int rc = SQLITE_OK;
      switch (v.kind()) {
        case sql::Value::Kind::null:
          rc = sqlite3_bind_null(prepared->stmt, slot);
          break;
        case sql::Value::Kind::integer:
          rc = sqlite3_bind_int64(prepared->stmt, slot, v.integer());
          break;
        case sql::Value::Kind::real:
          rc = sqlite3_bind_double(prepared->stmt, slot, v.real());
          break;
        case sql::Value::Kind::text:
          rc = sqlite3_bind_text(prepared->stmt, slot, v.text().data(), static_cast<int>(v.text().size()),
                                 SQLITE_TRANSIENT);
          break;
      }
      if (rc != SQLITE_OK) return std::make_unique<SqliteRows>(m_db, util::Error{sqlite3_errmsg(m_db), error_code(rc)});
    }
    return rows;
  }

 private:
  util::Expected<Prepared> prepare(std::string_view sql) {
    Prepared p;
    if (sqlite3_prepare_v3(m_db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &p.stmt,
                           nullptr) != SQLITE_OK) {
      sqlite3_finalize(p.stmt);
      return util::fail(error_code(sqlite3_extended_errcode(m_db)), sqlite3_errmsg(m_db));
    }
    const int count = sqlite3_bind_parameter_count(p.stmt);
    p.slots.assign(static_cast<std::size_t>(count), 0);
    for (int slot = 1; slot <= count; ++slot) {
      const char* name = sqlite3_bind_parameter_name(p.stmt, slot);
      std::size_t n = 0;
      const std::string_view text = name != nullptr ? std::string_view(name) : std::string_view();
      if (text.size() < 2 || text[0] != '$' ||
          std::from_chars(text.data() + 1, text.data() + text.size(), n).ptr != text.data() + text.size() || n < 1 ||
          n > p.slots.size()) {
        sqlite3_finalize(p.stmt);
        return util::fail(fmt::format("parameters are written $1, $2, ... in order, not '{}': {}", text, sql));
      }
      p.slots[n - 1] = slot;
    }
    return p;
  }

  sqlite3* m_db;
  bool m_memory;
  std::unordered_map<std::string, Prepared, StringHash, std::equal_to<>> m_cache;
};

}  // namespace

util::Expected<std::unique_ptr<sql::Connection>> open_sqlite_memory() {
  sqlite3* db = nullptr;
  // The memdb VFS holds the file itself in one buffer: sqlite_image() takes it without a copy or a pass over the
  // pages (a private ":memory:" database keeps pages in the pager's cache only). The name is not shared: no '/'.
  const int rc =
      sqlite3_open_v2("file:prepdeck-image?vfs=memdb", &db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_close_v2(db);
    return util::fail(util::ErrorCode::unavailable,
                      fmt::format("cannot open a database in memory: {}", sqlite3_errstr(rc)));
  }
  return std::make_unique<SqliteConnection>(db, true);
}

namespace {

// Anki's "unicase" collation: the two texts case-folded, then compared.
int compare_unicase(void*, int a_size, const void* a, int b_size, const void* b) {
  const std::string fa = util::case_fold({static_cast<const char*>(a), static_cast<std::size_t>(a_size)});
  const std::string fb = util::case_fold({static_cast<const char*>(b), static_cast<std::size_t>(b_size)});
  const int order = fa.compare(fb);
  return order < 0 ? -1 : order > 0 ? 1 : 0;
}

}  // namespace

util::Expected<std::unique_ptr<sql::Connection>> open_sqlite_image(std::string_view bytes) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_close_v2(db);
    return util::fail(util::ErrorCode::unavailable,
                      fmt::format("cannot open a database in memory: {}", sqlite3_errstr(rc)));
  }
  auto connection = std::make_unique<SqliteConnection>(db, true);
  // The file is untrusted: SQLite's advice for such files (https://sqlite.org/security.html).
  sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 64 << 20);
  sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, 1 << 20);
  sqlite3_limit(db, SQLITE_LIMIT_COLUMN, 100);
  sqlite3_limit(db, SQLITE_LIMIT_EXPR_DEPTH, 10);
  sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
  // Anki's collections index names with a collation of its own, "unicase":
  // Unicode case-insensitive (its Rust crate of that name). Without it the
  // index check below fails; with it, indexes and ORDER BY read as in Anki.
  sqlite3_create_collation(db, "unicase", SQLITE_UTF8, nullptr, compare_unicase);
  if (bytes.size() < 100 || bytes.substr(0, 16) != std::string_view("SQLite format 3\0", 16)) {
    return util::fail(util::ErrorCode::invalid, "not an SQLite database");
  }
  auto* copy = static_cast<unsigned char*>(sqlite3_malloc64(bytes.size()));
  if (copy == nullptr) return util::fail(util::ErrorCode::unavailable, "out of memory");
  std::memcpy(copy, bytes.data(), bytes.size());
  // A file saved in WAL mode (Anki's own collections are) says so in its
  // header's read and write versions (2); an image in memory has no WAL and
  // would not open. Read as a rollback-journal file (1): its pages are the
  // same, as a WAL file checkpointed on close leaves them.
  if (copy[18] == 2 || copy[19] == 2) copy[18] = copy[19] = 1;
  rc = sqlite3_deserialize(db, "main", copy, static_cast<sqlite3_int64>(bytes.size()),
                           static_cast<sqlite3_int64>(bytes.size()),
                           SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY);
  if (rc != SQLITE_OK)
    return util::fail(util::ErrorCode::invalid, fmt::format("not an SQLite database: {}", sqlite3_errstr(rc)));
  for (const char* pragma : {"PRAGMA cell_size_check = ON", "PRAGMA query_only = ON"}) {
    if (auto ok = connection->script(pragma); !ok) return util::fail(util::ErrorCode::invalid, ok.error().message);
  }
  // A damaged file fails here, with SQLite's words, rather than half-way through reading it.
  auto check = connection->query("PRAGMA quick_check(1)", {});
  if (!check->next()) {
    auto ok = check->ok();
    return util::fail(util::ErrorCode::invalid, fmt::format("a damaged SQLite database: {}",
                                                            ok ? "no answer to quick_check" : ok.error().message));
  }
  if (const std::string verdict = check->text(0); verdict != "ok") {
    return util::fail(util::ErrorCode::invalid, "a damaged SQLite database: " + verdict);
  }
  check.reset();
  return connection;
}

util::Expected<std::string> sqlite_image(sql::Connection& connection) {
  auto* sqlite = dynamic_cast<SqliteConnection*>(&connection);
  if (sqlite == nullptr) return util::fail("not an SQLite connection");
  sqlite3_int64 size = 0;
  if (const unsigned char* in_place = sqlite3_serialize(sqlite->handle(), "main", &size, SQLITE_SERIALIZE_NOCOPY)) {
    return std::string(reinterpret_cast<const char*>(in_place), static_cast<std::size_t>(size));
  }
  unsigned char* data = sqlite3_serialize(sqlite->handle(), "main", &size, 0);
  if (data == nullptr) return util::fail(util::ErrorCode::unavailable, "cannot serialize the database: out of memory");
  std::string out(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
  sqlite3_free(data);
  return out;
}

util::Expected<std::unique_ptr<Store>> open_sqlite_store(const std::string& path) {
  if (path != ":memory:") {
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec) return util::fail(fmt::format("cannot create {}: {}", parent.string(), ec.message()));
  }
  sqlite3* db = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return util::fail(util::ErrorCode::unavailable, fmt::format("cannot open {}: {}", path, message));
  }
  auto connection = std::make_unique<SqliteConnection>(db, path == ":memory:" || path.empty());
  // Another process (the terminal and the server share the file) may hold the
  // write lock for a moment: wait for it rather than fail.
  sqlite3_busy_timeout(db, 5000);
  for (const char* pragma : {"PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON"}) {
    if (auto ok = connection->script(pragma); !ok) return util::fail(path, ok.error());
  }
  auto store = open_sql_store(std::move(connection));
  if (!store) return util::fail(path, store.error());
  return store;
}

}  // namespace prepdeck::store
