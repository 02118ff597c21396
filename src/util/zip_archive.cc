#include "util/zip_archive.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>
#include <zip.h>

#include "util/gzip.h"
#include "util/parallel.h"

namespace prepdeck::util {

namespace {

std::string zip_message(zip_error_t* error) {
  const char* text = zip_error_strerror(error);
  return text != nullptr ? text : "unknown error";
}

std::string archive_message(zip_t* archive) { return zip_message(zip_get_error(archive)); }

}  // namespace

// --- writing ---

struct detail::ZipEntry {
  std::string bytes;  // stored, or to be deflated by finish()
  std::time_t modified = 0;
  ZipWriter::Compression compression = ZipWriter::Compression::deflate;
  bool pending = false;  // to be deflated by finish()
  std::string deflated;  // filled by finish(), or given deflated; let go once libzip has copied it
  std::uint64_t deflated_size = 0;
  std::size_t name_size = 0;
  std::uint64_t size = 0;
  std::uint32_t crc = 0;
  std::size_t read_at = 0;  // where libzip is reading `deflated`
  zip_error_t error{};
};

namespace {

// Entries are deflated by the writer itself, in pieces on every core (libzip
// deflates one entry after another on one): libzip is handed each entry
// already deflated, through a source that states its method, sizes and CRC,
// and copies it as it stands.
constexpr std::size_t k_piece_bytes = std::size_t{1} << 20;
constexpr int k_deflate_level = 1;  // zlib's fastest: level 6 took three times as long for a tenth less

using Entry = detail::ZipEntry;

zip_int64_t deflated_source(void* state, void* data, zip_uint64_t length, zip_source_cmd_t command) {
  Entry& e = *static_cast<Entry*>(state);
  switch (command) {
    case ZIP_SOURCE_OPEN:
      e.read_at = 0;
      return 0;
    case ZIP_SOURCE_READ: {
      const std::size_t n = std::min<std::size_t>(length, e.deflated.size() - e.read_at);
      std::memcpy(data, e.deflated.data() + e.read_at, n);
      e.read_at += n;
      return static_cast<zip_int64_t>(n);
    }
    case ZIP_SOURCE_CLOSE:
      // Copied into the archive whole: let the bytes go now, not when the archive is done (the archive's
      // own buffer grows as they go: QTI 2.1's 50,000 files held both at once).
      if (e.read_at == e.deflated.size()) std::string().swap(e.deflated);
      return 0;
    case ZIP_SOURCE_FREE:
      return 0;
    case ZIP_SOURCE_STAT: {
      auto* st = static_cast<zip_stat_t*>(data);
      zip_stat_init(st);
      st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC | ZIP_STAT_MTIME;
      st->size = e.size;
      st->comp_size = e.deflated_size;
      st->comp_method = ZIP_CM_DEFLATE;
      st->crc = e.crc;
      st->mtime = e.modified;
      return sizeof(zip_stat_t);
    }
    case ZIP_SOURCE_ERROR:
      return zip_error_to_data(&e.error, data, length);
    case ZIP_SOURCE_SUPPORTS:
      return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                            ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
    default:
      zip_error_set(&e.error, ZIP_ER_OPNOTSUPP, 0);
      return -1;
  }
}

// One piece of an entry: k_piece_bytes of it from `offset`, deflated with the window before it.
struct Piece {
  std::size_t offset, size;
  std::string deflated;
  std::uint32_t crc = 0;
};

void deflate_one(std::string_view all, Piece& p) {
  const std::size_t window = std::min(p.offset, k_deflate_window);
  p.deflated = deflate_piece(all.substr(p.offset, p.size), all.substr(p.offset - window, window),
                             p.offset + p.size == all.size(), k_deflate_level);
  p.crc = crc32_of(all.substr(p.offset, p.size));
}

std::vector<Piece> pieces_of(std::size_t size) {
  std::vector<Piece> out;
  std::size_t offset = 0;
  do {
    const std::size_t piece = std::min(k_piece_bytes, size - offset);
    out.push_back({offset, piece, {}, 0});
    offset += piece;
  } while (offset < size);
  return out;
}

// The pieces, deflated, joined in order into one entry.
DeflatedEntry joined(std::vector<Piece>& pieces, std::uint64_t size) {
  DeflatedEntry out;
  out.size = size;
  for (Piece& p : pieces) {
    if (p.offset == 0) {
      out.deflated = std::move(p.deflated);
      out.crc = p.crc;
    } else {
      out.deflated += p.deflated;
      out.crc = crc32_join(out.crc, p.crc, p.size);
    }
  }
  return out;
}

// Deflates every entry that asks for it: each entry in pieces of k_piece_bytes,
// all pieces of all entries shared among the cores; then lets its bytes go.
void deflate_entries(std::vector<std::unique_ptr<Entry>>& entries) {
  struct Pending {
    Entry* entry;
    std::vector<Piece> pieces;
  };
  std::vector<Pending> pending;
  std::vector<std::pair<Pending*, Piece*>> work;
  for (auto& e : entries) {
    if (!e->pending) continue;
    e->pending = false;
    pending.push_back({e.get(), pieces_of(e->bytes.size())});
  }
  for (Pending& p : pending) {  // after the last push_back: the addresses hold
    for (Piece& piece : p.pieces) work.emplace_back(&p, &piece);
  }
  parallel_for(work.size(), 0, [&](std::size_t i) { deflate_one(work[i].first->entry->bytes, *work[i].second); });
  for (Pending& p : pending) {
    Entry& e = *p.entry;
    DeflatedEntry d = joined(p.pieces, e.bytes.size());
    e.deflated = std::move(d.deflated);
    e.deflated_size = e.deflated.size();
    e.crc = d.crc;
    std::string().swap(e.bytes);  // read from `deflated` from here
  }
}

}  // namespace

DeflatedEntry deflate_entry(std::string_view bytes) {
  std::vector<Piece> pieces = pieces_of(bytes.size());
  for (Piece& p : pieces) deflate_one(bytes, p);
  return joined(pieces, bytes.size());
}

namespace {

// Where libzip writes the archive: one string, which finish() hands over as it is (libzip's own buffer
// source keeps the archive in pieces of its own, which finish() then copied out whole: for QTI 2.1's
// 53 MB, a second copy in fresh memory). libzip writes it front to back, going back only to complete each
// entry's local header.
struct ArchiveSink {
  std::string committed;     // the archive, once libzip has finished writing it
  std::string written;       // being written
  std::size_t at = 0;        // where the next write goes in `written`
  std::size_t expected = 0;  // the archive's size, about: reserved when writing begins
  zip_error_t error{};
};

zip_int64_t sink_source(void* state, void* data, zip_uint64_t length, zip_source_cmd_t command) {
  ArchiveSink& sink = *static_cast<ArchiveSink*>(state);
  switch (command) {
    case ZIP_SOURCE_OPEN:
    case ZIP_SOURCE_CLOSE:
    case ZIP_SOURCE_FREE:
    case ZIP_SOURCE_READ:  // it starts empty (ZIP_TRUNCATE): nothing is ever read back
    case ZIP_SOURCE_SEEK:
    case ZIP_SOURCE_TELL:
      return 0;
    case ZIP_SOURCE_STAT: {
      auto* st = static_cast<zip_stat_t*>(data);
      zip_stat_init(st);
      st->valid = ZIP_STAT_SIZE;
      st->size = sink.committed.size();
      return sizeof(zip_stat_t);
    }
    case ZIP_SOURCE_ERROR:
      return zip_error_to_data(&sink.error, data, length);
    case ZIP_SOURCE_BEGIN_WRITE:
      sink.written.clear();
      sink.written.reserve(sink.expected);
      sink.at = 0;
      return 0;
    case ZIP_SOURCE_WRITE: {
      const char* bytes = static_cast<const char*>(data);
      if (sink.at == sink.written.size()) {
        sink.written.append(bytes, length);
      } else {
        const std::size_t over = std::min<std::size_t>(length, sink.written.size() - sink.at);
        sink.written.replace(sink.at, over, bytes, over);
        sink.written.append(bytes + over, length - over);
      }
      sink.at += length;
      return static_cast<zip_int64_t>(length);
    }
    case ZIP_SOURCE_SEEK_WRITE: {
      const zip_int64_t to = zip_source_seek_compute_offset(sink.at, sink.written.size(), data, length, &sink.error);
      if (to < 0) return -1;
      sink.at = static_cast<std::size_t>(to);
      return 0;
    }
    case ZIP_SOURCE_TELL_WRITE:
      return static_cast<zip_int64_t>(sink.at);
    case ZIP_SOURCE_COMMIT_WRITE:
      sink.committed = std::move(sink.written);
      sink.written = {};
      return 0;
    case ZIP_SOURCE_ROLLBACK_WRITE:
      sink.written = {};
      return 0;
    case ZIP_SOURCE_REMOVE:
      sink.committed.clear();
      return 0;
    case ZIP_SOURCE_SUPPORTS:
      return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                            ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, ZIP_SOURCE_SEEK, ZIP_SOURCE_TELL,
                                            ZIP_SOURCE_SUPPORTS, ZIP_SOURCE_BEGIN_WRITE, ZIP_SOURCE_COMMIT_WRITE,
                                            ZIP_SOURCE_ROLLBACK_WRITE, ZIP_SOURCE_WRITE, ZIP_SOURCE_SEEK_WRITE,
                                            ZIP_SOURCE_TELL_WRITE, ZIP_SOURCE_REMOVE, -1);
    default:
      zip_error_set(&sink.error, ZIP_ER_OPNOTSUPP, 0);
      return -1;
  }
}

}  // namespace

