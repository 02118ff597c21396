// Operational failures as values: tl::expected<T, Error>.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

namespace prepdeck::util {

// What kind of failure, for callers that answer differently (a 409 for a
// name that is taken, a 503 while the database is away): nobody reads the
// message to tell them apart.
enum class ErrorCode : std::uint8_t {
  failed,       // anything else
  invalid,      // the request or input is wrong
  not_found,    // what was asked for is not there
  conflict,     // it clashes with what is there (a taken name)
  unavailable,  // try again later (the database is busy, locked or away)
};

std::string_view to_string(ErrorCode code);

// A failure that can happen in normal operation (a missing file, bad YAML).
struct Error {
  std::string message;
  ErrorCode code = ErrorCode::failed;
};

template <typename T>
using Expected = tl::expected<T, Error>;

inline tl::unexpected<Error> fail(std::string message) { return tl::unexpected<Error>(Error{std::move(message)}); }
inline tl::unexpected<Error> fail(ErrorCode code, std::string message) {
  return tl::unexpected<Error>(Error{std::move(message), code});
}
// The same failure, its message led by `context` ("migration 3: ...").
inline tl::unexpected<Error> fail(std::string_view context, const Error& error) {
  return tl::unexpected<Error>(Error{std::string(context) + ": " + error.message, error.code});
}

}  // namespace prepdeck::util
