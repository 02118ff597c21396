#include "source/file_system.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

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
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) return util::fail(std::strerror(errno));
  std::string content;
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (!ec) {
    if (size > max_bytes) return util::fail(fmt::format("too large: {} bytes, the limit is {}", size, max_bytes));
    content.reserve(static_cast<std::size_t>(size));
  }
  char buffer[1 << 16];
  while (true) {
    const std::size_t n = std::fread(buffer, 1, sizeof buffer, file.get());
    content.append(buffer, n);
    if (content.size() > max_bytes)
      return util::fail(fmt::format("too large: more than {} bytes, the limit", max_bytes));
    if (n < sizeof buffer) break;
  }
  if (std::ferror(file.get())) return util::fail(std::strerror(errno));
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

std::string DiskFileSystem::identity(const std::string& path) const {
  std::error_code ec;
  auto canonical = fs::weakly_canonical(path, ec);
  if (ec) return util::normalize_path(path);
  return canonical.generic_string();
}

void MemoryFileSystem::add_file(const std::string& path, std::string content) {
  m_files[util::normalize_path(path)] = Entry{std::move(content), true};
}

void MemoryFileSystem::add_unreadable(const std::string& path) {
  m_files[util::normalize_path(path)] = Entry{{}, false};
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

}  // namespace prepdeck::source
