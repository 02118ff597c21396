// Randomness and password hashing, from libsodium (the only file that
// includes sodium.h is crypto.cc).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "util/error.h"

namespace prepdeck::server {

// Initialises libsodium; fails when it cannot (no entropy source).
util::Expected<void> init_crypto();

// `bytes` random bytes from the system's CSPRNG, as lowercase hex.
std::string random_token(std::size_t bytes = 32);

// SHA-256 of `data`, lowercase hex (how session tokens are stored).
std::string sha256_hex(std::string_view data);

// How hard a password hash is to compute: interactive for logins, the
// minimum for tests (it must not matter for what a test checks).
enum class HashCost { interactive, minimum };

// An argon2id hash string of the password (salt and parameters included).
util::Expected<std::string> hash_password(std::string_view password, HashCost cost = HashCost::interactive);
// True when `password` matches `hash`; constant time in the password.
bool verify_password(std::string_view password, std::string_view hash);

}  // namespace prepdeck::server
