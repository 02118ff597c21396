#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  try {
    const std::vector<std::string> args(argv, argv + argc);
    return prepdeck::cli::run(args, {std::cout, std::cerr});
  } catch (const std::exception& e) {
    // Bugs and fatal setup only: operational failures are values.
    std::cerr << "prepdeck: internal error: " << e.what() << "\n";
    return 70;
  }
}
