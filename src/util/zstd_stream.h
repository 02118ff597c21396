// Zstandard decompression through libzstd (the only file that talks to it):
// Anki's newer packages compress their collection and media with it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/error.h"

namespace prepdeck::util {

// The bytes `compressed` (one or more frames) inflates to; fails when it is
// not Zstandard, is cut short, or would grow past `max_bytes` (checked as it
// inflates, not taken from the frame's header).
Expected<std::string> zstd_decompress(std::string_view compressed, std::uint64_t max_bytes);

// True when `bytes` starts with a Zstandard frame's magic number.
bool is_zstd(std::string_view bytes);

}  // namespace prepdeck::util
