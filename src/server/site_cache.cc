#include "server/site_cache.h"

#include <algorithm>
#include <mutex>

#include <fmt/format.h>

#include "util/text.h"

namespace prepdeck::server {

namespace {

bool has_extension(std::string_view path) {
  const auto slash = path.rfind('/');
  const auto dot = path.rfind('.');
  return dot != std::string_view::npos && (slash == std::string_view::npos || dot > slash);
}

// Compressing text smaller than this saves less than the header costs.
constexpr std::size_t k_min_gzip = 256;

}  // namespace

std::string_view content_type_of(std::string_view path) {
  static constexpr std::pair<std::string_view, std::string_view> k_types[] = {
      {".html", "text/html; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".avif", "image/avif"},
      {".pdf", "application/pdf"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".xml", "application/xml"},
      {".webmanifest", "application/manifest+json"},
      {".mp4", "video/mp4"},
      {".webm", "video/webm"},
  };
  const std::size_t dot = path.rfind('.');
  const std::string extension = dot == std::string_view::npos ? std::string() : util::to_lower_ascii(path.substr(dot));
  for (const auto& [known, type] : k_types) {
    if (extension == known) return type;
  }
  return "application/octet-stream";
}

std::string entity_tag(std::string_view data) {
  // Stable across runs and builds, so a restarted server keeps the browsers' caches valid.
  return fmt::format("\"{:016x}\"", util::fnv1a(data));
}

void SiteSnapshot::add(std::string path, Resource resource) {
  if (path.ends_with(".html")) ++m_pages;
  m_bytes += resource.body.size() + resource.gzip.size();
  m_files.insert_or_assign(std::move(path), std::move(resource));
}

void SiteSnapshot::seal() {
  std::vector<const std::pair<const std::string, Resource>*> files;
  files.reserve(m_files.size());
  for (const auto& f : m_files) files.push_back(&f);
  std::sort(files.begin(), files.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
  std::string listing;
  for (const auto* f : files) {
    listing += f->first;
    listing += '\0';
    listing += f->second.etag;
    listing += '\n';
  }
  // entity_tag() is the same fixed 64-bit hash, quoted: the digits are the version.
  const std::string tag = entity_tag(listing);
  m_content_version = tag.substr(1, tag.size() - 2);
}

bool is_version(std::string_view text) {
  return text.size() <= 16 &&
         std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

const Resource* SiteSnapshot::find(std::string_view path) const {
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  std::string key(path);
  if (key.empty() || key.back() == '/') key += "index.html";
  if (auto it = m_files.find(key); it != m_files.end()) return &it->second;
  if (!has_extension(key)) {
    if (auto it = m_files.find(key + ".html"); it != m_files.end()) return &it->second;
    if (auto it = m_files.find(key + "/index.html"); it != m_files.end()) return &it->second;
  }
  return nullptr;
}

std::shared_ptr<const SiteSnapshot> make_snapshot(const guide::GuideSet& set, const SiteRenderer& render,
                                                  std::uint64_t generation) {
  auto snapshot = std::make_shared<SiteSnapshot>(generation);
  std::mutex mutex;
  render(set, [&](SiteFile&& file) {
    Resource r;
    r.content_type = std::string(content_type_of(file.path));
    r.etag = entity_tag(file.content);
    if (file.content.size() >= k_min_gzip) {
      std::string packed = gzip_compress(file.content);
      if (!packed.empty() && packed.size() < file.content.size()) {
        r.gzip_etag = r.etag.substr(0, r.etag.size() - 1) + "-gz\"";
        r.gzip = std::move(packed);
      }
    }
    r.body = std::move(file.content);
    r.body.shrink_to_fit();  // pages are built by appending: up to twice their size in capacity
    std::lock_guard lock(mutex);
    snapshot->add(std::move(file.path), std::move(r));
  });
  snapshot->seal();
  return snapshot;
}

}  // namespace prepdeck::server
