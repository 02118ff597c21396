#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <ostream>
#include <string>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/learner_options.h"
#include "server/crypto.h"
#include "store/store.h"
#include "util/text.h"
#include "util/time.h"
#include "util/words.h"

namespace prepdeck::cli {

namespace {

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

// A new password: at least 8 characters, and typed twice on a terminal; else
// nothing, after saying why on stderr.
std::optional<std::string> new_password(std::istream& in, Streams streams, const char* prompt) {
  auto password = read_password(in, streams.err, prompt);
  if (!password || password->size() < 8) {
    streams.err << "prepdeck: a password of at least 8 characters is needed (one line on standard input)\n";
    return std::nullopt;
  }
  if (&in == &std::cin && ::isatty(STDIN_FILENO) != 0) {
    const auto again = read_password(in, streams.err, "Again: ");
    if (!again || *again != *password) {
      streams.err << "prepdeck: the passwords differ\n";
      return std::nullopt;
    }
  }
  return password;
}

struct UserOptions {
  std::string name;
  bool admin = false;
  std::string db;
  std::string admin_switch;  // "on" or "off" (user admin)
  bool yes = false;          // user remove without asking
  std::string format = "text";
};

// The store of --db, or a message on stderr.
std::unique_ptr<store::Store> open_accounts(const UserOptions& options, Streams streams,
                                            std::string* url_out = nullptr) {
  const std::string url = database_url(LearnerOptions{options.db, false});
  if (url_out != nullptr) *url_out = url;
  auto store = store::open_store(url);
  if (!store) {
    streams.err << "prepdeck: " << store.error().message << "\n";
    return nullptr;
  }
  return std::move(*store);
}

// The account called options.name, or a message on stderr (with the nearest
// name when there is one).
std::optional<store::User> find_account(store::Store& store, const UserOptions& options, Streams streams,
                                        std::string_view verb) {
  if (options.name == "local") {
    streams.err << fmt::format("prepdeck: user {}: 'local' is the terminal's own learner, not an account\n", verb);
    return std::nullopt;
  }
  auto found = store.find_user(options.name);
  if (!found) {
    streams.err << "prepdeck: " << found.error().message << "\n";
    return std::nullopt;
  }
  if (!*found) {
    streams.err << fmt::format("prepdeck: user {}: no account is called '{}'.", verb, options.name);
    if (auto all = store.users(); all) {
      std::string best;
      std::size_t best_distance = SIZE_MAX;
      for (const auto& u : *all) {
        const std::size_t d = util::edit_distance(options.name, u.name);
        if (d < best_distance) {
          best_distance = d;
          best = u.name;
        }
      }
      if (!best.empty() && best_distance <= 2) streams.err << fmt::format(" Did you mean '{}'?", best);
    }
    streams.err << " ('prepdeck user list' lists them.)\n";
    return std::nullopt;
  }
  return (*found)->first;
}

int run_user_list(const UserOptions& options, Streams streams) {
  auto store = open_accounts(options, streams);
  if (!store) return k_exit_usage;
  auto users = store->users();
  if (!users) {
    streams.err << "prepdeck: " << users.error().message << "\n";
    return k_exit_usage;
  }
  if (options.format == "json") {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& u : *users) {
      list.push_back({{"name", u.name}, {"admin", u.admin}, {"created", util::format_iso8601(u.created)}});
    }
    streams.out << nlohmann::json{{"users", list}}.dump(2) << "\n";
    return k_exit_ok;
  }
  if (users->empty()) {
    streams.out << "No accounts yet. 'prepdeck user add NAME' makes one.\n";
    return k_exit_ok;
  }
  std::size_t width = 4;
  for (const auto& u : *users) width = std::max(width, u.name.size());
  streams.out << fmt::format("{:<{}}  {:<7}  {}\n", "name", width, "role", "since");
  for (const auto& u : *users) {
    streams.out << fmt::format("{:<{}}  {:<7}  {}\n", u.name, width, u.admin ? "admin" : "learner",
                               util::local_date(u.created));
  }
  streams.out << util::counted(users->size(), "account") << "\n";
  return k_exit_ok;
}

int run_user_passwd(const UserOptions& options, Streams streams) {
  std::istream& in = streams.in != nullptr ? *streams.in : std::cin;
  if (auto ok = server::init_crypto(); !ok) {
    streams.err << "prepdeck: " << ok.error().message << "\n";
    return k_exit_usage;
  }
  auto store = open_accounts(options, streams);
  if (!store) return k_exit_usage;
  const auto user = find_account(*store, options, streams, "passwd");
  if (!user) return k_exit_usage;
  const auto password = new_password(in, streams, "New password: ");
  if (!password) return k_exit_usage;
  auto hash = server::hash_password(*password);
  if (!hash) {
    streams.err << "prepdeck: " << hash.error().message << "\n";
    return k_exit_usage;
  }
  if (auto set = store->set_password(user->id, *hash); !set) {
    streams.err << "prepdeck: " << set.error().message << "\n";
    return k_exit_usage;
  }
  streams.out << fmt::format("New password for '{}'; every browser logged in as them is logged out.\n", user->name);
  return k_exit_ok;
}

int run_user_admin(const UserOptions& options, Streams streams) {
  auto store = open_accounts(options, streams);
  if (!store) return k_exit_usage;
  const auto user = find_account(*store, options, streams, "admin");
  if (!user) return k_exit_usage;
  const bool admin = options.admin_switch == "on";
  if (auto set = store->set_admin(user->id, admin); !set) {
    streams.err << "prepdeck: " << set.error().message << "\n";
    return k_exit_usage;
  }
  streams.out << fmt::format("'{}' is {} admin.\n", user->name, admin ? "an" : "no longer an");
  return k_exit_ok;
}

int run_user_remove(const UserOptions& options, Streams streams) {
  std::istream& in = streams.in != nullptr ? *streams.in : std::cin;
  auto store = open_accounts(options, streams);
  if (!store) return k_exit_usage;
  const auto user = find_account(*store, options, streams, "remove");
  if (!user) return k_exit_usage;
  if (!options.yes) {
    streams.err << fmt::format(
        "Remove '{}' with all their progress (reviews, marks, quiz attempts, levels, comments)? This cannot be "
        "undone. Type the name to confirm: ",
        user->name);
    std::string line;
    if (!std::getline(in, line) || util::trim(line) != user->name) {
      streams.err << "\nprepdeck: user remove: not confirmed; nothing removed (--yes skips the question)\n";
      return k_exit_usage;
    }
  }
  if (auto removed = store->remove_user(user->id); !removed) {
    streams.err << "prepdeck: " << removed.error().message << "\n";
    return k_exit_usage;
  }
  streams.out << fmt::format("Removed '{}' and their progress.\n", user->name);
  return k_exit_ok;
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
  const auto password = new_password(in, streams, "Password: ");
  if (!password) return k_exit_usage;
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
  streams.out << fmt::format("Added {} '{}' to {}\n", options.admin ? "admin" : "user", made->name,
                             store::redacted_url(url));
  return k_exit_ok;
}

}  // namespace

