// The store's contract, held to every backend: each test runs on SQLite
// (a file in a scratch folder) and on PostgreSQL (a schema of its own on the
// tests' throwaway server, tests/support/postgres.h).
#include "store/store.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "store/migrations.h"
#include "tests/support/postgres.h"

namespace prepdeck::store {
namespace {

namespace fs = std::filesystem;

Time at(std::int64_t ms) { return Time(std::chrono::milliseconds(ms)); }

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    m_dir = fs::temp_directory_path() / ("prepdeck-store-" + std::to_string(::getpid()));
    fs::remove_all(m_dir);
    m_url = GetParam() == "sqlite" ? "sqlite:" + (m_dir / "sub" / "progress.db").string() : test::fresh_postgres_url();
  }
  void TearDown() override { fs::remove_all(m_dir); }
  const std::string& url() const { return m_url; }
  std::unique_ptr<Store> open() {
    auto store = open_store(m_url);
    if (!store) ADD_FAILURE() << store.error().message;
    return store ? std::move(*store) : nullptr;
  }

  fs::path m_dir;
  std::string m_url;
};

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& backend) { return backend.param; });

CardState reviewed(int reps, std::int64_t due) {
  CardState c;
  c.due = at(due);
  c.stability = 2.5 + reps;
  c.difficulty = 5.25;
  c.elapsed_days = 1;
  c.scheduled_days = 3;
  c.reps = reps;
  c.lapses = 0;
  c.learning_steps = 0;
  c.state = 2;
  c.last_review = at(due - 3 * 86'400'000);
  return c;
}

TEST_P(StoreTest, AnEmptyDatabaseIsCreatedAndMigrated) {
  auto store = open_store(url());
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_EQ((*store)->schema_version(), known_schema_version());
  // Opening it again migrates nothing and keeps the data.
  const auto user = (*store)->local_user();
  ASSERT_TRUE(user);
  store->reset();
  auto again = open_store(url());
  ASSERT_TRUE(again);
  EXPECT_EQ((*again)->local_user()->id, user->id);
  EXPECT_EQ((*again)->local_user()->name, "local");
}

