#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <ostream>
#include <string>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/learner_options.h"
#include "server/crypto.h"
#include "store/store.h"

namespace prepdeck::cli {

namespace {

struct UserOptions {
  std::string name;
  bool admin = false;
  std::string db;
};

// A line of the password: without echo on a terminal, as typed otherwise.
std::optional<std::string> read_password(std::istream& in, std::ostream& err, const char* prompt) {
  const bool tty = &in == &std::cin && ::isatty(STDIN_FILENO) != 0;
  termios saved{};
  if (tty) {
    err << prompt << std::flush;
    ::tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  const bool got = static_cast<bool>(std::getline(in, line));
  if (tty) {
    ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    err << "\n";
  }
  if (!got) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

int run_user_add(const UserOptions& options, Streams streams) {
  std::istream& in = streams.in != nullptr ? *streams.in : std::cin;
  if (!store::is_valid_user_name(options.name)) {
    streams.err << fmt::format("prepdeck: user add: {}\n", store::k_user_name_rule);
    return k_exit_usage;
  }
  if (auto ok = server::init_crypto(); !ok) {
    streams.err << "prepdeck: " << ok.error().message << "\n";
    return k_exit_usage;
  }
  const auto password = read_password(in, streams.err, "Password: ");
  if (!password || password->size() < 8) {
    streams.err << "prepdeck: a password of at least 8 characters is needed (one line on standard input)\n";
    return k_exit_usage;
  }
  if (&in == &std::cin && ::isatty(STDIN_FILENO) != 0) {
    const auto again = read_password(in, streams.err, "Again: ");
    if (!again || *again != *password) {
      streams.err << "prepdeck: the passwords differ\n";
      return k_exit_usage;
    }
  }
  const std::string url = database_url(LearnerOptions{options.db, false});
  auto store = store::open_store(url);
  if (!store) {
    streams.err << "prepdeck: " << store.error().message << "\n";
    return k_exit_usage;
  }
  auto hash = server::hash_password(*password);
  if (!hash) {
    streams.err << "prepdeck: " << hash.error().message << "\n";
    return k_exit_usage;
  }
  auto existing = (*store)->find_user(options.name);
  if (!existing) {
    streams.err << "prepdeck: " << existing.error().message << "\n";
    return k_exit_usage;
  }
  if (*existing) {
    streams.err << fmt::format("prepdeck: a user called '{}' exists already\n", options.name);
    return k_exit_usage;
  }
  auto made = (*store)->create_user(options.name, *hash, options.admin);
  if (!made) {
    streams.err << "prepdeck: " << made.error().message << "\n";
    return k_exit_usage;
  }
  streams.out << fmt::format("Added {} '{}' to {}\n", options.admin ? "admin" : "user", made->name, url);
  return k_exit_ok;
}

}  // namespace

Command user_command() {
  return Command{
      "user", "Manage the accounts of prepdeck serve --users", [](CLI::App& app) {
        auto options = std::make_shared<UserOptions>();
        app.require_subcommand(1);
        CLI::App* add = app.add_subcommand("add", "Add an account; the password is read from standard input");
        add->add_option("NAME", options->name, "The account's name")->required();
        add->add_flag("--admin", options->admin, "An admin: may delete any comment and see analytics");
        add->add_option("--db", options->db, fmt::format("Database (default {})", store::default_database_path()))
            ->envname("PREPDECK_DB");
        return [options](Streams streams) { return run_user_add(*options, streams); };
      }};
}

}  // namespace prepdeck::cli
