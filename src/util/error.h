// Operational failures as values: tl::expected<T, Error>.
#pragma once

#include <string>

#include <tl/expected.hpp>

namespace prepdeck::util {

// A failure that can happen in normal operation (a missing file, bad YAML).
struct Error {
  std::string message;
};

template <typename T>
using Expected = tl::expected<T, Error>;

inline tl::unexpected<Error> fail(std::string message) { return tl::unexpected<Error>(Error{std::move(message)}); }

}  // namespace prepdeck::util
