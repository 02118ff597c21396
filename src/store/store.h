// Where a learner's progress is kept: users, the memory state of each card,
// the review log, quiz attempts and their responses, and level results. One
// interface; open_store() picks the backend from a URL. SQLite is the
// embedded default (sqlite/); PostgreSQL (postgres/) serves several
// instances at once. Both run the same queries (sql_store.cc), so nothing
// here is either's.
//
// Progress is keyed by the stable ids of the guide model (question and quiz
// item ids), never by position, so editing a guide keeps it, and a question
// that disappears keeps its history. Guides themselves are never stored.
//
// Every write is one transaction: when a call returns success, the change is
// durable (a review's log row and the card's new state together, or neither).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "util/error.h"

namespace prepdeck::store {

// Milliseconds since the Unix epoch, UTC.
using Time = std::chrono::sys_time<std::chrono::milliseconds>;
using UserId = std::int64_t;

struct User {
  UserId id = 0;
  std::string name;
  bool admin = false;
  Time created{};
};

// An account name: 1-40 ASCII letters, digits, '.', '_' or '-', and not
// "local" (the terminal's own learner). Sign-up and `prepdeck user add` both
// hold names to it, so no name carries markup, control characters or length.
bool is_valid_user_name(std::string_view name);
inline constexpr std::string_view k_user_name_rule =
    "a name is 1-40 letters, digits, '.', '_' or '-' (and not 'local')";

// A card's scheduling state, field for field engine::Card (the store does not
// depend on the engine; the front ends convert).
struct CardState {
  Time due{};
  double stability = 0;
  double difficulty = 0;
  int elapsed_days = 0;
  int scheduled_days = 0;
  int reps = 0;
  int lapses = 0;
  int learning_steps = 0;
  int state = 0;  // 0 new, 1 learning, 2 review, 3 relearning
  std::optional<Time> last_review;