TEST_P(StoreTest, AReviewWritesTheLogAndTheCardTogether) {
  auto store = open();
  const UserId me = store->local_user()->id;
  Review r;
  r.card_id = "interview-questions/git#rebase";
  r.guide = "interview-questions/git.md";
  r.rating = 3;
  r.reviewed = at(1'000);
  r.duration_ms = 4200;
  r.after = reviewed(1, 1'000 + 86'400'000);
  const auto id = store->record_review(me, r);
  ASSERT_TRUE(id) << id.error().message;
  const auto card = store->card(me, r.card_id);
  ASSERT_TRUE(card && *card);
  EXPECT_EQ((*card)->state, r.after);
  EXPECT_EQ((*card)->guide, r.guide);
  const auto log = store->reviews(me, at(0));
  ASSERT_TRUE(log);
  ASSERT_EQ(log->size(), 1u);
  EXPECT_EQ((*log)[0].id, *id);
  EXPECT_EQ((*log)[0].rating, 3);
  EXPECT_EQ((*log)[0].duration_ms, 4200);
  EXPECT_EQ((*log)[0].after, r.after);
  EXPECT_EQ(store->reviews(me, at(2'000))->size(), 0u);
  EXPECT_FALSE(*store->card(me, "unknown"));
  r.rating = 7;
  EXPECT_FALSE(store->record_review(me, r));
  EXPECT_EQ(store->reviews(me, at(0))->size(), 1u);  // nothing half-written
}

TEST_P(StoreTest, ImportedReviewsWriteTheLogTheLastStateOfEachCardAndTheirMarks) {
  auto store = open();
  Store& st = *store;
  const UserId me = st.local_user()->id;
  ASSERT_TRUE(st.set_mark(me, Mark{"q1", "g.md", "knew", at(5)}));
  std::vector<Review> reviews;
  for (int i = 0; i < 300; ++i) {  // three questions, a hundred reviews each, interleaved
    Review& r = reviews.emplace_back();
    r.card_id = "q" + std::to_string(i % 3);
    r.guide = "g.md";
    r.rating = 1 + i % 4;
    r.reviewed = at(1'000 + i);
    r.duration_ms = i;
    r.before = reviewed(i / 3, 10'000 + i);
    r.after = reviewed(i / 3 + 1, 20'000 + i);
    if (i >= 297) r.mark = i == 298 ? "review" : "knew";  // each question's last review marks it
  }
  const auto written = st.batch([&] { return st.import_reviews(me, reviews); });
  ASSERT_TRUE(written) << written.error().message;
  const auto log = st.reviews(me, at(0));
  ASSERT_TRUE(log);
  ASSERT_EQ(log->size(), 300u);
  EXPECT_EQ((*log)[150].card_id, "q0");
  EXPECT_EQ((*log)[150].after, reviews[150].after);
  EXPECT_EQ((*log)[150].duration_ms, 150);
  for (int q = 0; q < 3; ++q) {
    const auto card = st.card(me, "q" + std::to_string(q));
    ASSERT_TRUE(card && *card);
    EXPECT_EQ((*card)->state, reviews[static_cast<std::size_t>(297 + q)].after) << q;
  }
  const auto marks = st.marks(me);
  ASSERT_EQ(marks->size(), 3u);
  EXPECT_EQ((*marks)[0].mark, "knew");
  EXPECT_EQ((*marks)[1].mark, "review");
  EXPECT_EQ((*marks)[2].mark, "knew");
  EXPECT_EQ((*log)[298].mark_before, "knew");  // q1's own mark, before the import
  // The last one undoes as a review made here would.
  ASSERT_TRUE(*st.undo_review(me, (*log)[299].id));
  EXPECT_EQ((*st.card(me, "q2"))->state, reviews[299].before);

  // A rating or mark the table refuses: nothing written.
  std::vector<Review> bad = {reviews[0], reviews[1]};
  bad[1].rating = 9;
  EXPECT_FALSE(st.import_reviews(me, bad));
  bad[1].rating = 2;
  bad[1].mark = "maybe";
  EXPECT_FALSE(st.import_reviews(me, bad));
  EXPECT_EQ(st.reviews(me, at(0))->size(), 299u);
  // An account that does not exist: refused as a whole.
  EXPECT_FALSE(st.batch([&] { return st.import_reviews(me + 100, {reviews[0], reviews[1]}); }));
  EXPECT_EQ(st.reviews(me, at(0))->size(), 299u);
}

TEST_P(StoreTest, UndoRestoresTheCardOrForgetsANewOne) {
  auto store = open();
  const UserId me = store->local_user()->id;
  Review first;
  first.card_id = "q";
  first.rating = 3;
  first.reviewed = at(10);
  first.after = reviewed(1, 100);  // `before` is a new card
  const auto first_id = store->record_review(me, first);
  ASSERT_TRUE(first_id);
  Review second = first;
  second.rating = 1;
  second.reviewed = at(20);
  second.before = first.after;
  second.after = reviewed(2, 200);
  const auto second_id = store->record_review(me, second);
  ASSERT_TRUE(second_id);

  // The first cannot go while the second, later, review of its card stands.
  EXPECT_FALSE(*store->undo_review(me, *first_id));
  EXPECT_EQ(store->reviews(me, at(0))->size(), 2u);
  auto undone = store->undo_review(me, *second_id);
  ASSERT_TRUE(undone && *undone);
  EXPECT_EQ((*undone)->rating, 1);
  EXPECT_EQ((*store->card(me, "q"))->state, first.after);
  undone = store->undo_review(me, *first_id);
  ASSERT_TRUE(undone && *undone);
  EXPECT_FALSE(*store->card(me, "q"));  // never reviewed again
  EXPECT_FALSE(*store->undo_review(me, *first_id));
  EXPECT_FALSE(*store->undo_review(me + 1, *second_id));
}

// A grade marks its question in the same transaction; undo brings back the
// mark it replaced, or none; a review without a mark leaves marks alone.
TEST_P(StoreTest, AReviewMarksItsQuestionAndUndoBringsTheOldMarkBack) {
  auto store = open();
  const UserId me = store->local_user()->id;
  const auto mark_of = [&](const std::string& id) -> std::string {
    const auto marks = store->marks(me);
    for (const Mark& m : *marks) {
      if (m.question_id == id) return m.mark;
    }
    return "(none)";
  };
  ASSERT_TRUE(store->set_mark(me, Mark{"q", "g.md", "review", at(5)}));
  Review good;
  good.card_id = "q";
  good.guide = "g.md";
  good.rating = 3;
  good.reviewed = at(10);
  good.after = reviewed(1, 100);
  good.mark = "knew";
  const auto good_id = store->record_review(me, good);
  ASSERT_TRUE(good_id);
  EXPECT_EQ(mark_of("q"), "knew");
  ASSERT_EQ(store->reviews(me, at(0))->size(), 1u);
  EXPECT_EQ((*store->reviews(me, at(0)))[0].mark_before, "review");
  ASSERT_TRUE(*store->undo_review(me, *good_id));
  EXPECT_EQ(mark_of("q"), "review");  // the learner's own mark is back

  Review fresh = good;
  fresh.card_id = "p";
  fresh.rating = 1;
  fresh.mark = "review";
  const auto fresh_id = store->record_review(me, fresh);
  ASSERT_TRUE(fresh_id);
  EXPECT_EQ(mark_of("p"), "review");
  ASSERT_TRUE(*store->undo_review(me, *fresh_id));
  EXPECT_EQ(mark_of("p"), "(none)");

  Review unmarked = good;
  unmarked.mark.clear();
  ASSERT_TRUE(store->record_review(me, unmarked));
  EXPECT_EQ(mark_of("q"), "review");
  unmarked.mark = "maybe";
  EXPECT_FALSE(store->record_review(me, unmarked));
}

TEST_P(StoreTest, CardsOfAQuestionThatDisappearedKeepTheirHistory) {
  auto store = open();
  const UserId me = store->local_user()->id;
  for (const char* id : {"a", "b", "c"}) {
    Review r;
    r.card_id = id;
    r.rating = 4;
    r.after = reviewed(1, 5);
    ASSERT_TRUE(store->record_review(me, r));
  }
  const auto all = store->cards(me);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].card_id, "a");
  EXPECT_EQ((*all)[2].card_id, "c");
}

TEST_P(StoreTest, QuizAttemptsAndLevelResultsReadBack) {
  auto store = open();
  const UserId me = store->local_user()->id;
  QuizAttempt a;
  a.quiz = "quiz/git.md";
  a.started = at(1);
  a.finished = at(2);
  a.score = 1.5;
  a.items = 2;
  a.verdict = "intermediate";
  a.mode = "exam";
  a.responses = {{"quiz/git#1", "2", 1, true}, {"quiz/git#2", "rebase", 0.5, false}};
  ASSERT_TRUE(store->record_quiz_attempt(me, a));
  const auto attempts = store->quiz_attempts(me);
  ASSERT_TRUE(attempts);
  ASSERT_EQ(attempts->size(), 1u);
  EXPECT_EQ((*attempts)[0].verdict, "intermediate");
  ASSERT_EQ((*attempts)[0].responses.size(), 2u);
  EXPECT_EQ((*attempts)[0].responses[1].answer, "rebase");
  EXPECT_FALSE((*attempts)[0].responses[1].correct);

  LevelResult level;
  level.scope = "examples";
  level.taken = at(3);
  level.theta = 0.35;
  level.standard_error = 0.38;
  level.items = 12;
  level.verdict = "intermediate";
  level.sections = {{"CI/CD", 0.9, 0.6, 4, 3}, {"Containers", -0.4, 0.7, 3, 1}};
  ASSERT_TRUE(store->record_level(me, level));
  const auto levels = store->levels(me);
  ASSERT_TRUE(levels);
  ASSERT_EQ(levels->size(), 1u);
  EXPECT_DOUBLE_EQ((*levels)[0].theta, 0.35);
  ASSERT_EQ((*levels)[0].sections.size(), 2u);
  EXPECT_EQ((*levels)[0].sections[1].section, "Containers");
  EXPECT_EQ((*levels)[0].sections[0].right, 3);
}

TEST_P(StoreTest, MarksAreSetChangedAndRemoved) {
  auto store = open_store(url());
  ASSERT_TRUE(store);
  Store& st = **store;
  const UserId user = st.local_user()->id;
  ASSERT_TRUE(st.set_mark(user, Mark{"git/q2", "git.md", "review", at(1000)}));
  ASSERT_TRUE(st.set_mark(user, Mark{"git/q1", "git.md", "knew", at(2000)}));
  ASSERT_TRUE(st.set_mark(user, Mark{"git/q2", "git.md", "knew", at(3000)}));
  auto marks = st.marks(user);
  ASSERT_TRUE(marks);
  ASSERT_EQ(marks->size(), 2u);
  EXPECT_EQ((*marks)[0].question_id, "git/q1");
  EXPECT_EQ((*marks)[1].mark, "knew");
  EXPECT_EQ((*marks)[1].updated, at(3000));
  EXPECT_FALSE(st.set_mark(user, Mark{"git/q3", "git.md", "maybe", at(1)}));
  ASSERT_TRUE(st.set_mark(user, Mark{"git/q1", "git.md", "", at(4000)}));
  EXPECT_EQ(st.marks(user)->size(), 1u);
}

TEST_P(StoreTest, AFailedInnerTransactionRollsBackAloneAndTheOuterOneCommits) {
  {
    auto store = open_store(url());
    ASSERT_TRUE(store);
    Store& st = **store;
    const UserId user = st.local_user()->id;
    int inner_failures = 0;
    auto outer = st.transaction([&]() -> util::Expected<void> {
      for (int i = 0; i < 5; ++i) {
        auto inner = st.transaction([&]() -> util::Expected<void> {
          if (auto ok = st.set_mark(user, Mark{"q" + std::to_string(i), "g.md", "knew", at(i)}); !ok) return ok;
          if (i == 2) return util::fail("the third write fails after its mark");
          return {};
        });
        if (!inner) ++inner_failures;
      }
      return {};
    });
    ASSERT_TRUE(outer) << outer.error().message;
    EXPECT_EQ(inner_failures, 1);
  }
  // Reopened: the four good writes were committed, the failed one was not.
  auto again = open_store(url());
  ASSERT_TRUE(again);
  const auto marks = (*again)->marks((*again)->local_user()->id);
  ASSERT_TRUE(marks);
  ASSERT_EQ(marks->size(), 4u);
  for (const auto& m : *marks) EXPECT_NE(m.question_id, "q2");
}

TEST_P(StoreTest, AFailedOuterTransactionKeepsNothing) {
  auto store = open_store(url());
  ASSERT_TRUE(store);
  Store& st = **store;
  const UserId user = st.local_user()->id;
  auto outer = st.transaction([&]() -> util::Expected<void> {
    if (auto ok = st.set_mark(user, Mark{"q1", "g.md", "knew", at(1)}); !ok) return ok;
    return util::fail("the batch fails");
  });
  EXPECT_FALSE(outer);
  EXPECT_TRUE(st.marks(user)->empty());
}

// Store::batch: writes may go without waiting for each answer (PostgreSQL's
// pipeline mode); a refused one fails the whole batch, at the latest at its
// commit, and the connection is fit for the next transaction.
TEST_P(StoreTest, ABatchWithAWriteTheDatabaseRefusesKeepsNothing) {
  auto store = open_store(url());
  ASSERT_TRUE(store);
  Store& st = **store;
  const UserId user = st.local_user()->id;
  const auto refused = st.batch([&]() -> util::Expected<void> {
    for (int i = 0; i < 20; ++i) {
      const UserId who = i == 11 ? user + 100 : user;  // no such user
      if (auto ok = st.set_mark(who, Mark{"q" + std::to_string(i), "g.md", "knew", at(i)}); !ok) return ok;
      if (auto ok = st.record_reveal(user, "q" + std::to_string(i), at(i)); !ok) return ok;
    }
    return {};
  });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, util::ErrorCode::conflict) << refused.error().message;
  EXPECT_TRUE(st.marks(user)->empty());
  const auto kept = st.batch([&]() -> util::Expected<void> {
    for (int i = 0; i < 20; ++i) {
      if (auto ok = st.set_mark(user, Mark{"q" + std::to_string(i), "g.md", "review", at(i)}); !ok) return ok;
    }
    // Read back inside the batch: the writes before it are answered first.
    auto marks = st.marks(user);
    if (!marks) return tl::unexpected(marks.error());
    return marks->size() == 20 ? util::Expected<void>{} : util::fail("the batch did not see its own writes");
  });
  EXPECT_TRUE(kept) << kept.error().message;
  EXPECT_EQ(st.marks(user)->size(), 20u);
  EXPECT_TRUE(st.transaction([&] { return st.set_mark(user, Mark{"q0", "g.md", "", at(30)}); }));
  EXPECT_EQ(st.marks(user)->size(), 19u);
}

TEST_P(StoreTest, UsersHaveUniqueNamesAndSessionsExpire) {
  auto store = open_store(url());
  ASSERT_TRUE(store);
  Store& st = **store;
  auto ana = st.create_user("ana", "$argon2id$x", true);
  ASSERT_TRUE(ana) << ana.error().message;
  EXPECT_TRUE(ana->admin);
  const auto taken = st.create_user("ana", "$argon2id$y", false);
  ASSERT_FALSE(taken);
  EXPECT_NE(taken.error().message.find("taken"), std::string::npos);
  EXPECT_EQ(taken.error().code, util::ErrorCode::conflict);  // callers tell a taken name by its code
  const auto found = st.find_user("ana");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->first.id, ana->id);
  EXPECT_EQ((*found)->second, "$argon2id$x");
  ASSERT_TRUE(st.set_password(ana->id, "$argon2id$z"));
  EXPECT_EQ((*st.find_user("ana"))->second, "$argon2id$z");
  EXPECT_FALSE(*st.find_user("bob"));
  EXPECT_EQ((*st.user(ana->id))->name, "ana");

  ASSERT_TRUE(st.create_session(Session{"h1", ana->id, "c1", at(1000), at(5000)}));
  ASSERT_TRUE(st.create_session(Session{"h2", ana->id, "c2", at(1000), at(9000)}));
  EXPECT_EQ((*st.session("h1", at(4000)))->csrf, "c1");
  const auto both = st.signed_in("h1", at(4000));
  ASSERT_TRUE(both && *both);
  EXPECT_EQ((*both)->first.csrf, "c1");
  EXPECT_EQ((*both)->second.name, "ana");
  EXPECT_TRUE((*both)->second.admin);
  EXPECT_FALSE(*st.signed_in("h1", at(5000)));
  EXPECT_FALSE(*st.session("h1", at(5000)));  // expired
  EXPECT_FALSE(*st.session("nope", at(1)));
  EXPECT_EQ(*st.delete_expired_sessions(at(6000)), 1);
  ASSERT_TRUE(st.delete_session("h2"));
  EXPECT_FALSE(*st.session("h2", at(1)));
}

TEST_P(StoreTest, CommentsCarryTheirAuthorsLatestVerifiedLevel) {
  auto store = open_store(url());
  ASSERT_TRUE(store);
  Store& st = **store;
  const auto ana = *st.create_user("ana", "h", false);
  const auto bob = *st.create_user("bob", "h", false);
  QuizAttempt quiz;
  quiz.quiz = "quiz/git.md";
  quiz.started = at(1000);
  quiz.finished = at(2000);
  quiz.verdict = "intermediate";
  quiz.mode = "practice";
  ASSERT_TRUE(st.record_quiz_attempt(ana.id, quiz));
  const auto first = st.add_comment(ana.id, "interview-questions/git.md", "I am **intermediate**", at(3000));
  ASSERT_TRUE(first);
  ASSERT_TRUE(st.add_comment(bob.id, "interview-questions/git.md", "no level yet", at(4000)));
  auto list = st.comments("interview-questions/git.md");
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].user_name, "ana");
  EXPECT_EQ((*list)[0].level, "intermediate");
  EXPECT_EQ((*list)[0].level_source, "quiz");
  EXPECT_EQ((*list)[1].level, "");
  // A newer level test is the badge now.
  LevelResult level;
  level.scope = "all";
  level.taken = at(5000);
  level.verdict = "advanced";
  ASSERT_TRUE(st.record_level(ana.id, level));
  EXPECT_EQ((*st.comment(*first))->level, "advanced");
  EXPECT_EQ((*st.comment(*first))->level_source, "level test");
  ASSERT_TRUE(st.edit_comment(*first, "now advanced", at(6000)));
  EXPECT_EQ((*st.comment(*first))->body, "now advanced");
  EXPECT_EQ((*st.comment(*first))->edited, at(6000));
  EXPECT_EQ(*st.comments_since(ana.id, at(3000)), 1);
  EXPECT_EQ(*st.comments_since(ana.id, at(3001)), 0);
  auto levels = st.learner_levels("git");
  ASSERT_TRUE(levels);
  EXPECT_EQ(*levels, std::vector<std::string>{"advanced"});  // bob commented but has no level
  ASSERT_TRUE(st.delete_comment(*first));
  EXPECT_FALSE(*st.comment(*first));
  // A guide is matched by its exact file name: _ and % are no wildcards, and
  // "git" is not "digit" or "git-advanced".
  for (const char* other : {"quiz/axb.md", "quiz/a%b.md", "quiz/digit.md", "quiz/git-advanced.md"}) {
    const auto carl =
        *st.create_user(std::string("carl-") + std::to_string(std::hash<std::string>{}(other) % 1000000), "h", false);
    QuizAttempt elsewhere = quiz;
    elsewhere.quiz = other;
    elsewhere.verdict = "beginner";
    ASSERT_TRUE(st.record_quiz_attempt(carl.id, elsewhere));
  }
  EXPECT_EQ(*st.learner_levels("git"), std::vector<std::string>{"advanced"});
  EXPECT_EQ(*st.learner_levels("a_b"), std::vector<std::string>{});
  EXPECT_EQ(st.learner_levels("a%b")->size(), 1u);
  EXPECT_EQ(st.learner_levels("axb")->size(), 1u);
  EXPECT_EQ(st.comments("interview-questions/git.md")->size(), 1u);
}

// Every table that holds a learner's rows goes with the account.
TEST_P(StoreTest, RemovingAUserRemovesEverythingTheyDid) {
  auto store = open();
  ASSERT_TRUE(store);
  const auto ana = *store->create_user("ana", "h", false);
  const auto bob = *store->create_user("bob", "h", true);
  for (const User& u : {ana, bob}) {
    ASSERT_TRUE(store->create_session(Session{"s" + u.name, u.id, "c", at(1), at(1'000'000)}));
    Review r;
    r.card_id = "q";
    r.rating = 3;
    r.after = reviewed(1, 100);
    r.mark = "knew";
    ASSERT_TRUE(store->record_review(u.id, r));
    QuizAttempt a;
    a.quiz = "quiz/git.md";
    a.verdict = "beginner";
    a.mode = "practice";
    a.responses = {{"quiz/git#1", "1", 1, true}};
    ASSERT_TRUE(store->record_quiz_attempt(u.id, a));
    LevelResult l;
    l.scope = "all";
    l.verdict = "advanced";
    ASSERT_TRUE(store->record_level(u.id, l));
    ASSERT_TRUE(store->add_comment(u.id, "git.md", "hello", at(5)));
    ASSERT_TRUE(store->record_reveal(u.id, "q", at(6)));
  }
  ASSERT_TRUE(store->remove_user(ana.id));
  EXPECT_FALSE(*store->user(ana.id));
  EXPECT_FALSE(*store->session("sana", at(2)));
  EXPECT_TRUE(*store->session("sbob", at(2)));
  EXPECT_TRUE(store->cards(ana.id)->empty());
  EXPECT_TRUE(store->reviews(ana.id, at(0))->empty());
  EXPECT_TRUE(store->marks(ana.id)->empty());
  EXPECT_TRUE(store->quiz_attempts(ana.id)->empty());
  EXPECT_TRUE(store->levels(ana.id)->empty());
  EXPECT_EQ(store->comments("git.md")->size(), 1u);
  EXPECT_EQ(store->quiz_responses()->size(), 1u);
  const auto stats = store->question_stats();
  ASSERT_TRUE(stats);
  ASSERT_EQ(stats->size(), 1u);
  EXPECT_EQ((*stats)[0].revealers, 1);
  EXPECT_EQ((*stats)[0].cards, 1);
  EXPECT_EQ(store->users()->size(), 1u);
}

TEST_P(StoreTest, AccountsAreListedByNameWithoutTheLocalLearner) {
  auto store = open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->local_user());
  const auto zoe = *store->create_user("zoe", "h", false);
  ASSERT_TRUE(store->create_user("adam", "h", false));
  ASSERT_TRUE(store->set_admin(zoe.id, true));
  const auto all = store->users();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].name, "adam");
  EXPECT_FALSE((*all)[0].admin);
  EXPECT_EQ((*all)[1].name, "zoe");
  EXPECT_TRUE((*all)[1].admin);
  ASSERT_TRUE(store->set_admin(zoe.id, false));
  EXPECT_FALSE((*store->user(zoe.id))->admin);
  EXPECT_EQ(store->local_user()->id, store->local_user()->id);  // made once
}

