#include "server/metrics.h"

#include <fmt/format.h>

namespace prepdeck::server {

Metrics::Metrics(std::vector<std::string> api_routes) : m_labels{"page", "health", "metrics", "api"} {
  for (auto& r : api_routes) m_labels.push_back(std::move(r));
  m_requests = std::make_unique<std::atomic<std::uint64_t>[]>(m_labels.size() * 5);
}

void Metrics::record(std::size_t route, int status, std::chrono::nanoseconds duration, std::size_t bytes) {
  const int klass = status / 100;
  if (route >= m_labels.size()) route = k_api;
  if (klass >= 1 && klass <= 5) m_requests[route * 5 + static_cast<std::size_t>(klass - 1)].fetch_add(1);
  const double seconds = std::chrono::duration<double>(duration).count();
  std::size_t bucket = 0;
  while (bucket < k_buckets.size() && seconds > k_buckets[bucket]) ++bucket;
  m_histogram[bucket].fetch_add(1);
  m_duration_ns.fetch_add(static_cast<std::uint64_t>(duration.count()));
  m_bytes.fetch_add(bytes);
}

std::string Metrics::text(const Extra& extra) const {
  std::string out;
  out += "# HELP prepdeck_http_requests_total HTTP requests answered, by route and status class.\n";
  out += "# TYPE prepdeck_http_requests_total counter\n";
  for (std::size_t r = 0; r < m_labels.size(); ++r) {
    for (std::size_t k = 0; k < 5; ++k) {
      out += fmt::format("prepdeck_http_requests_total{{route=\"{}\",code=\"{}xx\"}} {}\n", m_labels[r], k + 1,
                         m_requests[r * 5 + k].load());
    }
  }
  out += "# HELP prepdeck_http_request_duration_seconds Time from the request to its response.\n";
  out += "# TYPE prepdeck_http_request_duration_seconds histogram\n";
  std::uint64_t cumulative = 0;
  for (std::size_t b = 0; b < k_buckets.size(); ++b) {
    cumulative += m_histogram[b].load();
    out += fmt::format("prepdeck_http_request_duration_seconds_bucket{{le=\"{}\"}} {}\n", k_buckets[b], cumulative);
  }
  cumulative += m_histogram[k_buckets.size()].load();
  out += fmt::format("prepdeck_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {}\n", cumulative);
  out += fmt::format("prepdeck_http_request_duration_seconds_sum {:.6f}\n",
                     static_cast<double>(m_duration_ns.load()) / 1e9);
  out += fmt::format("prepdeck_http_request_duration_seconds_count {}\n", cumulative);
  const auto counter = [&out](const char* name, const char* help, std::uint64_t value) {
    out += fmt::format("# HELP {0} {1}\n# TYPE {0} counter\n{0} {2}\n", name, help, value);
  };
  const auto gauge = [&out](const char* name, const char* help, std::uint64_t value) {
    out += fmt::format("# HELP {0} {1}\n# TYPE {0} gauge\n{0} {2}\n", name, help, value);
  };
  counter("prepdeck_http_response_bytes_total", "Body bytes sent.", m_bytes.load());
  counter("prepdeck_store_write_batches_total", "Group commits: transactions of one or more writes.",
          extra.write_batches);
  counter("prepdeck_store_writes_total", "Writes committed or refused in those batches.", extra.writes);
  counter("prepdeck_site_reloads_total", "Reloads after a guide file changed.", extra.reloads);
  gauge("prepdeck_site_version", "The version of the guides served.", extra.site_version);
  gauge("prepdeck_site_pages", "HTML pages held in memory.", extra.pages);
  gauge("prepdeck_site_bytes", "Bytes of the pages held in memory, gzip forms included.", extra.site_bytes);
  gauge("prepdeck_reload_long_polls", "Pages waiting to hear of a reload.", extra.long_polls);
  return out;
}

}  // namespace prepdeck::server