  bool operator==(const CardState&) const = default;
};

struct CardRecord {
  std::string card_id;  // the question's stable id
  std::string guide;    // the guide's path when last reviewed, for reports
  CardState state;
};

struct Review {
  std::int64_t id = 0;
  std::string card_id;
  std::string guide;
  int rating = 0;  // 1 again .. 4 easy
  Time reviewed{};
  int duration_ms = 0;  // time to answer, when known
  CardState before;     // for undo
  CardState after;
  // The mark the review leaves on its question ("knew" or "review", set in the
  // same transaction; empty: marks are left alone), and the mark it replaced
  // (filled by the store; it comes back on undo).
  std::string mark;
  std::optional<std::string> mark_before;
};

struct QuizResponse {
  std::string item_id;
  std::string answer;  // as the learner gave it (option numbers or text)
  double score = 0;
  bool correct = false;
};

struct QuizAttempt {
  std::int64_t id = 0;
  std::string quiz;  // the quiz page's path
  Time started{};
  Time finished{};
  double score = 0;
  int items = 0;
  std::string verdict;  // "beginner", "intermediate", "advanced"
  std::string mode;     // "practice" or "exam"
  std::vector<QuizResponse> responses;
};

struct SectionLevel {
  std::string section;
  double theta = 0;
  double standard_error = 0;
  int items = 0;
  int right = 0;
};

struct LevelResult {
  std::int64_t id = 0;
  std::string scope;  // the guide or folder the test drew on
  Time taken{};
  double theta = 0;
  double standard_error = 0;
  int items = 0;
  std::string verdict;
  std::vector<SectionLevel> sections;
};

// A logged-in browser. The token itself is never stored: only its hash,
// so a copy of the database does not let anyone in.
struct Session {
  std::string token_hash;  // hex SHA-256 of the cookie's token
  UserId user = 0;
  std::string csrf;  // the token state-changing requests carry
  Time created{};
  Time expires{};
};

// What a learner said of a question after revealing it on a page.
struct Mark {
  std::string question_id;
  std::string guide;  // the guide's path, for reports
  std::string mark;   // "knew" or "review"
  Time updated{};
};

// A comment on a guide ("comment your level"), with its author's latest
// verified level: from their latest level test or quiz attempt, whichever is
// newer, as the server scored it.
struct Comment {
  std::int64_t id = 0;
  std::string guide;  // the guide's path
  UserId user = 0;
  std::string user_name;
  std::string body;  // as written: the front end shows a safe Markdown subset of it
  Time created{};
  std::optional<Time> edited;
  std::string level;         // "beginner", "intermediate", "advanced"; empty: none yet
  std::string level_source;  // "level test" or "quiz"
};

// What the authors' analytics read: per question, and every quiz response.
struct QuestionStats {
  std::string question_id;
  std::int64_t reveals = 0;  // times its answer was opened, all learners
  int revealers = 0;         // learners who opened it
  int knew = 0;              // marks
  int review = 0;
  int cards = 0;  // learners who reviewed it (FSRS)
  double mean_difficulty = 0;
};

struct ResponseRow {
  std::int64_t attempt = 0;
  std::string item_id;
  std::string answer;  // as stored: "1,3" (option numbers) or the blanks' text
  bool correct = false;
};

// A sliding-window limit on one key ("login-name:ana"): at most `count`
// reservations within any `window`.
struct RateKey {
  std::string key;
  int count = 5;
  std::chrono::milliseconds window{std::chrono::minutes(15)};
};

struct RateVerdict {
  bool allowed = false;
  std::chrono::seconds retry_after{0};  // when refused: until a slot frees up (at least 1 s)
};

// An adaptive level test in progress. Kept in the database, so that any
// instance of the server answers its next question: the test is rebuilt from
// its scope and seed by replaying the responses (engine::Placement is
// deterministic for a seed).
struct LevelTestState {
  std::string id;  // the token the learner's page holds
  UserId user = 0;
  std::string scope;
  std::int64_t seed = 0;
  std::vector<std::pair<std::string, bool>> responses;  // item id and whether it was right, in order
  Time started{};
  Time updated{};
};

// One value of a row as `db dump` and `db copy` carry it.
using Cell = std::variant<std::monostate, std::int64_t, double, std::string>;
using Row = std::vector<Cell>;

// The tables a copy carries, parents before children: users, sessions,
// cards, reviews, quiz attempts and responses, levels, marks, comments and
// reveals (not rate limits or level tests in progress, which only matter to
// a running server).
struct TableShape {
  std::string_view name;
  std::vector<std::string_view> columns;
};
const std::vector<TableShape>& copy_tables();

class Store {
 public:
  virtual ~Store() = default;

  // Runs `body` as one transaction: every write it makes is committed
  // together, with one sync to disk, or not at all when it fails. Calls nest:
  // an inner transaction that fails is rolled back alone and the outer one
  // goes on (group commit: many requests' writes, one fsync).
  virtual util::Expected<void> transaction(const std::function<util::Expected<void>()>& body) = 0;
  // A transaction as above whose writes may go to the database without
  // waiting for each answer (sql::Connection::execute): when one fails, the
  // failure may come back from a later statement or from the commit, and
  // the whole transaction fails. For group commit's first try of a batch;
  // the retry, a savepoint per write, runs with transaction().
  virtual util::Expected<void> batch(const std::function<util::Expected<void>()>& body) { return transaction(body); }

  // The implicit user of local mode, made on first use.
  virtual util::Expected<User> local_user() = 0;

