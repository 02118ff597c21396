#include "store/database.h"

#include <exception>
#include <limits>
#include <utility>

namespace prepdeck::store {

namespace {
constexpr std::size_t k_writer_slot = std::numeric_limits<std::size_t>::max();
}

Database::Reader::Reader(Reader&& other) noexcept
    : m_database(std::exchange(other.m_database, nullptr)), m_store(other.m_store), m_slot(other.m_slot) {}

Database::Reader::~Reader() {
  if (m_database != nullptr) m_database->give_back(m_slot);
}

util::Expected<std::unique_ptr<Database>> Database::open(std::string_view url, DatabaseOptions options) {
  auto writer = open_store(url);
  if (!writer) return tl::unexpected(writer.error());
  std::vector<std::unique_ptr<Store>> readers;
  if (!(*writer)->private_to_connection()) {
    for (std::size_t i = 0; i < std::max<std::size_t>(options.readers, 1); ++i) {
      auto reader = open_store(url);
      if (!reader) return tl::unexpected(reader.error());
      readers.push_back(std::move(*reader));
    }
  }
  return std::unique_ptr<Database>(new Database(std::move(*writer), std::move(readers), options.max_batch));
}

Database::Database(std::unique_ptr<Store> writer, std::vector<std::unique_ptr<Store>> readers, std::size_t max_batch)
    : m_writer(std::move(writer)), m_readers(std::move(readers)), m_max_batch(max_batch) {
  for (std::size_t i = m_readers.size(); i > 0; --i) m_free.push_back(i - 1);
  m_thread = std::thread([this] { run(); });
}

Database::~Database() { stop(); }

Database::Reader Database::reader() {
  if (m_readers.empty()) {
    m_writer_mutex.lock();  // unlocked by give_back
    return Reader(this, m_writer.get(), k_writer_slot);
  }
  std::unique_lock lock(m_pool_mutex);
  m_pool_free.wait(lock, [this] { return !m_free.empty(); });
  const std::size_t slot = m_free.back();
  m_free.pop_back();
  return Reader(this, m_readers[slot].get(), slot);
}

void Database::give_back(std::size_t slot) {
  if (slot == k_writer_slot) {
    m_writer_mutex.unlock();
    return;
  }
  {
    std::lock_guard lock(m_pool_mutex);
    m_free.push_back(slot);
  }
  m_pool_free.notify_one();
}

util::Expected<void> Database::health() { return reader()->ping(); }

void Database::write(Job job, Done done) {
  {
    std::lock_guard lock(m_queue_mutex);
    if (!m_stopping) {
      m_queue.push_back(Pending{std::move(job), std::move(done)});
      m_wake.notify_one();
      return;
    }
  }
  done(util::fail(util::ErrorCode::unavailable, "the server is shutting down"));
}

void Database::stop() {
  {
    std::lock_guard lock(m_queue_mutex);
    m_stopping = true;
  }
  m_wake.notify_one();
  if (m_thread.joinable()) m_thread.join();
}

void Database::run() {
  std::vector<Pending> batch;
  std::vector<util::Expected<void>> results;
  while (true) {
    {
      std::unique_lock lock(m_queue_mutex);
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
      std::lock_guard lock(m_writer_mutex);
      Store& store = *m_writer;
      const auto run_job = [&](std::size_t i) -> util::Expected<void> {
        try {
          return batch[i].job(store);
        } catch (const std::exception& e) {
          return util::fail(e.what());  // a bug in one write must not take the others down
        }
      };
      // First every write in the one transaction as it is, their statements
      // sent without waiting for each answer where the backend can
      // (Store::batch): almost always they all succeed, and a savepoint per
      // write would cost two more round trips each. When one fails (which
      // may show only at the commit), everything is rolled back and the batch
      // runs again with a savepoint per write, so the failing one is rolled
      // back alone.
      bool one_failed = false;
      committed = store.batch([&]() -> util::Expected<void> {
        for (std::size_t i = 0; i < batch.size(); ++i) {
          results[i] = run_job(i);
          if (!results[i]) {
            one_failed = true;
            return results[i];
          }
        }
        return {};
      });
      // (A lost database fails the second try too: not tried again.)
      if (one_failed || (!committed && committed.error().code != util::ErrorCode::unavailable)) {
        results.assign(batch.size(), util::Expected<void>{});
        committed = store.transaction([&]() -> util::Expected<void> {
          for (std::size_t i = 0; i < batch.size(); ++i) results[i] = store.transaction([&] { return run_job(i); });
          return {};
        });
      }
    }
    ++m_batches;
    m_writes += batch.size();
    for (std::size_t i = 0; i < batch.size(); ++i) batch[i].done(committed ? results[i] : committed);
    batch.clear();
  }
}

}  // namespace prepdeck::store
