// One background thread for slow, CPU-bound work (argon2id password hashing)
// that must not hold up a thread serving requests. Bounded: when `max_queued`
// jobs wait, post() refuses and the caller answers "busy".
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace prepdeck::server {

class Worker {
 public:
  explicit Worker(std::size_t max_queued);
  // Runs what is queued, then ends the thread.
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Queues `job`; false (and `job` not run) when the queue is full.
  bool post(std::function<void()> job);

 private:
  void run();

  std::size_t m_max_queued;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  std::deque<std::function<void()>> m_queue;
  bool m_stopping = false;
  std::thread m_thread;  // last: starts once the rest is ready
};

}  // namespace prepdeck::server
