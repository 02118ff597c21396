// A fuzz target's guard against slow inputs (issue 12): an input that takes
// longer than PREPDECK_FUZZ_SLOW_MS (default 100) per 100 KB of its size (and
// at least that for a smaller one) aborts, so libFuzzer saves it as a crash
// with its size and time in the message. 0 turns the guard off. The time is
// the process's CPU time, so a loaded machine does not trip it.
#pragma once

#include <time.h>

#include <cstddef>
#include <cstdio>
#include <cstdlib>

namespace prepdeck::fuzz {

class SlowInputGuard {
 public:
  explicit SlowInputGuard(std::size_t size) : m_size(size), m_start(now()) {}
  SlowInputGuard(const SlowInputGuard&) = delete;
  SlowInputGuard& operator=(const SlowInputGuard&) = delete;
  ~SlowInputGuard() {
    const double size = static_cast<double>(m_size);
    const double limit_ms = budget_per_100kb() * (size > k_unit ? size / k_unit : 1.0);
    if (limit_ms <= 0) return;
    const double took_ms = (now() - m_start) * 1000.0;
    if (took_ms > limit_ms) {
      std::fprintf(stderr, "SLOW INPUT: %zu bytes took %.1f ms, over %.1f ms (PREPDECK_FUZZ_SLOW_MS per 100 KB)\n",
                   m_size, took_ms, limit_ms);
      std::abort();
    }
  }

 private:
  static constexpr double k_unit = 100.0 * 1024.0;
  static double budget_per_100kb() {
    static const double ms = [] {
      const char* value = std::getenv("PREPDECK_FUZZ_SLOW_MS");
      return value != nullptr ? std::atof(value) : 100.0;
    }();
    return ms;
  }
  static double now() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
  }
  std::size_t m_size;
  double m_start;
};

}  // namespace prepdeck::fuzz
