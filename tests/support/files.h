// Reading test data from disk, through the project's own file system layer.
#pragma once

#include <cstdint>
#include <fstream>
#include <stdexcept>
#include <string>
#include <utility>

#include "source/file_system.h"

namespace prepdeck::test {

// The whole file; an unreadable file fails the test with its message.
inline std::string read_file(const std::string& path) {
  auto text = source::DiskFileSystem().read_file(path, std::uint64_t{1} << 30);
  if (!text) throw std::runtime_error(path + ": " + text.error().message);
  return std::move(*text);
}

// Creates or replaces the file; a failure fails the test.
inline void write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
  if (!out) throw std::runtime_error(path + ": cannot write");
}

}  // namespace prepdeck::test
