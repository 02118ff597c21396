#include "render/site_writer.h"

#include <fcntl.h>
#include <limits.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "util/parallel.h"

namespace prepdeck::render {

namespace fs = std::filesystem;

namespace {

// `inner` is `outer` or lies inside it (both made absolute and normal first).
bool is_within(const fs::path& inner, const fs::path& outer) {
  const auto [end, rest] = std::mismatch(outer.begin(), outer.end(), inner.begin(), inner.end());
  return end == outer.end();
}

fs::path normal(const std::string& given) {
  // "" is the current folder (the parent of a guide named without one), not nothing.
  const std::string path = given.empty() ? std::string(".") : given;
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
  if (ec) p = fs::absolute(path).lexically_normal();
  // "a/b/" and "a/b" must compare alike.
  if (!p.empty() && p.filename().empty()) p = p.parent_path();
  return p;
}

}  // namespace

util::Expected<void> check_output_dir(const std::string& out_dir, const std::string& source, SourceKind kind) {
  const fs::path out = normal(out_dir);
  const fs::path in = normal(source);
  const bool touches = kind == SourceKind::file ? is_within(in, out) : is_within(out, in) || is_within(in, out);
  if (touches) {
    const std::string shown = source.empty() ? std::string("the current folder") : source;
    return util::fail(fmt::format(
        "will not write the site to {}: it would overwrite {} "
        "(choose another folder with -o)",
        out_dir.empty() ? std::string(".") : out_dir, kind == SourceKind::file ? shown : "the guides in " + shown));
  }
  return {};
}

SiteWriter::SiteWriter(std::string target, std::string temp, std::string old)
    : m_target(std::move(target)), m_temp(std::move(temp)), m_old(std::move(old)) {}

SiteWriter::SiteWriter(SiteWriter&& other) noexcept
    : m_target(std::move(other.m_target)),
      m_temp(std::move(other.m_temp)),
      m_old(std::move(other.m_old)),
      m_dirs(std::move(other.m_dirs)),
      m_failure(std::move(other.m_failure)),
      m_done(other.m_done),
      m_previous(std::move(other.m_previous)) {
  other.m_done = true;
}

SiteWriter::~SiteWriter() {
  if (m_done) return;
  std::error_code ec;
  fs::remove_all(m_temp, ec);
}

util::Expected<SiteWriter> SiteWriter::open(const std::string& out_dir) {
  const fs::path target = normal(out_dir);
  const fs::path parent = target.parent_path();
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) return util::fail(fmt::format("cannot create {}: {}", parent.string(), ec.message()));
  const std::string tag = fmt::format(".prepdeck-{}", static_cast<long>(::getpid()));
  const fs::path temp = parent / (target.filename().string() + tag + ".new");
  const fs::path old = parent / (target.filename().string() + tag + ".old");
  fs::remove_all(temp, ec);
  fs::create_directory(temp, ec);
  if (ec) return util::fail(fmt::format("cannot create {}: {}", temp.string(), ec.message()));
  SiteWriter writer(target.string(), temp.string(), old.string());
  writer.m_previous = std::async(std::launch::async, [target = target.string()] {
    std::error_code exists_ec;
    return fs::is_directory(fs::symlink_status(target, exists_ec)) ? list_tree(target) : TreeListing{};
  });
  return writer;
}

void SiteWriter::record_failure(std::string message) {
  std::lock_guard lock(m_mutex);
  if (!m_failure) m_failure = std::move(message);
}

bool SiteWriter::make_parent_dirs(const std::string& relative) {
  const std::size_t slash = relative.rfind('/');
  if (slash == std::string::npos) return true;
  const std::string dir = relative.substr(0, slash);
  std::lock_guard lock(m_mutex);
  if (m_failure) return false;
  if (m_dirs.count(dir) != 0) return true;
  std::error_code ec;
  fs::create_directories(fs::path(m_temp) / dir, ec);
  if (ec) {
    m_failure = fmt::format("cannot create {}: {}", (fs::path(m_temp) / dir).string(), ec.message());
    return false;
  }
  m_dirs.insert(dir);
  return true;
}

namespace {

// Closes a descriptor when it goes out of scope.
struct Fd {
  int fd = -1;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// Copies `size` bytes from `in` to `out` in the kernel (copy_file_range,
// else sendfile-sized read/write rounds of 1 MiB where the kernel cannot).
bool copy_bytes(int in, int out, off_t size) {
  off_t done = 0;
  while (done < size) {
    const ssize_t n = ::copy_file_range(in, nullptr, out, nullptr, static_cast<std::size_t>(size - done), 0);
    if (n > 0) {
      done += n;
      continue;
    }
    if (n == 0) return true;  // the file shrank while it was copied
    if (errno == EINTR) continue;
    if (errno != EXDEV && errno != ENOSYS && errno != EOPNOTSUPP && errno != EINVAL) return false;
    std::vector<char> buffer(1u << 20);
    while (true) {
      const ssize_t r = ::read(in, buffer.data(), buffer.size());
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) return false;
      if (r == 0) return true;
      for (ssize_t w = 0; w < r;) {
        const ssize_t k = ::write(out, buffer.data() + w, static_cast<std::size_t>(r - w));
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) return false;
        w += k;
      }
    }
  }
  return true;
}

}  // namespace

std::vector<std::string> SiteWriter::notes() const { return m_notes; }

void SiteWriter::remember(const std::string& relative, source::FileStamp stamp) {
  std::lock_guard lock(m_mutex);
  m_written[relative] = stamp;
}

