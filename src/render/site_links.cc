#include "render/site_links.h"

#include <fmt/format.h>

#include "util/url.h"

namespace prepdeck::render {

namespace {

// A path made safe to stand as a Markdown link destination and a URL.
std::string quoted(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (char c : path) {
    const auto b = static_cast<unsigned char>(c);
    if (b <= 0x20 || c == '(' || c == ')' || c == '<' || c == '>' || c == '"' || c == '%' || c == '\\' || c == '#' ||
        c == '?' || b == 0x7F) {
      out += fmt::format("%{:02X}", b);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::string relative_url(std::string_view target, std::string_view from_dir) {
  // Common leading folders, then one "../" for each folder of from_dir left.
  std::size_t common = 0;  // length of the shared prefix, at a folder boundary
  std::size_t i = 0;
  while (i < from_dir.size() && i < target.size() && from_dir[i] == target[i]) {
    ++i;
    if (from_dir[i - 1] == '/') common = i;
  }
  if (i == from_dir.size() && (i == target.size() || target[i] == '/')) common = i == target.size() ? i : i + 1;
  std::string out;
  if (common < from_dir.size()) {
    out += "../";
    for (std::size_t k = common; k < from_dir.size(); ++k) {
      if (from_dir[k] == '/') out += "../";
    }
  }
  out.append(target.substr(std::min(common, target.size())));
  return out.empty() ? std::string("./") : out;
}

std::optional<std::string> resolve_link(std::string_view destination, std::string_view page_path,
                                        const SiteLinks& site) {
  if (destination.empty() || destination.front() == '#' || destination.front() == '/' || destination.front() == '\\' ||
      util::has_url_scheme(destination) || destination.rfind("//", 0) == 0)
    return std::nullopt;
  const std::size_t cut = destination.find_first_of("?#");
  const std::string_view path = destination.substr(0, cut);
  const std::string_view rest = cut == std::string_view::npos ? std::string_view() : destination.substr(cut);
  // No '.' in the last part: a folder, which MkDocs leaves alone.
  const std::size_t slash = path.rfind('/');
  if (path.empty() || path.substr(slash == std::string_view::npos ? 0 : slash + 1).find('.') == std::string_view::npos)
    return std::nullopt;
  const std::string target =
      util::normalize_path(util::join_path(util::parent_path(page_path), util::percent_decode(path)));
  if (target.rfind("../", 0) == 0 || target == "..") return std::nullopt;  // outside the site
  std::string url;
  if (site.pages.contains(target)) {
    url = util::page_url(target, site.style);
  } else if (site.files.contains(target)) {
    url = target;
  } else {
    return std::nullopt;
  }
  const std::string from = util::parent_path(util::page_file(page_path, site.style));
  std::string result = quoted(relative_url(url, from));
  result.append(rest);
  return result;
}

}  // namespace prepdeck::render
