#include "cli/commands.h"

#include <algorithm>
#include <memory>
#include <ostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/output.h"
#include "prepdeck_version.h"
#include "util/text.h"

namespace prepdeck::cli {

const std::vector<Command>& command_table() {
  static const std::vector<Command> table = {
      check_command(), stats_command(), export_command(),      import_command(), build_command(),
      serve_command(), study_command(), quiz_command(),        level_command(),  progress_command(),
      user_command(),  db_command(),    completions_command(), manpage_command()};
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

namespace {

// An option `command` does not know, with the nearest one it does; else
// CLI11's own words.
std::string parse_error_message(const CLI::ParseError& e, const CLI::App* command,
                                const std::vector<std::string>& args) {
  if (command != nullptr && dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr) {
    std::vector<std::string> known;
    for (const CLI::Option* option : command->get_options()) {
      for (const std::string& name : option->get_lnames()) known.push_back("--" + name);
      for (const std::string& name : option->get_snames()) known.push_back("-" + name);
    }
    for (std::size_t i = 2; i < args.size(); ++i) {
      const std::string flag = args[i].substr(0, args[i].find('='));
      if (flag.size() < 2 || flag[0] != '-' || std::find(known.begin(), known.end(), flag) != known.end()) continue;
      std::string best;
      std::size_t best_distance = SIZE_MAX;
      for (const std::string& name : known) {
        const std::size_t d = util::edit_distance(flag, name);
        if (d < best_distance) {
          best_distance = d;
          best = name;
        }
      }
      std::string message = fmt::format("'{}' is not an option of '{}'.", flag, command->get_name());
      if (best_distance <= std::max<std::size_t>(2, flag.size() / 3))
        message += fmt::format(" Did you mean '{}'?", best);
      return message;
    }
  }
  return e.what();
}

}  // namespace

std::string version_line() {
  return fmt::format("prepdeck {} ({}, {})", PREPDECK_VERSION, PREPDECK_COMMIT, PREPDECK_COMMIT_DATE);
}

namespace {

// CLI11's help with readable option types ("N (1-100000)", not "UINT:INT in [1 - 100000]").
class Formatter : public CLI::Formatter {
 public:
  std::string make_option_opts(const CLI::Option* opt) const override {
    if (!opt->get_option_text().empty() || opt->get_type_size() == 0) return CLI::Formatter::make_option_opts(opt);
    std::string out;
    if (!opt->get_type_name().empty()) out += " " + readable_type(opt->get_type_name());
    if (!opt->get_default_str().empty()) out += "=" + opt->get_default_str();
    if (opt->get_expected_max() == CLI::detail::expected_max_vector_size) out += " ...";
    if (opt->get_required()) out += " REQUIRED";
    if (!opt->get_envname().empty()) out += " (env: " + opt->get_envname() + ")";
    return out;
  }
};

}  // namespace

std::vector<std::pair<CLI::App*, std::function<int(Streams)>>> build_app(CLI::App& app, CommonFlags& common) {
  app.formatter(std::make_shared<Formatter>());
  app.description("prepdeck turns interview-prep guides written in Markdown into an interactive way to learn.");
  app.name("prepdeck");
  app.set_version_flag("--version", version_line());
  app.require_subcommand(0, 1);
  app.footer(
      "Exit status: 0 ok, 1 problems found (check; build --strict), 2 usage or I/O error.\n"
      "Run 'prepdeck help COMMAND' (or 'prepdeck COMMAND --help') for a command's options.");
  std::vector<std::pair<CLI::App*, std::function<int(Streams)>>> runners;
  // Flags every command takes, as git and ripgrep have them: -q, --no-color,
  // --color. A command that has its own -q or --no-color keeps its meaning.
  const auto add_common = [&common](CLI::App* to) {
    if (to->get_option_no_throw("--quiet") == nullptr)
      to->add_flag("-q,--quiet", common.quiet, "Print less (accepted by every command)");
    if (to->get_option_no_throw("--no-color") == nullptr)
      to->add_flag("--no-color", common.no_color, "No colour (as --color=never, or NO_COLOR set)");
    to->add_option("--color", common.color, "Colour: auto (a terminal without NO_COLOR), always or never")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->type_name("WHEN");
  };
  for (const auto& command : command_table()) {
    CLI::App* sub = app.add_subcommand(std::string(command.name), std::string(command.summary));
    runners.emplace_back(sub, command.setup(*sub));
    add_common(sub);
    for (CLI::App* nested : sub->get_subcommands({})) add_common(nested);
  }
  return runners;
}

int run(const std::vector<std::string>& args, Streams streams) {
  // `prepdeck help [COMMAND]`, as git has it: the same text as --help.
  if (args.size() >= 2 && args[1] == "help") {
    if (args.size() > 3) {
      streams.err << "prepdeck: 'help' takes one command name at most.\n";
      return k_exit_usage;
    }
    std::vector<std::string> asked = {args[0]};
    if (args.size() == 3) asked.push_back(args[2]);
    asked.emplace_back("--help");
    return run(asked, streams);
  }
  CLI::App app;
  CommonFlags common;
  const auto runners = build_app(app, common);
  set_color_setting(ColorSetting::automatic);

  if (args.size() >= 2 && !args[1].empty() && args[1][0] != '-') {
    const bool known = std::any_of(command_table().begin(), command_table().end(),
                                   [&](const Command& c) { return c.name == args[1]; });
    if (!known) {
      streams.err << fmt::format("prepdeck: '{}' is not a prepdeck command.", args[1]);
      if (auto s = suggest_command(args[1]); !s.empty()) streams.err << fmt::format(" Did you mean '{}'?", s);
      streams.err << "\nRun 'prepdeck help' for the list of commands.\n";
      return k_exit_usage;
    }
  }

  std::vector<const char*> argv;
  argv.reserve(args.size());
  for (const auto& a : args) argv.push_back(a.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& e) {
    // --help and --version are CLI11's to print; every error speaks as the
    // rest of prepdeck does: "prepdeck: " on stderr, with a did-you-mean.
    if (e.get_exit_code() == 0) return app.exit(e, streams.out, streams.err) == 0 ? k_exit_ok : k_exit_usage;
    CLI::App* command = nullptr;
    for (auto& [sub, runner] : runners) {
      if (args.size() >= 2 && sub->get_name() == args[1]) command = sub;
    }
    streams.err << "prepdeck: " << parse_error_message(e, command, args) << "\n";
    streams.err << (command != nullptr ? fmt::format("Run 'prepdeck help {}' for its options.\n", command->get_name())
                                       : std::string("Run 'prepdeck help' for the list of commands.\n"));
    return k_exit_usage;
  }
  set_color_setting(common.color == "always"                     ? ColorSetting::always
                    : common.color == "never" || common.no_color ? ColorSetting::never
                                                                 : ColorSetting::automatic);
  for (auto& [sub, runner] : runners) {
    if (!sub->parsed()) continue;
    // A command's own --no-color is the common one too.
    if (const CLI::Option* own = sub->get_option_no_throw("--no-color");
        own != nullptr && own->count() > 0 && common.color != "always")
      set_color_setting(ColorSetting::never);
    return runner(streams);
  }
  // Bare `prepdeck`: a short usage on stderr, as git and ripgrep do.
  std::string names;
  for (const auto& c : command_table()) names += (names.empty() ? "" : ", ") + std::string(c.name);
  streams.err << "usage: prepdeck COMMAND [OPTIONS] [PATH...]\n"
              << "commands: " << names << "\n"
              << "Run 'prepdeck help' for what each does, 'prepdeck help COMMAND' for its options.\n";
  return k_exit_usage;
}

}  // namespace prepdeck::cli
