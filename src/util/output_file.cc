#include "util/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace prepdeck::util {

namespace {

Expected<void> write_all(int fd, std::string_view content, const std::string& path) {
  while (!content.empty()) {
    const ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
    }
    content.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

Expected<void> write_in_place(const std::string& path, std::string_view content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return fail(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
  auto written = write_all(fd, content, path);
  if (::close(fd) != 0 && written) return fail(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
  return written;
}

Expected<void> write_by_rename(const std::string& path, std::string_view content, mode_t mode) {
  const std::string temp = fmt::format("{}.prepdeck-{}.tmp", path, static_cast<long>(::getpid()));
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return fail(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
  auto written = write_all(fd, content, path);
  if (written && ::fsync(fd) != 0) written = fail(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
  if (::close(fd) != 0 && written) written = fail(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
  if (written && ::rename(temp.c_str(), path.c_str()) != 0) {
    written = fail(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
  }
  if (!written) ::unlink(temp.c_str());
  return written;
}

}  // namespace

Expected<void> write_output_file(const std::string& path, std::string_view content) {
  if (path.empty()) return fail("no output file named");
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno != ENOENT) return fail(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
    return write_by_rename(path, content, 0644);
  }
  if (S_ISDIR(st.st_mode)) return fail(fmt::format("cannot write {}: it is a directory", path));
  if (S_ISREG(st.st_mode)) return write_by_rename(path, content, st.st_mode & 07777);
  return write_in_place(path, content);  // a device, FIFO, socket or symlink: written through, never replaced
}

}  // namespace prepdeck::util
