// Group commit. Requests hand their writes to one writer thread, which runs
// every write waiting at that moment in one transaction (each in a savepoint
// of its own) and answers them all after the one commit, so that a thousand
// concurrent writes cost one sync to disk, not a thousand. A write is answered
// with success only once it is durable.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "store/store.h"

namespace prepdeck::server {

class WriteQueue {
 public:
  // Runs inside the batch's transaction; a failure rolls back this write alone.
  using Job = std::function<util::Expected<void>(store::Store&)>;
  // After the commit: the job's own failure, the commit's, or success.
  using Done = std::function<void(const util::Expected<void>&)>;

  // `store` is used by the writer thread only, under `store_mutex` (which
  // readers of the same connection take too).
  WriteQueue(store::Store& store, std::mutex& store_mutex, std::size_t max_batch = 1024);
  ~WriteQueue();
  WriteQueue(const WriteQueue&) = delete;
  WriteQueue& operator=(const WriteQueue&) = delete;

  // After stop(), jobs fail at once.
  void submit(Job job, Done done);
  // Commits what is queued, answers it, and ends the thread.
  void stop();

  std::uint64_t batches() const { return m_batches.load(); }
  std::uint64_t writes() const { return m_writes.load(); }

 private:
  struct Pending {
    Job job;
    Done done;
  };
  void run();

  store::Store& m_store;
  std::mutex& m_store_mutex;
  std::size_t m_max_batch;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  std::deque<Pending> m_queue;
  bool m_stopping = false;
  std::atomic<std::uint64_t> m_batches{0};
  std::atomic<std::uint64_t> m_writes{0};
  std::thread m_thread;
};

}  // namespace prepdeck::server