struct ZipWriter::State {
  ArchiveSink sink;  // where the archive is written
  zip_t* archive = nullptr;
  std::vector<std::unique_ptr<Entry>> entries;  // kept alive until zip_close reads them
};

ZipWriter::ZipWriter() : m_state(std::make_unique<State>()) {
  zip_error_init(&m_state->sink.error);
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* sink = zip_source_function_create(sink_source, &m_state->sink, &error);
  if (sink == nullptr) {
    zip_error_fini(&error);
    throw std::bad_alloc();
  }
  m_state->archive = zip_open_from_source(sink, ZIP_TRUNCATE, &error);  // owns `sink` from here
  if (m_state->archive == nullptr) {
    zip_source_free(sink);
    zip_error_fini(&error);
    throw std::bad_alloc();
  }
  zip_error_fini(&error);
}

ZipWriter::~ZipWriter() {
  if (m_state->archive != nullptr) zip_discard(m_state->archive);
  for (auto& e : m_state->entries) zip_error_fini(&e->error);
  zip_error_fini(&m_state->sink.error);
}

Expected<void> ZipWriter::add(const std::string& name, std::string bytes, std::time_t modified,
                              Compression compression) {
  auto e = std::make_unique<Entry>();
  e->size = bytes.size();
  e->bytes = std::move(bytes);
  e->compression = compression;
  e->pending = compression == Compression::deflate;
  return add_entry(name, std::move(e), modified);
}

