// Time against size for the inputs that once cost more than linear time
// (issue 12): each shape is generated at several sizes and taken through what
// `prepdeck build` does (read, repair, expand, parse, render every page), on
// one thread, timed in process CPU time (so other processes' load barely moves
// it), best of a few runs, with a mimalloc arena reserved (see main()).
//
//   linear_bench [--sizes 100K,1M,10M] [--shape NAME] [--check]
//                [--max-excess 2] [--max-seconds-at-1M 1]
//
// Each growth is shown beside the growth of ordinary guide text ("prose")
// over the same sizes in the same run: on this hardware even that grows
// x10.2 from 100 KB to 1 MB and x15.6 from 1 MB to 10 MB, as the working set
// leaves the caches, so a bare "x10 input, at most x12 time" cannot tell a
// quadratic path from a cache. A quadratic path grows x100 for x10.
// --check fails (exit 1) when a shape grows more than --max-excess times what
// prose grows, or takes longer than --max-seconds-at-1M at 1 MB.
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#if PREPDECK_MIMALLOC
#include <mimalloc.h>
#endif

#include "guide/guide_set.h"
#include "render/site_builder.h"
#include "source/file_system.h"

namespace {

using Generator = std::function<std::string(std::size_t bytes)>;

struct Shape {
  std::string_view name;
  std::string_view what;
  Generator make;
};

std::string repeat_to(std::string_view head, std::string_view unit, std::string_view tail, std::size_t bytes) {
  std::string out(head);
  out.reserve(bytes + tail.size() + unit.size());
  while (out.size() + unit.size() + tail.size() <= bytes) out += unit;
  out += tail;
  return out;
}

const std::vector<Shape>& shapes() {
  static const std::vector<Shape> list = {
      {"prose", "ordinary guide text: sections of numbered questions with answers and code (the baseline)",
       [](std::size_t n) {
         std::string out = "# T\n\n";
         for (int i = 1; out.size() < n; ++i) {
           if (i % 10 == 1) out += fmt::format("## Section {}\n\n", i / 10 + 1);
           out += fmt::format(
               "??? question \"{0}. What does `ls -la` show in case {0}?\"\n\n"
               "    \xF0\x9F\xA7\xA0 Think first.\n\n"
               "    The **long** listing of case {0}, with [hidden files](other.md#hidden) too.\n\n"
               "    ```bash\n    ls -la /tmp/{0}\n    ```\n\n",
               i);
         }
         return out;
       }},
      {"mojibake-line", "one line of \"\xC3\x83\xC2\xA9 \" repairs",
       [](std::size_t n) { return repeat_to("# T\n\n", "\xC3\x83\xC2\xA9 ", "\n", n); }},
      {"nested-quiz", "<quiz> on every line, none closed",
       [](std::size_t n) { return repeat_to("# T\n\n", "<quiz>\n", "", n); }},
      {"unclosed-blanks", "\"[[a \" with no ']' in a quiz",
       [](std::size_t n) { return repeat_to("# T\n\n<quiz>\nQ\n", "[[a ", "\n</quiz>\n", n); }},
      {"blanks", "\"[[a]] \" blanks in a quiz",
       [](std::size_t n) { return repeat_to("# T\n\n<quiz>\n", "[[a]] ", "\n</quiz>\n", n); }},
      {"blank-lines", "a [[a]] blank on every line of a quiz",
       [](std::size_t n) { return repeat_to("# T\n\n<quiz>\n", "[[a]] \n", "\n</quiz>\n", n); }},
      {"same-headings", "\"## h\" on every line", [](std::size_t n) { return repeat_to("# T\n\n", "## h\n", "", n); }},
      {"same-questions", "the same question title again and again",
       [](std::size_t n) { return repeat_to("# T\n\n", "??? question \"x\"\n    a\n", "", n); }},
      {"bash-line", "one line of bash in a fence",
       [](std::size_t n) { return repeat_to("# T\n\n```bash\n", "x=1 ", "\n```\n", n); }},
      {"bracket-paragraph", "one paragraph of \"[a] b\" lines (md4c 0.4.8 walks its lines per bracket)",
       [](std::size_t n) { return repeat_to("# T\n\n", "[a] b\n", "", n); }},
      {"reference-uses", "a 1 KB link reference definition used again and again",
       [](std::size_t n) {
         return repeat_to("# T\n\n[x]: http://x.example/" + std::string(1000, 'x') + "\n\n", "[x]\n\n", "", n);
       }},
      {"relative-reference-uses", "a 1 KB relative link reference used again and again (links rewritten and checked)",
       [](std::size_t n) {
         return repeat_to("# T\n\n[x]: ../pages/" + std::string(1000, 'x') + ".md#a\n\n", "[x]\n\n", "", n);
       }},
      {"wide-table", "a header of n/8 columns over n/8 one-cell rows",
       [](std::size_t n) {
         const std::size_t columns = n / 8;
         std::string out = "# T\n\n";
         for (std::size_t i = 0; i < columns; ++i) out += "|a";
         out += "|\n";
         for (std::size_t i = 0; i < columns; ++i) out += "|---";
         out += "|\n";
         for (std::size_t i = 0; i < columns; ++i) out += "|x\n";
         return out;
       }},
      {"unclosed-values", "raw HTML tags whose quoted values never close",
       [](std::size_t n) { return repeat_to("# T\n\n<div>\n", "<a x=\"bbb", "\n</div>\n", n); }},
      {"open-comments", "\"<!--\" never closed, in raw HTML",
       [](std::size_t n) { return repeat_to("# T\n\n<div>\n", "<!--", "\n</div>\n", n); }},
      {"unclosed-styles", "\"<style> \" and \"<script> \" never closed, in raw HTML (each once looked for its end)",
       [](std::size_t n) { return repeat_to("# T\n\n<div>\n", "<style> <script> ", "\n</div>\n", n); }},
      {"unclosed-fences", "\"```x\" on every line, none closed (superfences pairing, each escaped)",
       [](std::size_t n) { return repeat_to("# T\n\n", "```x\n", "", n); }},
      {"abandoned-fences", "an indented fence over \"```x\" lines, abandoned by the last line",
       [](std::size_t n) { return repeat_to("# T\n\n    ```\n", "    ```x\n", "x\n```\n", n); }},
      {"fence-title-quotes", "one opening fence whose title is '\"a' again and again",
       [](std::size_t n) { return repeat_to("# T\n\n```python title=\"", "a\"", "\nx\n```\n", n); }},
      {"ampersand-url", "a link URL of '&'",
       [](std::size_t n) { return repeat_to("# T\n\n<div><a href=\"", "&", "\">x</a></div>\n", n); }},
  };
  return list;
}

double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// What `prepdeck build` does to one guide, in memory, on one thread.
double run_once(const std::string& text) {
  prepdeck::source::MemoryFileSystem fs;
  fs.add_file("g.md", text);
  const double start = cpu_seconds();
  auto set = prepdeck::guide::load_guides(fs, {"g.md"}, {}, 1);
  prepdeck::render::BuildOptions options;
  options.threads = 1;
  std::size_t bytes = 0;
  prepdeck::render::build_site(set, options, [&bytes](prepdeck::render::SiteFile&& f) {
    bytes += f.content.size();
    for (const auto& piece : f.more) bytes += piece.size();
  });
  const double elapsed = cpu_seconds() - start;
  if (bytes == 0) std::fputs("no output\n", stderr);
  return elapsed;
}

double best_of(const std::string& text, int runs) {
  double best = 1e9;
  for (int i = 0; i < runs; ++i) best = std::min(best, run_once(text));
  return best;
}

bool parse_size(std::string_view text, std::size_t& out) {
  std::size_t value = 0;
  std::size_t i = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) value = value * 10 + (text[i] - '0');
  if (i == 0) return false;
  const std::string_view unit = text.substr(i);
  if (unit == "K" || unit == "k")
    value <<= 10;
  else if (unit == "M" || unit == "m")
    value <<= 20;
  else if (!unit.empty())
    return false;
  out = value;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
#if PREPDECK_MIMALLOC
  // Without an arena, mimalloc maps every allocation past about 1 MiB fresh
  // from the system and unmaps it when freed, so each such string page-faults
  // anew: a constant factor that starts at 1 MiB (five times the time per byte
  // on this VM), not growth. An arena measures the code instead.
  mi_reserve_os_memory(std::size_t{2} << 30, true, false);
#endif
  std::vector<std::size_t> sizes = {100u << 10, 1u << 20, 10u << 20};
  std::string only;
  bool check = false;
  double max_excess = 2.0;
  double max_seconds_at_1m = 1.0;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const auto value = [&]() -> std::string_view { return i + 1 < argc ? std::string_view(argv[++i]) : ""; };
    if (arg == "--sizes") {
      sizes.clear();
      std::string_view list = value();
      while (!list.empty()) {
        const auto comma = list.find(',');
        std::size_t size = 0;
        if (!parse_size(list.substr(0, comma), size)) {
          std::fprintf(stderr, "linear_bench: bad size in --sizes\n");
          return 2;
        }
        sizes.push_back(size);
        list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
      }
    } else if (arg == "--shape") {
      only = std::string(value());
    } else if (arg == "--check") {
      check = true;
    } else if (arg == "--max-excess") {
      max_excess = std::atof(std::string(value()).c_str());
    } else if (arg == "--max-seconds-at-1M") {
      max_seconds_at_1m = std::atof(std::string(value()).c_str());
    } else {
      std::fprintf(stderr,
                   "usage: linear_bench [--sizes 100K,1M,10M] [--shape NAME] [--check] [--max-excess 2] "
                   "[--max-seconds-at-1M 1]\n");
      return 2;
    }
  }
  std::sort(sizes.begin(), sizes.end());
  int failures = 0;
  std::map<std::size_t, double> baseline_growth;  // by size: the prose shape's growth to it
  std::fputs(fmt::format("{:<18} {:>9} {:>10} {:>9}  {}\n", "shape", "size", "CPU s", "MB/s", "growth").c_str(),
             stdout);
  for (const Shape& shape : shapes()) {
    if (!only.empty() && shape.name != only) continue;
    double previous = 0;
    std::size_t previous_size = 0;
    for (const std::size_t size : sizes) {
      const std::string text = shape.make(size);
      // At least two runs: the first touches the arena's fresh pages, which the later ones reuse.
      const int runs = size >= (4u << 20) ? 2 : size >= (512u << 10) ? 3 : 5;
      const double seconds = best_of(text, runs);
      std::string growth = "";
      bool bad = false;
      if (previous_size != 0) {
        // Time growth against input growth; a floor keeps tiny times from dividing noise.
        const double ratio = seconds / std::max(previous, 1e-3);
        const double input_ratio = static_cast<double>(size) / static_cast<double>(previous_size);
        // The same step for ordinary text, measured in this run: caches and the
        // allocator change regime between 100 KB and 10 MB for every input alike.
        const double baseline = baseline_growth.count(size) != 0 ? baseline_growth[size] : input_ratio;
        growth = fmt::format("x{:.1f} (prose x{:.1f})", ratio, baseline);
        if (shape.name == "prose") baseline_growth[size] = ratio;
        bad = check && shape.name != "prose" && ratio > max_excess * std::max(baseline, input_ratio);
      }
      if (check && size == (1u << 20) && seconds > max_seconds_at_1m) bad = true;
      std::fputs(fmt::format("{:<18} {:>8}K {:>10.4f} {:>9.1f}  {}{}\n", shape.name, size >> 10, seconds,
                             static_cast<double>(size) / (1 << 20) / std::max(seconds, 1e-9), growth,
                             bad ? "  <- too slow" : "")
                     .c_str(),
                 stdout);
      std::fflush(stdout);
      failures += bad ? 1 : 0;
      previous = seconds;
      previous_size = size;
    }
  }
  if (failures != 0) std::fprintf(stderr, "linear_bench: %d measurements past the limits\n", failures);
  return failures == 0 ? 0 : 1;
}
