#include "export/media.h"

#include <algorithm>

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
                                            std::string_view destination, std::string_view prefix) {
  const source::StaticFile* file = site_file(site, page_path, destination);
  if (file == nullptr) return std::nullopt;
  std::lock_guard lock(m_mutex);
  if (const auto known = m_name_of.find(file->file); known != m_name_of.end()) {
    if (known->second.empty()) return std::nullopt;  // could not be read
    return std::string(prefix) + known->second;
  }
  auto bytes = m_fs.read_file(file->file, m_max_bytes);
  if (!bytes) {
    m_problems.push_back(fmt::format("{}: not packed: {}", file->file, bytes.error().message));
    m_name_of.emplace(file->file, std::string());
    return std::nullopt;
  }
  // The path made flat ("img/aws/vpc.png" -> "img_aws_vpc.png"): the same name whatever was packed before.
  std::string name = safe_name(file->path);
  if (m_files.count(name) != 0) name = fmt::format("{:08x}-{}", util::fnv1a(file->path) & 0xffffffffu, name);
  m_files.emplace(name, std::move(*bytes));
  m_name_of.emplace(file->file, name);
  return std::string(prefix) + name;
}

std::vector<MediaFile> MediaPacker::take_files() {
  std::lock_guard lock(m_mutex);
  std::vector<MediaFile> out;
  for (auto& [name, bytes] : m_files) out.push_back(MediaFile{name, std::move(bytes)});
  m_files.clear();
  return out;
}

std::vector<std::string> MediaPacker::take_problems() {
  std::lock_guard lock(m_mutex);
  return std::move(m_problems);
}

}  // namespace prepdeck::exporter
