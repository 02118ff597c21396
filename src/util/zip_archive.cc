#include "util/zip_archive.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>
#include <zip.h>

namespace prepdeck::util {

namespace {

std::string zip_message(zip_error_t* error) {
  const char* text = zip_error_strerror(error);
  return text != nullptr ? text : "unknown error";
}

std::string archive_message(zip_t* archive) { return zip_message(zip_get_error(archive)); }

}  // namespace

// --- writing ---

struct ZipWriter::State {
  zip_source_t* buffer = nullptr;  // where the archive is written
  zip_t* archive = nullptr;
  std::vector<std::unique_ptr<std::string>> contents;  // kept alive until zip_close reads them
};

ZipWriter::ZipWriter() : m_state(std::make_unique<State>()) {
  zip_error_t error;
  zip_error_init(&error);
  m_state->buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (m_state->buffer == nullptr) throw std::bad_alloc();
  m_state->archive = zip_open_from_source(m_state->buffer, ZIP_TRUNCATE, &error);
  if (m_state->archive == nullptr) {
    zip_source_free(m_state->buffer);
    m_state->buffer = nullptr;
    zip_error_fini(&error);
    throw std::bad_alloc();
  }
  zip_source_keep(m_state->buffer);  // it outlives the archive: finish() reads it after zip_close
  zip_error_fini(&error);
}

ZipWriter::~ZipWriter() {
  if (m_state->archive != nullptr) zip_discard(m_state->archive);
  if (m_state->buffer != nullptr) zip_source_free(m_state->buffer);
}

Expected<void> ZipWriter::add(const std::string& name, std::string bytes, std::time_t modified,
                              Compression compression) {
  if (m_state->archive == nullptr) return fail("zip: the archive is finished");
  auto& kept = m_state->contents.emplace_back(std::make_unique<std::string>(std::move(bytes)));
  zip_source_t* source = zip_source_buffer(m_state->archive, kept->data(), kept->size(), 0);
  if (source == nullptr) return fail(fmt::format("zip: {}: {}", name, archive_message(m_state->archive)));
  const zip_int64_t index = zip_file_add(m_state->archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
  if (index < 0) {
    zip_source_free(source);
    return fail(fmt::format("zip: {}: {}", name, archive_message(m_state->archive)));
  }
  const auto entry = static_cast<zip_uint64_t>(index);
  if (zip_file_set_mtime(m_state->archive, entry, modified, 0) != 0 ||
      zip_set_file_compression(m_state->archive, entry,
                               compression == Compression::store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
                               compression == Compression::store ? 0 : 1) != 0) {
    return fail(fmt::format("zip: {}: {}", name, archive_message(m_state->archive)));
  }
  return {};
}

Expected<std::string> ZipWriter::finish() {
  if (m_state->archive == nullptr) return fail("zip: the archive is finished");
  if (zip_close(m_state->archive) != 0) {
    const std::string message = archive_message(m_state->archive);
    zip_discard(m_state->archive);
    m_state->archive = nullptr;
    return fail("zip: " + message);
  }
  m_state->archive = nullptr;
  m_state->contents.clear();
  zip_source_t* buffer = m_state->buffer;
  zip_stat_t stat;
  if (zip_source_open(buffer) != 0) return fail("zip: " + zip_message(zip_source_error(buffer)));
  std::string out;
  if (zip_source_stat(buffer, &stat) == 0 && (stat.valid & ZIP_STAT_SIZE) != 0) out.reserve(stat.size);
  char chunk[65536];
  while (true) {
    const zip_int64_t n = zip_source_read(buffer, chunk, sizeof chunk);
    if (n < 0) {
      zip_source_close(buffer);
      return fail("zip: " + zip_message(zip_source_error(buffer)));
    }
    if (n == 0) break;
    out.append(chunk, static_cast<std::size_t>(n));
  }
  zip_source_close(buffer);
  return out;
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
