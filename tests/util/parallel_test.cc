#include "util/parallel.h"

#include <atomic>
#include <vector>

#include <gtest/gtest.h>

namespace prepdeck::util {
namespace {

TEST(Parallel, EveryIndexRunsOnceWhateverTheThreadCount) {
  for (unsigned threads : {0u, 1u, 3u, 16u}) {
    for (std::size_t count : {std::size_t{0}, std::size_t{1}, std::size_t{1000}}) {
      std::vector<std::atomic<int>> runs(count);
      parallel_for(count, threads, [&](std::size_t i) { ++runs[i]; });
      for (std::size_t i = 0; i < count; ++i) EXPECT_EQ(runs[i].load(), 1) << threads << " threads, index " << i;
    }
  }
}

}  // namespace
}  // namespace prepdeck::util
