#include "server/crypto.h"

#include <sodium.h>

#include <vector>

namespace prepdeck::server {

util::Expected<void> init_crypto() {
  if (sodium_init() < 0) return util::fail("libsodium could not be initialised");
  return {};
}

std::string random_token(std::size_t bytes) {
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), raw.data(), raw.size());
  hex.pop_back();
  return hex;
}

}  // namespace prepdeck::server
