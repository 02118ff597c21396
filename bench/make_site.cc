// Writes the generated interview site of bench/corpus.h to a folder, for the
// site-build benchmark (bench/site_bench): `make_site DIR PAGES [flat|real]`
// (see prepdeck::bench::SiteShape; flat unless named).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <fmt/format.h>

#include "bench/corpus.h"

int main(int argc, char** argv) {
  if (argc != 3 && argc != 4) {
    std::fprintf(stderr, "usage: make_site DIR PAGES [flat|real]\n");
    return 2;
  }
  const std::string shape_name = argc == 4 ? argv[3] : "flat";
  if (shape_name != "flat" && shape_name != "real") {
    std::fprintf(stderr, "make_site: the shape is flat or real, not %s\n", shape_name.c_str());
    return 2;
  }
  const auto shape = shape_name == "real" ? prepdeck::bench::SiteShape::real : prepdeck::bench::SiteShape::flat;
  const std::filesystem::path dir = argv[1];
  const long pages = std::strtol(argv[2], nullptr, 10);
  if (pages <= 0) {
    std::fprintf(stderr, "make_site: PAGES must be a positive number\n");
    return 2;
  }
  const auto site = prepdeck::bench::make_site(static_cast<std::size_t>(pages), shape);
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
  fmt::print("{} pages, {:.1f} MiB of Markdown in {} ({}, {} files)\n", pages,
             static_cast<double>(site.bytes) / (1 << 20), dir.string(), shape_name, site.files.size());
  return 0;
}
