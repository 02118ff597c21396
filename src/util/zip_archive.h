// ZIP archives through libzip: the only file that talks to libzip. Packages
// (an Anki .apkg, a QTI .zip) are written in memory, deterministically (every
// entry carries the time it is given, in the order added); archives are read
// from memory with limits, since they are untrusted input: how many entries,
// how large one entry and all of them may grow when inflated (a ZIP bomb
// fails instead of filling memory).
#pragma once

#include <cstdint>
#include <ctime>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace prepdeck::util {

namespace detail {
struct ZipEntry;
}

// An entry deflated before it is added, on any thread: a writer that makes many
// small files deflates each where it makes it, and keeps only the deflated bytes.
struct DeflatedEntry {
  std::string deflated;    // raw deflate (RFC 1951)
  std::uint64_t size = 0;  // inflated
  std::uint32_t crc = 0;   // of the inflated bytes
};
// `bytes` deflated as ZipWriter::add would (the fastest level; libdeflate for
// up to 1 MiB, zlib pieces of 1 MiB past that), on the calling thread.
DeflatedEntry deflate_entry(std::string_view bytes);

class ZipWriter {
 public:
  ZipWriter();
  ~ZipWriter();
  ZipWriter(const ZipWriter&) = delete;
  ZipWriter& operator=(const ZipWriter&) = delete;

  // deflate: the fastest level, libdeflate or zlib (a package is written far more often than it is
  // measured for size: level 6 took three times as long for a tenth less), done
  // by finish() in 1 MiB pieces on every core (the bytes are let go once
  // deflated); store: as is.
  enum class Compression : std::uint8_t { deflate, store };
  // Adds `name` holding `bytes` (copied), modified at `modified` (Unix seconds).
  Expected<void> add(const std::string& name, std::string bytes, std::time_t modified,
                     Compression compression = Compression::deflate);
  // Adds `name` holding what deflate_entry() made, modified at `modified`.
  Expected<void> add(const std::string& name, DeflatedEntry entry, std::time_t modified);
  // The archive's bytes; the writer is spent.
  Expected<std::string> finish();

 private:
  struct State;
  std::unique_ptr<State> m_state;
  Expected<void> add_entry(const std::string& name, std::unique_ptr<detail::ZipEntry> entry, std::time_t modified);
};

struct ZipLimits {
  std::size_t max_entries = 100'000;
  std::uint64_t max_entry_bytes = std::uint64_t{1} << 30;  // one entry, inflated
  std::uint64_t max_total_bytes = std::uint64_t{2} << 30;  // all entries, inflated
};

class ZipReader {
 public:
  // Fails when `bytes` is not a ZIP archive, or it lists more entries than allowed.
  static Expected<ZipReader> open(std::string bytes, const ZipLimits& limits = {});
  ~ZipReader();
  ZipReader(ZipReader&&) noexcept;
  ZipReader& operator=(ZipReader&&) noexcept;

  // The entries' names, in the archive's order.
  const std::vector<std::string>& names() const;
  bool contains(std::string_view name) const;
  // The entry's inflated bytes; fails when it is missing, corrupt, or would
  // pass a limit (its size is checked as it inflates, not taken on trust from
  // the archive's directory).
  Expected<std::string> read(std::string_view name);

 private:
  ZipReader();
  struct State;
  std::unique_ptr<State> m_state;
};

}  // namespace prepdeck::util
