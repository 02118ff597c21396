#include "cli/commands.h"

#include <algorithm>
#include <memory>
#include <ostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "util/text.h"

namespace prepdeck::cli {

const std::vector<Command>& command_table() {
  static const std::vector<Command> table = {check_command(),    stats_command(), export_command(), build_command(),
                                             serve_command(),    study_command(), quiz_command(),   level_command(),
                                             progress_command(), user_command()};
  return table;
}

std::string suggest_command(std::string_view typed) {
  std::string best;
  std::size_t best_distance = SIZE_MAX;
  for (const auto& c : command_table()) {
    const std::size_t d = util::edit_distance(typed, c.name);
    const bool prefix = !typed.empty() && c.name.rfind(typed, 0) == 0;
    const std::size_t score = prefix ? 0 : d;
    if (score < best_distance) {
      best_distance = score;
      best = std::string(c.name);
    }
  }
  return best_distance <= std::max<std::size_t>(2, typed.size() / 3) ? best : std::string();
}

int run(const std::vector<std::string>& args, Streams streams) {
  CLI::App app{"prepdeck turns interview-prep guides written in Markdown into an interactive way to learn.",
               "prepdeck"};
  app.set_version_flag("--version", std::string(PREPDECK_VERSION));
  app.require_subcommand(0, 1);
  app.footer(
      "Exit status: 0 ok, 1 problems found (check; build --strict), 2 usage or I/O error.\n"
      "Run 'prepdeck COMMAND --help' for a command's options.");

  std::vector<std::pair<CLI::App*, std::function<int(Streams)>>> runners;
  for (const auto& command : command_table()) {
    CLI::App* sub = app.add_subcommand(std::string(command.name), std::string(command.summary));
    runners.emplace_back(sub, command.setup(*sub));
  }

  if (args.size() >= 2 && !args[1].empty() && args[1][0] != '-') {
    const bool known = std::any_of(command_table().begin(), command_table().end(),
                                   [&](const Command& c) { return c.name == args[1]; });
    if (!known) {
      streams.err << fmt::format("prepdeck: '{}' is not a prepdeck command.", args[1]);
      if (auto s = suggest_command(args[1]); !s.empty()) streams.err << fmt::format(" Did you mean '{}'?", s);
      streams.err << "\nRun 'prepdeck --help' for the list of commands.\n";
      return k_exit_usage;
    }
  }

  std::vector<const char*> argv;
  argv.reserve(args.size());
  for (const auto& a : args) argv.push_back(a.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e, streams.out, streams.err);
    return code == 0 ? k_exit_ok : k_exit_usage;
  }
  for (auto& [sub, runner] : runners) {
    if (sub->parsed()) return runner(streams);
  }
  streams.out << app.help();
  return k_exit_usage;
}

}  // namespace prepdeck::cli
