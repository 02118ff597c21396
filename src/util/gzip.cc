#include "util/gzip.h"

#include <algorithm>
#include <climits>
#include <stdexcept>

#include <libdeflate.h>
#include <zlib.h>

namespace prepdeck::util {

std::string gzip_compress(std::string_view data, int level) {
  z_stream z{};
  // 15 window bits + 16: a gzip header and trailer instead of zlib's.
  if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int result = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  out.shrink_to_fit();  // the buffer was sized for the worst case, about the input's size
  deflateEnd(&z);
  return result == Z_STREAM_END ? out : std::string();
}

std::optional<std::string> gzip_decompress(std::string_view data) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) return std::nullopt;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buffer[16384];
  int result = Z_OK;
  while (result == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof buffer;
    result = inflate(&z, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - z.avail_out);
    if (result == Z_BUF_ERROR && z.avail_in == 0) break;  // the input ended early
  }
  const bool whole = result == Z_STREAM_END && z.avail_in == 0;
  inflateEnd(&z);
  if (!whole) return std::nullopt;
  return out;
}

namespace {

// A thread's buffer for the worst case of one deflate call, kept between calls up to a size (the
// ZIP writer's pieces are 1 MiB at most); the output is copied out of it at its size.
class Scratch {
 public:
  char* get(std::size_t size) {
    if (m_bytes.size() < size) m_bytes.resize(size);
    return m_bytes.data();
  }
  std::string take(std::size_t size) {
    std::string out(m_bytes.data(), size);
    if (m_bytes.size() > k_kept) std::string().swap(m_bytes);
    return out;
  }

 private:
  static constexpr std::size_t k_kept = std::size_t{4} << 20;
  std::string m_bytes;
};

thread_local Scratch t_scratch;

// libdeflate's compressor for each thread and level, kept between buffers (it holds ~1 MiB of tables).
std::string deflate_whole(std::string_view data, int level) {
  struct Compressor {
    int level = -1;
    libdeflate_compressor* c = nullptr;
    Compressor() = default;
    Compressor(const Compressor&) = delete;
    Compressor& operator=(const Compressor&) = delete;
    ~Compressor() { libdeflate_free_compressor(c); }
  };
  thread_local Compressor compressor;
  if (compressor.c == nullptr || compressor.level != level) {
    libdeflate_free_compressor(compressor.c);
    compressor.c = libdeflate_alloc_compressor(level);
    compressor.level = level;
    if (compressor.c == nullptr) throw std::bad_alloc();
  }
  // Compressed into the thread's scratch buffer, then copied out at its size: a string sized for the
  // worst case keeps about the input's size as capacity (QTI 2.1's 50,000 small files held 150 MB more
  // that way, and each fresh page costs a fault).
  const std::size_t bound = libdeflate_deflate_compress_bound(compressor.c, data.size());
  char* out = t_scratch.get(bound);
  const std::size_t size = libdeflate_deflate_compress(compressor.c, data.data(), data.size(), out, bound);
  // The bound is the worst case: compressing into it cannot fail.
  if (size == 0) throw std::runtime_error("deflate failed");
  return t_scratch.take(size);
}

}  // namespace

std::string deflate_piece(std::string_view data, std::string_view window, bool last, int level) {
  window = window.substr(window.size() - std::min(window.size(), k_deflate_window));
  if (window.empty() && last) return deflate_whole(data, level);
  z_stream z{};
  // Negative window bits: raw deflate, no zlib header or trailer.
  if (deflateInit2(&z, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) throw std::bad_alloc();
  if (!window.empty()) {
    deflateSetDictionary(&z, reinterpret_cast<const Bytef*>(window.data()), static_cast<uInt>(window.size()));
  }
  // The worst case, and the sync flush's empty stored block (5 bytes) and a little more: in the thread's
  // scratch buffer, copied out at its size (as deflate_whole does).
  const std::size_t bound = deflateBound(&z, static_cast<uLong>(data.size())) + 16;
  char* const out = t_scratch.get(bound);
  z.next_out = reinterpret_cast<Bytef*>(out);
  int result = Z_OK;
  std::size_t done = 0;
  // zlib counts in 32-bit sizes: feed larger input in parts.
  while (true) {
    const std::size_t part = std::min<std::size_t>(data.size() - done, UINT_MAX / 2);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + done));
    z.avail_in = static_cast<uInt>(part);
    done += part;
    const bool final_part = done == data.size();
    const std::size_t room = bound - static_cast<std::size_t>(z.next_out - reinterpret_cast<Bytef*>(out));
    z.avail_out = static_cast<uInt>(std::min<std::size_t>(room, UINT_MAX));
    result = deflate(&z, final_part ? (last ? Z_FINISH : Z_SYNC_FLUSH) : Z_NO_FLUSH);
    if (final_part || result != Z_OK) break;
  }
  const std::size_t size = static_cast<std::size_t>(z.next_out - reinterpret_cast<Bytef*>(out));
  deflateEnd(&z);
  // With room for the worst case, deflate finishes (or flushes everything) in one call.
  if (result != (last ? Z_STREAM_END : Z_OK) || z.avail_in != 0) throw std::runtime_error("deflate failed");
  return t_scratch.take(size);
}

std::uint32_t crc32_of(std::string_view data) {
  // libdeflate's CRC-32 folds with carry-less multiplication where the processor has it: faster than zlib's.
  return libdeflate_crc32(0, data.data(), data.size());
}

std::uint32_t crc32_join(std::uint32_t first, std::uint32_t second, std::size_t second_size) {
  return static_cast<std::uint32_t>(crc32_combine64(first, second, static_cast<z_off64_t>(second_size)));
}

}  // namespace prepdeck::util
