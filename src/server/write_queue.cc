#include "server/write_queue.h"

#include <exception>
#include <vector>

namespace prepdeck::server {

WriteQueue::WriteQueue(store::Store& store, std::mutex& store_mutex, std::size_t max_batch)
    : m_store(store), m_store_mutex(store_mutex), m_max_batch(max_batch), m_thread([this] { run(); }) {}

WriteQueue::~WriteQueue() { stop(); }

void WriteQueue::submit(Job job, Done done) {
  {
    std::lock_guard lock(m_mutex);
    if (!m_stopping) {
      m_queue.push_back(Pending{std::move(job), std::move(done)});
      m_wake.notify_one();
      return;
    }
  }
  done(util::fail("the server is shutting down"));
}

void WriteQueue::stop() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_wake.notify_one();
  if (m_thread.joinable()) m_thread.join();
}

void WriteQueue::run() {
  std::vector<Pending> batch;
  std::vector<util::Expected<void>> results;
  while (true) {
    {
      std::unique_lock lock(m_mutex);
      m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
      if (m_queue.empty()) return;  // stopping, and everything answered
      while (!m_queue.empty() && batch.size() < m_max_batch) {
        batch.push_back(std::move(m_queue.front()));
        m_queue.pop_front();
      }
    }
    results.assign(batch.size(), util::Expected<void>{});
    util::Expected<void> committed;
    {
      std::lock_guard lock(m_store_mutex);
      committed = m_store.transaction([&]() -> util::Expected<void> {
        for (std::size_t i = 0; i < batch.size(); ++i) {
          results[i] = m_store.transaction([&]() -> util::Expected<void> {
            try {
              return batch[i].job(m_store);
            } catch (const std::exception& e) {
              return util::fail(e.what());  // a bug in one write must not take the others down
            }
          });
        }
        return {};
      });
    }
    ++m_batches;
    m_writes += batch.size();
    for (std::size_t i = 0; i < batch.size(); ++i) batch[i].done(committed ? results[i] : committed);
    batch.clear();
  }
}

}  // namespace prepdeck::server
