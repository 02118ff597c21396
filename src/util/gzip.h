// gzip (RFC 1952) in memory: the only file that talks to zlib.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace prepdeck::util {

// gzip of `data` at zlib's level `level` (empty only when zlib fails).
std::string gzip_compress(std::string_view data, int level = 6);
// The bytes inside a gzip stream; nullopt when it is not a whole, valid one.
std::optional<std::string> gzip_decompress(std::string_view data);

}  // namespace prepdeck::util
