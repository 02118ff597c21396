// gzip (RFC 1952) and raw deflate (RFC 1951, as ZIP holds it) in memory: the
// only file that talks to zlib and libdeflate.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace prepdeck::util {

// gzip of `data` at zlib's level `level` (empty only when zlib fails).
std::string gzip_compress(std::string_view data, int level = 6);
// The bytes inside a gzip stream; nullopt when it is not a whole, valid one.
std::optional<std::string> gzip_decompress(std::string_view data);

// Raw deflate of one piece of a longer input, so that pieces can be compressed
// on several cores (as pigz does): `window` is up to 32 KiB of the input just
// before the piece (empty for the first), which it may refer back to; a piece
// that is not the last ends on a byte boundary (a sync flush), so the pieces'
// outputs, concatenated in order, are one deflate stream of the whole input.
// A whole input (no window, last) goes through libdeflate, which compresses a
// buffer held whole about twice as fast as zlib (and a little smaller);
// pieces of a longer one through zlib, whose sync flush libdeflate lacks.
std::string deflate_piece(std::string_view data, std::string_view window, bool last, int level);
// The largest window deflate_piece() uses.
inline constexpr std::size_t k_deflate_window = 32 * 1024;

// CRC-32 (ZIP's and gzip's): of `data`, and of two pieces from theirs.
std::uint32_t crc32_of(std::string_view data);
std::uint32_t crc32_join(std::uint32_t first, std::uint32_t second, std::size_t second_size);

}  // namespace prepdeck::util