  // Accounts (`prepdeck serve --users`). Names are unique; `password_hash`
  // is an argon2id string. Fails when the name is taken.
  virtual util::Expected<User> create_user(std::string_view name, std::string_view password_hash, bool admin) = 0;
  // The user and their password hash, if the name exists.
  virtual util::Expected<std::optional<std::pair<User, std::string>>> find_user(std::string_view name) = 0;
  virtual util::Expected<std::optional<User>> user(UserId id) = 0;
  // Also ends every session of the account: a new password logs every browser out.
  virtual util::Expected<void> set_password(UserId id, std::string_view password_hash) = 0;
  // The accounts, by name; the terminal's own learner ("local") is not one.
  virtual util::Expected<std::vector<User>> users() = 0;
  virtual util::Expected<void> set_admin(UserId id, bool admin) = 0;
  // The account and everything it did: sessions, cards, reviews, marks, quiz
  // attempts, levels, comments, reveals.
  virtual util::Expected<void> remove_user(UserId id) = 0;

  virtual util::Expected<void> create_session(const Session& session) = 0;
  // The session with this token hash, if it exists and has not expired at `now`.
  virtual util::Expected<std::optional<Session>> session(std::string_view token_hash, Time now) = 0;
  // The session and its account, read together (one round trip on every request).
  virtual util::Expected<std::optional<std::pair<Session, User>>> signed_in(std::string_view token_hash, Time now) = 0;
  virtual util::Expected<void> delete_session(std::string_view token_hash) = 0;
  // Removes the sessions expired at `now`; returns how many.
  virtual util::Expected<int> delete_expired_sessions(Time now) = 0;

  virtual util::Expected<std::optional<CardRecord>> card(UserId user, std::string_view card_id) = 0;
  virtual util::Expected<std::vector<CardRecord>> cards(UserId user) = 0;

  // Writes the review to the log, `review.after` as the card's state and
  // `review.mark` (when set) as the question's mark, in one transaction;
  // returns the review's id.
  virtual util::Expected<std::int64_t> record_review(UserId user, const Review& review) = 0;
  // Reviews made elsewhere (`import anki --with-history`), oldest first:
  // each to the log, the state after each card's last one as the card's, and
  // the marks the reviews set, in one transaction. What record_review does
  // for each, without its cost per call: cards are written once, and on
  // PostgreSQL the rows go in a pipeline inside batch().
  virtual util::Expected<void> import_reviews(UserId user, const std::vector<Review>& reviews) = 0;
  // Takes back review `review_id` of the user: the card returns to its state
  // before it, its question to the mark it had, and the log row goes. Nothing when there is no such review, or
  // when the card was reviewed again since (by another front end on the same
  // database), as restoring the older state would lose that review.
  virtual util::Expected<std::optional<Review>> undo_review(UserId user, std::int64_t review_id) = 0;
  // Reviews at or after `since`, oldest first.
  virtual util::Expected<std::vector<Review>> reviews(UserId user, Time since) = 0;

  virtual util::Expected<std::int64_t> record_quiz_attempt(UserId user, const QuizAttempt& attempt) = 0;
  virtual util::Expected<std::vector<QuizAttempt>> quiz_attempts(UserId user) = 0;

  virtual util::Expected<std::int64_t> record_level(UserId user, const LevelResult& result) = 0;
  // Oldest first.
  virtual util::Expected<std::vector<LevelResult>> levels(UserId user) = 0;

  // `mark.mark` empty removes the question's mark.
  virtual util::Expected<void> set_mark(UserId user, const Mark& mark) = 0;
  // Ordered by question id.
  virtual util::Expected<std::vector<Mark>> marks(UserId user) = 0;

  virtual util::Expected<std::int64_t> add_comment(UserId user, std::string_view guide, std::string_view body,
                                                   Time at) = 0;
  // Oldest first, with each author's level now.
  virtual util::Expected<std::vector<Comment>> comments(std::string_view guide) = 0;
  virtual util::Expected<std::optional<Comment>> comment(std::int64_t id) = 0;
  virtual util::Expected<void> edit_comment(std::int64_t id, std::string_view body, Time at) = 0;
  virtual util::Expected<void> delete_comment(std::int64_t id) = 0;
  // Comments `user` wrote at or after `since` (for the rate limit).
  virtual util::Expected<int> comments_since(UserId user, Time since) = 0;
  // Each user's latest verified level, for the users who took a quiz whose
  // page path ends in `/NAME.md` or commented on such a guide.
  virtual util::Expected<std::vector<std::string>> learner_levels(std::string_view topic_file) = 0;

