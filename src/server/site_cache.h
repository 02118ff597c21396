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
  explicit SiteSnapshot(std::uint64_t generation) : m_generation(generation) {}

  // The resource at a request path ("/", "/quiz/git.html", "/quiz/"); a path
  // without an extension also finds PATH.html and PATH/index.html. The path is
  // already percent-decoded and must not climb out ("..").
  const Resource* find(std::string_view path) const;

  void add(std::string path, Resource resource);
  // Called once every file is added: works out the content version.
  void seal();

  // The how-manieth rendering in this process (1, 2, ...: for metrics).
  std::uint64_t generation() const { return m_generation; }
  // What the pages are, as 16 hex digits of a fixed hash of every file's
  // path and entity tag: the same on every instance serving the same files,
  // so a page's live-reload poll may land on any of them.
  const std::string& content_version() const { return m_content_version; }
  std::size_t files() const { return m_files.size(); }
  std::size_t pages() const { return m_pages; }
  // Bytes held: identity and gzip bodies together.
  std::size_t bytes() const { return m_bytes; }

 private:
  std::uint64_t m_generation;
  std::string m_content_version;
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

// Up to 16 lowercase hex digits: the form of a content version.
bool is_version(std::string_view text);

// The site of `set` as `render` makes it, each file compressed on the
// rendering thread that made it.
std::shared_ptr<const SiteSnapshot> make_snapshot(const guide::GuideSet& set, const SiteRenderer& render,
                                                  std::uint64_t generation);

// The MIME type served for a site path, by extension.
std::string_view content_type_of(std::string_view path);

using util::gzip_compress;  // util/gzip.h
using util::gzip_decompress;

// A strong entity tag of `data`: 64 bits of a fixed hash, quoted.
std::string entity_tag(std::string_view data);

}  // namespace prepdeck::server