TEST_P(StoreTest, ANewPasswordEndsEverySessionOfTheAccount) {
  auto store = open();
  ASSERT_TRUE(store);
  const auto ana = *store->create_user("ana", "h1", false);
  ASSERT_TRUE(store->create_session(Session{"t1", ana.id, "c1", at(1), at(1'000'000)}));
  ASSERT_TRUE(store->create_session(Session{"t2", ana.id, "c2", at(1), at(1'000'000)}));
  ASSERT_TRUE(store->set_password(ana.id, "h2"));
  EXPECT_FALSE(*store->session("t1", at(2)));
  EXPECT_FALSE(*store->session("t2", at(2)));
  // A session token is unique.
  ASSERT_TRUE(store->create_session(Session{"t3", ana.id, "c3", at(1), at(1'000'000)}));
  const auto again = store->create_session(Session{"t3", ana.id, "c4", at(1), at(1'000'000)});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, util::ErrorCode::conflict);
}

// The authors' analytics: reveals count per learner and in all, marks and
// reviewed cards per question, and every quiz response in attempt order.
TEST_P(StoreTest, RevealsMarksAndCardsMakeTheQuestionStats) {
  auto store = open();
  ASSERT_TRUE(store);
  const auto ana = *store->create_user("ana", "h", false);
  const auto bob = *store->create_user("bob", "h", false);
  ASSERT_TRUE(store->record_reveal(ana.id, "git#a", at(1)));
  ASSERT_TRUE(store->record_reveal(ana.id, "git#a", at(2)));
  ASSERT_TRUE(store->record_reveal(bob.id, "git#a", at(3)));
  ASSERT_TRUE(store->set_mark(ana.id, Mark{"git#a", "git.md", "knew", at(4)}));
  ASSERT_TRUE(store->set_mark(bob.id, Mark{"git#a", "git.md", "review", at(4)}));
  ASSERT_TRUE(store->set_mark(bob.id, Mark{"git#b", "git.md", "knew", at(4)}));
  Review r;
  r.card_id = "git#c";
  r.rating = 3;
  r.after = reviewed(1, 100);
  r.after.difficulty = 4.0;
  ASSERT_TRUE(store->record_review(ana.id, r));
  r.after.difficulty = 7.0;
  ASSERT_TRUE(store->record_review(bob.id, r));
  const auto stats = store->question_stats();
  ASSERT_TRUE(stats) << stats.error().message;
  ASSERT_EQ(stats->size(), 3u);
  const QuestionStats& a = (*stats)[0];
  EXPECT_EQ(a.question_id, "git#a");
  EXPECT_EQ(a.reveals, 3);
  EXPECT_EQ(a.revealers, 2);
  EXPECT_EQ(a.knew, 1);
  EXPECT_EQ(a.review, 1);
  EXPECT_EQ(a.cards, 0);
  EXPECT_EQ((*stats)[1].question_id, "git#b");
  EXPECT_EQ((*stats)[1].reveals, 0);
  EXPECT_EQ((*stats)[1].knew, 1);
  const QuestionStats& c = (*stats)[2];
  EXPECT_EQ(c.cards, 2);
  EXPECT_DOUBLE_EQ(c.mean_difficulty, 5.5);

  QuizAttempt first;
  first.quiz = "quiz/git.md";
  first.verdict = "beginner";
  first.mode = "exam";
  first.responses = {{"quiz/git#1", "2", 1, true}, {"quiz/git#2", "1,3", 0, false}};
  const auto first_id = *store->record_quiz_attempt(ana.id, first);
  QuizAttempt second = first;
  second.responses = {{"quiz/git#1", "fetch", 0, false}};
  const auto second_id = *store->record_quiz_attempt(bob.id, second);
  const auto rows = store->quiz_responses();
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].attempt, first_id);
  EXPECT_EQ((*rows)[0].item_id, "quiz/git#1");
  EXPECT_TRUE((*rows)[0].correct);
  EXPECT_EQ((*rows)[1].answer, "1,3");
  EXPECT_FALSE((*rows)[1].correct);
  EXPECT_EQ((*rows)[2].attempt, second_id);
  EXPECT_EQ((*rows)[2].answer, "fetch");
}

