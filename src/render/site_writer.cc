#include "render/site_writer.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

namespace prepdeck::render {

namespace fs = std::filesystem;

namespace {

// `inner` is `outer` or lies inside it (both made absolute and normal first).
bool is_within(const fs::path& inner, const fs::path& outer) {
  const auto [end, rest] = std::mismatch(outer.begin(), outer.end(), inner.begin(), inner.end());
  return end == outer.end();
}

fs::path normal(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
  if (ec) p = fs::absolute(path).lexically_normal();
  // "a/b/" and "a/b" must compare alike.
  if (!p.empty() && p.filename().empty()) p = p.parent_path();
  return p;
}

}  // namespace

util::Expected<void> check_output_dir(const std::string& out_dir, const std::string& source_dir) {
  const fs::path out = normal(out_dir);
  const fs::path source = normal(source_dir);
  if (is_within(out, source) || is_within(source, out)) {
    return util::fail(
        fmt::format("will not write the site to {}: it would overwrite the guides in {} "
                    "(choose another folder with -o)",
                    out_dir, source_dir));
  }
  return {};
}

util::Expected<void> write_site(const std::vector<SiteFile>& files, const std::string& out_dir) {
  const fs::path target = normal(out_dir);
  const fs::path parent = target.parent_path();
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) return util::fail(fmt::format("cannot create {}: {}", parent.string(), ec.message()));
  const std::string tag = fmt::format(".prepdeck-{}", static_cast<long>(::getpid()));
  const fs::path temp = parent / (target.filename().string() + tag + ".new");
  const fs::path old = parent / (target.filename().string() + tag + ".old");
  fs::remove_all(temp, ec);
  for (const SiteFile& f : files) {
    const fs::path path = temp / f.path;
    fs::create_directories(path.parent_path(), ec);
    if (ec) {
      fs::remove_all(temp, ec);
      return util::fail(fmt::format("cannot create {}: {}", path.parent_path().string(), ec.message()));
    }
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out || !out.write(f.content.data(), static_cast<std::streamsize>(f.content.size())) || !out.flush()) {
      fs::remove_all(temp, ec);
      return util::fail(fmt::format("cannot write {}", path.string()));
    }
  }
  const bool had_site = fs::exists(target, ec);
  if (had_site) {
    fs::rename(target, old, ec);
    if (ec) {
      fs::remove_all(temp, ec);
      return util::fail(fmt::format("cannot replace {}: {}", target.string(), ec.message()));
    }
  }
  fs::rename(temp, target, ec);
  if (ec) {
    const std::string message = fmt::format("cannot move the new site to {}: {}", target.string(), ec.message());
    if (had_site) fs::rename(old, target, ec);  // put the previous site back
    fs::remove_all(temp, ec);
    return util::fail(message);
  }
  if (had_site) fs::remove_all(old, ec);
  return {};
}

}  // namespace prepdeck::render
