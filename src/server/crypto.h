// Randomness and password hashing, from libsodium (the only file that
// includes sodium.h is crypto.cc).
#pragma once

#include <cstddef>
#include <string>

#include "util/error.h"

namespace prepdeck::server {

// Initialises libsodium; fails when it cannot (no entropy source).
util::Expected<void> init_crypto();

// `bytes` random bytes from the system's CSPRNG, as lowercase hex.
std::string random_token(std::size_t bytes = 32);

}  // namespace prepdeck::server