// What goes in comes back exactly: reals to the last bit, text in any
// script, empty strings, times before 1970 and far after.
TEST_P(StoreTest, ValuesReadBackExactly) {
  auto store = open();
  ASSERT_TRUE(store);
  const UserId me = store->local_user()->id;
  Review r;
  r.card_id = "日本語/質問 — \"quoted\" 'single' \\ back";
  r.guide = "";
  r.rating = 2;
  r.reviewed = at(-86'400'000);
  r.after = reviewed(3, 4'102'444'800'000);  // 2100
  r.after.stability = 0.1 + 0.2;
  r.after.difficulty = 1e-300;
  r.before.stability = 123456789.123456789;
  r.before.reps = 1;
  r.mark = "review";
  const auto id = store->record_review(me, r);
  ASSERT_TRUE(id) << id.error().message;
  const auto card = *store->card(me, r.card_id);
  ASSERT_TRUE(card);
  EXPECT_EQ(card->state, r.after);
  EXPECT_EQ(card->card_id, r.card_id);
  const auto log = *store->reviews(me, at(-100'000'000));
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].reviewed, r.reviewed);
  EXPECT_EQ(log[0].before, r.before);
  EXPECT_EQ(log[0].after, r.after);
  EXPECT_EQ(log[0].mark, "review");
  EXPECT_FALSE(log[0].mark_before);
  LevelResult l;
  l.scope = "ünïcödé";
  l.theta = -1.0 / 3.0;
  l.standard_error = 2.0 / 3.0;
  l.verdict = "beginner";
  ASSERT_TRUE(store->record_level(me, l));
  const auto levels = *store->levels(me);
  ASSERT_EQ(levels.size(), 1u);
  EXPECT_EQ(levels[0].theta, l.theta);
  EXPECT_EQ(levels[0].standard_error, l.standard_error);
  EXPECT_EQ(levels[0].scope, l.scope);
}

