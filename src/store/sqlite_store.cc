#include "store/sqlite_store.h"

#include <sqlite3.h>

#include <filesystem>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace prepdeck::store {

namespace {

// Numbered migrations: each runs once, in order, in its own transaction.
struct Migration {
  int version;
  const char* sql;
};

constexpr Migration k_migrations[] = {
    {1, R"sql(
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  admin INTEGER NOT NULL DEFAULT 0,
  created_ms INTEGER NOT NULL,
  password_hash TEXT
);
CREATE TABLE cards (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  card_id TEXT NOT NULL,
  guide TEXT NOT NULL DEFAULT '',
  due_ms INTEGER NOT NULL,
  stability REAL NOT NULL,
  difficulty REAL NOT NULL,
  elapsed_days INTEGER NOT NULL,
  scheduled_days INTEGER NOT NULL,
  reps INTEGER NOT NULL,
  lapses INTEGER NOT NULL,
  learning_steps INTEGER NOT NULL,
  state INTEGER NOT NULL CHECK (state BETWEEN 0 AND 3),
  last_review_ms INTEGER,
  PRIMARY KEY (user_id, card_id)
) WITHOUT ROWID;
CREATE INDEX cards_due ON cards(user_id, due_ms);
CREATE TABLE reviews (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  card_id TEXT NOT NULL,
  guide TEXT NOT NULL DEFAULT '',
  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
  reviewed_ms INTEGER NOT NULL,
  duration_ms INTEGER NOT NULL DEFAULT 0,
  before TEXT NOT NULL,
  after TEXT NOT NULL
);
CREATE INDEX reviews_user_time ON reviews(user_id, reviewed_ms);
CREATE TABLE quiz_attempts (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  quiz TEXT NOT NULL,
  started_ms INTEGER NOT NULL,
  finished_ms INTEGER NOT NULL,
  score REAL NOT NULL,
  items INTEGER NOT NULL,
  verdict TEXT NOT NULL,
  mode TEXT NOT NULL
);
CREATE TABLE quiz_responses (
  attempt_id INTEGER NOT NULL REFERENCES quiz_attempts(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  item_id TEXT NOT NULL,
  answer TEXT NOT NULL,
  score REAL NOT NULL,
  correct INTEGER NOT NULL,
  PRIMARY KEY (attempt_id, position)
);
CREATE TABLE level_results (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  scope TEXT NOT NULL,
  taken_ms INTEGER NOT NULL,
  theta REAL NOT NULL,
  standard_error REAL NOT NULL,
  items INTEGER NOT NULL,
  verdict TEXT NOT NULL,
  sections TEXT NOT NULL
);
)sql"},
    {2, R"sql(
CREATE TABLE marks (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  question_id TEXT NOT NULL,
  guide TEXT NOT NULL DEFAULT '',
  mark TEXT NOT NULL CHECK (mark IN ('knew', 'review')),
  updated_ms INTEGER NOT NULL,
  PRIMARY KEY (user_id, question_id)
) WITHOUT ROWID;
)sql"},
    {3, R"sql(
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_expiry ON sessions(expires_ms);
)sql"},
    {4, R"sql(
CREATE TABLE comments (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  guide TEXT NOT NULL,
  body TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  edited_ms INTEGER
);
CREATE INDEX comments_guide ON comments(guide, id);
CREATE INDEX comments_user_time ON comments(user_id, created_ms);
CREATE INDEX quiz_attempts_user ON quiz_attempts(user_id, finished_ms);
CREATE INDEX level_results_user ON level_results(user_id, taken_ms);
)sql"},
    {5, R"sql(
CREATE TABLE reveals (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  question_id TEXT NOT NULL,
  count INTEGER NOT NULL,
  last_ms INTEGER NOT NULL,
  PRIMARY KEY (user_id, question_id)
) WITHOUT ROWID;
)sql"},
    // A review marks its question (Review::mark); the mark it replaced comes
    // back when the review is undone. Older reviews leave marks alone.
    {6, R"sql(
ALTER TABLE reviews ADD COLUMN mark TEXT NOT NULL DEFAULT '' CHECK (mark IN ('', 'knew', 'review'));
ALTER TABLE reviews ADD COLUMN mark_before TEXT CHECK (mark_before IN ('knew', 'review'));
)sql"},
};

constexpr const char* k_local_user = "local";

std::int64_t ms(Time t) { return t.time_since_epoch().count(); }
Time at_ms(std::int64_t value) { return Time(std::chrono::milliseconds(value)); }

nlohmann::json to_json(const CardState& c) {
  nlohmann::json j = {{"due", ms(c.due)},
                      {"s", c.stability},
                      {"d", c.difficulty},
                      {"elapsed", c.elapsed_days},
                      {"scheduled", c.scheduled_days},
                      {"reps", c.reps},
                      {"lapses", c.lapses},
                      {"step", c.learning_steps},
                      {"state", c.state}};
  j["last"] = c.last_review ? nlohmann::json(ms(*c.last_review)) : nlohmann::json(nullptr);
  return j;
}

CardState card_from_json(const std::string& text) {
  CardState c;
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return c;
  c.due = at_ms(j.value("due", std::int64_t{0}));
  c.stability = j.value("s", 0.0);
  c.difficulty = j.value("d", 0.0);
  c.elapsed_days = j.value("elapsed", 0);
  c.scheduled_days = j.value("scheduled", 0);
  c.reps = j.value("reps", 0);
  c.lapses = j.value("lapses", 0);
  c.learning_steps = j.value("step", 0);
  c.state = j.value("state", 0);
  if (j.contains("last") && j["last"].is_number_integer()) c.last_review = at_ms(j["last"].get<std::int64_t>());
  return c;
}

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

// A prepared statement; bind with 1-based indexes, step, read columns.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) : m_db(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr) != SQLITE_OK) keep_error();
  }
  ~Statement() { sqlite3_finalize(m_stmt); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int i, std::int64_t v) {
    if (m_stmt != nullptr) sqlite3_bind_int64(m_stmt, i, v);
    return *this;
  }
  Statement& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  Statement& bind(int i, double v) {
    if (m_stmt != nullptr) sqlite3_bind_double(m_stmt, i, v);
    return *this;
  }
  Statement& bind(int i, std::string_view v) {
    if (m_stmt != nullptr) sqlite3_bind_text(m_stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind_null(int i) {
    if (m_stmt != nullptr) sqlite3_bind_null(m_stmt, i);
    return *this;
  }

  // True while there is a row; errors are kept for ok().
  bool step() {
    if (m_stmt == nullptr) return false;
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) keep_error();
    return false;
  }
  util::Expected<void> run() {
    while (step()) {
    }
    return ok();
  }
  util::Expected<void> ok() const {
    if (m_error.empty()) return {};
    return util::fail(m_code, m_error);
  }

  std::int64_t integer(int col) const { return sqlite3_column_int64(m_stmt, col); }
  double real(int col) const { return sqlite3_column_double(m_stmt, col); }
  bool is_null(int col) const { return sqlite3_column_type(m_stmt, col) == SQLITE_NULL; }
  std::string text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, col));
    return p == nullptr ? std::string() : std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, col)));
  }

 private:
  void keep_error() {
    m_error = sqlite3_errmsg(m_db);
    m_code = error_code(sqlite3_extended_errcode(m_db));
  }

  sqlite3* m_db;
  sqlite3_stmt* m_stmt = nullptr;
  std::string m_error;
  util::ErrorCode m_code = util::ErrorCode::failed;
};

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(sqlite3* db) : m_db(db) {}
  ~SqliteStore() override { sqlite3_close_v2(m_db); }
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  util::Expected<void> exec(const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
      std::string text = message != nullptr ? message : sqlite3_errmsg(m_db);
      sqlite3_free(message);
      return util::fail(error_code(sqlite3_extended_errcode(m_db)), text);
    }
    return {};
  }

  // Runs `body` in one IMMEDIATE transaction: committed when it succeeds,
  // rolled back when it fails. Inside another one it is a savepoint.
  template <typename Body>
  auto run_transaction(Body&& body) -> decltype(body()) {
    const bool outer = m_depth == 0;
    const std::string savepoint = fmt::format("p{}", m_depth);
    const std::string begin = outer ? std::string("BEGIN IMMEDIATE") : "SAVEPOINT " + savepoint;
    if (auto begun = exec(begin.c_str()); !begun) return tl::unexpected(begun.error());
    ++m_depth;
    auto result = body();
    --m_depth;
    const std::string rollback =
        outer ? std::string("ROLLBACK") : fmt::format("ROLLBACK TO {0}; RELEASE {0}", savepoint);
    if (!result) {
      (void)exec(rollback.c_str());
      return result;
    }
    const std::string commit = outer ? std::string("COMMIT") : "RELEASE " + savepoint;
    if (auto committed = exec(commit.c_str()); !committed) {
      (void)exec(rollback.c_str());
      return tl::unexpected(committed.error());
    }
    return result;
  }

  util::Expected<void> transaction(const std::function<util::Expected<void>()>& body) override {
    return run_transaction(body);
  }

  util::Expected<void> migrate() {
    if (auto made = exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_ms "
                         "INTEGER NOT NULL)");
        !made)
      return made;
    const int current = schema_version();
    const int known = sqlite_schema_version();
    if (current > known) {
      return util::fail(
          fmt::format("the database has schema version {}, newer than this prepdeck's {}; "
                      "upgrade prepdeck to open it",
                      current, known));
    }
    for (const Migration& m : k_migrations) {
      if (m.version <= current) continue;
      auto applied = run_transaction([&]() -> util::Expected<void> {
        if (auto ran = exec(m.sql); !ran) return ran;
        Statement s(m_db, "INSERT INTO schema_migrations (version, applied_ms) VALUES (?, ?)");
        s.bind(1, m.version)
            .bind(2, ms(std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now())));
        return s.run();
      });
      if (!applied) return util::fail(fmt::format("migration {}", m.version), applied.error());
    }
    return {};
  }

  int schema_version() override {
    Statement s(m_db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    return s.step() ? static_cast<int>(s.integer(0)) : 0;
  }

  util::Expected<User> local_user() override {
    return run_transaction([&]() -> util::Expected<User> {
      Statement insert(m_db, "INSERT OR IGNORE INTO users (name, admin, created_ms) VALUES (?, 1, ?)");
      insert.bind(1, std::string_view(k_local_user))
          .bind(2, ms(std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now())));
      if (auto ok = insert.run(); !ok) return tl::unexpected(ok.error());
      Statement s(m_db, "SELECT id, name, admin, created_ms FROM users WHERE name = ?");
      s.bind(1, std::string_view(k_local_user));
      if (!s.step()) return s.ok() ? util::fail("the local user is missing") : tl::unexpected(s.ok().error());
      return User{s.integer(0), s.text(1), s.integer(2) != 0, at_ms(s.integer(3))};
    });
  }

  util::Expected<User> create_user(std::string_view name, std::string_view password_hash, bool admin) override {
    const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    Statement s(m_db, "INSERT INTO users (name, admin, created_ms, password_hash) VALUES (?, ?, ?, ?)");
    s.bind(1, name).bind(2, admin ? 1 : 0).bind(3, ms(now)).bind(4, password_hash);
    if (auto ok = s.run(); !ok) {
      if (ok.error().code == util::ErrorCode::conflict)
        return util::fail(util::ErrorCode::conflict, fmt::format("the name '{}' is taken", name));
      return tl::unexpected(ok.error());
    }
    return User{sqlite3_last_insert_rowid(m_db), std::string(name), admin, now};
  }

  util::Expected<std::optional<std::pair<User, std::string>>> find_user(std::string_view name) override {
    Statement s(m_db, "SELECT id, name, admin, created_ms, COALESCE(password_hash, '') FROM users WHERE name = ?");
    s.bind(1, name);
    if (!s.step()) {
      if (auto ok = s.ok(); !ok) return tl::unexpected(ok.error());
      return std::optional<std::pair<User, std::string>>();
    }
    return std::optional<std::pair<User, std::string>>(
        std::pair{User{s.integer(0), s.text(1), s.integer(2) != 0, at_ms(s.integer(3))}, s.text(4)});
  }

  util::Expected<std::optional<User>> user(UserId id) override {
    Statement s(m_db, "SELECT id, name, admin, created_ms FROM users WHERE id = ?");
    s.bind(1, id);
    if (!s.step()) {
      if (auto ok = s.ok(); !ok) return tl::unexpected(ok.error());
      return std::optional<User>();
    }
    return std::optional<User>(User{s.integer(0), s.text(1), s.integer(2) != 0, at_ms(s.integer(3))});
  }

  util::Expected<void> set_password(UserId id, std::string_view password_hash) override {
    return run_transaction([&]() -> util::Expected<void> {
      Statement s(m_db, "UPDATE users SET password_hash = ? WHERE id = ?");
      s.bind(1, password_hash).bind(2, id);
      if (auto ok = s.run(); !ok) return ok;
      Statement out(m_db, "DELETE FROM sessions WHERE user_id = ?");
      out.bind(1, id);
      return out.run();
    });
  }

  util::Expected<std::vector<User>> users() override {
    Statement s(m_db, "SELECT id, name, admin, created_ms FROM users WHERE name <> ? ORDER BY name");
    s.bind(1, k_local_user);
    std::vector<User> out;
    while (s.step()) out.push_back(User{s.integer(0), s.text(1), s.integer(2) != 0, at_ms(s.integer(3))});
    if (auto ok = s.ok(); !ok) return tl::unexpected(ok.error());
    return out;
  }

  util::Expected<void> set_admin(UserId id, bool admin) override {
    Statement s(m_db, "UPDATE users SET admin = ? WHERE id = ?");
    s.bind(1, admin ? 1 : 0).bind(2, id);
    return s.run();
  }

  util::Expected<void> remove_user(UserId id) override {
    // Every table that holds a user's rows references users(id) ON DELETE CASCADE.
    Statement s(m_db, "DELETE FROM users WHERE id = ?");
    s.bind(1, id);
    return s.run();
  }

  util::Expected<void> create_session(const Session& session) override {
    Statement s(m_db,
                "INSERT INTO sessions (token_hash, user_id, csrf, created_ms, expires_ms) VALUES (?, ?, ?, ?, ?)");
    s.bind(1, session.token_hash).bind(2, session.user).bind(3, session.csrf).bind(4, ms(session.created));
    s.bind(5, ms(session.expires));
    return s.run();
  }

  util::Expected<std::optional<Session>> session(std::string_view token_hash, Time now) override {
    Statement s(m_db,
                "SELECT token_hash, user_id, csrf, created_ms, expires_ms FROM sessions "
                "WHERE token_hash = ? AND expires_ms > ?");
    s.bind(1, token_hash).bind(2, ms(now));
    if (!s.step()) {
      if (auto ok = s.ok(); !ok) return tl::unexpected(ok.error());
      return std::optional<Session>();
    }
    return std::optional<Session>(
        Session{s.text(0), s.integer(1), s.text(2), at_ms(s.integer(3)), at_ms(s.integer(4))});
  }

  util::Expected<void> delete_session(std::string_view token_hash) override {
    Statement s(m_db, "DELETE FROM sessions WHERE token_hash = ?");
    s.bind(1, token_hash);
    return s.run();
  }

  util::Expected<int> delete_expired_sessions(Time now) override {
    Statement s(m_db, "DELETE FROM sessions WHERE expires_ms <= ?");
    s.bind(1, ms(now));
    if (auto ok = s.run(); !ok) return tl::unexpected(ok.error());
    return sqlite3_changes(m_db);
  }

  static CardState card_from_row(const Statement& s, int first) {
    CardState c;
    c.due = at_ms(s.integer(first));
    c.stability = s.real(first + 1);
    c.difficulty = s.real(first + 2);
    c.elapsed_days = static_cast<int>(s.integer(first + 3));
    c.scheduled_days = static_cast<int>(s.integer(first + 4));
    c.reps = static_cast<int>(s.integer(first + 5));
    c.lapses = static_cast<int>(s.integer(first + 6));
    c.learning_steps = static_cast<int>(s.integer(first + 7));
    c.state = static_cast<int>(s.integer(first + 8));
    if (!s.is_null(first + 9)) c.last_review = at_ms(s.integer(first + 9));
    return c;
  }

  static constexpr const char* k_card_columns =
      "due_ms, stability, difficulty, elapsed_days, scheduled_days, reps, lapses, learning_steps, state, "
      "last_review_ms";

  util::Expected<std::optional<CardRecord>> card(UserId user, std::string_view card_id) override {
    Statement s(
        m_db,
        fmt::format("SELECT card_id, guide, {} FROM cards WHERE user_id = ? AND card_id = ?", k_card_columns).c_str());
    s.bind(1, user).bind(2, card_id);
    if (!s.step()) {
      if (auto ok = s.ok(); !ok) return tl::unexpected(ok.error());
      return std::optional<CardRecord>();
    }
    return std::optional<CardRecord>(CardRecord{s.text(0), s.text(1), card_from_row(s, 2)});
  }

  util::Expected<std::vector<CardRecord>> cards(UserId user) override {
    Statement s(
        m_db,
        fmt::format("SELECT card_id, guide, {} FROM cards WHERE user_id = ? ORDER BY card_id", k_card_columns).c_str());
    s.bind(1, user);
    std::vector<CardRecord> out;
    while (s.step()) out.push_back(CardRecord{s.text(0), s.text(1), card_from_row(s, 2)});
    if (auto ok = s.ok(); !ok) return tl::unexpected(ok.error());
    return out;
  }

  util::Expected<void> put_card(UserId user, std::string_view card_id, std::string_view guide, const CardState& c) {
    Statement s(m_db,
                "INSERT INTO cards (user_id, card_id, guide, due_ms, stability, difficulty, elapsed_days, "
                "scheduled_days, reps, lapses, learning_steps, state, last_review_ms) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (user_id, card_id) DO UPDATE SET guide = excluded.guide, due_ms = excluded.due_ms, "
                "stability = excluded.stability, difficulty = excluded.difficulty, "
                "elapsed_days = excluded.elapsed_days, scheduled_days = excluded.scheduled_days, "
                "reps = excluded.reps, lapses = excluded.lapses, learning_steps = excluded.learning_steps, "
                "state = excluded.state, last_review_ms = excluded.last_review_ms");
    s.bind(1, user).bind(2, card_id).bind(3, guide).bind(4, ms(c.due)).bind(5, c.stability).bind(6, c.difficulty);
    s.bind(7, c.elapsed_days).bind(8, c.scheduled_days).bind(9, c.reps).bind(10, c.lapses).bind(11, c.learning_steps);
    s.bind(12, c.state);
    if (c.last_review) {
      s.bind(13, ms(*c.last_review));
    } else {
      s.bind_null(13);
    }
    return s.run();
  }

  util::Expected<std::int64_t> record_review(UserId user, const Review& review) override {
    if (review.rating < 1 || review.rating > 4) return util::fail(fmt::format("rating {} is not 1-4", review.rating));
    if (!review.mark.empty() && review.mark != "knew" && review.mark != "review")
      return util::fail(fmt::format("mark '{}' is neither 'knew' nor 'review'", review.mark));
    return run_transaction([&]() -> util::Expected<std::int64_t> {
      std::optional<std::string> mark_before;
      if (!review.mark.empty()) {
        Statement m(m_db, "SELECT mark FROM marks WHERE user_id = ? AND question_id = ?");
        m.bind(1, user).bind(2, review.card_id);
        if (m.step()) mark_before = m.text(0);
        if (auto ok = m.ok(); !ok) return tl::unexpected(ok.error());
      }
      Statement s(m_db,
                  "INSERT INTO reviews (user_id, card_id, guide, rating, reviewed_ms, duration_ms, before, after, "
                  "mark, mark_before) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      s.bind(1, user).bind(2, review.card_id).bind(3, review.guide).bind(4, review.rating);
      s.bind(5, ms(review.reviewed)).bind(6, review.duration_ms);
      s.bind(7, to_json(review.before).dump()).bind(8, to_json(review.after).dump());
      s.bind(9, review.mark);
      if (mark_before) s.bind(10, *mark_before);
      if (auto ok = s.run(); !ok) return tl::unexpected(ok.error());
      const std::int64_t id = sqlite3_last_insert_rowid(m_db);
      if (auto ok = put_card(user, review.card_id, review.guide, review.after); !ok) return tl::unexpected(ok.error());
      if (!review.mark.empty()) {
        if (auto ok = set_mark(user, Mark{review.card_id, review.guide, review.mark, review.reviewed}); !ok)
          return tl::unexpected(ok.error());
      }
      return id;
    });
  }

  static Review review_from_row(const Statement& s) {
    Review r;
    r.id = s.integer(0);
    r.card_id = s.text(1);
    r.guide = s.text(2);
    r.rating = static_cast<int>(s.integer(3));
    r.reviewed = at_ms(s.integer(4));
    r.duration_ms = static_cast<int>(s.integer(5));
    r.before = card_from_json(s.text(6));
    r.after = card_from_json(s.text(7));
    r.mark = s.text(8);
    if (!s.is_null(9)) r.mark_before = s.text(9);
    return r;
  }

  static constexpr const char* k_review_columns =
      "id, card_id, guide, rating, reviewed_ms, duration_ms, before, after, mark, mark_before";

  util::Expected<std::optional<Review>> undo_review(UserId user, std::int64_t review_id) override {
    return run_transaction([&]() -> util::Expected<std::optional<Review>> {
      Statement s(m_db, fmt::format("SELECT {} FROM reviews WHERE user_id = ? AND id = ?", k_review_columns).c_str());
      s.bind(1, user).bind(2, review_id);
      if (!s.step()) {
        if (auto ok = s.ok(); !ok) return tl::unexpected(ok.error());
        return std::optional<Review>();
      }
      Review last = review_from_row(s);
      Statement later(m_db, "SELECT count(*) FROM reviews WHERE user_id = ? AND card_id = ? AND id > ?");
      later.bind(1, user).bind(2, last.card_id).bind(3, last.id);
      if (!later.step()) return later.ok() ? util::fail("cannot count reviews") : tl::unexpected(later.ok().error());
      if (later.integer(0) > 0) return std::optional<Review>();
      Statement del(m_db, "DELETE FROM reviews WHERE id = ?");
      del.bind(1, last.id);
      if (auto ok = del.run(); !ok) return tl::unexpected(ok.error());
      util::Expected<void> restored;
      if (last.before.reps == 0 && last.before.state == 0) {
        // It was new: the card goes, as it was never reviewed.
        Statement drop(m_db, "DELETE FROM cards WHERE user_id = ? AND card_id = ?");
        drop.bind(1, user).bind(2, last.card_id);
        restored = drop.run();
      } else {
        restored = put_card(user, last.card_id, last.guide, last.before);
      }
      if (!restored) return tl::unexpected(restored.error());
      if (!last.mark.empty()) {
        // The mark the review replaced comes back (none: the mark goes).
        auto back = set_mark(user, Mark{last.card_id, last.guide, last.mark_before.value_or(""), last.reviewed});
        if (!back) return tl::unexpected(back.error());
      }
      return std::optional<Review>(std::move(last));
    });
  }

  util::Expected<std::vector<Review>> reviews(UserId user, Time since) override {
    Statement s(m_db, fmt::format("SELECT {} FROM reviews WHERE user_id = ? AND reviewed_ms >= ? ORDER BY "
                                  "reviewed_ms, id",
                                  k_review_columns)
                          .c_str());
    s.bind(1, user).bind(2, ms(since));
    std::vector<Review> out;
    while (s.step()) out.push_back(review_from_row(s));
    if (auto ok = s.ok(); !ok) return tl::unexpected(ok.error());
    return out;
  }

  util::Expected<std::int64_t> record_quiz_attempt(UserId user, const QuizAttempt& a) override {
    return run_transaction([&]() -> util::Expected<std::int64_t> {
      Statement s(m_db,
                  "INSERT INTO quiz_attempts (user_id, quiz, started_ms, finished_ms, score, items, verdict, mode) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
      s.bind(1, user).bind(2, a.quiz).bind(3, ms(a.started)).bind(4, ms(a.finished)).bind(5, a.score);
      s.bind(6, a.items).bind(7, a.verdict).bind(8, a.mode);
      if (auto ok = s.run(); !ok) return tl::unexpected(ok.error());
      const std::int64_t id = sqlite3_last_insert_rowid(m_db);
      for (std::size_t i = 0; i < a.responses.size(); ++i) {
        const QuizResponse& r = a.responses[i];
        Statement rs(m_db,
                     "INSERT INTO quiz_responses (attempt_id, position, item_id, answer, score, correct) "
                     "VALUES (?, ?, ?, ?, ?, ?)");
        rs.bind(1, id).bind(2, static_cast<std::int64_t>(i)).bind(3, r.item_id).bind(4, r.answer).bind(5, r.score);
        rs.bind(6, r.correct ? 1 : 0);
        if (auto ok = rs.run(); !ok) return tl::unexpected(ok.error());
      }
      return id;
    });
  }

  util::Expected<std::vector<QuizAttempt>> quiz_attempts(UserId user) override {
    Statement s(m_db,
                "SELECT id, quiz, started_ms, finished_ms, score, items, verdict, mode FROM quiz_attempts "
                "WHERE user_id = ? ORDER BY id");
    s.bind(1, user);
    std::vector<QuizAttempt> out;
    while (s.step()) {
      QuizAttempt a;
      a.id = s.integer(0);
      a.quiz = s.text(1);
      a.started = at_ms(s.integer(2));
      a.finished = at_ms(s.integer(3));
      a.score = s.real(4);
      a.items = static_cast<int>(s.integer(5));
      a.verdict = s.text(6);
      a.mode = s.text(7);
      out.push_back(std::move(a));
    }
    if (auto ok = s.ok(); !ok) return tl::unexpected(ok.error());
    for (auto& a : out) {
      Statement rs(m_db,
                   "SELECT item_id, answer, score, correct FROM quiz_responses WHERE attempt_id = ? ORDER BY position");
      rs.bind(1, a.id);
      while (rs.step()) a.responses.push_back(QuizResponse{rs.text(0), rs.text(1), rs.real(2), rs.integer(3) != 0});
      if (auto ok = rs.ok(); !ok) return tl::unexpected(ok.error());
    }
    return out;
  }

  util::Expected<std::int64_t> record_level(UserId user, const LevelResult& r) override {
    nlohmann::json sections = nlohmann::json::array();
    for (const auto& s : r.sections) {
      sections.push_back({{"section", s.section},
                          {"theta", s.theta},
                          {"se", s.standard_error},
                          {"items", s.items},
                          {"right", s.right}});
    }
    return run_transaction([&]() -> util::Expected<std::int64_t> {
      Statement s(m_db,
                  "INSERT INTO level_results (user_id, scope, taken_ms, theta, standard_error, items, verdict, "
                  "sections) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
      s.bind(1, user).bind(2, r.scope).bind(3, ms(r.taken)).bind(4, r.theta).bind(5, r.standard_error);
      s.bind(6, r.items).bind(7, r.verdict).bind(8, sections.dump());
      if (auto ok = s.run(); !ok) return tl::unexpected(ok.error());
      return sqlite3_last_insert_rowid(m_db);
    });
  }

  util::Expected<std::vector<LevelResult>> levels(UserId user) override {
    Statement s(m_db,
                "SELECT id, scope, taken_ms, theta, standard_error, items, verdict, sections FROM level_results "
                "WHERE user_id = ? ORDER BY taken_ms, id");
    s.bind(1, user);
    std::vector<LevelResult> out;
    while (s.step()) {
      LevelResult r;
      r.id = s.integer(0);
      r.scope = s.text(1);
      r.taken = at_ms(s.integer(2));
      r.theta = s.real(3);
      r.standard_error = s.real(4);
      r.items = static_cast<int>(s.integer(5));
      r.verdict = s.text(6);
      const auto sections = nlohmann::json::parse(s.text(7), nullptr, false);
      if (sections.is_array()) {
        for (const auto& j : sections) {
          if (!j.is_object()) continue;
          r.sections.push_back(SectionLevel{j.value("section", std::string()), j.value("theta", 0.0),
                                            j.value("se", 0.0), j.value("items", 0), j.value("right", 0)});
        }
      }
      out.push_back(std::move(r));
    }
    if (auto ok = s.ok(); !ok) return tl::unexpected(ok.error());
    return out;
  }

  util::Expected<void> set_mark(UserId user, const Mark& mark) override {
    if (mark.mark.empty()) {
      Statement s(m_db, "DELETE FROM marks WHERE user_id = ? AND question_id = ?");
      s.bind(1, user).bind(2, mark.question_id);
      return s.run();
    }
    if (mark.mark != "knew" && mark.mark != "review")
      return util::fail(fmt::format("mark '{}' is neither 'knew' nor 'review'", mark.mark));
    Statement s(m_db,
                "INSERT INTO marks (user_id, question_id, guide, mark, updated_ms) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (user_id, question_id) DO UPDATE SET guide = excluded.guide, mark = excluded.mark, "
                "updated_ms = excluded.updated_ms");
    s.bind(1, user).bind(2, mark.question_id).bind(3, mark.guide).bind(4, mark.mark).bind(5, ms(mark.updated));
    return s.run();
  }

  util::Expected<std::vector<Mark>> marks(UserId user) override {
    Statement s(m_db, "SELECT question_id, guide, mark, updated_ms FROM marks WHERE user_id = ? ORDER BY question_id");
    s.bind(1, user);
    std::vector<Mark> out;
    while (s.step()) out.push_back(Mark{s.text(0), s.text(1), s.text(2), at_ms(s.integer(3))});
    if (auto ok = s.ok(); !ok) return tl::unexpected(ok.error());
    return out;
  }

  // A user's latest verified level and where it came from, as SQL over `u.id`.
  static constexpr const char* k_latest_level = R"sql(
    (SELECT verdict || '|' || source FROM (
       SELECT verdict, 'level test' AS source, taken_ms AS at FROM level_results WHERE user_id = u.id
       UNION ALL
       SELECT verdict, 'quiz' AS source, finished_ms AS at FROM quiz_attempts WHERE user_id = u.id)
     ORDER BY at DESC LIMIT 1))sql";

  static Comment comment_from_row(const Statement& s) {
    Comment c;
    c.id = s.integer(0);
    c.guide = s.text(1);
    c.user = s.integer(2);
    c.user_name = s.text(3);
    c.body = s.text(4);
    c.created = at_ms(s.integer(5));
    if (!s.is_null(6)) c.edited = at_ms(s.integer(6));
    const std::string level = s.text(7);
    if (const auto bar = level.find('|'); bar != std::string::npos) {
      c.level = level.substr(0, bar);
      c.level_source = level.substr(bar + 1);
    }
    return c;
  }

  util::Expected<std::int64_t> add_comment(UserId user, std::string_view guide, std::string_view body,
                                           Time at) override {
    Statement s(m_db, "INSERT INTO comments (user_id, guide, body, created_ms) VALUES (?, ?, ?, ?)");
    s.bind(1, user).bind(2, guide).bind(3, body).bind(4, ms(at));
    if (auto ok = s.run(); !ok) return tl::unexpected(ok.error());
    return sqlite3_last_insert_rowid(m_db);
  }

  util::Expected<std::vector<Comment>> comments(std::string_view guide) override {
    Statement s(m_db, fmt::format("SELECT c.id, c.guide, c.user_id, u.name, c.body, c.created_ms, c.edited_ms, {} "
                                  "FROM comments c JOIN users u ON u.id = c.user_id WHERE c.guide = ? ORDER BY c.id",
                                  k_latest_level)
                          .c_str());
    s.bind(1, guide);
    std::vector<Comment> out;
    while (s.step()) out.push_back(comment_from_row(s));
    if (auto ok = s.ok(); !ok) return tl::unexpected(ok.error());
    return out;
  }

  util::Expected<std::optional<Comment>> comment(std::int64_t id) override {
    Statement s(m_db, fmt::format("SELECT c.id, c.guide, c.user_id, u.name, c.body, c.created_ms, c.edited_ms, {} "
                                  "FROM comments c JOIN users u ON u.id = c.user_id WHERE c.id = ?",
                                  k_latest_level)
                          .c_str());
    s.bind(1, id);
    if (!s.step()) {
      if (auto ok = s.ok(); !ok) return tl::unexpected(ok.error());
      return std::optional<Comment>();
    }
    return std::optional<Comment>(comment_from_row(s));
  }

  util::Expected<void> edit_comment(std::int64_t id, std::string_view body, Time at) override {
    Statement s(m_db, "UPDATE comments SET body = ?, edited_ms = ? WHERE id = ?");
    s.bind(1, body).bind(2, ms(at)).bind(3, id);
    return s.run();
  }

  util::Expected<void> delete_comment(std::int64_t id) override {
    Statement s(m_db, "DELETE FROM comments WHERE id = ?");
    s.bind(1, id);
    return s.run();
  }

  util::Expected<int> comments_since(UserId user, Time since) override {
    Statement s(m_db, "SELECT count(*) FROM comments WHERE user_id = ? AND created_ms >= ?");
    s.bind(1, user).bind(2, ms(since));
    if (!s.step()) return s.ok() ? util::fail("cannot count comments") : tl::unexpected(s.ok().error());
    return static_cast<int>(s.integer(0));
  }

  util::Expected<std::vector<std::string>> learner_levels(std::string_view topic_file) override {
    // Exact: the path is NAME.md or ends in /NAME.md (no LIKE, whose _ and % are wildcards).
    const std::string suffix = "/" + std::string(topic_file) + ".md";
    const std::string bare = std::string(topic_file) + ".md";
    Statement s(m_db, fmt::format("SELECT {} FROM users u WHERE u.id IN ("
                                  "SELECT user_id FROM quiz_attempts WHERE quiz = ?1 "
                                  "OR substr(quiz, length(quiz) - length(?2) + 1) = ?2 "
                                  "UNION SELECT user_id FROM comments WHERE guide = ?1 "
                                  "OR substr(guide, length(guide) - length(?2) + 1) = ?2)",
                                  k_latest_level)
                          .c_str());
    s.bind(1, std::string_view(bare)).bind(2, std::string_view(suffix));
    std::vector<std::string> out;
    while (s.step()) {
      const std::string level = s.text(0);
      if (const auto bar = level.find('|'); bar != std::string::npos) out.push_back(level.substr(0, bar));
    }
    if (auto ok = s.ok(); !ok) return tl::unexpected(ok.error());
    return out;
  }

  util::Expected<void> record_reveal(UserId user, std::string_view question_id, Time at) override {
    Statement s(m_db,
                "INSERT INTO reveals (user_id, question_id, count, last_ms) VALUES (?, ?, 1, ?) "
                "ON CONFLICT (user_id, question_id) DO UPDATE SET count = count + 1, last_ms = excluded.last_ms");
    s.bind(1, user).bind(2, question_id).bind(3, ms(at));
    return s.run();
  }

  util::Expected<std::vector<QuestionStats>> question_stats() override {
    Statement s(m_db, R"sql(
      WITH ids AS (SELECT question_id AS id FROM reveals UNION SELECT question_id FROM marks
                   UNION SELECT card_id FROM cards WHERE reps > 0)
      SELECT ids.id,
        COALESCE((SELECT sum(count) FROM reveals WHERE question_id = ids.id), 0),
        (SELECT count(*) FROM reveals WHERE question_id = ids.id),
        (SELECT count(*) FROM marks WHERE question_id = ids.id AND mark = 'knew'),
        (SELECT count(*) FROM marks WHERE question_id = ids.id AND mark = 'review'),
        (SELECT count(*) FROM cards WHERE card_id = ids.id AND reps > 0),
        COALESCE((SELECT avg(difficulty) FROM cards WHERE card_id = ids.id AND reps > 0), 0)
      FROM ids ORDER BY ids.id)sql");
    std::vector<QuestionStats> out;
    while (s.step()) {
      out.push_back(QuestionStats{s.text(0), s.integer(1), static_cast<int>(s.integer(2)),
                                  static_cast<int>(s.integer(3)), static_cast<int>(s.integer(4)),
                                  static_cast<int>(s.integer(5)), s.real(6)});
    }
    if (auto ok = s.ok(); !ok) return tl::unexpected(ok.error());
    return out;
  }

  util::Expected<std::vector<ResponseRow>> quiz_responses() override {
    Statement s(m_db, "SELECT attempt_id, item_id, answer, correct FROM quiz_responses ORDER BY attempt_id, position");
    std::vector<ResponseRow> out;
    while (s.step()) out.push_back(ResponseRow{s.integer(0), s.text(1), s.text(2), s.integer(3) != 0});
    if (auto ok = s.ok(); !ok) return tl::unexpected(ok.error());
    return out;
  }

 private:
  sqlite3* m_db;
  int m_depth = 0;  // transactions open, outermost included
};

}  // namespace

int sqlite_schema_version() { return k_migrations[std::size(k_migrations) - 1].version; }

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
    return util::fail(fmt::format("cannot open {}: {}", path, message));
  }
  auto store = std::make_unique<SqliteStore>(db);
  // Another process (the terminal and the server share the file) may hold the
  // write lock for a moment: wait for it rather than fail.
  sqlite3_busy_timeout(db, 5000);
  for (const char* pragma : {"PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON"}) {
    if (auto ok = store->exec(pragma); !ok) return util::fail(path, ok.error());
  }
  if (auto migrated = store->migrate(); !migrated) return util::fail(path, migrated.error());
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace prepdeck::store
