#include "util/paths.h"

#include <filesystem>

namespace prepdeck::util {

namespace fs = std::filesystem;

std::string normalize_path(std::string_view path) {
  if (path.empty()) return {};
  std::string out = fs::path(path).lexically_normal().generic_string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  if (out.empty()) out = ".";
  return out;
}

std::string join_path(std::string_view parent, std::string_view child) {
  if (parent.empty() || (!child.empty() && child.front() == '/')) return normalize_path(child);
  if (child.empty()) return normalize_path(parent);
  std::string joined;
  joined.reserve(parent.size() + child.size() + 1);
  joined.append(parent);
  joined.push_back('/');
  joined.append(child);
  return normalize_path(joined);
}

std::string parent_path(std::string_view path) {
  const auto slash = path.rfind('/');
  if (slash == std::string_view::npos) return {};
  if (slash == 0) return "/";
  return std::string(path.substr(0, slash));
}

std::string file_name(std::string_view path) {
  const auto slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string strip_extension(std::string_view path) {
  const auto slash = path.rfind('/');
  const auto dot = path.rfind('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash) ||
      dot == (slash == std::string_view::npos ? 0 : slash + 1))
    return std::string(path);
  return std::string(path.substr(0, dot));
}

namespace {

std::string without_markdown_extension(std::string_view guide_path) {
  std::string url(guide_path);
  for (std::string_view ext : {".markdown", ".md"}) {
    if (url.size() > ext.size() && url.compare(url.size() - ext.size(), ext.size(), ext) == 0) {
      url.resize(url.size() - ext.size());
      break;
    }
  }
  return url;
}

}  // namespace

std::string page_url(std::string_view guide_path, UrlStyle style) {
  std::string stem = without_markdown_extension(guide_path);
  if (style == UrlStyle::flat) return stem + ".html";
  const std::string name = file_name(stem);
  if (name == "index" || name == "README") {
    stem.resize(stem.size() - name.size());  // "a/" or ""
    return stem;
  }
  return stem + "/";
}

std::string page_file(std::string_view guide_path, UrlStyle style) {
  std::string url = page_url(guide_path, style);
  if (style == UrlStyle::directory) url += "index.html";
  return url;
}

}  // namespace prepdeck::util
