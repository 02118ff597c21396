#include "source/recording_file_system.h"

#include "util/paths.h"

namespace prepdeck::source {

namespace {

std::string listing_text(const std::vector<DirectoryEntry>& entries) {
  std::string text;
  for (const DirectoryEntry& entry : entries) {
    text += entry.name;
    text += '\t';
    text += static_cast<char>('0' + static_cast<int>(entry.kind) + (entry.symlink ? 4 : 0));
    text += '\n';
  }
  return text;
}

void walk_tree(const FileSystem& fs, const std::string& root, const std::string& relative,
               std::map<std::string, FileStamp>& out) {
  auto entries = fs.list_directory(relative.empty() ? root : util::join_path(root, relative));
  if (!entries) return;
  for (const DirectoryEntry& entry : *entries) {
    const std::string path = relative.empty() ? entry.name : relative + "/" + entry.name;
    out.emplace(path, recorded_stamp(fs, util::join_path(root, path)));
    if (entry.kind == EntryKind::directory && !entry.symlink) walk_tree(fs, root, path, out);
  }
}

}  // namespace

std::string listing_of(const FileSystem& fs, const std::string& dir) {
  auto entries = fs.list_directory(dir);
  return entries ? listing_text(*entries) : std::string();
}

FileStamp recorded_stamp(const FileSystem& fs, const std::string& path) {
  FileStamp stamp = fs.stamp(path);
  if (stamp.kind == EntryKind::directory) stamp = FileStamp{EntryKind::directory};
  return stamp;
}

std::map<std::string, FileStamp> tree_stamps(const FileSystem& fs, const std::string& dir) {
  std::map<std::string, FileStamp> out;
  walk_tree(fs, dir, "", out);
  return out;
}

bool InputRecord::unchanged(const FileSystem& fs) const {
  for (const auto& [path, stamp] : stamps) {
    if (recorded_stamp(fs, path) != stamp) return false;
  }
  for (const auto& [dir, listing] : listings) {
    if (listing_of(fs, dir) != listing) return false;
  }
  return true;
}

void RecordingFileSystem::note(const std::string& path) const {
  const FileStamp stamp = recorded_stamp(m_inner, path);
  const std::lock_guard lock(m_mutex);
  m_record.stamps.try_emplace(path, stamp);  // the first answer is the one the build used
}

EntryKind RecordingFileSystem::kind(const std::string& path) const {
  note(path);
  return m_inner.kind(path);
}

util::Expected<std::string> RecordingFileSystem::read_file(const std::string& path, std::uint64_t max_bytes) const {
  note(path);
  return m_inner.read_file(path, max_bytes);
}

util::Expected<std::vector<DirectoryEntry>> RecordingFileSystem::list_directory(const std::string& path) const {
  auto entries = m_inner.list_directory(path);
  // The entries' stamps too: a file copied into the site is never read here.
  std::vector<std::pair<std::string, FileStamp>> stamps;
  if (entries) {
    stamps.reserve(entries->size());
    for (const DirectoryEntry& entry : *entries) {
      const std::string child = util::join_path(path, entry.name);
      stamps.emplace_back(child, recorded_stamp(m_inner, child));
    }
  }
  const std::lock_guard lock(m_mutex);
  m_record.listings.try_emplace(path, entries ? listing_text(*entries) : std::string());
  for (auto& [child, stamp] : stamps) m_record.stamps.try_emplace(std::move(child), stamp);
  return entries;
}

std::string RecordingFileSystem::identity(const std::string& path) const {
  note(path);
  return m_inner.identity(path);
}

FileStamp RecordingFileSystem::stamp(const std::string& path) const {
  note(path);
  return m_inner.stamp(path);
}

InputRecord RecordingFileSystem::record() const {
  const std::lock_guard lock(m_mutex);
  return m_record;
}

}  // namespace prepdeck::source
