// A fuzz target's guard against slow inputs (issue 12): an input that takes
// longer than PREPDECK_FUZZ_SLOW_MS (default 100) per 100 KB of its size (and
// at least that for a smaller one) aborts, so libFuzzer saves it as a crash
// with its size and time in the message. 0 turns the guard off.
//
// The time is the calling thread's CPU time (another process's load does not
// count), and an input found slow is run again and reported only if it is
// slow twice: a one-off pause (the sanitizers' allocator returning memory, a
// page-fault storm as the corpus grows) once tripped it on a 4 ms input.
#pragma once

#include <time.h>

#include <cstddef>
#include <cstdio>
#include <cstdlib>

namespace prepdeck::fuzz {

inline double thread_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

inline double slow_budget_ms(std::size_t size) {
  static const double per_100kb = [] {
    const char* value = std::getenv("PREPDECK_FUZZ_SLOW_MS");
    return value != nullptr ? std::atof(value) : 100.0;
  }();
  const double bytes = static_cast<double>(size);
  constexpr double k_unit = 100.0 * 1024.0;
  return per_100kb * (bytes > k_unit ? bytes / k_unit : 1.0);
}

// Runs `one_input()` (the target's body) and returns what it returns; aborts
// when it is slow twice running. `passes`: how many times the body runs the
// pipeline over the input (the export target writes every format), which
// multiplies the budget.
template <typename Body>
int timed_input(std::size_t size, Body&& one_input, double passes = 1.0) {
  const double budget = slow_budget_ms(size) * passes;
  double took = 0;
  int result = 0;
  for (int attempt = 0; attempt < 2; ++attempt) {
    const double start = thread_seconds();
    result = one_input();
    took = (thread_seconds() - start) * 1000.0;
    if (budget <= 0 || took <= budget) return result;
  }
  std::fprintf(stderr, "SLOW INPUT: %zu bytes took %.1f ms twice, over %.1f ms (PREPDECK_FUZZ_SLOW_MS per 100 KB)\n",
               size, took, budget);
  std::abort();
}

}  // namespace prepdeck::fuzz
