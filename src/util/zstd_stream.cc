#include "util/zstd_stream.h"

#include <memory>

#include <fmt/format.h>
#include <zstd.h>

namespace prepdeck::util {

bool is_zstd(std::string_view bytes) { return bytes.size() >= 4 && bytes.substr(0, 4) == "\x28\xB5\x2F\xFD"; }

Expected<std::string> zstd_decompress(std::string_view compressed, std::uint64_t max_bytes) {
  std::unique_ptr<ZSTD_DStream, decltype(&ZSTD_freeDStream)> stream(ZSTD_createDStream(), ZSTD_freeDStream);
  if (!stream) return fail(ErrorCode::unavailable, "zstd: out of memory");
  ZSTD_initDStream(stream.get());
  std::string out;
  std::string chunk(ZSTD_DStreamOutSize(), '\0');
  ZSTD_inBuffer in{compressed.data(), compressed.size(), 0};
  std::size_t last = 1;
  while (in.pos < in.size) {
    ZSTD_outBuffer buffer{chunk.data(), chunk.size(), 0};
    last = ZSTD_decompressStream(stream.get(), &buffer, &in);
    if (ZSTD_isError(last)) return fail(ErrorCode::invalid, fmt::format("zstd: {}", ZSTD_getErrorName(last)));
    out.append(chunk.data(), buffer.pos);
    if (out.size() > max_bytes) {
      return fail(ErrorCode::invalid, fmt::format("zstd: inflates past {} bytes: refused", max_bytes));
    }
    if (buffer.pos == 0 && last != 0 && in.pos == in.size) break;
  }
  // Output the decoder still holds once the input is read.
  while (last != 0) {
    ZSTD_outBuffer buffer{chunk.data(), chunk.size(), 0};
    last = ZSTD_decompressStream(stream.get(), &buffer, &in);
    if (ZSTD_isError(last)) return fail(ErrorCode::invalid, fmt::format("zstd: {}", ZSTD_getErrorName(last)));
    if (buffer.pos == 0) break;
    out.append(chunk.data(), buffer.pos);
    if (out.size() > max_bytes) {
      return fail(ErrorCode::invalid, fmt::format("zstd: inflates past {} bytes: refused", max_bytes));
    }
  }
  if (last != 0) return fail(ErrorCode::invalid, "zstd: the data is cut short");
  return out;
}

}  // namespace prepdeck::util
