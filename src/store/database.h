// A database as a server uses it: connections for reads, lent one request at
// a time, and one writer that commits writes in groups. Whatever backend the
// URL names, the server asks for a read or a write and never sees a
// connection, a mutex or a transaction.
//
// Group commit: requests hand their writes to the writer thread, which runs
// every write waiting at that moment in one transaction and answers them all
// after the one commit, so that a thousand concurrent writes cost one sync to
// disk, not a thousand. A failing write is rolled back alone: when one fails,
// the batch is run again with a savepoint per write (a job may run twice; only
// the committed run counts, and `done` is called once). A write is answered with success only once it is
// durable (SQLite synchronous=FULL; PostgreSQL synchronous_commit=on).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

#include "store/store.h"

namespace prepdeck::store {

struct DatabaseOptions {
  // Connections for reads; a private in-memory database has one connection
  // in all, shared with the writer.
  std::size_t readers = 2;
  // Writes committed together at most.
  std::size_t max_batch = 1024;
};

class Database {
 public:
  // Runs inside the batch's transaction (maybe twice: see above); a failure
  // rolls back this write alone.
  using Job = std::function<util::Expected<void>(Store&)>;
  // After the commit: the job's own failure, the commit's, or success.
  using Done = std::function<void(const util::Expected<void>&)>;

  // A connection lent for reads; it goes back when this goes.
  class Reader {
   public:
    Store* operator->() const { return m_store; }
    Store& operator*() const { return *m_store; }
    Reader(Reader&& other) noexcept;
    Reader(const Reader&) = delete;
    Reader& operator=(const Reader&) = delete;
    Reader& operator=(Reader&&) = delete;
    ~Reader();

   private:
    friend class Database;
    Reader(Database* database, Store* store, std::size_t slot) : m_database(database), m_store(store), m_slot(slot) {}
    Database* m_database;
    Store* m_store;
    std::size_t m_slot;
  };

  // Opens the database at `url` (see open_store) with its connections.
  static util::Expected<std::unique_ptr<Database>> open(std::string_view url, DatabaseOptions options = {});
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // A connection for reads: the first free one (waiting for one when all are lent).
  Reader reader();
  // Queues `job`; `done` is called once, after its batch commits or fails.
  // After stop(), jobs fail at once.
  void write(Job job, Done done);
  // Commits what is queued, answers it, and ends the writer thread.
  void stop();
  // Whether the database answers now.
  util::Expected<void> health();

  std::uint64_t batches() const { return m_batches.load(); }
  std::uint64_t writes() const { return m_writes.load(); }

 private:
  struct Pending {
    Job job;
    Done done;
  };
  Database(std::unique_ptr<Store> writer, std::vector<std::unique_ptr<Store>> readers, std::size_t max_batch);
  void give_back(std::size_t slot);
  void run();

  std::unique_ptr<Store> m_writer;
  std::vector<std::unique_ptr<Store>> m_readers;  // empty: reads use the writer, under m_writer_mutex
  std::mutex m_writer_mutex;

  std::mutex m_pool_mutex;
  std::condition_variable m_pool_free;
  std::vector<std::size_t> m_free;  // indexes into m_readers

  std::size_t m_max_batch;
  std::mutex m_queue_mutex;
  std::condition_variable m_wake;
  std::deque<Pending> m_queue;
  bool m_stopping = false;
  std::atomic<std::uint64_t> m_batches{0};
  std::atomic<std::uint64_t> m_writes{0};
  std::thread m_thread;
};

}  // namespace prepdeck::store