// A review of an account that does not exist is refused, and leaves nothing.
TEST_P(StoreTest, RowsOfAnAccountThatDoesNotExistAreRefused) {
  auto store = open();
  ASSERT_TRUE(store);
  Review r;
  r.card_id = "git/q1";
  r.rating = 3;
  const auto refused = store->record_review(999, r);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, util::ErrorCode::conflict);
  EXPECT_FALSE(store->set_mark(999, Mark{"q", "g.md", "knew", at(1)}));
  EXPECT_FALSE(store->add_comment(999, "g.md", "x", at(1)));
  EXPECT_TRUE(store->question_stats()->empty());
}

// Two connections to one database (two processes, or two instances of the
// server): what one commits, the other reads.
TEST_P(StoreTest, TwoConnectionsShareOneDatabase) {
  auto first = open();
  auto second = open();
  ASSERT_TRUE(first && second);
  const auto ana = *first->create_user("ana", "h", false);
  ASSERT_TRUE(first->set_mark(ana.id, Mark{"q", "g.md", "knew", at(1)}));
  const auto seen = second->find_user("ana");
  ASSERT_TRUE(seen && *seen);
  EXPECT_EQ((*seen)->first.id, ana.id);
  EXPECT_EQ(second->marks(ana.id)->size(), 1u);
  const auto clash = second->create_user("ana", "h", false);
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().code, util::ErrorCode::conflict);
  EXPECT_EQ(second->schema_version(), known_schema_version());
}

