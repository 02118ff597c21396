#include "export/media.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "util/paths.h"
#include "util/text.h"
#include "util/url.h"

namespace prepdeck::exporter {

namespace {

// The site file an image link names, or null.
const source::StaticFile* site_file(const source::Site& site, std::string_view page_path,
                                    std::string_view destination) {
  destination = destination.substr(0, destination.find_first_of("?#"));
  if (destination.empty() || destination.front() == '/' || destination.find(':') != std::string_view::npos) {
    return nullptr;  // absolute, or a scheme (http:, data:, mailto:)
  }
  const std::string path =
      util::normalize_path(util::join_path(util::parent_path(page_path), util::percent_decode(destination)));
  if (path.empty() || path.front() == '/' || path == ".." || path.rfind("../", 0) == 0) return nullptr;
  const auto it = std::lower_bound(site.static_files.begin(), site.static_files.end(), path,
                                   [](const source::StaticFile& f, const std::string& p) { return f.path < p; });
  if (it == site.static_files.end() || it->path != path) return nullptr;
  return &*it;
}

// A packed name holds no path and nothing a tool could read as one.
std::string safe_name(std::string_view name) {
  std::string out;
  for (const char c : name) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                       c == '-' || c == '_' || static_cast<unsigned char>(c) >= 0x80;
    out += plain ? c : '_';
  }
  if (out.empty() || out.front() == '.') out.insert(out.begin(), '_');
  return out;
}

}  // namespace

std::optional<std::string> MediaPacker::add(const source::Site& site, std::string_view page_path,
                                            std::string_view destination) {
  const source::StaticFile* file = site_file(site, page_path, destination);
  if (file == nullptr) return std::nullopt;
  std::lock_guard lock(m_mutex);
  if (const auto known = m_token_of.find(file->file); known != m_token_of.end()) {
    if (known->second.empty()) return std::nullopt;  // could not be read
    return known->second;
  }
  auto bytes = m_fs.read_file(file->file, m_max_bytes);
  if (!bytes) {
    m_problems.push_back(fmt::format("{}: not packed: {}", file->file, bytes.error().message));
    m_token_of.emplace(file->file, std::string());
    return std::nullopt;
  }
  std::string token = fmt::format("{}{:016x}", k_token, util::fnv1a(file->file));
  while (m_packed.count(token) != 0) token += "x";  // two files, one hash: told apart
  m_packed.emplace(token, Packed{file->path, std::move(*bytes), {}});
  m_token_of.emplace(file->file, token);
  return token;
}

void MediaPacker::finish(std::string_view prefix) {
  std::lock_guard lock(m_mutex);
  m_prefix = prefix;
  // In the order of the files' paths, so the names do not depend on which page met a file first.
  std::vector<Packed*> files;
  for (auto& [token, packed] : m_packed) files.push_back(&packed);
  std::sort(files.begin(), files.end(), [](const Packed* a, const Packed* b) { return a->site_path < b->site_path; });
  std::set<std::string> taken;
  for (Packed* f : files) {
    // The path made flat ("img/aws/vpc.png" -> "img_aws_vpc.png"); a name taken is led by a hash of the path.
    std::string name = safe_name(f->site_path);
    if (!taken.insert(name).second) {
      name = fmt::format("{:08x}-{}", util::fnv1a(f->site_path) & 0xffffffffu, name);
      taken.insert(name);
    }
    f->name = std::move(name);
  }
}

void MediaPacker::name(std::string& html) const {
  if (html.find(k_token) == std::string::npos) return;
  std::string out;
  std::size_t from = 0;
  for (std::size_t at = html.find(k_token); at != std::string::npos; at = html.find(k_token, at + 1)) {
    std::size_t end = at + k_token.size();
    while (end < html.size() && ((html[end] >= '0' && html[end] <= '9') || (html[end] >= 'a' && html[end] <= 'f')))
      ++end;
    while (end < html.size() && html[end] == 'x') ++end;
    const auto it = m_packed.find(html.substr(at, end - at));
    if (it == m_packed.end()) continue;
    out.append(html, from, at - from);
    out += m_prefix + it->second.name;
    from = end;
    at = end - 1;
  }
  out.append(html, from);
  html = std::move(out);
}

std::vector<MediaFile> MediaPacker::take_files() {
  std::lock_guard lock(m_mutex);
  std::vector<MediaFile> out;
  for (auto& [token, packed] : m_packed) out.push_back(MediaFile{packed.name, std::move(packed.bytes)});
  std::sort(out.begin(), out.end(), [](const MediaFile& a, const MediaFile& b) { return a.name < b.name; });
  m_packed.clear();
  return out;
}

std::vector<std::string> MediaPacker::take_problems() {
  std::lock_guard lock(m_mutex);
  return std::move(m_problems);
}

}  // namespace prepdeck::exporter
