#include "source/file_system.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "util/paths.h"

namespace prepdeck::source {

namespace fs = std::filesystem;

EntryKind DiskFileSystem::kind(const std::string& path) const {
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || status.type() == fs::file_type::not_found) return EntryKind::missing;
  if (status.type() == fs::file_type::regular) return EntryKind::file;
  if (status.type() == fs::file_type::directory) return EntryKind::directory;
  return EntryKind::other;
}

util::Expected<std::string> DiskFileSystem::read_file(const std::string& path, std::uint64_t max_bytes) const {
  // Non-blocking, so that opening a FIFO returns at once; it is then refused by type.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return util::fail(std::strerror(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return util::fail(std::strerror(errno));
  if (!S_ISREG(st.st_mode)) return util::fail("not a regular file (a FIFO, device or socket is never read)");
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (size > max_bytes) return util::fail(fmt::format("too large: {} bytes, the limit is {}", size, max_bytes));
  std::string content;
  content.reserve(static_cast<std::size_t>(size));
  char buffer[1 << 16];
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      return util::fail(std::strerror(errno));
    }
    if (n == 0) break;
    content.append(buffer, static_cast<std::size_t>(n));
    // A file that grows while read (or reports no size, as /proc does) still stops at the limit.
    if (content.size() > max_bytes)
      return util::fail(fmt::format("too large: more than {} bytes, the limit", max_bytes));
  }
  return content;
}

util::Expected<std::vector<DirectoryEntry>> DiskFileSystem::list_directory(const std::string& path) const {
  std::error_code ec;
  fs::directory_iterator it(path, ec);
  if (ec) return util::fail(ec.message());
  std::vector<DirectoryEntry> entries;
  for (const auto& entry : it) {
    DirectoryEntry e;
    e.name = entry.path().filename().string();
    std::error_code type_ec;
    e.symlink = entry.is_symlink(type_ec);
    if (entry.is_regular_file(type_ec)) {
      e.kind = EntryKind::file;
    } else if (entry.is_directory(type_ec)) {
      e.kind = EntryKind::directory;
    } else {
      e.kind = EntryKind::other;
    }
    entries.push_back(std::move(e));
  }
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return entries;
}

namespace {

std::string resolved(const std::string& path) {
  std::error_code ec;
  auto canonical = fs::weakly_canonical(path, ec);
  if (ec) return util::normalize_path(path);
  return canonical.generic_string();
}

// The folder above a resolved path ("/a/b" -> "/a", "/a" -> "/").
std::string parent_of(const std::string& resolved_path) {
  const std::size_t slash = resolved_path.rfind('/');
  if (slash == std::string::npos) return resolved_path;
  return slash == 0 ? std::string("/") : resolved_path.substr(0, slash);
}

}  // namespace

std::string DiskFileSystem::identity(const std::string& path) const {
  // weakly_canonical reads every part of a path as a possible link; a site's
  // thousands of paths share a few hundred folders. Each prefix of a path is
  // resolved once, from the one before it: a part that is no link is added
  // to it, ".." goes up from it (it is already free of links), and a link is
  // resolved whole. A path longer than any the system takes is not remembered.
  if (path.empty() || path.size() > 4096) return resolved(path);
  std::string current;
  std::size_t start = 0;
  if (path.front() == '/') {
    current = "/";
    start = 1;
  }
  while (start < path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    const std::string_view part(path.data() + start, end - start);
    std::string prefix = path.substr(0, end);
    start = end + 1;
    if (part.empty() || part == ".") continue;
    {
      const std::lock_guard lock(m_mutex);
      if (auto it = m_folders.find(prefix); it != m_folders.end()) {
        current = it->second;
        continue;
      }
    }
    if (current.empty()) {
      current = resolved(prefix);  // the first part, from the working folder
    } else if (part == "..") {
      current = parent_of(current);
    } else {
      struct stat st {};
      const bool exists = ::lstat(prefix.c_str(), &st) == 0;
      if ((exists && S_ISLNK(st.st_mode)) || (!exists && errno != ENOENT)) {
        current = resolved(prefix);
      } else {
        if (!current.ends_with('/')) current += '/';
        current += part;
      }
    }
    const std::lock_guard lock(m_mutex);
    m_folders.try_emplace(std::move(prefix), current);
  }
  return current.empty() ? resolved(path) : current;
}

