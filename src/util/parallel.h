// Running fn(0) ... fn(count - 1) on several threads, each index once, in no
// particular order. `threads` 0 uses every core; never more threads than items.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace prepdeck::util {

template <typename Fn>
void parallel_for(std::size_t count, unsigned threads, const Fn& fn) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(count, 1)));
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t i = next++; i < count; i = next++) fn(i);
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();  // this thread works too
  for (auto& t : pool) t.join();
}

}  // namespace prepdeck::util
