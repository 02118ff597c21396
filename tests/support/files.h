// Reading test data from disk, through the project's own file system layer.
#pragma once

#include <cstdint>
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

}  // namespace prepdeck::test