namespace {

FileStamp stamp_from(const struct stat& st) {
  FileStamp stamp;
  stamp.kind = S_ISREG(st.st_mode) ? EntryKind::file : S_ISDIR(st.st_mode) ? EntryKind::directory : EntryKind::other;
  stamp.size = static_cast<std::uint64_t>(st.st_size);
  stamp.id = static_cast<std::uint64_t>(st.st_ino) ^ (static_cast<std::uint64_t>(st.st_dev) << 40U);
  stamp.modified = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  return stamp;
}

}  // namespace

FileStamp DiskFileSystem::stamp(const std::string& path) const {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  return stamp_from(st);
}

FileStamp disk_stamp(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return {};
  return stamp_from(st);
}

bool is_within(std::string_view path, std::string_view root) {
  if (root.empty() || root == ".")
    return path.empty() || (path.front() != '/' && !path.starts_with("../") && path != "..");
  while (root.size() > 1 && root.back() == '/') root.remove_suffix(1);
  if (root == "/") return path.starts_with("/");
  return path == root || (path.size() > root.size() && path.starts_with(root) && path[root.size()] == '/');
}

void MemoryFileSystem::add_file(const std::string& path, std::string content) {
  m_files[util::normalize_path(path)] = Entry{std::move(content), true, ++m_versions};
}

void MemoryFileSystem::add_unreadable(const std::string& path) {
  m_files[util::normalize_path(path)] = Entry{{}, false, ++m_versions};
}

EntryKind MemoryFileSystem::kind(const std::string& path) const {
  const std::string p = util::normalize_path(path);
  if (m_files.count(p) != 0) return EntryKind::file;
  if (p == "." || p.empty()) return m_files.empty() ? EntryKind::missing : EntryKind::directory;
  const std::string prefix = p + "/";
  auto it = m_files.lower_bound(prefix);
  if (it != m_files.end() && it->first.compare(0, prefix.size(), prefix) == 0) return EntryKind::directory;
  return EntryKind::missing;
}

util::Expected<std::string> MemoryFileSystem::read_file(const std::string& path, std::uint64_t max_bytes) const {
  auto it = m_files.find(util::normalize_path(path));
  if (it == m_files.end()) return util::fail("No such file or directory");
  if (!it->second.readable) return util::fail("Permission denied");
  if (it->second.content.size() > max_bytes)
    return util::fail(fmt::format("too large: {} bytes, the limit is {}", it->second.content.size(), max_bytes));
  return it->second.content;
}

util::Expected<std::vector<DirectoryEntry>> MemoryFileSystem::list_directory(const std::string& path) const {
  const std::string p = util::normalize_path(path);
  if (kind(p) != EntryKind::directory) return util::fail("Not a directory");
  const std::string prefix = (p == "." || p.empty()) ? std::string() : p + "/";
  std::vector<DirectoryEntry> entries;
  for (auto it = m_files.lower_bound(prefix); it != m_files.end(); ++it) {
    if (it->first.compare(0, prefix.size(), prefix) != 0) break;
    const std::string rest = it->first.substr(prefix.size());
    const auto slash = rest.find('/');
    DirectoryEntry e;
    e.name = rest.substr(0, slash);
    e.kind = slash == std::string::npos ? EntryKind::file : EntryKind::directory;
    if (entries.empty() || entries.back().name != e.name) entries.push_back(std::move(e));
  }
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return entries;
}

std::string MemoryFileSystem::identity(const std::string& path) const { return util::normalize_path(path); }

FileStamp MemoryFileSystem::stamp(const std::string& path) const {
  const auto it = m_files.find(util::normalize_path(path));
  if (it == m_files.end()) return FileStamp{kind(path)};  // a folder (its listing tells its changes), or nothing
  return FileStamp{EntryKind::file, it->second.content.size(), it->second.version};
}

}  // namespace prepdeck::source