std::map<std::string, source::FileStamp> SiteWriter::written() const {
  std::map<std::string, source::FileStamp> out = m_written;
  for (const std::string& dir : m_dirs) {  // and every folder above each one
    for (std::size_t end = dir.find('/');; end = dir.find('/', end + 1)) {
      out.emplace(dir.substr(0, end), source::FileStamp{source::EntryKind::directory});
      if (end == std::string::npos) break;
    }
  }
  return out;
}

void SiteWriter::copy(const SiteFile& file) {
  const std::string path = m_temp + "/" + file.path;
  // Non-blocking, so a FIFO put in a file's place never stalls the build.
  const Fd in(::open(file.copy_from.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  struct stat st {};
  if (in.fd < 0 || ::fstat(in.fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    const std::string why = in.fd < 0 ? std::strerror(errno) : "not a regular file";
    std::lock_guard lock(m_mutex);
    m_notes.push_back(fmt::format("{}: not copied into the site: {}", file.copy_from, why));
    return;
  }
  {
    // A reflink shares the blocks copy-on-write: no bytes move, and the site's
    // copy can be changed without touching the guide's.
    const Fd out(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    if (out.fd < 0) {
      record_failure(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
      return;
    }
    if (::ioctl(out.fd, FICLONE, in.fd) == 0) {
      remember(file.path, source::disk_stamp(out.fd));
      return;
    }
  }
  ::unlink(path.c_str());
  // The file opened above, not whatever its name leads to now.
  const std::string self = fmt::format("/proc/self/fd/{}", in.fd);
  if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, path.c_str(), AT_SYMLINK_FOLLOW) == 0) {
    remember(file.path, source::disk_stamp(in.fd));  // the same file
    return;
  }
  const Fd out(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  if (out.fd < 0 || !copy_bytes(in.fd, out.fd, st.st_size)) {
    record_failure(fmt::format("cannot copy {} to {}: {}", file.copy_from, path, std::strerror(errno)));
    return;
  }
  remember(file.path, source::disk_stamp(out.fd));
}

void SiteWriter::write(const SiteFile& file) {
  if (!make_parent_dirs(file.path)) return;
  if (!file.copy_from.empty()) {
    copy(file);
    return;
  }
  const std::string path = m_temp + "/" + file.path;
  // A new file, never one already there: a name shared with a linked file
  // must not write through into the guide's own.
  ::unlink(path.c_str());
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    record_failure(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
    return;
  }
  // content, then the pieces of `more`, as few writev() calls as the kernel takes
  std::vector<iovec> pieces;
  pieces.reserve(1 + file.more.size());
  const auto add = [&pieces](const std::string& piece) {
    if (!piece.empty()) pieces.push_back(iovec{const_cast<char*>(piece.data()), piece.size()});
  };
  add(file.content);
  for (const auto& piece : file.more) add(piece);
  std::size_t first = 0;
  while (first < pieces.size()) {
    const int count = static_cast<int>(std::min<std::size_t>(pieces.size() - first, IOV_MAX));
    const ssize_t n = ::writev(fd, pieces.data() + first, count);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      record_failure(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
      ::close(fd);
      return;
    }
    for (auto left = static_cast<std::size_t>(n); left > 0;) {  // a short write ends inside a piece
      iovec& piece = pieces[first];
      const std::size_t taken = std::min(left, piece.iov_len);
      piece.iov_base = static_cast<char*>(piece.iov_base) + taken;
      piece.iov_len -= taken;
      left -= taken;
      if (piece.iov_len == 0) ++first;
    }
  }
  remember(file.path, source::disk_stamp(fd));
  if (::close(fd) != 0) record_failure(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
}

TreeListing list_tree(const std::string& root) {
  TreeListing listing;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    std::error_code type_ec;
    std::string relative = it->path().lexically_relative(root).string();
    if (it->symlink_status(type_ec).type() == fs::file_type::directory) {
      listing.dirs.push_back(std::move(relative));
    } else {
      listing.files.push_back(std::move(relative));
    }
  }
  return listing;
}

void remove_tree(const std::string& root, const TreeListing& listing, unsigned threads) {
  util::parallel_for(listing.files.size(), threads,
                     [&](std::size_t i) { ::unlink((root + "/" + listing.files[i]).c_str()); });
  for (auto dir = listing.dirs.rbegin(); dir != listing.dirs.rend(); ++dir) ::rmdir((root + "/" + *dir).c_str());
  std::error_code ec;
  fs::remove_all(root, ec);  // the folder itself, and anything the listing missed
}

void remove_tree(const std::string& root, unsigned threads) { remove_tree(root, list_tree(root), threads); }

util::Expected<void> SiteWriter::commit(unsigned threads) {
  m_done = true;
  std::error_code ec;
  if (m_failure) {
    fs::remove_all(m_temp, ec);
    return util::fail(*m_failure);
  }
  const bool had_site = fs::exists(m_target, ec);
  if (had_site) {
    fs::rename(m_target, m_old, ec);
    if (ec) {
      const std::string message = fmt::format("cannot replace {}: {}", m_target, ec.message());
      fs::remove_all(m_temp, ec);
      return util::fail(message);
    }
  }
  fs::rename(m_temp, m_target, ec);
  if (ec) {
    const std::string message = fmt::format("cannot move the new site to {}: {}", m_target, ec.message());
    if (had_site) fs::rename(m_old, m_target, ec);  // put the previous site back
    fs::remove_all(m_temp, ec);
    return util::fail(message);
  }
  if (had_site) remove_tree(m_old, m_previous.get(), threads);
  return {};
}

util::Expected<void> write_site(const std::vector<SiteFile>& files, const std::string& out_dir) {
  auto writer = SiteWriter::open(out_dir);
  if (!writer) return tl::unexpected(writer.error());
  for (const SiteFile& f : files) writer->write(f);
  return writer->commit();
}

}  // namespace prepdeck::render