// Several processes opening an empty database at once migrate it once.
TEST_P(StoreTest, OpeningAnEmptyDatabaseFromManyConnectionsAtOnceMigratesItOnce) {
  constexpr int k_openers = 6;
  std::vector<std::thread> openers;
  std::vector<std::string> failures(k_openers);
  for (int i = 0; i < k_openers; ++i) {
    openers.emplace_back([&, i] {
      auto store = open_store(m_url);
      if (!store) {
        failures[i] = store.error().message;
        return;
      }
      if ((*store)->schema_version() != known_schema_version()) failures[i] = "not migrated";
    });
  }
  for (auto& t : openers) t.join();
  for (const auto& f : failures) EXPECT_EQ(f, "");
  auto store = open();
  ASSERT_TRUE(store);
  EXPECT_EQ(store->schema_version(), known_schema_version());
}

// Rate limits held in the database: the same limit for every instance.
TEST_P(StoreTest, RateLimitsCountReservationsInTheirWindow) {
  auto store = open();
  ASSERT_TRUE(store);
  const RateKey five{"login-name:alice", 5, std::chrono::minutes(15)};
  const Time start = at(1'000'000);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(store->reserve_rate({five}, start + std::chrono::seconds(i))->allowed);
  const auto refused = store->reserve_rate({five}, start + std::chrono::seconds(10));
  ASSERT_TRUE(refused) << refused.error().message;
  EXPECT_FALSE(refused->allowed);
  EXPECT_EQ(refused->retry_after, std::chrono::seconds(15 * 60 - 10));  // until the first slot leaves the window
  // Time frees the slots, and expiry forgets the key.
  EXPECT_TRUE(store->reserve_rate({five}, start + std::chrono::minutes(15))->allowed);
  EXPECT_EQ(*store->expire_rates(start + std::chrono::minutes(31)), 1);
  EXPECT_EQ(*store->expire_rates(start + std::chrono::minutes(31)), 0);
}

