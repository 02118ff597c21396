// The images a guide's items show, packed into a deck or package (Anki's
// media, a QTI zip): an image link is resolved against its page as MkDocs
// resolves it and packed only when it names a file of the page's site (the
// site's file list, so nothing outside the project is ever read). Each file
// is packed once under a flat name: its path in the site with every
// character but letters, digits, '.', '-' and '_' made '_'
// ("img/aws/vpc.png" -> "img_aws_vpc.png"); should two paths flatten to one
// name, the later in path order is led by a hash of its path. Pages may be
// rendered in any order, on any number of threads: the same files get the
// same names.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "export/exporter.h"
#include "source/file_system.h"
#include "source/site_loader.h"

namespace prepdeck::exporter {

class MediaPacker {
 public:
  // Files larger than `max_bytes` are not packed (their link stays).
  MediaPacker(const source::FileSystem& fs, std::uint64_t max_bytes) : m_fs(fs), m_max_bytes(max_bytes) {}

  // What the packed HTML holds for image `destination` on the page at
  // `page_path` of `site`: a token standing for the file (name() turns it
  // into the file's packed name), or nothing when the image is not a file of
  // the site (a URL, data:, missing, outside the site, unreadable). Safe to
  // call from several threads, in any order: names are given by finish().
  std::optional<std::string> add(const source::Site& site, std::string_view page_path, std::string_view destination);

  // Gives every packed file its name, led by `prefix` ("media/" in a QTI package).
  void finish(std::string_view prefix);
  // `html` with every token add() gave replaced by its file's name (after finish()).
  void name(std::string& html) const;

  // The packed files, sorted by name (after the last name()); the files that could not be read, one line each.
  std::vector<MediaFile> take_files();
  std::vector<std::string> take_problems();

  static constexpr std::string_view k_token = "prepdeck-media-";

 private:
  const source::FileSystem& m_fs;
  std::uint64_t m_max_bytes;
  struct Packed {
    std::string site_path;
    std::string bytes;
    std::string name;  // by finish()
  };
  std::mutex m_mutex;
  std::map<std::string, std::string> m_token_of;  // file on the file system -> token ("" when unreadable)
  std::map<std::string, Packed> m_packed;         // token -> the file
  std::string m_prefix;
  std::vector<std::string> m_problems;
};

}  // namespace prepdeck::exporter