Command user_command() {
  return Command{
      "user", "Manage the accounts of prepdeck serve --users", [](CLI::App& app) {
        auto options = std::make_shared<UserOptions>();
        app.require_subcommand(1);
        const auto db = [&options](CLI::App* sub) {
          sub->add_option("--db", options->db, database_option_help())->envname("PREPDECK_DB")->type_name("URL");
        };
        CLI::App* add = app.add_subcommand("add", "Add an account; the password is read from standard input");
        add->add_option("NAME", options->name, "The account's name")->required()->type_name("NAME");
        add->add_flag("--admin", options->admin, "An admin: may delete any comment and see analytics");
        db(add);
        CLI::App* list = app.add_subcommand("list", "List the accounts: name, role, since when");
        list->add_option("--format", options->format, "text or json")
            ->check(CLI::IsMember({"text", "json"}))
            ->type_name("FORMAT");
        list->add_flag_callback(
            "--json", [options] { options->format = "json"; }, "Same as --format json");
        db(list);
        CLI::App* passwd = app.add_subcommand(
            "passwd", "Set an account's password (read from standard input); logs it out everywhere");
        passwd->add_option("NAME", options->name, "The account's name")->required()->type_name("NAME");
        db(passwd);
        CLI::App* admin = app.add_subcommand("admin", "Make an account an admin, or not");
        admin->add_option("NAME", options->name, "The account's name")->required()->type_name("NAME");
        admin->add_option("SWITCH", options->admin_switch, "on or off")
            ->required()
            ->check(CLI::IsMember({"on", "off"}))
            ->type_name("on|off");
        db(admin);
        CLI::App* remove =
            app.add_subcommand("remove", "Remove an account with all its progress, after typing its name (or --yes)");
        remove->add_option("NAME", options->name, "The account's name")->required()->type_name("NAME");
        remove->add_flag("--yes,-y", options->yes, "Do not ask");
        db(remove);
        return [options, add, list, passwd, admin, remove](Streams streams) {
          if (list->parsed()) return run_user_list(*options, streams);
          if (passwd->parsed()) return run_user_passwd(*options, streams);
          if (admin->parsed()) return run_user_admin(*options, streams);
          if (remove->parsed()) return run_user_remove(*options, streams);
          static_cast<void>(add);
          return run_user_add(*options, streams);
        };
      }};
}

}  // namespace prepdeck::cli
