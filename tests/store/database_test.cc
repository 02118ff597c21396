// The database as the server uses it: reads on lent connections, writes in
// groups. On SQLite (a file) and on PostgreSQL.
#include "store/database.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <future>
#include <thread>

#include <gtest/gtest.h>

#include "tests/support/postgres.h"
#include "tests/support/scratch_dir.h"

namespace prepdeck::store {
namespace {

Time at(std::int64_t ms) { return Time(std::chrono::milliseconds(ms)); }

class DatabaseTest : public ::testing::TestWithParam<std::string> {
 protected:
  std::string url() {
    return GetParam() == "sqlite" ? "sqlite:" + (m_dir / "progress.db") : test::fresh_postgres_url();
  }
  test::ScratchDir m_dir{"database"};
};

INSTANTIATE_TEST_SUITE_P(Backends, DatabaseTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& backend) { return backend.param; });

TEST_P(DatabaseTest, ConcurrentWritesShareCommitsAndAFailingOneIsRolledBackAlone) {
  auto opened = Database::open(url(), DatabaseOptions{3, 1024});
  ASSERT_TRUE(opened) << opened.error().message;
  Database& db = **opened;
  const UserId me = db.reader()->local_user()->id;
  constexpr int k_writes = 200;
  std::vector<std::promise<util::Expected<void>>> answers(k_writes);
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&, t] {
      for (int i = t; i < k_writes; i += 4) {
        db.write(
            [me, i](Store& st) -> util::Expected<void> {
              auto ok = st.set_mark(me, Mark{"q" + std::to_string(i), "g.md", "knew", at(i)});
              if (!ok) return ok;
              // Every 50th write fails after writing: its mark must not stay.
              if (i % 50 == 7) return util::fail(util::ErrorCode::invalid, "refused after its write");
              return {};
            },
            [&answers, i](const util::Expected<void>& done) { answers[i].set_value(done); });
      }
    });
  }
  for (auto& w : writers) w.join();
  int failed = 0;
  for (int i = 0; i < k_writes; ++i) {
    const auto done = answers[i].get_future().get();
    EXPECT_EQ(static_cast<bool>(done), i % 50 != 7) << i;
    if (!done) {
      ++failed;
      EXPECT_EQ(done.error().code, util::ErrorCode::invalid);
    }
  }
  EXPECT_EQ(failed, 4);
  const auto marks = db.reader()->marks(me);
  ASSERT_TRUE(marks);
  EXPECT_EQ(marks->size(), static_cast<std::size_t>(k_writes - failed));
  for (const Mark& m : *marks) EXPECT_NE(std::stoi(m.question_id.substr(1)) % 50, 7) << m.question_id;
  EXPECT_EQ(db.writes(), static_cast<std::uint64_t>(k_writes));
  EXPECT_LE(db.batches(), db.writes());
  EXPECT_TRUE(db.health());
  db.stop();
  std::promise<util::Expected<void>> late;
  db.write([](Store&) -> util::Expected<void> { return {}; },
           [&late](const util::Expected<void>& done) { late.set_value(done); });
  const auto refused = late.get_future().get();
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, util::ErrorCode::unavailable);
}

// A write the database itself refuses (a mark of a user that does not
// exist): on PostgreSQL the first try sends a batch's writes without waiting
// (pipeline mode), so the refusal comes back late, from another write's read
// or from the commit. It still fails alone, with its own code, and a write
// reads what it wrote before in the same batch.
TEST_P(DatabaseTest, AWriteTheDatabaseRefusesFailsAloneThoughItsAnswerComesLate) {
  auto opened = Database::open(url(), DatabaseOptions{2, 1024});
  ASSERT_TRUE(opened) << opened.error().message;
  Database& db = **opened;
  const UserId me = db.reader()->local_user()->id;
  constexpr int k_writes = 120;
  std::vector<std::promise<util::Expected<void>>> answers(k_writes);
  std::vector<std::thread> writers;
  for (int t = 0; t < 3; ++t) {
    writers.emplace_back([&, t] {
      for (int i = t; i < k_writes; i += 3) {
        const UserId who = i % 40 == 13 ? me + 1000 : me;  // no such user: a foreign key violation
        db.write(
            [who, i](Store& st) -> util::Expected<void> {
              if (auto ok = st.set_mark(who, Mark{"q" + std::to_string(i), "g.md", "knew", at(i)}); !ok) return ok;
              if (i % 10 != 0) return {};
              // Every 10th reads its own write back inside the batch.
              auto marks = st.marks(who);
              if (!marks) return tl::unexpected(marks.error());
              for (const Mark& m : *marks) {
                if (m.question_id == "q" + std::to_string(i)) return {};
              }
              return util::fail("a write did not see its own mark");
            },
            [&answers, i](const util::Expected<void>& done) { answers[i].set_value(done); });
      }
    });
  }
  for (auto& w : writers) w.join();
  for (int i = 0; i < k_writes; ++i) {
    const auto done = answers[i].get_future().get();
    if (i % 40 == 13) {
      ASSERT_FALSE(done) << i;
      EXPECT_EQ(done.error().code, util::ErrorCode::conflict) << i << ": " << done.error().message;
    } else {
      EXPECT_TRUE(done) << i << ": " << done.error().message;
    }
  }
  const auto marks = db.reader()->marks(me);
  ASSERT_TRUE(marks);
  EXPECT_EQ(marks->size(), static_cast<std::size_t>(k_writes - 3));
  // The writer's connection is clean after the failures: a plain write goes through.
  std::promise<util::Expected<void>> after;
  db.write(
      [me](Store& st) {
        return st.set_mark(me, Mark{"after", "g.md", "review", at(1)});
      },
      [&after](const util::Expected<void>& done) { after.set_value(done); });
  EXPECT_TRUE(after.get_future().get());
  db.stop();
}

// Readers are lent one at a time: as many reads at once as connections.
TEST_P(DatabaseTest, ReadersAreLentAndGivenBack) {
  auto opened = Database::open(url(), DatabaseOptions{2, 16});
  ASSERT_TRUE(opened) << opened.error().message;
  Database& db = **opened;
  std::atomic<int> reads{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        auto reader = db.reader();
        if (reader->users()) ++reads;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(reads.load(), 120);
}

TEST(Database, APrivateInMemoryDatabaseHasOneConnectionForReadsAndWrites) {
  auto opened = Database::open("sqlite::memory:");
  ASSERT_TRUE(opened);
  Database& db = **opened;
  const UserId me = db.reader()->local_user()->id;
  std::promise<util::Expected<void>> written;
  db.write(
      [me](Store& st) {
        return st.set_mark(me, Mark{"q", "g.md", "knew", at(1)});
      },
      [&written](const util::Expected<void>& done) { written.set_value(done); });
  ASSERT_TRUE(written.get_future().get());
  EXPECT_EQ(db.reader()->marks(me)->size(), 1u);  // the writer's own database, not another empty one
}

}  // namespace
}  // namespace prepdeck::store
