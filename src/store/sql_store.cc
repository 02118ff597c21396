#include "store/sql_store.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "store/migrations.h"

namespace prepdeck::store {

namespace {

using sql::Value;

constexpr const char* k_local_user = "local";

std::int64_t ms(Time t) { return t.time_since_epoch().count(); }
Time at_ms(std::int64_t value) { return Time(std::chrono::milliseconds(value)); }
Time now_ms() { return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()); }

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

// A statement's rows, with its parameters given in place.
class Query {
 public:
  Query(sql::Connection& db, std::string_view text, std::initializer_list<Value> params = {})
      : m_rows(db.query(text, std::span<const Value>(params.begin(), params.size()))) {}

  bool next() { return m_rows->next(); }
  bool is_null(int c) const { return m_rows->is_null(c); }
  std::int64_t integer(int c) const { return m_rows->integer(c); }
  int number(int c) const { return static_cast<int>(m_rows->integer(c)); }
  double real(int c) const { return m_rows->real(c); }
  std::string text(int c) const { return m_rows->text(c); }
  Time time(int c) const { return at_ms(m_rows->integer(c)); }
  util::Expected<void> ok() const { return m_rows->ok(); }
  // Runs it to the end.
  util::Expected<void> run() {
    while (next()) {
    }
    return ok();
  }
  // How many rows there are (a DELETE ... RETURNING 1's count), read to the end.
  util::Expected<int> count() {
    int n = 0;
    while (next()) ++n;
    if (auto failed = ok(); !failed) return tl::unexpected(failed.error());
    return n;
  }
  // The first row's first column (an id from RETURNING, a count).
  util::Expected<std::int64_t> single(std::string_view what) {
    if (next()) return integer(0);
    if (auto failed = ok(); !failed) return tl::unexpected(failed.error());
    return util::fail(fmt::format("no {} came back", what));
  }

