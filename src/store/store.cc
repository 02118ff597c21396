#include "store/store.h"

#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>

#include "store/sqlite_store.h"

namespace prepdeck::store {

util::Expected<std::unique_ptr<Store>> open_store(std::string_view url) {
  constexpr std::string_view k_sqlite = "sqlite:";
  if (url.rfind(k_sqlite, 0) == 0) return open_sqlite_store(std::string(url.substr(k_sqlite.size())));
  const auto scheme_end = url.find("://");
  if (scheme_end != std::string_view::npos) {
    return util::fail(
        fmt::format("{}: unknown database URL scheme '{}' (this prepdeck stores progress in SQLite: "
                    "a file path or sqlite:PATH)",
                    url, url.substr(0, scheme_end)));
  }
  if (url.empty()) return util::fail("no database path");
  return open_sqlite_store(std::string(url));
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
