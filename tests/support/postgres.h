// The tests' throwaway PostgreSQL (tests/support/postgres_cluster.py): the
// one ctest started for the whole run (its `postgres` fixture writes a state
// file, PREPDECK_TEST_POSTGRES_STATE, or the environment's
// PREPDECK_TEST_POSTGRES names another), else, when a
// test binary is run by hand, one started for this process and stopped when
// the process ends. Each test gets a schema of its own, so tests share the
// server and never each other's tables.
#pragma once

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace prepdeck::test {

namespace postgres_detail {

inline std::string read_url(const std::string& state) {
  std::ifstream in(state);
  const auto j = nlohmann::json::parse(in, nullptr, false);
  return j.is_object() ? j.value("url", std::string()) : std::string();
}

inline std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (const char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// A cluster this process started, stopped at exit.
class OwnCluster {
 public:
  OwnCluster()
      : m_state((std::filesystem::temp_directory_path() / ("prepdeck-pg-" + std::to_string(::getpid()) + ".json"))
                    .string()) {
    const std::string command = "python3 " PREPDECK_SOURCE_DIR "/tests/support/postgres_cluster.py start " +
                                shell_quote(m_state) + " >/dev/null";
    if (std::system(command.c_str()) != 0) throw std::runtime_error("cannot start a PostgreSQL for the tests");
    m_url = read_url(m_state);
  }
  ~OwnCluster() {
    const std::string command =
        "python3 " PREPDECK_SOURCE_DIR "/tests/support/postgres_cluster.py stop " + shell_quote(m_state);
    [[maybe_unused]] const int rc = std::system(command.c_str());
  }
  OwnCluster(const OwnCluster&) = delete;
  OwnCluster& operator=(const OwnCluster&) = delete;
  const std::string& url() const { return m_url; }

 private:
  std::string m_state;
  std::string m_url;
};

}  // namespace postgres_detail

// The server's URL (database "postgres", user "postgres", loopback).
inline std::string postgres_server_url() {
  const char* state = std::getenv("PREPDECK_TEST_POSTGRES");
  if (state == nullptr || state[0] == '\0') state = PREPDECK_TEST_POSTGRES_STATE;
  if (std::filesystem::exists(state)) {
    static const std::string shared = postgres_detail::read_url(state);
    if (!shared.empty()) return shared;
  }
  static postgres_detail::OwnCluster own;
  return own.url();
}

// Runs `sql` on the server with psql; true when it succeeded.
inline bool postgres_run(const std::string& url, const std::string& sql) {
  const std::string command = "psql -X -q -v ON_ERROR_STOP=1 " + postgres_detail::shell_quote(url) + " -c " +
                              postgres_detail::shell_quote(sql) + " >/dev/null 2>&1";
  return std::system(command.c_str()) == 0;
}

// A URL whose tables live in a new, empty schema of their own.
inline std::string fresh_postgres_url() {
  static std::atomic<int> counter{0};
  const std::string server = postgres_server_url();
  const std::string schema = "t" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  if (!postgres_run(server, "DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema))
    throw std::runtime_error("cannot make a schema on the tests' PostgreSQL at " + server);
  return server + "?options=-csearch_path%3D" + schema;
}

}  // namespace prepdeck::test