 private:
  std::unique_ptr<sql::Rows> m_rows;
};

// One statement whose rows nobody reads: sql::Connection::execute (sent
// without waiting inside Store::batch, where the backend can).
util::Expected<void> execute(sql::Connection& db, std::string_view text, std::initializer_list<Value> params) {
  return db.execute(text, std::span<const Value>(params.begin(), params.size()));
}

// The tables `db dump` and `db copy` carry, parents first, with each
// column's type ('i' integer, 'r' real, 't' text; any may be NULL) and the
// order rows are read in (the primary key).
struct TableSpec {
  std::string_view name;
  std::string_view columns;  // "id:i name:t ..."
  std::string_view order;
  bool numbered;  // an `id` the database numbers
};

constexpr TableSpec k_copy_tables[] = {
    {"users", "id:i name:t admin:i created_ms:i password_hash:t", "id", true},
    {"sessions", "token_hash:t user_id:i csrf:t created_ms:i expires_ms:i", "token_hash", false},
    {"cards",
     "user_id:i card_id:t guide:t due_ms:i stability:r difficulty:r elapsed_days:i scheduled_days:i reps:i lapses:i "
     "learning_steps:i state:i last_review_ms:i",
     "user_id, card_id", false},
    {"reviews",
     "id:i user_id:i card_id:t guide:t rating:i reviewed_ms:i duration_ms:i before:t after:t mark:t mark_before:t",
     "id", true},
    {"quiz_attempts", "id:i user_id:i quiz:t started_ms:i finished_ms:i score:r items:i verdict:t mode:t", "id", true},
    {"quiz_responses", "attempt_id:i position:i item_id:t answer:t score:r correct:i", "attempt_id, position", false},
    {"level_results", "id:i user_id:i scope:t taken_ms:i theta:r standard_error:r items:i verdict:t sections:t", "id",
     true},
    {"marks", "user_id:i question_id:t guide:t mark:t updated_ms:i", "user_id, question_id", false},
    {"comments", "id:i user_id:i guide:t body:t created_ms:i edited_ms:i", "id", true},
    {"reveals", "user_id:i question_id:t count:i last_ms:i", "user_id, question_id", false},
};

struct ColumnSpec {
  std::string_view name;  // in k_copy_tables' literal
  char type;
};

std::vector<ColumnSpec> columns_of(const TableSpec& t) {
  std::vector<ColumnSpec> out;
  std::size_t at = 0;
  while (at < t.columns.size()) {
    std::size_t end = t.columns.find(' ', at);
    if (end == std::string_view::npos) end = t.columns.size();
    const std::string_view c = t.columns.substr(at, end - at);
    out.push_back({c.substr(0, c.size() - 2), c.back()});
    at = end + 1;
  }
  return out;
}

const TableSpec* find_table(std::string_view name) {
  for (const TableSpec& t : k_copy_tables) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

// A learner's latest verified level: from their newest level test or quiz
// attempt, whichever is newer (the level test when both have the same time,
// as it measures more).
struct VerifiedLevel {
  std::string level;
  std::string source;  // "level test" or "quiz"
};

class SqlStore final : public Store {
 public:
  explicit SqlStore(std::unique_ptr<sql::Connection> db) : m_db(std::move(db)) {}

  // Runs `body` in one transaction: committed when it succeeds, rolled back
  // when it fails. Inside another one it is a savepoint.
  template <typename Body>
  auto run_transaction(Body&& body) -> decltype(body()) {
    const bool outer = m_depth == 0;
    const std::string savepoint = fmt::format("p{}", m_depth);
    const std::string begin = outer ? m_db->begin_sql() : "SAVEPOINT " + savepoint;
    if (auto begun = m_db->script(begin); !begun) return tl::unexpected(begun.error());
    ++m_depth;
    auto result = body();
    --m_depth;
    const std::string rollback =
        outer ? std::string("ROLLBACK") : fmt::format("ROLLBACK TO SAVEPOINT {0}; RELEASE SAVEPOINT {0}", savepoint);
    if (!result) {
      (void)m_db->script(rollback);
      return result;
    }
    const std::string commit = outer ? std::string("COMMIT") : "RELEASE SAVEPOINT " + savepoint;
    if (auto committed = m_db->script(commit); !committed) {
      (void)m_db->script(rollback);
      return tl::unexpected(committed.error());
    }
    return result;
  }

  util::Expected<void> transaction(const std::function<util::Expected<void>()>& body) override {
    return run_transaction(body);
  }

  util::Expected<void> batch(const std::function<util::Expected<void>()>& body) override {
    if (m_depth != 0) return run_transaction(body);
    m_db->defer_writes(true);
    auto result = run_transaction(body);
    m_db->defer_writes(false);
    return result;
  }

  util::Expected<void> migrate() {
    return run_transaction([&]() -> util::Expected<void> {
      if (auto locked = m_db->lock_schema(); !locked) return locked;
      if (auto made = m_db->script(
              "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_ms BIGINT NOT NULL)");
          !made)
        return made;
      const auto current = read_schema_version();
      if (!current) return tl::unexpected(current.error());
      if (*current > known_schema_version()) {
        return util::fail(util::ErrorCode::invalid,
                          fmt::format("the database has schema version {}, newer than this prepdeck's {}; "
                                      "upgrade prepdeck to open it",
                                      *current, known_schema_version()));
      }
      for (const Migration& m : migrations()) {
        if (m.version <= *current) continue;
        if (auto ran = m_db->script(sql::dialect_sql(m.sql, m_db->dialect())); !ran)
          return util::fail(fmt::format("migration {}", m.version), ran.error());
        Query done(*m_db, "INSERT INTO schema_migrations (version, applied_ms) VALUES ($1, $2)",
                   {m.version, ms(now_ms())});
        if (auto ok = done.run(); !ok) return util::fail(fmt::format("migration {}", m.version), ok.error());
      }
      return {};
    });
  }

  util::Expected<int> read_schema_version() {
    Query s(*m_db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    auto v = s.single("schema version");
    if (!v) return tl::unexpected(v.error());
    return static_cast<int>(*v);
  }

  int schema_version() override { return read_schema_version().value_or(0); }
  util::Expected<void> ping() override { return m_db->ping(); }
  bool private_to_connection() const override { return m_db->private_to_connection(); }

  static User user_from_row(const Query& s) { return User{s.integer(0), s.text(1), s.integer(2) != 0, s.time(3)}; }

  util::Expected<User> local_user() override {
    return run_transaction([&]() -> util::Expected<User> {
      Query insert(*m_db,
                   "INSERT INTO users (name, admin, created_ms) VALUES ($1, 1, $2) ON CONFLICT (name) DO NOTHING",
                   {k_local_user, ms(now_ms())});
      if (auto ok = insert.run(); !ok) return tl::unexpected(ok.error());
      Query s(*m_db, "SELECT id, name, admin, created_ms FROM users WHERE name = $1", {k_local_user});
      if (!s.next()) return s.ok() ? util::fail("the local user is missing") : tl::unexpected(s.ok().error());
      return user_from_row(s);
    });
  }

  util::Expected<User> create_user(std::string_view name, std::string_view password_hash, bool admin) override {
    const Time now = now_ms();
    Query s(*m_db, "INSERT INTO users (name, admin, created_ms, password_hash) VALUES ($1, $2, $3, $4) RETURNING id",
            {name, admin ? 1 : 0, ms(now), password_hash});
    auto id = s.single("user id");
    if (!id) {
      if (id.error().code == util::ErrorCode::conflict)
        return util::fail(util::ErrorCode::conflict, fmt::format("the name '{}' is taken", name));
      return tl::unexpected(id.error());
    }
    return User{*id, std::string(name), admin, now};
  }

  util::Expected<std::optional<std::pair<User, std::string>>> find_user(std::string_view name) override {
    Query s(*m_db, "SELECT id, name, admin, created_ms, COALESCE(password_hash, '') FROM users WHERE name = $1",
            {name});
    if (!s.next()) {
      if (auto ok = s.ok(); !ok) return tl::unexpected(ok.error());
      return std::optional<std::pair<User, std::string>>();
    }
    return std::optional<std::pair<User, std::string>>(std::pair{user_from_row(s), s.text(4)});
  }

  util::Expected<std::optional<User>> user(UserId id) override {
    Query s(*m_db, "SELECT id, name, admin, created_ms FROM users WHERE id = $1", {id});
    if (!s.next()) {
      if (auto ok = s.ok(); !ok) return tl::unexpected(ok.error());
      return std::optional<User>();
    }
    return std::optional<User>(user_from_row(s));
  }

  util::Expected<void> set_password(UserId id, std::string_view password_hash) override {
    return run_transaction([&]() -> util::Expected<void> {
      Query s(*m_db, "UPDATE users SET password_hash = $1 WHERE id = $2", {password_hash, id});
      if (auto ok = s.run(); !ok) return ok;
      Query out(*m_db, "DELETE FROM sessions WHERE user_id = $1", {id});
      return out.run();
    });
  }

  util::Expected<std::vector<User>> users() override {
    Query s(*m_db, "SELECT id, name, admin, created_ms FROM users WHERE name <> $1 ORDER BY name", {k_local_user});
    std::vector<User> out;
    while (s.next()) out.push_back(user_from_row(s));
    if (auto ok = s.ok(); !ok) return tl::unexpected(ok.error());
    return out;
  }

  util::Expected<void> set_admin(UserId id, bool admin) override {
    return Query(*m_db, "UPDATE users SET admin = $1 WHERE id = $2", {admin ? 1 : 0, id}).run();
  }

  util::Expected<void> remove_user(UserId id) override {
    // Every table that holds a user's rows references users(id) ON DELETE CASCADE.
    return Query(*m_db, "DELETE FROM users WHERE id = $1", {id}).run();
  }

  util::Expected<void> create_session(const Session& session) override {
    return Query(*m_db,
                 "INSERT INTO sessions (token_hash, user_id, csrf, created_ms, expires_ms) VALUES ($1, $2, $3, $4, $5)",
                 {session.token_hash, session.user, session.csrf, ms(session.created), ms(session.expires)})
        .run();
  }

  util::Expected<std::optional<Session>> session(std::string_view token_hash, Time now) override {
    Query s(*m_db,
            "SELECT token_hash, user_id, csrf, created_ms, expires_ms FROM sessions "
            "WHERE token_hash = $1 AND expires_ms > $2",
            {token_hash, ms(now)});
    if (!s.next()) {
      if (auto ok = s.ok(); !ok) return tl::unexpected(ok.error());
      return std::optional<Session>();
    }
    return std::optional<Session>(Session{s.text(0), s.integer(1), s.text(2), s.time(3), s.time(4)});
  }

  util::Expected<std::optional<std::pair<Session, User>>> signed_in(std::string_view token_hash, Time now) override {
    Query s(*m_db,
            "SELECT s.token_hash, s.user_id, s.csrf, s.created_ms, s.expires_ms, u.name, u.admin, u.created_ms "
            "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_ms > $2",
            {token_hash, ms(now)});
    if (!s.next()) {
      if (auto ok = s.ok(); !ok) return tl::unexpected(ok.error());
      return std::optional<std::pair<Session, User>>();
    }
    return std::optional<std::pair<Session, User>>(
        std::pair{Session{s.text(0), s.integer(1), s.text(2), s.time(3), s.time(4)},
                  User{s.integer(1), s.text(5), s.integer(6) != 0, s.time(7)}});
  }

  util::Expected<void> delete_session(std::string_view token_hash) override {
    return Query(*m_db, "DELETE FROM sessions WHERE token_hash = $1", {token_hash}).run();
  }

  util::Expected<int> delete_expired_sessions(Time now) override {
    return Query(*m_db, "DELETE FROM sessions WHERE expires_ms <= $1 RETURNING 1", {ms(now)}).count();
  }

  static CardState card_from_row(const Query& s, int first) {
    CardState c;
    c.due = s.time(first);
    c.stability = s.real(first + 1);
    c.difficulty = s.real(first + 2);
    c.elapsed_days = s.number(first + 3);
    c.scheduled_days = s.number(first + 4);
    c.reps = s.number(first + 5);
    c.lapses = s.number(first + 6);
    c.learning_steps = s.number(first + 7);
    c.state = s.number(first + 8);
    if (!s.is_null(first + 9)) c.last_review = s.time(first + 9);
    return c;
  }

#define PREPDECK_CARD_COLUMNS                                                                          \
  "due_ms, stability, difficulty, elapsed_days, scheduled_days, reps, lapses, learning_steps, state, " \
  "last_review_ms"

  util::Expected<std::optional<CardRecord>> card(UserId user, std::string_view card_id) override {
    Query s(*m_db, "SELECT card_id, guide, " PREPDECK_CARD_COLUMNS " FROM cards WHERE user_id = $1 AND card_id = $2",
            {user, card_id});
    if (!s.next()) {
      if (auto ok = s.ok(); !ok) return tl::unexpected(ok.error());
      return std::optional<CardRecord>();
    }
    return std::optional<CardRecord>(CardRecord{s.text(0), s.text(1), card_from_row(s, 2)});
  }

  util::Expected<std::vector<CardRecord>> cards(UserId user) override {
    Query s(*m_db, "SELECT card_id, guide, " PREPDECK_CARD_COLUMNS " FROM cards WHERE user_id = $1 ORDER BY card_id",
            {user});
    std::vector<CardRecord> out;
    while (s.next()) out.push_back(CardRecord{s.text(0), s.text(1), card_from_row(s, 2)});
    if (auto ok = s.ok(); !ok) return tl::unexpected(ok.error());
    return out;
  }

  util::Expected<void> put_card(UserId user, std::string_view card_id, std::string_view guide, const CardState& c) {
    return execute(
        *m_db,
        "INSERT INTO cards (user_id, card_id, guide, " PREPDECK_CARD_COLUMNS
        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) "
        "ON CONFLICT (user_id, card_id) DO UPDATE SET guide = excluded.guide, due_ms = excluded.due_ms, "
        "stability = excluded.stability, difficulty = excluded.difficulty, "
        "elapsed_days = excluded.elapsed_days, scheduled_days = excluded.scheduled_days, "
        "reps = excluded.reps, lapses = excluded.lapses, learning_steps = excluded.learning_steps, "
        "state = excluded.state, last_review_ms = excluded.last_review_ms",
        {user, card_id, guide, ms(c.due), c.stability, c.difficulty, c.elapsed_days, c.scheduled_days, c.reps, c.lapses,
         c.learning_steps, c.state, c.last_review ? Value(ms(*c.last_review)) : Value(std::nullopt)});
  }
#undef PREPDECK_CARD_COLUMNS

  // What the reviews table refuses, said before anything is written.
  static util::Expected<void> check_review(const Review& review) {
    if (review.rating < 1 || review.rating > 4)
      return util::fail(util::ErrorCode::invalid, fmt::format("rating {} is not 1-4", review.rating));
    if (!review.mark.empty() && review.mark != "knew" && review.mark != "review")
      return util::fail(util::ErrorCode::invalid, fmt::format("mark '{}' is neither 'knew' nor 'review'", review.mark));
    return {};
  }

  util::Expected<std::int64_t> record_review(UserId user, const Review& review) override {
    if (auto ok = check_review(review); !ok) return tl::unexpected(ok.error());
    return run_transaction([&]() -> util::Expected<std::int64_t> {
      std::optional<std::string> mark_before;
      if (!review.mark.empty()) {
        Query m(*m_db, "SELECT mark FROM marks WHERE user_id = $1 AND question_id = $2", {user, review.card_id});
        if (m.next()) mark_before = m.text(0);
        if (auto ok = m.ok(); !ok) return tl::unexpected(ok.error());
      }
      const std::string before = to_json(review.before).dump();
      const std::string after = to_json(review.after).dump();
      Query s(*m_db,
              "INSERT INTO reviews (user_id, card_id, guide, rating, reviewed_ms, duration_ms, before, after, "
              "mark, mark_before) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
              {user, review.card_id, review.guide, review.rating, ms(review.reviewed), review.duration_ms, before,
               after, review.mark, mark_before ? Value(*mark_before) : Value(std::nullopt)});
      const auto id = s.single("review id");
      if (!id) return id;
      if (auto ok = put_card(user, review.card_id, review.guide, review.after); !ok) return tl::unexpected(ok.error());
      if (!review.mark.empty()) {
        if (auto ok = set_mark(user, Mark{review.card_id, review.guide, review.mark, review.reviewed}); !ok)
          return tl::unexpected(ok.error());
      }
      return *id;
    });
  }

  util::Expected<void> import_reviews(UserId user, const std::vector<Review>& reviews) override {
    for (const Review& review : reviews) {
      if (auto ok = check_review(review); !ok) return ok;
    }
    return run_transaction([&]() -> util::Expected<void> {
      std::unordered_map<std::string_view, const Review*> last;
      for (const Review& review : reviews) {
        // The mark a marking review replaces, read by the INSERT itself: no
        // statement here waits for an answer (PostgreSQL's pipeline).
        if (auto ok =
                execute(*m_db,
                        "INSERT INTO reviews (user_id, card_id, guide, rating, reviewed_ms, duration_ms, before, "
                        "after, mark, mark_before) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $9 = '' "
                        "THEN NULL ELSE (SELECT mark FROM marks WHERE user_id = $1 AND question_id = $2) END)",
                        {user, review.card_id, review.guide, review.rating, ms(review.reviewed), review.duration_ms,
                         to_json(review.before).dump(), to_json(review.after).dump(), review.mark});
            !ok)
          return ok;
        if (!review.mark.empty()) {
          if (auto ok = set_mark(user, Mark{review.card_id, review.guide, review.mark, review.reviewed}); !ok)
            return ok;
        }
        last[review.card_id] = &review;
      }
      for (const Review& review : reviews) {
        if (last[review.card_id] != &review) continue;
        if (auto ok = put_card(user, review.card_id, review.guide, review.after); !ok) return ok;
      }
      return {};
    });
  }

#define PREPDECK_REVIEW_COLUMNS "id, card_id, guide, rating, reviewed_ms, duration_ms, before, after, mark, mark_before"

  static Review review_from_row(const Query& s) {
    Review r;
    r.id = s.integer(0);
    r.card_id = s.text(1);
    r.guide = s.text(2);
    r.rating = s.number(3);
    r.reviewed = s.time(4);
    r.duration_ms = s.number(5);
    r.before = card_from_json(s.text(6));
    r.after = card_from_json(s.text(7));
    r.mark = s.text(8);
    if (!s.is_null(9)) r.mark_before = s.text(9);
    return r;
  }

  util::Expected<std::optional<Review>> undo_review(UserId user, std::int64_t review_id) override {
    return run_transaction([&]() -> util::Expected<std::optional<Review>> {
      Review last;
      {
        Query s(*m_db, "SELECT " PREPDECK_REVIEW_COLUMNS " FROM reviews WHERE user_id = $1 AND id = $2",
                {user, review_id});
        if (!s.next()) {
          if (auto ok = s.ok(); !ok) return tl::unexpected(ok.error());
          return std::optional<Review>();
        }
        last = review_from_row(s);
      }
      Query later(*m_db, "SELECT count(*) FROM reviews WHERE user_id = $1 AND card_id = $2 AND id > $3",
                  {user, last.card_id, last.id});
      const auto newer = later.single("count of reviews");
      if (!newer) return tl::unexpected(newer.error());
      if (*newer > 0) return std::optional<Review>();
      if (auto ok = Query(*m_db, "DELETE FROM reviews WHERE id = $1", {last.id}).run(); !ok)
        return tl::unexpected(ok.error());
      util::Expected<void> restored;
      if (last.before.reps == 0 && last.before.state == 0) {
        // It was new: the card goes, as it was never reviewed.
        restored = Query(*m_db, "DELETE FROM cards WHERE user_id = $1 AND card_id = $2", {user, last.card_id}).run();
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
    Query s(*m_db,
            "SELECT " PREPDECK_REVIEW_COLUMNS
            " FROM reviews WHERE user_id = $1 AND reviewed_ms >= $2 ORDER BY reviewed_ms, id",
            {user, ms(since)});
    std::vector<Review> out;
    while (s.next()) out.push_back(review_from_row(s));
    if (auto ok = s.ok(); !ok) return tl::unexpected(ok.error());
    return out;
  }
#undef PREPDECK_REVIEW_COLUMNS

  util::Expected<std::int64_t> record_quiz_attempt(UserId user, const QuizAttempt& a) override {
    return run_transaction([&]() -> util::Expected<std::int64_t> {
      Query s(*m_db,
              "INSERT INTO quiz_attempts (user_id, quiz, started_ms, finished_ms, score, items, verdict, mode) "
              "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
              {user, a.quiz, ms(a.started), ms(a.finished), a.score, a.items, a.verdict, a.mode});
      const auto id = s.single("attempt id");
      if (!id) return id;
      for (std::size_t i = 0; i < a.responses.size(); ++i) {
        const QuizResponse& r = a.responses[i];
        Query rs(*m_db,
                 "INSERT INTO quiz_responses (attempt_id, position, item_id, answer, score, correct) "
                 "VALUES ($1, $2, $3, $4, $5, $6)",
                 {*id, static_cast<std::int64_t>(i), r.item_id, r.answer, r.score, r.correct ? 1 : 0});
        if (auto ok = rs.run(); !ok) return tl::unexpected(ok.error());
      }
      return *id;
    });
  }

  util::Expected<std::vector<QuizAttempt>> quiz_attempts(UserId user) override {
    std::vector<QuizAttempt> out;
    {
      Query s(*m_db,
              "SELECT id, quiz, started_ms, finished_ms, score, items, verdict, mode FROM quiz_attempts "
              "WHERE user_id = $1 ORDER BY id",
              {user});
      while (s.next()) {
        QuizAttempt a;
        a.id = s.integer(0);
        a.quiz = s.text(1);
        a.started = s.time(2);
        a.finished = s.time(3);
        a.score = s.real(4);
        a.items = s.number(5);
        a.verdict = s.text(6);
        a.mode = s.text(7);
        out.push_back(std::move(a));
      }
      if (auto ok = s.ok(); !ok) return tl::unexpected(ok.error());
    }
    for (auto& a : out) {
      Query rs(*m_db,
               "SELECT item_id, answer, score, correct FROM quiz_responses WHERE attempt_id = $1 ORDER BY position",
               {a.id});
      while (rs.next()) a.responses.push_back(QuizResponse{rs.text(0), rs.text(1), rs.real(2), rs.integer(3) != 0});
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
    const std::string sections_text = sections.dump();
    return Query(*m_db,
                 "INSERT INTO level_results (user_id, scope, taken_ms, theta, standard_error, items, verdict, "
                 "sections) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                 {user, r.scope, ms(r.taken), r.theta, r.standard_error, r.items, r.verdict, sections_text})
        .single("level id");
  }

  util::Expected<std::vector<LevelResult>> levels(UserId user) override {
    Query s(*m_db,
            "SELECT id, scope, taken_ms, theta, standard_error, items, verdict, sections FROM level_results "
            "WHERE user_id = $1 ORDER BY taken_ms, id",
            {user});
    std::vector<LevelResult> out;
    while (s.next()) {
      LevelResult r;
      r.id = s.integer(0);
      r.scope = s.text(1);
      r.taken = s.time(2);
      r.theta = s.real(3);
      r.standard_error = s.real(4);
      r.items = s.number(5);
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
      return execute(*m_db, "DELETE FROM marks WHERE user_id = $1 AND question_id = $2", {user, mark.question_id});
    }
    if (mark.mark != "knew" && mark.mark != "review")
      return util::fail(util::ErrorCode::invalid, fmt::format("mark '{}' is neither 'knew' nor 'review'", mark.mark));
    return execute(*m_db,
                   "INSERT INTO marks (user_id, question_id, guide, mark, updated_ms) VALUES ($1, $2, $3, $4, $5) "
                   "ON CONFLICT (user_id, question_id) DO UPDATE SET guide = excluded.guide, mark = excluded.mark, "
                   "updated_ms = excluded.updated_ms",
                   {user, mark.question_id, mark.guide, mark.mark, ms(mark.updated)});
  }

  util::Expected<std::vector<Mark>> marks(UserId user) override {
    Query s(*m_db, "SELECT question_id, guide, mark, updated_ms FROM marks WHERE user_id = $1 ORDER BY question_id",
            {user});
    std::vector<Mark> out;
    while (s.next()) out.push_back(Mark{s.text(0), s.text(1), s.text(2), s.time(3)});
    if (auto ok = s.ok(); !ok) return tl::unexpected(ok.error());
    return out;
  }

  // The latest verified level of each of `users` that has one.
  util::Expected<std::map<UserId, VerifiedLevel>> verified_levels(const std::set<UserId>& users) {
    std::map<UserId, VerifiedLevel> out;
    for (const UserId id : users) {
      Query test(*m_db,
                 "SELECT verdict, taken_ms FROM level_results WHERE user_id = $1 ORDER BY taken_ms DESC, id DESC "
                 "LIMIT 1",
                 {id});
      std::optional<std::pair<std::string, std::int64_t>> latest_test;
      if (test.next()) latest_test = {test.text(0), test.integer(1)};
      if (auto ok = test.ok(); !ok) return tl::unexpected(ok.error());
      Query quiz(*m_db,
                 "SELECT verdict, finished_ms FROM quiz_attempts WHERE user_id = $1 ORDER BY finished_ms DESC, id "
                 "DESC LIMIT 1",
                 {id});
      std::optional<std::pair<std::string, std::int64_t>> latest_quiz;
      if (quiz.next()) latest_quiz = {quiz.text(0), quiz.integer(1)};
      if (auto ok = quiz.ok(); !ok) return tl::unexpected(ok.error());
      if (latest_test && (!latest_quiz || latest_test->second >= latest_quiz->second)) {
        out[id] = VerifiedLevel{latest_test->first, "level test"};
      } else if (latest_quiz) {
        out[id] = VerifiedLevel{latest_quiz->first, "quiz"};
      }
    }
    return out;
  }

  util::Expected<std::vector<Comment>> read_comments(std::string_view where, Value key) {
    std::vector<Comment> out;
    {
      Query s(*m_db,
              fmt::format("SELECT c.id, c.guide, c.user_id, u.name, c.body, c.created_ms, c.edited_ms "
                          "FROM comments c JOIN users u ON u.id = c.user_id WHERE {} ORDER BY c.id",
                          where),
              {key});
      while (s.next()) {
        Comment c;
        c.id = s.integer(0);
        c.guide = s.text(1);
        c.user = s.integer(2);
        c.user_name = s.text(3);
        c.body = s.text(4);
        c.created = s.time(5);
        if (!s.is_null(6)) c.edited = s.time(6);
        out.push_back(std::move(c));
      }
      if (auto ok = s.ok(); !ok) return tl::unexpected(ok.error());
    }
    std::set<UserId> authors;
    for (const Comment& c : out) authors.insert(c.user);
    const auto levels = verified_levels(authors);
    if (!levels) return tl::unexpected(levels.error());
    for (Comment& c : out) {
      if (const auto it = levels->find(c.user); it != levels->end()) {
        c.level = it->second.level;
        c.level_source = it->second.source;
      }
    }
    return out;
  }

  util::Expected<std::int64_t> add_comment(UserId user, std::string_view guide, std::string_view body,
                                           Time at) override {
    return Query(*m_db, "INSERT INTO comments (user_id, guide, body, created_ms) VALUES ($1, $2, $3, $4) RETURNING id",
                 {user, guide, body, ms(at)})
        .single("comment id");
  }

  util::Expected<std::vector<Comment>> comments(std::string_view guide) override {
    return read_comments("c.guide = $1", guide);
  }

  util::Expected<std::optional<Comment>> comment(std::int64_t id) override {
    auto found = read_comments("c.id = $1", id);
    if (!found) return tl::unexpected(found.error());
    if (found->empty()) return std::optional<Comment>();
    return std::optional<Comment>(std::move(found->front()));
  }

  util::Expected<void> edit_comment(std::int64_t id, std::string_view body, Time at) override {
    return Query(*m_db, "UPDATE comments SET body = $1, edited_ms = $2 WHERE id = $3", {body, ms(at), id}).run();
  }

  util::Expected<void> delete_comment(std::int64_t id) override {
    return Query(*m_db, "DELETE FROM comments WHERE id = $1", {id}).run();
  }

  util::Expected<int> comments_since(UserId user, Time since) override {
    auto n = Query(*m_db, "SELECT count(*) FROM comments WHERE user_id = $1 AND created_ms >= $2", {user, ms(since)})
                 .single("count of comments");
    if (!n) return tl::unexpected(n.error());
    return static_cast<int>(*n);
  }

  util::Expected<std::vector<std::string>> learner_levels(std::string_view topic_file) override {
    // A learner belongs to the chart of NAME when a quiz they took or a guide
    // they commented on is NAME.md or ends in /NAME.md, exactly.
    const std::string bare = std::string(topic_file) + ".md";
    const std::string suffix = "/" + bare;
    const auto matches = [&](std::string_view path) { return path == bare || path.ends_with(suffix); };
    std::set<UserId> learners;
    Query s(*m_db,
            "SELECT DISTINCT user_id, quiz FROM quiz_attempts UNION SELECT DISTINCT user_id, guide FROM comments");
    while (s.next()) {
      if (matches(s.text(1))) learners.insert(s.integer(0));
    }
    if (auto ok = s.ok(); !ok) return tl::unexpected(ok.error());
    const auto levels = verified_levels(learners);
    if (!levels) return tl::unexpected(levels.error());
    std::vector<std::string> out;
    for (const auto& [id, level] : *levels) out.push_back(level.level);
    return out;
  }

  util::Expected<void> record_reveal(UserId user, std::string_view question_id, Time at) override {
    return execute(*m_db,
                   "INSERT INTO reveals (user_id, question_id, count, last_ms) VALUES ($1, $2, 1, $3) "
                   "ON CONFLICT (user_id, question_id) DO UPDATE SET count = reveals.count + 1, last_ms = "
                   "excluded.last_ms",
                   {user, question_id, ms(at)});
  }

  util::Expected<std::vector<QuestionStats>> question_stats() override {
    Query s(*m_db, R"sql(
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
    while (s.next()) {
      out.push_back(
          QuestionStats{s.text(0), s.integer(1), s.number(2), s.number(3), s.number(4), s.number(5), s.real(6)});
    }
    if (auto ok = s.ok(); !ok) return tl::unexpected(ok.error());
    return out;
  }

  util::Expected<RateVerdict> reserve_rate(const std::vector<RateKey>& keys, Time now) override {
    std::vector<const RateKey*> ordered;
    for (const RateKey& k : keys) ordered.push_back(&k);
    std::sort(ordered.begin(), ordered.end(), [](const RateKey* a, const RateKey* b) { return a->key < b->key; });
    RateVerdict verdict;
    const auto reserved = run_transaction([&]() -> util::Expected<void> {
      std::vector<std::pair<const RateKey*, std::string>> updates;
      for (const RateKey* k : ordered) {
        // The row is locked from here to the commit: another connection
        // reserving the same key waits, then counts this reservation.
        Query lock(*m_db,
                   "INSERT INTO rate_limits (key, slots, expires_ms) VALUES ($1, '', 0) "
                   "ON CONFLICT (key) DO UPDATE SET expires_ms = rate_limits.expires_ms RETURNING slots",
                   {k->key});
        std::string slots;
        if (lock.next()) slots = lock.text(0);
        if (auto ok = lock.ok(); !ok) return ok;
        // The slots still inside the window, oldest first.
        const std::int64_t start = ms(now) - k->window.count();
        std::vector<std::int64_t> live;
        for (std::size_t at = 0; at < slots.size();) {
          std::size_t end = slots.find(' ', at);
          if (end == std::string::npos) end = slots.size();
          std::int64_t t = 0;
          std::from_chars(slots.data() + at, slots.data() + end, t);
          if (t > start) live.push_back(t);
          at = end + 1;
        }
        if (static_cast<int>(live.size()) >= k->count) {
          const std::int64_t wait = live[live.size() - static_cast<std::size_t>(k->count)] - start;
          verdict.retry_after =
              std::max(verdict.retry_after, std::chrono::seconds(std::max<std::int64_t>(1, (wait + 999) / 1000)));
          continue;
        }
        live.push_back(ms(now));
        std::string kept;
        for (const std::int64_t t : live) kept += (kept.empty() ? "" : " ") + std::to_string(t);
        updates.emplace_back(k, std::move(kept));
      }
      if (verdict.retry_after.count() > 0) return util::fail("refused");  // none reserved: rolled back
      for (const auto& [k, kept] : updates) {
        Query write(*m_db, "UPDATE rate_limits SET slots = $1, expires_ms = $2 WHERE key = $3",
                    {kept, ms(now) + k->window.count(), k->key});
        if (auto ok = write.run(); !ok) return ok;
      }
      return {};
    });
    if (!reserved && verdict.retry_after.count() == 0) return tl::unexpected(reserved.error());
    verdict.allowed = static_cast<bool>(reserved);
    return verdict;
  }

  util::Expected<void> release_rate(std::string_view key) override {
    return run_transaction([&]() -> util::Expected<void> {
      Query read(*m_db, "UPDATE rate_limits SET expires_ms = rate_limits.expires_ms WHERE key = $1 RETURNING slots",
                 {key});
      if (!read.next()) return read.ok();
      std::string slots = read.text(0);
      if (auto ok = read.ok(); !ok) return ok;
      const std::size_t last = slots.rfind(' ');
      slots.erase(last == std::string::npos ? 0 : last);
      return Query(*m_db, "UPDATE rate_limits SET slots = $1 WHERE key = $2", {slots, key}).run();
    });
  }

  util::Expected<int> expire_rates(Time now) override {
    return Query(*m_db, "DELETE FROM rate_limits WHERE expires_ms <= $1 RETURNING 1", {ms(now)}).count();
  }

  static std::string responses_text(const LevelTestState& test) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& [item, right] : test.responses) j.push_back({item, right});
    return j.dump();
  }

  util::Expected<void> create_level_test(const LevelTestState& test) override {
    const std::string responses = responses_text(test);
    return Query(*m_db,
                 "INSERT INTO level_tests (id, user_id, scope, seed, responses, answered, started_ms, updated_ms) "
                 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                 {test.id, test.user, test.scope, test.seed, responses,
                  static_cast<std::int64_t>(test.responses.size()), ms(test.started), ms(test.updated)})
        .run();
  }

  util::Expected<std::optional<LevelTestState>> level_test(std::string_view id, UserId user) override {
    Query s(*m_db,
            "SELECT id, user_id, scope, seed, responses, started_ms, updated_ms FROM level_tests "
            "WHERE id = $1 AND user_id = $2",
            {id, user});
    if (!s.next()) {
      if (auto ok = s.ok(); !ok) return tl::unexpected(ok.error());
      return std::optional<LevelTestState>();
    }
    LevelTestState test{s.text(0), s.integer(1), s.text(2), s.integer(3), {}, s.time(5), s.time(6)};
    const auto responses = nlohmann::json::parse(s.text(4), nullptr, false);
    if (responses.is_array()) {
      for (const auto& r : responses) {
        if (r.is_array() && r.size() == 2 && r[0].is_string() && r[1].is_boolean())
          test.responses.emplace_back(r[0].get<std::string>(), r[1].get<bool>());
      }
    }
    return std::optional<LevelTestState>(std::move(test));
  }

  util::Expected<bool> update_level_test(const LevelTestState& test, std::size_t answered) override {
    const std::string responses = responses_text(test);
    Query s(*m_db,
            "UPDATE level_tests SET responses = $1, answered = $2, updated_ms = $3 "
            "WHERE id = $4 AND user_id = $5 AND answered = $6 RETURNING 1",
            {responses, static_cast<std::int64_t>(test.responses.size()), ms(test.updated), test.id, test.user,
             static_cast<std::int64_t>(answered)});
    const bool changed = s.next();
    if (auto ok = s.ok(); !ok) return tl::unexpected(ok.error());
    return changed;
  }

  util::Expected<bool> delete_level_test(std::string_view id, UserId user) override {
    Query s(*m_db, "DELETE FROM level_tests WHERE id = $1 AND user_id = $2 RETURNING 1", {id, user});
    const bool deleted = s.next();
    if (auto ok = s.ok(); !ok) return tl::unexpected(ok.error());
    return deleted;
  }

  util::Expected<void> prune_level_tests(Time idle_before, UserId user, int keep_for_user, int keep_in_all) override {
    return run_transaction([&]() -> util::Expected<void> {
      if (auto ok = Query(*m_db, "DELETE FROM level_tests WHERE updated_ms < $1", {ms(idle_before)}).run(); !ok)
        return ok;
      if (auto ok = Query(*m_db,
                          "DELETE FROM level_tests WHERE user_id = $1 AND id NOT IN (SELECT id FROM level_tests "
                          "WHERE user_id = $1 ORDER BY updated_ms DESC, id LIMIT $2)",
                          {user, keep_for_user})
                        .run();
          !ok)
        return ok;
      return Query(*m_db,
                   "DELETE FROM level_tests WHERE id NOT IN (SELECT id FROM level_tests ORDER BY updated_ms DESC, id "
                   "LIMIT $1)",
                   {keep_in_all})
          .run();
    });
  }

  util::Expected<void> read_table(std::string_view table, const std::function<void(const Row&)>& each) override {
    const TableSpec* t = find_table(table);
    if (t == nullptr) return util::fail(util::ErrorCode::invalid, fmt::format("no table '{}' to copy", table));
    const auto columns = columns_of(*t);
    std::string names;
    for (const auto& c : columns) names += fmt::format("{}{}", names.empty() ? "" : ", ", c.name);
    Query s(*m_db, fmt::format("SELECT {} FROM {} ORDER BY {}", names, t->name, t->order));
    Row row(columns.size());
    while (s.next()) {
      for (std::size_t i = 0; i < columns.size(); ++i) {
        const int c = static_cast<int>(i);
        if (s.is_null(c)) {
          row[i] = std::monostate{};
        } else if (columns[i].type == 'i') {
          row[i] = s.integer(c);
        } else if (columns[i].type == 'r') {
          row[i] = s.real(c);
        } else {
          row[i] = s.text(c);
        }
      }
      each(row);
    }
    return s.ok();
  }

  util::Expected<void> write_rows(std::string_view table, const std::vector<Row>& rows) override {
    const TableSpec* t = find_table(table);
    if (t == nullptr) return util::fail(util::ErrorCode::invalid, fmt::format("no table '{}' to copy", table));
    const auto columns = columns_of(*t);
    std::string names;
    std::string params;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      names += fmt::format("{}{}", i == 0 ? "" : ", ", columns[i].name);
      params += fmt::format("{}${}", i == 0 ? "" : ", ", i + 1);
    }
    const std::string insert = fmt::format("INSERT INTO {} ({}) VALUES ({})", t->name, names, params);
    std::vector<Value> values;
    for (const Row& row : rows) {
      if (row.size() != columns.size())
        return util::fail(util::ErrorCode::invalid,
                          fmt::format("a row of {} has {} values, not {}", t->name, row.size(), columns.size()));
      values.clear();
      for (std::size_t i = 0; i < row.size(); ++i) {
        const Cell& cell = row[i];
        const char type = columns[i].type;
        if (std::holds_alternative<std::monostate>(cell)) {
          values.emplace_back(std::nullopt);
        } else if (const auto* n = std::get_if<std::int64_t>(&cell); n != nullptr && type != 't') {
          values.emplace_back(type == 'r' ? Value(static_cast<double>(*n)) : Value(*n));
        } else if (const auto* r = std::get_if<double>(&cell); r != nullptr && type == 'r') {
          values.emplace_back(*r);
        } else if (const auto* text = std::get_if<std::string>(&cell); text != nullptr && type == 't') {
          values.emplace_back(std::string_view(*text));
        } else {
          return util::fail(util::ErrorCode::invalid,
                            fmt::format("{}.{} holds a value of the wrong type", t->name, columns[i].name));
        }
      }
      auto rows_written = m_db->query(insert, values);
      while (rows_written->next()) {
      }
      if (auto ok = rows_written->ok(); !ok) return util::fail(fmt::format("{}", t->name), ok.error());
    }
    if (t->numbered) return m_db->renumber(t->name);
    return {};
  }

  util::Expected<void> clear_tables() override {
    return run_transaction([&]() -> util::Expected<void> {
      // Children first; rate limits and level tests of the accounts go too.
      for (const char* table : {"level_tests", "rate_limits"}) {
        if (auto ok = Query(*m_db, fmt::format("DELETE FROM {}", table)).run(); !ok) return ok;
      }
      for (auto t = std::rbegin(k_copy_tables); t != std::rend(k_copy_tables); ++t) {
        if (auto ok = Query(*m_db, fmt::format("DELETE FROM {}", t->name)).run(); !ok) return ok;
      }
      return {};
    });
  }

  util::Expected<std::int64_t> count_rows() override {
    std::int64_t total = 0;
    for (const TableSpec& t : k_copy_tables) {
      auto n = Query(*m_db, fmt::format("SELECT count(*) FROM {}", t.name)).single("count");
      if (!n) return tl::unexpected(n.error());
      total += *n;
    }
    return total;
  }

  util::Expected<std::string> shared_setting(std::string_view name, std::string_view candidate) override {
    Query s(*m_db,
            "INSERT INTO settings (name, value) VALUES ($1, $2) "
            "ON CONFLICT (name) DO UPDATE SET value = settings.value RETURNING value",
            {name, candidate});
    if (!s.next()) return s.ok() ? util::fail("the setting did not come back") : tl::unexpected(s.ok().error());
    return s.text(0);
  }

  util::Expected<std::vector<ResponseRow>> quiz_responses() override {
    Query s(*m_db, "SELECT attempt_id, item_id, answer, correct FROM quiz_responses ORDER BY attempt_id, position");
    std::vector<ResponseRow> out;
    while (s.next()) out.push_back(ResponseRow{s.integer(0), s.text(1), s.text(2), s.integer(3) != 0});
    if (auto ok = s.ok(); !ok) return tl::unexpected(ok.error());
    return out;
  }

 private:
  std::unique_ptr<sql::Connection> m_db;
  int m_depth = 0;  // transactions open, outermost included
};

}  // namespace

const std::vector<TableShape>& copy_tables() {
  static const std::vector<TableShape> shapes = [] {
    std::vector<TableShape> out;
    for (const TableSpec& t : k_copy_tables) {
      TableShape shape{t.name, {}};
      for (const ColumnSpec& c : columns_of(t)) shape.columns.push_back(c.name);
      out.push_back(std::move(shape));
    }
    return out;
  }();
  return shapes;
}

util::Expected<std::unique_ptr<Store>> open_sql_store(std::unique_ptr<sql::Connection> connection) {
  auto store = std::make_unique<SqlStore>(std::move(connection));
  if (auto migrated = store->migrate(); !migrated) return tl::unexpected(migrated.error());
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace prepdeck::store
