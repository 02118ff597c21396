// Writes the generated interview site of bench/corpus.h to a folder, for the
// site-build benchmark (bench/site_bench): `make_site DIR PAGES`.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "bench/corpus.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: make_site DIR PAGES\n");
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  const long pages = std::strtol(argv[2], nullptr, 10);
  if (pages <= 0) {
    std::fprintf(stderr, "make_site: PAGES must be a positive number\n");
    return 2;
  }
  const auto site = prepdeck::bench::make_site(static_cast<std::size_t>(pages));
  for (const auto& file : site.files) {
    const auto path = dir / file.path;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out << file.text;
    if (!out) {
      std::fprintf(stderr, "make_site: cannot write %s\n", path.c_str());
      return 1;
    }
  }
  fmt::print("{} pages, {:.1f} MiB of Markdown in {}\n", pages, static_cast<double>(site.bytes) / (1 << 20),
             dir.string());
  return 0;
}
