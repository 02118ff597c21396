#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#if PREPDECK_MIMALLOC
#include <mimalloc.h>
#endif

#include "cli/commands.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
#if PREPDECK_MIMALLOC
  // A server lives long after its peak (rendering the site): give freed pages
  // back to the system at once. 1,000 pages: 124 MB resident -> 87 MB.
  if (argc > 1 && std::string(argv[1]) == "serve") {
    mi_option_enable(mi_option_page_reset);
    mi_option_set(mi_option_decommit_delay, 0);
  } else {
    // A batch command touches hundreds of MB once (the model, every page's
    // HTML, an export's output): memory in 2 MiB pages (transparent huge pages,
    // where the system allows them) takes a page fault per 2 MiB instead of per
    // 4 KiB. Exporting the 50k-question site: 112,000 faults -> 9,000, 2.4 s ->
    // 1.4 s (moodle-xml), for ~10% more memory resident. MIMALLOC_LARGE_OS_PAGES=0
    // in the environment still turns it off.
    if (std::getenv("MIMALLOC_LARGE_OS_PAGES") == nullptr) mi_option_enable(mi_option_large_os_pages);
  }
#endif
  try {
    const std::vector<std::string> args(argv, argv + argc);
    return prepdeck::cli::run(args, {std::cout, std::cerr});
  } catch (const std::exception& e) {
    // Bugs and fatal setup only: operational failures are values.
    std::cerr << "prepdeck: internal error: " << e.what() << "\n";
    return 70;
  }
}
