// Writing a built site to disk so that an interrupted build never leaves a
// half-written site: the files go to a temporary folder beside the target,
// which is then renamed into place (the previous site is removed only after).
#pragma once

#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "render/site_builder.h"
#include "source/file_system.h"
#include "util/error.h"

namespace prepdeck::render {

// What a folder tree holds, relative to its root, without following symbolic
// links: `dirs` lists each folder before the folders inside it.
struct TreeListing {
  std::vector<std::string> files;  // and links, and anything else that is not a folder
  std::vector<std::string> dirs;
};
TreeListing list_tree(const std::string& root);

// Files are written as the renderer produces them, from several threads at
// once; commit() moves the finished site into place. A writer destroyed without
// a commit removes its temporary folder and leaves the previous site alone.
// While the site is written, a thread lists the previous one, so that commit()
// only has to remove it.
class SiteWriter {
 public:
  static util::Expected<SiteWriter> open(const std::string& out_dir);
  SiteWriter(SiteWriter&& other) noexcept;
  SiteWriter& operator=(SiteWriter&&) = delete;
  SiteWriter(const SiteWriter&) = delete;
  SiteWriter& operator=(const SiteWriter&) = delete;
  ~SiteWriter();

  // Thread-safe. After a failure, later writes do nothing and commit() reports it.
  // A file to carry over (SiteFile::copy_from) is reflinked where the file
  // system can, else hard-linked, else copied by the kernel: its bytes are
  // never read into memory. One that cannot be read (gone since the folder
  // was listed, not a regular file) is left out with a note, not a failure.
  void write(const SiteFile& file);
  // What was left out, one line each ("docs/a.png: ..."), once commit() is done.
  std::vector<std::string> notes() const;
  // Renames the new site into place, then removes the previous one with
  // `threads` threads (0: every core).
  util::Expected<void> commit(unsigned threads = 0);
  // Every file and folder written, relative to the site, with its stamp as
  // source::tree_stamps finds it in the committed site (renaming the folder
  // changes no file's): taken as each file is written, so a build need not
  // walk its own output again.
  std::map<std::string, source::FileStamp> written() const;

 private:
  SiteWriter(std::string target, std::string temp, std::string old);
  bool make_parent_dirs(const std::string& relative);
  void record_failure(std::string message);
  void copy(const SiteFile& file);
  void remember(const std::string& relative, source::FileStamp stamp);

  std::string m_target;
  std::string m_temp;
  std::string m_old;
  std::mutex m_mutex;                      // guards the two below
  std::unordered_set<std::string> m_dirs;  // folders made so far, relative
  std::optional<std::string> m_failure;
  std::vector<std::string> m_notes;
  std::map<std::string, source::FileStamp> m_written;  // files, by relative path
  bool m_done = false;                                 // committed, or moved from
  // The previous site's contents, listed while the new one is written.
  std::future<TreeListing> m_previous;
};

// Removes the folder tree at `root`, whose contents were `listing`. The files
// are unlinked by `threads` threads (0: every core): on tmpfs, freeing their
// pages is most of the time. Then the folders go, deepest first, and last
// whatever the listing missed.
void remove_tree(const std::string& root, const TreeListing& listing, unsigned threads = 0);
void remove_tree(const std::string& root, unsigned threads = 0);

util::Expected<void> write_site(const std::vector<SiteFile>& files, const std::string& out_dir);

// Fails when writing to `out_dir` would touch the source: for a folder, the
// same folder, a folder inside it, or a folder that holds it; for a single
// file, its folder or a folder that holds it (a folder beside the file, in its
// folder, is fine).
enum class SourceKind : std::uint8_t { folder, file };
util::Expected<void> check_output_dir(const std::string& out_dir, const std::string& source, SourceKind kind);

}  // namespace prepdeck::render
