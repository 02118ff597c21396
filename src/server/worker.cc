#include "server/worker.h"

#include <exception>
#include <utility>

namespace prepdeck::server {

Worker::Worker(std::size_t max_queued) : m_max_queued(max_queued), m_thread([this] { run(); }) {}

Worker::~Worker() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_wake.notify_one();
  m_thread.join();
}

bool Worker::post(std::function<void()> job) {
  {
    std::lock_guard lock(m_mutex);
    if (m_stopping || m_queue.size() >= m_max_queued) return false;
    m_queue.push_back(std::move(job));
  }
  m_wake.notify_one();
  return true;
}

void Worker::run() {
  while (true) {
    std::function<void()> job;
    {
      std::unique_lock lock(m_mutex);
      m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
      if (m_queue.empty()) return;  // stopping, and everything done
      job = std::move(m_queue.front());
      m_queue.pop_front();
    }
    try {
      job();
    } catch (const std::exception&) {
      // A job answers its own request; one that throws must not end the thread.
    }
  }
}

}  // namespace prepdeck::server
