// All file access goes through FileSystem, so tests run on an in-memory fake
// (MemoryFileSystem) and never touch the disk. Paths are '/'-separated strings.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "util/error.h"

namespace prepdeck::source {

enum class EntryKind : std::uint8_t { missing, file, directory, other };

struct DirectoryEntry {
  std::string name;                     // last component only
  EntryKind kind = EntryKind::missing;  // of what it names (a symlink is followed)
  bool symlink = false;                 // the entry itself is a symbolic link
};

// What tells one state of a path from another without reading it, as make
// and ninja tell it. On disk: its kind, size, device and inode, and
// modification time in nanoseconds (not the change time: making a hard link
// to a file, as a build does, changes that); in memory: its kind, size and a
// number no other state of any file had. Equal stamps, same contents.
struct FileStamp {
  EntryKind kind = EntryKind::missing;
  std::uint64_t size = 0;
  std::uint64_t id = 0;
  std::int64_t modified = 0;
  bool operator==(const FileStamp&) const = default;
};

// What DiskFileSystem::stamp gives for the file open as `fd`.
FileStamp disk_stamp(int fd);

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  virtual EntryKind kind(const std::string& path) const = 0;
  // Reads the whole file; fails when it cannot be read, is not a regular file
  // (a FIFO, device or socket is never opened for reading: it could block or
  // never end) or is larger than `max_bytes` (the error message then starts
  // with "too large").
  virtual util::Expected<std::string> read_file(const std::string& path, std::uint64_t max_bytes) const = 0;
  // Entries sorted by name (byte order), without "." and "..".
  virtual util::Expected<std::vector<DirectoryEntry>> list_directory(const std::string& path) const = 0;
  // A key that is equal for two paths naming the same file (resolves symlinks on disk).
  virtual std::string identity(const std::string& path) const = 0;
  // The stamp of what `path` names (a symlink is followed); kind missing when nothing.
  virtual FileStamp stamp(const std::string& path) const = 0;
};

// True when `path` is `root` or lies under it, both given as identity() keys
// (so a symlink that leads out of `root` is outside it).
bool is_within(std::string_view path, std::string_view root);

class DiskFileSystem final : public FileSystem {
 public:
  EntryKind kind(const std::string& path) const override;
  util::Expected<std::string> read_file(const std::string& path, std::uint64_t max_bytes) const override;
  util::Expected<std::vector<DirectoryEntry>> list_directory(const std::string& path) const override;
  // Each folder's identity is resolved once and remembered (thread-safe).
  std::string identity(const std::string& path) const override;
  FileStamp stamp(const std::string& path) const override;

 private:
  mutable std::mutex m_mutex;
  mutable std::unordered_map<std::string, std::string> m_folders;  // a path's prefix, as given -> its identity
};

// Files held in memory; directories exist implicitly as prefixes of file paths.
class MemoryFileSystem final : public FileSystem {
 public:
  void add_file(const std::string& path, std::string content);
  // Makes reads of `path` fail, as an unreadable file would.
  void add_unreadable(const std::string& path);

  EntryKind kind(const std::string& path) const override;
  util::Expected<std::string> read_file(const std::string& path, std::uint64_t max_bytes) const override;
  util::Expected<std::vector<DirectoryEntry>> list_directory(const std::string& path) const override;
  std::string identity(const std::string& path) const override;
  FileStamp stamp(const std::string& path) const override;

 private:
  struct Entry {
    std::string content;
    bool readable = true;
    std::uint64_t version = 0;  // from m_versions: new at every add
  };
  std::uint64_t m_versions = 0;
  std::map<std::string, Entry> m_files;
};

}  // namespace prepdeck::source
