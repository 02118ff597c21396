#include "server/worker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <stdexcept>

namespace prepdeck::server {
namespace {

TEST(Worker, RefusesWhenFullAndRunsWhatIsQueuedBeforeEnding) {
  std::promise<void> release;
  const std::shared_future<void> gate = release.get_future().share();
  std::atomic<int> ran{0};
  {
    Worker worker(2);
    std::promise<void> started;
    ASSERT_TRUE(worker.post([&] {
      started.set_value();
      gate.wait();
      ++ran;
    }));
    started.get_future().wait();  // running, so no longer queued
    EXPECT_TRUE(worker.post([&] { ++ran; }));
    EXPECT_TRUE(worker.post([&] { ++ran; }));
    EXPECT_FALSE(worker.post([&] { ran += 100; }));  // two wait already
    release.set_value();
  }  // the destructor runs the two queued jobs, then ends the thread
  EXPECT_EQ(ran.load(), 3);
}

TEST(Worker, AJobThatThrowsDoesNotEndTheThread) {
  std::promise<int> after;
  Worker worker(4);
  ASSERT_TRUE(worker.post([] { throw std::runtime_error("a bug in one job"); }));
  ASSERT_TRUE(worker.post([&] { after.set_value(7); }));
  EXPECT_EQ(after.get_future().get(), 7);
}

}  // namespace
}  // namespace prepdeck::server