Expected<void> ZipWriter::add(const std::string& name, DeflatedEntry entry, std::time_t modified) {
  auto e = std::make_unique<Entry>();
  e->size = entry.size;
  e->deflated = std::move(entry.deflated);
  e->deflated_size = e->deflated.size();
  e->crc = entry.crc;
  return add_entry(name, std::move(e), modified);
}

Expected<void> ZipWriter::add_entry(const std::string& name, std::unique_ptr<detail::ZipEntry> added,
                                    std::time_t modified) {
  if (m_state->archive == nullptr) return fail("zip: the archive is finished");
  Entry& e = *m_state->entries.emplace_back(std::move(added));
  e.modified = modified;
  e.name_size = name.size();
  zip_error_init(&e.error);
  // A deflated entry's source reads what finish() deflates (or what was given deflated); a stored one
  // is copied as it is.
  const bool store = e.compression == Compression::store;
  zip_source_t* source = store ? zip_source_buffer(m_state->archive, e.bytes.data(), e.bytes.size(), 0)
                               : zip_source_function(m_state->archive, deflated_source, &e);
  if (source == nullptr) return fail(fmt::format("zip: {}: {}", name, archive_message(m_state->archive)));
  const zip_int64_t index = zip_file_add(m_state->archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
  if (index < 0) {
    zip_source_free(source);
    return fail(fmt::format("zip: {}: {}", name, archive_message(m_state->archive)));
  }
  const auto entry = static_cast<zip_uint64_t>(index);
  if (zip_file_set_mtime(m_state->archive, entry, modified, 0) != 0 ||
      (store && zip_set_file_compression(m_state->archive, entry, ZIP_CM_STORE, 0) != 0)) {
    return fail(fmt::format("zip: {}: {}", name, archive_message(m_state->archive)));
  }
  return {};
}

Expected<std::string> ZipWriter::finish() {
  if (m_state->archive == nullptr) return fail("zip: the archive is finished");
  deflate_entries(m_state->entries);
  // The archive's size, near enough: each entry's bytes, its local header and directory record (with its
  // name twice), the end record.
  std::size_t expected = 22;
  for (const auto& e : m_state->entries) {
    expected +=
        (e->compression == Compression::store ? e->bytes.size() : e->deflated_size) + 30 + 46 + 2 * e->name_size;
  }
  m_state->sink.expected = expected;
  if (zip_close(m_state->archive) != 0) {
    const std::string message = archive_message(m_state->archive);
    zip_discard(m_state->archive);
    m_state->archive = nullptr;
    return fail("zip: " + message);
  }
  m_state->archive = nullptr;
  for (auto& e : m_state->entries) zip_error_fini(&e->error);
  m_state->entries.clear();
  return std::move(m_state->sink.committed);
}

// --- reading ---

struct ZipReader::State {
  std::string bytes;
  zip_t* archive = nullptr;
  ZipLimits limits;
  std::vector<std::string> names;
  std::uint64_t inflated = 0;  // read so far, for max_total_bytes
};

ZipReader::ZipReader() : m_state(std::make_unique<State>()) {}
ZipReader::~ZipReader() {
  if (m_state && m_state->archive != nullptr) zip_discard(m_state->archive);
}
ZipReader::ZipReader(ZipReader&&) noexcept = default;
ZipReader& ZipReader::operator=(ZipReader&&) noexcept = default;

Expected<ZipReader> ZipReader::open(std::string bytes, const ZipLimits& limits) {
  // The smallest archive is its end record, 22 bytes (libzip reads less as an empty archive).
  if (bytes.size() < 22) return fail(ErrorCode::invalid, "not a ZIP archive: too short");
  ZipReader reader;
  State& s = *reader.m_state;
  s.bytes = std::move(bytes);
  s.limits = limits;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(s.bytes.data(), s.bytes.size(), 0, &error);
  if (source == nullptr) {
    const std::string message = zip_message(&error);
    zip_error_fini(&error);
    return fail(ErrorCode::invalid, "not a ZIP archive: " + message);
  }
  s.archive = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (s.archive == nullptr) {
    zip_source_free(source);
    const std::string message = zip_message(&error);
    zip_error_fini(&error);
    return fail(ErrorCode::invalid, "not a ZIP archive: " + message);
  }
  zip_error_fini(&error);
  const zip_int64_t count = zip_get_num_entries(s.archive, 0);
  if (count < 0 || static_cast<std::uint64_t>(count) > limits.max_entries) {
    return fail(ErrorCode::invalid,
                fmt::format("the archive lists {} entries; at most {} are read", count, limits.max_entries));
  }
  for (zip_int64_t i = 0; i < count; ++i) {
    const char* name = zip_get_name(s.archive, static_cast<zip_uint64_t>(i), ZIP_FL_ENC_GUESS);
    s.names.emplace_back(name != nullptr ? name : "");
  }
  return reader;
}

const std::vector<std::string>& ZipReader::names() const { return m_state->names; }

bool ZipReader::contains(std::string_view name) const {
  return std::find(m_state->names.begin(), m_state->names.end(), name) != m_state->names.end();
}

Expected<std::string> ZipReader::read(std::string_view name) {
  State& s = *m_state;
  const auto it = std::find(s.names.begin(), s.names.end(), name);
  if (it == s.names.end()) return fail(ErrorCode::not_found, fmt::format("{}: not in the archive", name));
  const auto index = static_cast<zip_uint64_t>(it - s.names.begin());
  zip_file_t* file = zip_fopen_index(s.archive, index, 0);
  if (file == nullptr) return fail(ErrorCode::invalid, fmt::format("{}: {}", name, archive_message(s.archive)));
  std::string out;
  char chunk[65536];
  while (true) {
    const zip_int64_t n = zip_fread(file, chunk, sizeof chunk);
    if (n < 0) {
      const std::string message = zip_message(zip_file_get_error(file));
      zip_fclose(file);
      return fail(ErrorCode::invalid, fmt::format("{}: {}", name, message));
    }
    if (n == 0) break;
    out.append(chunk, static_cast<std::size_t>(n));
    s.inflated += static_cast<std::uint64_t>(n);
    if (out.size() > s.limits.max_entry_bytes || s.inflated > s.limits.max_total_bytes) {
      zip_fclose(file);
      return fail(ErrorCode::invalid,
                  fmt::format("{}: inflates past the limit ({} bytes an entry, {} in all): refused as a ZIP bomb", name,
                              s.limits.max_entry_bytes, s.limits.max_total_bytes));
    }
  }
  zip_fclose(file);
  return out;
}

}  // namespace prepdeck::util
