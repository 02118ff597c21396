#include "store/migrations.h"

#include <cctype>
#include <iterator>

#include "store/sql.h"

namespace prepdeck::store {

namespace {

// Types both backends read alike: BIGINT (times in ms, ids), INTEGER,
// DOUBLE PRECISION, TEXT (compared byte by byte in both). Flags are INTEGER 0/1.
constexpr Migration k_migrations[] = {
    {1, R"sql(
CREATE TABLE users (
  id {id},
  name TEXT NOT NULL UNIQUE,
  admin INTEGER NOT NULL DEFAULT 0,
  created_ms BIGINT NOT NULL,
  password_hash TEXT
);
CREATE TABLE cards (
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  card_id TEXT NOT NULL,
  guide TEXT NOT NULL DEFAULT '',
  due_ms BIGINT NOT NULL,
  stability DOUBLE PRECISION NOT NULL,
  difficulty DOUBLE PRECISION NOT NULL,
  elapsed_days INTEGER NOT NULL,
  scheduled_days INTEGER NOT NULL,
  reps INTEGER NOT NULL,
  lapses INTEGER NOT NULL,
  learning_steps INTEGER NOT NULL,
  state INTEGER NOT NULL CHECK (state BETWEEN 0 AND 3),
  last_review_ms BIGINT,
  PRIMARY KEY (user_id, card_id)
) {without_rowid};
CREATE INDEX cards_due ON cards(user_id, due_ms);
CREATE TABLE reviews (
  id {id},
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  card_id TEXT NOT NULL,
  guide TEXT NOT NULL DEFAULT '',
  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
  reviewed_ms BIGINT NOT NULL,
  duration_ms BIGINT NOT NULL DEFAULT 0,
  before TEXT NOT NULL,
  after TEXT NOT NULL
);
CREATE INDEX reviews_user_time ON reviews(user_id, reviewed_ms);
CREATE TABLE quiz_attempts (
  id {id},
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  quiz TEXT NOT NULL,
  started_ms BIGINT NOT NULL,
  finished_ms BIGINT NOT NULL,
  score DOUBLE PRECISION NOT NULL,
  items INTEGER NOT NULL,
  verdict TEXT NOT NULL,
  mode TEXT NOT NULL
);
CREATE TABLE quiz_responses (
  attempt_id BIGINT NOT NULL REFERENCES quiz_attempts(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  item_id TEXT NOT NULL,
  answer TEXT NOT NULL,
  score DOUBLE PRECISION NOT NULL,
  correct INTEGER NOT NULL,
  PRIMARY KEY (attempt_id, position)
);
CREATE TABLE level_results (
  id {id},
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  scope TEXT NOT NULL,
  taken_ms BIGINT NOT NULL,
  theta DOUBLE PRECISION NOT NULL,
  standard_error DOUBLE PRECISION NOT NULL,
  items INTEGER NOT NULL,
  verdict TEXT NOT NULL,
  sections TEXT NOT NULL
);
)sql"},
    {2, R"sql(
CREATE TABLE marks (
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  question_id TEXT NOT NULL,
  guide TEXT NOT NULL DEFAULT '',
  mark TEXT NOT NULL CHECK (mark IN ('knew', 'review')),
  updated_ms BIGINT NOT NULL,
  PRIMARY KEY (user_id, question_id)
) {without_rowid};
)sql"},
    {3, R"sql(
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  expires_ms BIGINT NOT NULL
) {without_rowid};
CREATE INDEX sessions_expiry ON sessions(expires_ms);
)sql"},
    {4, R"sql(
CREATE TABLE comments (
  id {id},
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  guide TEXT NOT NULL,
  body TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  edited_ms BIGINT
);
CREATE INDEX comments_guide ON comments(guide, id);
CREATE INDEX comments_user_time ON comments(user_id, created_ms);
CREATE INDEX quiz_attempts_user ON quiz_attempts(user_id, finished_ms);
CREATE INDEX level_results_user ON level_results(user_id, taken_ms);
)sql"},
    {5, R"sql(
CREATE TABLE reveals (
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  question_id TEXT NOT NULL,
  count BIGINT NOT NULL,
  last_ms BIGINT NOT NULL,
  PRIMARY KEY (user_id, question_id)
) {without_rowid};
)sql"},
    // A review marks its question (Review::mark); the mark it replaced comes
    // back when the review is undone. Older reviews leave marks alone.
    {6, R"sql(
ALTER TABLE reviews ADD COLUMN mark TEXT NOT NULL DEFAULT '' CHECK (mark IN ('', 'knew', 'review'));
ALTER TABLE reviews ADD COLUMN mark_before TEXT CHECK (mark_before IN ('knew', 'review'));
)sql"},
    // What every instance of the server shares: rate limits (each key's
    // reservation times, space-separated ms) and level tests in progress.
    {7, R"sql(
CREATE TABLE rate_limits (
  key TEXT PRIMARY KEY,
  slots TEXT NOT NULL,
  expires_ms BIGINT NOT NULL
) {without_rowid};
CREATE INDEX rate_limits_expiry ON rate_limits(expires_ms);
CREATE TABLE level_tests (
  id TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  scope TEXT NOT NULL,
  seed BIGINT NOT NULL,
  responses TEXT NOT NULL,
  answered INTEGER NOT NULL,
  started_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL
) {without_rowid};
CREATE INDEX level_tests_user ON level_tests(user_id, updated_ms);
CREATE INDEX level_tests_idle ON level_tests(updated_ms);
)sql"},
    // Settings every instance of the server agrees on (the first one to start makes them).
    {8, R"sql(
CREATE TABLE settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
) {without_rowid};
)sql"},
};

}  // namespace

std::span<const Migration> migrations() { return k_migrations; }

int known_schema_version() { return k_migrations[std::size(k_migrations) - 1].version; }

namespace sql {

std::string dialect_sql(std::string_view text, Dialect dialect) {
  struct Spelling {
    std::string_view placeholder, sqlite, postgres;
  };
  constexpr Spelling k_spellings[] = {
      {"{id}", "INTEGER PRIMARY KEY", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"},
      {"{without_rowid}", "WITHOUT ROWID", ""},
  };
  const auto word_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; };
  std::string out;
  out.reserve(text.size());
  std::size_t at = 0;
  while (at < text.size()) {
    bool replaced = false;
    // Text compares and sorts byte by byte, as in SQLite, whatever the
    // PostgreSQL database's locale: TEXT columns are COLLATE "C" there.
    if (dialect == Dialect::postgres && text.substr(at, 4) == "TEXT" && (at == 0 || !word_char(text[at - 1])) &&
        (at + 4 == text.size() || !word_char(text[at + 4]))) {
      out += "TEXT COLLATE \"C\"";
      at += 4;
      continue;
    }
    if (text[at] == '{') {
      for (const Spelling& s : k_spellings) {
        if (text.substr(at, s.placeholder.size()) == s.placeholder) {
          out += dialect == Dialect::sqlite ? s.sqlite : s.postgres;
          at += s.placeholder.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out += text[at++];
  }
  return out;
}

}  // namespace sql

}  // namespace prepdeck::store
