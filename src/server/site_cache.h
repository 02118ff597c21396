// The pages `prepdeck serve` serves: the same files `prepdeck build` writes,
// rendered once into memory with their gzip form, ETag and content type, so
// that a request is a lookup. A snapshot never changes; a reload makes a new
// one and swaps it in (site_host.h).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "guide/guide_set.h"
#include "util/gzip.h"

namespace prepdeck::server {

struct Resource {
  std::string content_type;
  std::string body;       // the identity bytes
  std::string gzip;       // the same, gzip-compressed; empty when that is not smaller
  std::string etag;       // strong, quoted: of the identity bytes
  std::string gzip_etag;  // strong, quoted: of the gzip bytes (another representation)
};

class SiteSnapshot {
 public:
  explicit SiteSnapshot(std::uint64_t version) : m_version(version) {}

  // The resource at a request path ("/", "/quiz/git.html", "/quiz/"); a path
  // without an extension also finds PATH.html and PATH/index.html. The path is
  // already percent-decoded and must not climb out ("..").
  const Resource* find(std::string_view path) const;

  void add(std::string path, Resource resource);

  std::uint64_t version() const { return m_version; }
  std::size_t files() const { return m_files.size(); }
  std::size_t pages() const { return m_pages; }
  // Bytes held: identity and gzip bodies together.
  std::size_t bytes() const { return m_bytes; }

 private:
  std::uint64_t m_version;
  std::unordered_map<std::string, Resource> m_files;  // by site path, "quiz/git.html"
  std::size_t m_pages = 0;
  std::size_t m_bytes = 0;
};

// A file of the site as the renderer hands it over.
struct SiteFile {
  std::string path;  // relative to the site root: "quiz/git.html"
  std::string content;
};
// Called from several rendering threads at once.
using FileSink = std::function<void(SiteFile&&)>;
// Renders every file of the site of `set` into the sink. The server does not
// render pages itself: the command line gives it the renderer of `build`
// (front ends do not include each other).
using SiteRenderer = std::function<void(const guide::GuideSet& set, const FileSink& sink)>;

// The site of `set` as `render` makes it, each file compressed on the
// rendering thread that made it.
std::shared_ptr<const SiteSnapshot> make_snapshot(const guide::GuideSet& set, const SiteRenderer& render,
                                                  std::uint64_t version);

// The MIME type served for a site path, by extension.
std::string_view content_type_of(std::string_view path);

using util::gzip_compress;  // util/gzip.h
using util::gzip_decompress;

// A strong entity tag of `data`: 64 bits of a fixed hash, quoted.
std::string entity_tag(std::string_view data);

}  // namespace prepdeck::server
