#include "store/store.h"

#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>

#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace prepdeck::store {

namespace {

// One row per backend, chosen by the URL's scheme (as ccache picks a remote
// storage); `open` gets the whole URL.
struct Backend {
  std::string_view scheme;
  util::Expected<std::unique_ptr<Store>> (*open)(std::string_view url);
};

constexpr Backend k_backends[] = {
    {"sqlite", [](std::string_view url) { return open_sqlite_store(std::string(url.substr(7))); }},
    {"postgresql", [](std::string_view url) { return open_postgres_store(std::string(url)); }},
    {"postgres", [](std::string_view url) { return open_postgres_store(std::string(url)); }},
};

}  // namespace

std::string redacted_url(std::string_view url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::string(url);
  const std::size_t authority = scheme + 3;
  const std::size_t end = std::min(url.find_first_of("/?#", authority), url.size());
  const std::size_t at = url.rfind('@', end == url.size() ? std::string_view::npos : end);
  if (at == std::string_view::npos || at < authority) return std::string(url);
  const std::size_t colon = url.find(':', authority);
  if (colon == std::string_view::npos || colon > at) return std::string(url);
  return std::string(url.substr(0, colon + 1)) + "***" + std::string(url.substr(at));
}

util::Expected<std::unique_ptr<Store>> open_store(std::string_view url) {
  if (url.empty()) return util::fail(util::ErrorCode::invalid, "no database path");
  const std::size_t colon = url.find(':');
  const std::string_view scheme = colon == std::string_view::npos ? std::string_view() : url.substr(0, colon);
  for (const Backend& b : k_backends) {
    if (scheme == b.scheme) return b.open(url);
  }
  if (url.find("://") != std::string_view::npos) {
    std::string known;
    for (const Backend& b : k_backends) known += (known.empty() ? "" : ", ") + std::string(b.scheme) + ":";
    return util::fail(util::ErrorCode::invalid,
                      fmt::format("{}: unknown database URL scheme '{}' (this prepdeck knows a file path, {})",
                                  redacted_url(url), scheme, known));
  }
  return open_sqlite_store(std::string(url));  // a bare path (":memory:" too)
}

std::string default_database_path() {
  const char* data_home = std::getenv("XDG_DATA_HOME");
  if (data_home != nullptr && data_home[0] == '/') return fmt::format("{}/prepdeck/progress.db", data_home);
  const char* home = std::getenv("HOME");
  return fmt::format("{}/.local/share/prepdeck/progress.db", home != nullptr && home[0] != '\0' ? home : ".");
}

bool is_valid_user_name(std::string_view name) {
  return !name.empty() && name.size() <= 40 && name != "local" && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.';
  });
}

}  // namespace prepdeck::store
