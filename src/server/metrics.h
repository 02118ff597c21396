// What /metrics reports, in Prometheus's text format: requests by route and
// status class, a latency histogram, bytes sent, group-commit batches and
// writes, reloads and the pages held.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace prepdeck::server {

enum class Route : std::uint8_t { page, api, health, metrics, count };

class Metrics {
 public:
  static constexpr std::array<double, 10> k_buckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1.0};

  void record(Route route, int status, std::chrono::nanoseconds duration, std::size_t bytes);

  // Gauges and counters owned elsewhere, read when the text is made.
  struct Extra {
    std::uint64_t write_batches = 0;
    std::uint64_t writes = 0;
    std::uint64_t reloads = 0;
    std::uint64_t site_version = 0;
    std::size_t pages = 0;
    std::size_t site_bytes = 0;
    std::size_t long_polls = 0;
  };
  std::string text(const Extra& extra) const;

 private:
  static constexpr std::size_t k_routes = static_cast<std::size_t>(Route::count);
  std::atomic<std::uint64_t> m_requests[k_routes][5] = {};  // by status class 1xx..5xx
  std::atomic<std::uint64_t> m_histogram[k_buckets.size() + 1] = {};
  std::atomic<std::uint64_t> m_duration_ns{0};
  std::atomic<std::uint64_t> m_bytes{0};
};

}  // namespace prepdeck::server