TEST_P(StoreTest, RateLimitsAreAllOrNoneAndAReleaseGivesTheSlotBack) {
  auto store = open();
  ASSERT_TRUE(store);
  const auto one = [](std::string key) { return RateKey{std::move(key), 1, std::chrono::minutes(1)}; };
  EXPECT_TRUE(store->reserve_rate({one("a"), one("b")}, at(0))->allowed);
  EXPECT_FALSE(store->reserve_rate({one("c"), one("a")}, at(1))->allowed);
  EXPECT_TRUE(store->reserve_rate({one("c")}, at(2))->allowed) << "c was not taken by the refused pair";
  ASSERT_TRUE(store->release_rate("a"));
  EXPECT_TRUE(store->reserve_rate({one("a")}, at(3))->allowed);
  EXPECT_FALSE(store->reserve_rate({one("b")}, at(4))->allowed);
  ASSERT_TRUE(store->release_rate("nobody"));  // nothing to give back
}

// Connections reserving at once (threads here; instances in production) get
// exactly the limit between them.
TEST_P(StoreTest, ConnectionsReservingAtOnceGetExactlyTheLimit) {
  constexpr int k_connections = 4;
  std::vector<std::unique_ptr<Store>> stores;
  for (int i = 0; i < k_connections; ++i) stores.push_back(open());
  std::atomic<int> allowed{0};
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < k_connections; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 15; ++i) {
        const auto v = stores[t]->reserve_rate({RateKey{"k", 20, std::chrono::minutes(1)}}, at(1000 + i));
        if (!v) {
          ++failed;
        } else if (v->allowed) {
          ++allowed;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(allowed.load(), 20);
}

TEST_P(StoreTest, LevelTestsInProgressAreSharedAndAnsweredOnce) {
  auto first = open();
  auto second = open();
  ASSERT_TRUE(first && second);
  const auto ana = *first->create_user("ana", "h", false);
  const auto bob = *first->create_user("bob", "h", false);
  LevelTestState test{"t1", ana.id, "interview-questions/", -42, {}, at(100), at(100)};
  ASSERT_TRUE(first->create_level_test(test));
  auto found = second->level_test("t1", ana.id);
  ASSERT_TRUE(found && *found) << (found ? "" : found.error().message);
  EXPECT_EQ((*found)->scope, "interview-questions/");
  EXPECT_EQ((*found)->seed, -42);
  EXPECT_TRUE((*found)->responses.empty());
  EXPECT_FALSE(*second->level_test("t1", bob.id));  // not bob's

  // Two instances answer the same question: the first write wins.
  LevelTestState answered = **found;
  answered.responses = {{"git#rebase", true}};
  answered.updated = at(200);
  EXPECT_TRUE(*second->update_level_test(answered, 0));
  LevelTestState late = answered;
  late.responses = {{"git#merge", false}};
  EXPECT_FALSE(*first->update_level_test(late, 0));
  const auto now = *first->level_test("t1", ana.id);
  ASSERT_EQ(now->responses.size(), 1u);
  EXPECT_EQ(now->responses[0], std::make_pair(std::string("git#rebase"), true));
  EXPECT_EQ(now->updated, at(200));

  // Pruning: idle tests go, then a learner's oldest beyond their share.
  for (int i = 2; i <= 4; ++i)
    ASSERT_TRUE(first->create_level_test({"t" + std::to_string(i), ana.id, "", i, {}, at(100), at(300 + i)}));
  ASSERT_TRUE(first->create_level_test({"b1", bob.id, "", 9, {}, at(100), at(50)}));
  ASSERT_TRUE(first->prune_level_tests(at(60), ana.id, 2, 100));
  EXPECT_FALSE(*first->level_test("b1", bob.id));  // idle
  EXPECT_FALSE(*first->level_test("t1", ana.id));  // ana's least recently used
  EXPECT_FALSE(*first->level_test("t2", ana.id));
  EXPECT_TRUE(*first->level_test("t4", ana.id));
  EXPECT_TRUE(*first->delete_level_test("t4", ana.id));
  EXPECT_FALSE(*first->delete_level_test("t4", ana.id));
  ASSERT_TRUE(first->prune_level_tests(at(0), ana.id, 5, 0));
  EXPECT_FALSE(*first->level_test("t3", ana.id));  // beyond the total
}

// `db copy` and `db dump` read and write whole tables: every row comes
// across, ids kept, and numbering goes on after the largest.
TEST_P(StoreTest, TablesCopyToTheOtherBackendWithTheirIds) {
  auto from = open();
  ASSERT_TRUE(from);
  const auto ana = *from->create_user("ana", "$argon2id$h", true);
  ASSERT_TRUE(from->remove_user(from->create_user("gone", "h", false)->id));  // a gap in the ids
  const auto bob = *from->create_user("bob", "h", false);
  Review r;
  r.card_id = "q";
  r.rating = 3;
  r.after = reviewed(1, 100);
  r.after.stability = 0.1 + 0.2;
  r.mark = "knew";
  ASSERT_TRUE(from->record_review(bob.id, r));
  QuizAttempt a;
  a.quiz = "quiz/git.md";
  a.verdict = "beginner";
  a.mode = "exam";
  a.responses = {{"quiz/git#1", "2", 1, true}};
  ASSERT_TRUE(from->record_quiz_attempt(bob.id, a));
  ASSERT_TRUE(from->add_comment(ana.id, "git.md", "hi", at(5)));
  ASSERT_TRUE(from->create_session(Session{"h", ana.id, "c", at(1), at(2)}));

  // To the other backend and back.
  const std::string other =
      GetParam() == "sqlite" ? test::fresh_postgres_url() : "sqlite:" + (m_dir / "other" / "copy.db").string();
  auto to_result = open_store(other);
  ASSERT_TRUE(to_result) << to_result.error().message;
  Store& to = **to_result;
  std::vector<std::vector<Row>> tables;
  for (const TableShape& t : copy_tables()) {
    std::vector<Row> rows;
    ASSERT_TRUE(from->read_table(t.name, [&](const Row& row) { rows.push_back(row); }));
    for (const Row& row : rows) EXPECT_EQ(row.size(), t.columns.size()) << t.name;
    ASSERT_TRUE(to.write_rows(t.name, rows)) << t.name;
    tables.push_back(std::move(rows));
  }
  EXPECT_EQ(*to.count_rows(), *from->count_rows());
  std::size_t i = 0;
  for (const TableShape& t : copy_tables()) {
    std::vector<Row> back;
    ASSERT_TRUE(to.read_table(t.name, [&](const Row& row) { back.push_back(row); }));
    EXPECT_EQ(back, tables[i++]) << t.name;
  }
  EXPECT_EQ((*to.find_user("bob"))->first.id, bob.id);
  EXPECT_EQ((*to.card(bob.id, "q"))->state, r.after);
  EXPECT_EQ(to.create_user("carl", "h", false)->id, bob.id + 1);  // after the largest
  // A row of the wrong shape is refused, and nothing is half-written.
  EXPECT_FALSE(to.write_rows("users", {Row{std::int64_t{99}}}));
  EXPECT_FALSE(to.write_rows(
      "users", {Row{std::string("x"), std::string("y"), std::int64_t{0}, std::int64_t{0}, std::monostate{}}}));
  EXPECT_FALSE(to.write_rows("no_such_table", {}));
  ASSERT_TRUE(to.clear_tables());
  EXPECT_EQ(*to.count_rows(), 0);
}

TEST_P(StoreTest, ASharedSettingIsMadeByTheFirstCallerAndKept) {
  auto first = open();
  auto second = open();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(*first->shared_setting("csrf", "made-first"), "made-first");
  EXPECT_EQ(*second->shared_setting("csrf", "made-second"), "made-first");
  EXPECT_EQ(*second->shared_setting("other", "x"), "x");
}

}  // namespace
}  // namespace prepdeck::store
