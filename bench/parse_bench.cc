// Parse throughput of the dialect parser beside md4c-html rendering the same
// bytes, on a generated corpus of 20+ MB with 50k+ questions (bench/corpus.h).
// `parse_bench --memory` instead reports the peak memory of parsing the corpus.
#include <sys/resource.h>

#include <cstdio>
#include <cstring>
#include <string>

#include <benchmark/benchmark.h>
#include <md4c-html.h>
#include <md4c.h>

#include "bench/corpus.h"
#include "guide/guide_set.h"
#include "guide/markdown.h"
#include "guide/stats.h"
#include "source/site_loader.h"

namespace {

using prepdeck::bench::Corpus;

constexpr std::size_t k_corpus_bytes = 33u << 20;

const Corpus& corpus() {
  static const Corpus c = prepdeck::bench::make_corpus(k_corpus_bytes);
  return c;
}

prepdeck::source::MemoryFileSystem& corpus_fs() {
  static prepdeck::source::MemoryFileSystem fs = [] {
    prepdeck::source::MemoryFileSystem f;
    for (const auto& file : corpus().files) f.add_file(file.path, file.text);
    return f;
  }();
  return fs;
}

// Times building the model; freeing it is timed apart (BM_PrepdeckFreeModel).
void parse_corpus(benchmark::State& state, unsigned threads) {
  auto& fs = corpus_fs();
  std::size_t questions = 0;
  for (auto _ : state) {
    auto set = prepdeck::guide::load_guides(fs, {"guides"}, {}, threads);
    questions = prepdeck::guide::compute_stats(set.guides, set.diagnostics).questions;
    benchmark::DoNotOptimize(set);
    state.PauseTiming();
    set = {};
    state.ResumeTiming();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * corpus().bytes));
  state.counters["questions"] = static_cast<double>(questions);
  state.counters["MB"] = static_cast<double>(corpus().bytes) / (1 << 20);
}

// prepdeck: read, decode, repair, expand includes and parse into the model, one thread.
void BM_PrepdeckParse(benchmark::State& state) { parse_corpus(state, 1); }
// The same, on every core.
void BM_PrepdeckParseAllCores(benchmark::State& state) { parse_corpus(state, 0); }

void sink(const MD_CHAR* text, MD_SIZE size, void* userdata) {
  static_cast<std::string*>(userdata)->append(text, size);
}

// Freeing the model of the whole corpus.
void BM_PrepdeckFreeModel(benchmark::State& state) {
  auto& fs = corpus_fs();
  for (auto _ : state) {
    state.PauseTiming();
    auto set = prepdeck::guide::load_guides(fs, {"guides"}, {}, 1);
    state.ResumeTiming();
    set = {};
    benchmark::DoNotOptimize(set);
  }
}
BENCHMARK(BM_PrepdeckFreeModel)->Unit(benchmark::kMillisecond)->MinTime(2.0)->UseRealTime();

// The peer: md4c-html rendering the same bytes to HTML, one thread.
void BM_Md4cHtml(benchmark::State& state) {
  std::string html;
  for (auto _ : state) {
    for (const auto& file : corpus().files) {
      html.clear();
      md_html(file.text.data(), static_cast<MD_SIZE>(file.text.size()), sink, &html, prepdeck::guide::markdown_flags(),
              0);
      benchmark::DoNotOptimize(html.data());
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * corpus().bytes));
}

BENCHMARK(BM_PrepdeckParse)->Unit(benchmark::kMillisecond)->MinTime(3.0)->UseRealTime();
BENCHMARK(BM_PrepdeckParseAllCores)->Unit(benchmark::kMillisecond)->MinTime(3.0)->UseRealTime();
BENCHMARK(BM_Md4cHtml)->Unit(benchmark::kMillisecond)->MinTime(3.0)->UseRealTime();

long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

long current_rss_kib() {
  long pages = 0;
  long resident = 0;
  if (FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
    std::fclose(f);
  }
  return resident * 4;
}

int memory_report() {
  const long base = current_rss_kib();
  auto& fs = corpus_fs();
  const long with_input = current_rss_kib();
  auto set = prepdeck::guide::load_guides(fs, {"guides"}, {}, 1);
  const long peak = peak_rss_kib();
  const double input_mib = static_cast<double>(corpus().bytes) / (1 << 20);
  const double parse_mib = static_cast<double>(peak - with_input) / 1024.0;
  const auto stats = prepdeck::guide::compute_stats(set.guides, set.diagnostics);
  std::printf("input: %.1f MiB in %zu files, %zu questions, %zu quiz items\n", input_mib, corpus().files.size(),
              stats.questions, stats.quizzes);
  std::printf("resident before input: %.1f MiB; with input: %.1f MiB; peak: %.1f MiB\n",
              static_cast<double>(base) / 1024.0, static_cast<double>(with_input) / 1024.0,
              static_cast<double>(peak) / 1024.0);
  std::printf("peak memory of parsing (peak - resident with input): %.1f MiB = %.2fx the input\n", parse_mib,
              parse_mib / input_mib);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--memory") == 0) return memory_report();
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

namespace {
// Phases of the parse, to see where time goes.
void BM_PhaseReadDecodeRepair(benchmark::State& state) {
  auto& fs = corpus_fs();
  auto site = prepdeck::source::discover_site(fs, "guides");
  for (auto _ : state) {
    for (const auto& page : site->pages) {
      auto doc = prepdeck::source::load_document(fs, *site, page, {});
      benchmark::DoNotOptimize(doc);
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * corpus().bytes));
}
BENCHMARK(BM_PhaseReadDecodeRepair)->Unit(benchmark::kMillisecond)->MinTime(1.0)->UseRealTime();
}  // namespace
