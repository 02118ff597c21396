// What /metrics reports, in Prometheus's text format: requests by route and
// status class, a latency histogram, bytes sent, group-commit batches and
// writes, reloads and the pages held.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace prepdeck::server {

class Metrics {
 public:
  static constexpr std::array<double, 10> k_buckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1.0};

  // The route labels: these four, then `api_routes` (App::metric_routes(),
  // one per API route); k_api counts API requests no route took (404, 405).
  static constexpr std::size_t k_page = 0, k_health = 1, k_metrics = 2, k_api = 3, k_fixed = 4;
  explicit Metrics(std::vector<std::string> api_routes = {});

  // `route`: a label's place (k_page..., or k_fixed + an API route's place in its table).
  void record(std::size_t route, int status, std::chrono::nanoseconds duration, std::size_t bytes);

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
  std::vector<std::string> m_labels;
  std::unique_ptr<std::atomic<std::uint64_t>[]> m_requests;  // by label, then status class 1xx..5xx
  std::atomic<std::uint64_t> m_histogram[k_buckets.size() + 1] = {};
  std::atomic<std::uint64_t> m_duration_ns{0};
  std::atomic<std::uint64_t> m_bytes{0};
};

}  // namespace prepdeck::server
