// A FileSystem that passes every call on to another and remembers what the
// answers depended on, so that a build made through it can later be known to
// be unchanged by asking the same questions again, without reading a file.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "source/file_system.h"

namespace prepdeck::source {

// What a build read: the stamp of every path it asked about or read (taken
// before the read: a file changed while read then differs later) and of every
// entry of every folder it listed, and each listing (its names and kinds). A
// folder's stamp is its kind alone: what it holds is told by its listing, and
// its times move whenever a build beside it renames its output into place.
struct InputRecord {
  std::map<std::string, FileStamp> stamps;
  std::map<std::string, std::string> listings;  // folder -> "name\tkind\n" per entry
  // True when every stamp and listing is still as recorded in `fs`.
  bool unchanged(const FileSystem& fs) const;
  bool operator==(const InputRecord&) const = default;
};

// A folder's listing as InputRecord keeps it; empty when it cannot be listed.
std::string listing_of(const FileSystem& fs, const std::string& dir);

// `fs`'s stamp of `path` as InputRecord keeps it (a folder: its kind alone).
FileStamp recorded_stamp(const FileSystem& fs, const std::string& path);

// Every file and folder under `dir`, relative to it, with its recorded_stamp
// (links not followed into).
std::map<std::string, FileStamp> tree_stamps(const FileSystem& fs, const std::string& dir);

class RecordingFileSystem final : public FileSystem {
 public:
  explicit RecordingFileSystem(const FileSystem& inner) : m_inner(inner) {}

  EntryKind kind(const std::string& path) const override;
  util::Expected<std::string> read_file(const std::string& path, std::uint64_t max_bytes) const override;
  util::Expected<std::vector<DirectoryEntry>> list_directory(const std::string& path) const override;
  std::string identity(const std::string& path) const override;
  FileStamp stamp(const std::string& path) const override;

  // What was asked so far. Thread-safe, as every call is.
  InputRecord record() const;

 private:
  void note(const std::string& path) const;

  const FileSystem& m_inner;
  mutable std::mutex m_mutex;
  mutable InputRecord m_record;
};

}  // namespace prepdeck::source