  // A question's answer was opened on a page.
  virtual util::Expected<void> record_reveal(UserId user, std::string_view question_id, Time at) = 0;
  // Every question anyone revealed, marked or reviewed.
  virtual util::Expected<std::vector<QuestionStats>> question_stats() = 0;
  // Every response of every attempt, by attempt.
  virtual util::Expected<std::vector<ResponseRow>> quiz_responses() = 0;

  // State every instance of the server shares.
  //
  // Reserves one slot of every key at `now`, all or none, atomically among
  // every connection to the database (each key's row is locked in turn, in
  // key order). A slot counts from its reservation: requests that arrive
  // together are held to the limit as strictly as requests in turn.
  virtual util::Expected<RateVerdict> reserve_rate(const std::vector<RateKey>& keys, Time now) = 0;
  // Gives back the newest slot of `key` (the work it guarded did not count).
  virtual util::Expected<void> release_rate(std::string_view key) = 0;
  // Forgets the keys whose every slot is older than its window at `now`.
  virtual util::Expected<int> expire_rates(Time now) = 0;

  virtual util::Expected<void> create_level_test(const LevelTestState& test) = 0;
  // The user's test with this id.
  virtual util::Expected<std::optional<LevelTestState>> level_test(std::string_view id, UserId user) = 0;
  // Writes `test`'s responses when the stored test still has `answered`
  // responses; false when it has not (an answer on another instance came first).
  virtual util::Expected<bool> update_level_test(const LevelTestState& test, std::size_t answered) = 0;
  // False when there was no such test.
  virtual util::Expected<bool> delete_level_test(std::string_view id, UserId user) = 0;
  // Removes the tests idle since before `idle_before`, then `user`'s least
  // recently used beyond `keep_for_user`, then anyone's beyond `keep_in_all`.
  virtual util::Expected<void> prune_level_tests(Time idle_before, UserId user, int keep_for_user, int keep_in_all) = 0;

  // Every row of `table` (one of copy_tables()), in its key's order, to `each`.
  virtual util::Expected<void> read_table(std::string_view table, const std::function<void(const Row&)>& each) = 0;
  // Adds `rows` to `table`, ids as they are (numbering goes on after the
  // largest); run inside a transaction for all or nothing.
  virtual util::Expected<void> write_rows(std::string_view table, const std::vector<Row>& rows) = 0;
  // Removes every row of the copy tables (a copy that replaces what was there).
  virtual util::Expected<void> clear_tables() = 0;
  // How many rows the copy tables hold in all.
  virtual util::Expected<std::int64_t> count_rows() = 0;

  // The value of the setting `name`, made `candidate` by the first caller:
  // what every instance must agree on, such as the token pages carry before
  // a login.
  virtual util::Expected<std::string> shared_setting(std::string_view name, std::string_view candidate) = 0;

  // The schema's migration number.
  virtual int schema_version() = 0;
  // Whether the database answers now (reconnecting when it was lost).
  virtual util::Expected<void> ping() = 0;
  // A private in-memory database: another connection to the same URL would
  // see another, empty one, so its readers must share this connection.
  virtual bool private_to_connection() const = 0;
};

// "sqlite:PATH", "sqlite::memory:" or a bare path: SQLite;
// "postgres://..." or "postgresql://..." (a libpq URL): PostgreSQL. Other
// schemes fail with a message naming the ones there are.
util::Expected<std::unique_ptr<Store>> open_store(std::string_view url);

// `url` with its password (scheme://user:PASSWORD@host) shown as ***, for
// every message that names a database.
std::string redacted_url(std::string_view url);

// $XDG_DATA_HOME/prepdeck/progress.db, else ~/.local/share/prepdeck/progress.db.
std::string default_database_path();

}  // namespace prepdeck::store
