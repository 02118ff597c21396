// `prepdeck completions bash|zsh|fish` and `prepdeck manpage`: the shell
// completions and the man page, made from the same command line as --help
// (build_app), so they never fall behind it.
#include <algorithm>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "prepdeck_version.h"
#include "util/text.h"

namespace prepdeck::cli {

namespace {

struct OptionInfo {
  std::vector<std::string> names;  // "--format", "-q"
  std::string value;               // what it takes ("FORMAT"); empty for a flag
  std::vector<std::string> choices;
  std::string help;
};

struct CommandInfo {
  std::string name;
  std::string summary;
  std::vector<OptionInfo> options;
  std::vector<CommandInfo> subcommands;
  std::string usage_positionals;  // "PATH..."
};

// "WHEN:{auto,always,never}" -> {"auto","always","never"}
std::vector<std::string> choices_of(const std::string& type) {
  const auto open = type.find('{');
  const auto close = type.find('}', open);
  if (open == std::string::npos || close == std::string::npos) return {};
  std::vector<std::string> out;
  std::string_view list(type.data() + open + 1, close - open - 1);
  for (std::size_t start = 0; start <= list.size();) {
    std::size_t comma = list.find(',', start);
    if (comma == std::string_view::npos) comma = list.size();
    if (comma > start) out.emplace_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

std::string joined(const std::vector<std::string>& words, std::string_view between) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += between;
    out += w;
  }
  return out;
}

CommandInfo describe(const CLI::App& app) {
  CommandInfo info;
  info.name = app.get_name();
  info.summary = app.get_description();
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->get_positional()) {
      if (!info.usage_positionals.empty()) info.usage_positionals += ' ';
      info.usage_positionals += opt->get_name(true, false);
      if (opt->get_expected_max() >= CLI::detail::expected_max_vector_size) info.usage_positionals += "...";
      continue;
    }
    OptionInfo o;
    for (const std::string& s : opt->get_snames()) o.names.push_back("-" + s);
    for (const std::string& l : opt->get_lnames()) o.names.push_back("--" + l);
    if (opt->get_type_size() != 0) {
      o.choices = choices_of(opt->get_type_name());
      o.value = readable_type(opt->get_type_name());
    }
    o.help = opt->get_description();
    info.options.push_back(std::move(o));
  }
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    info.subcommands.push_back(describe(*sub));
  return info;
}

CommandInfo describe_prepdeck() {
  CLI::App app;
  CommonFlags common;
  build_app(app, common);
  return describe(app);
}

std::string all_names(const std::vector<OptionInfo>& options) {
  std::string out;
  for (const auto& o : options) {
    for (const auto& n : o.names) out += (out.empty() ? "" : " ") + n;
  }
  return out;
}

std::string sub_names(const CommandInfo& c) {
  std::string out;
  for (const auto& s : c.subcommands) out += (out.empty() ? "" : " ") + s.name;
  return out;
}

// Single quotes for a shell word.
std::string shell_quoted(std::string_view text) {
  std::string out = "'";
  for (char ch : text) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}

std::string bash_script(const CommandInfo& root) {
  std::string out =
      "# bash completion for prepdeck: made by `prepdeck completions bash`.\n"
      "# Load it with: source <(prepdeck completions bash)\n"
      "_prepdeck() {\n"
      "  local cur prev cmd sub i\n"
      "  cur=\"${COMP_WORDS[COMP_CWORD]}\"\n"
      "  prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
      "  cmd=\"\" sub=\"\"\n"
      "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
      "    case \"${COMP_WORDS[i]}\" in -*) ;; *) if [[ -z $cmd ]]; then cmd=\"${COMP_WORDS[i]}\"; "
      "elif [[ -z $sub ]]; then sub=\"${COMP_WORDS[i]}\"; fi ;; esac\n"
      "  done\n";
  out += fmt::format("  if [[ -z $cmd ]]; then\n    COMPREPLY=($(compgen -W {} -- \"$cur\"))\n    return\n  fi\n",
                     shell_quoted(sub_names(root) + " help --help --version"));
  // Values of options with a fixed list.
  out += "  case \"$cmd:$prev\" in\n";
  for (const auto& c : root.subcommands) {
    std::vector<const CommandInfo*> scopes = {&c};
    for (const auto& s : c.subcommands) scopes.push_back(&s);
    for (const CommandInfo* scope : scopes) {
      for (const auto& o : scope->options) {
        if (o.choices.empty()) continue;
        for (const auto& n : o.names) {
          const std::string words = joined(o.choices, " ");
          out += fmt::format("    {}:{}) COMPREPLY=($(compgen -W {} -- \"$cur\")); return ;;\n", c.name, n,
                             shell_quoted(words));
        }
      }
    }
  }
  out += "  esac\n  case \"$cmd\" in\n";
  for (const auto& c : root.subcommands) {
    if (c.subcommands.empty()) {
      out += fmt::format(
          "    {})\n      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W {} -- \"$cur\")); "
          "else COMPREPLY=($(compgen -f -- \"$cur\")); fi ;;\n",
          c.name, shell_quoted(all_names(c.options)));
    } else {
      out += fmt::format("    {})\n      if [[ -z $sub ]]; then COMPREPLY=($(compgen -W {} -- \"$cur\")); return; fi\n",
                         c.name, shell_quoted(sub_names(c)));
      out += "      case \"$sub\" in\n";
      for (const auto& s : c.subcommands)
        out += fmt::format("        {}) COMPREPLY=($(compgen -W {} -- \"$cur\")) ;;\n", s.name,
                           shell_quoted(all_names(s.options)));
      out += "      esac ;;\n";
    }
  }
  out += fmt::format("    help) COMPREPLY=($(compgen -W {} -- \"$cur\")) ;;\n", shell_quoted(sub_names(root)));
  out += "  esac\n}\ncomplete -o filenames -F _prepdeck prepdeck\n";
  return out;
}

// An option as zsh's _arguments writes it.
std::string zsh_spec(const OptionInfo& o) {
  std::string help = o.help;
  for (char& ch : help) {
    if (ch == '[' || ch == ']') ch = ch == '[' ? '(' : ')';
    if (ch == '\'') ch = '`';
    if (ch == ':') ch = ';';
  }
  if (help.size() > 80) help = help.substr(0, 77) + "...";
  std::string action;
  if (!o.value.empty()) {
    const std::string words = joined(o.choices, " ");
    action = !o.choices.empty()                                             ? fmt::format(":{}:({})", o.value, words)
             : (o.value == "PATH" || o.value == "FILE" || o.value == "DIR") ? fmt::format(":{}:_files", o.value)
                                                                            : fmt::format(":{}: ", o.value);
  }
  std::string out;
  if (o.names.size() > 1) {
    std::string group;
    for (const auto& n : o.names) group += (group.empty() ? "" : " ") + n;
    std::string names;
    for (const auto& n : o.names) names += (names.empty() ? "" : ",") + n;
    out = fmt::format("'({})'{{{}}}'[{}]{}'", group, names, help, action);
  } else if (!o.names.empty()) {
    out = fmt::format("'{}[{}]{}'", o.names[0], help, action);
  }
  return out;
}

std::string zsh_args(const CommandInfo& c, std::string_view indent) {
  std::string out = fmt::format("{}_arguments -s", indent);
  for (const auto& o : c.options) out += fmt::format(" \\\n{}  {}", indent, zsh_spec(o));
  if (!c.usage_positionals.empty()) out += fmt::format(" \\\n{}  '*:path:_files'", indent);
  return out + "\n";
}

std::string zsh_script(const CommandInfo& root) {
  std::string out =
      "#compdef prepdeck\n"
      "# zsh completion for prepdeck: made by `prepdeck completions zsh`.\n"
      "# Put it on $fpath as _prepdeck, or: source <(prepdeck completions zsh)\n"
      "_prepdeck() {\n"
      "  local -a commands\n"
      "  commands=(\n";
  for (const auto& c : root.subcommands)
    out += fmt::format("    {}\n", shell_quoted(c.name + ":" + util::replace_all(c.summary, ":", ";")));
  out += "    'help:Show the help of prepdeck or of a command'\n  )\n";
  out +=
      "  if (( CURRENT == 2 )); then\n"
      "    _describe 'command' commands\n"
      "    return\n"
      "  fi\n"
      "  local cmd=${words[2]}\n"
      "  shift words; (( CURRENT-- ))\n"
      "  case $cmd in\n";
  for (const auto& c : root.subcommands) {
    out += fmt::format("    {})\n", c.name);
    if (c.subcommands.empty()) {
      out += zsh_args(c, "      ");
    } else {
      out += "      if (( CURRENT == 2 )); then\n        local -a subs\n        subs=(";
      for (const auto& s : c.subcommands)
        out += " " + shell_quoted(s.name + ":" + util::replace_all(s.summary, ":", ";"));
      out += " )\n        _describe 'subcommand' subs\n        return\n      fi\n";
      out += "      local sub=${words[2]}\n      shift words; (( CURRENT-- ))\n      case $sub in\n";
      for (const auto& s : c.subcommands)
        out += fmt::format("        {})\n", s.name) + zsh_args(s, "          ") + "          ;;\n";
      out += "      esac\n";
    }
    out += "      ;;\n";
  }
  out += "    help) _describe 'command' commands ;;\n  esac\n}\n";
  out +=
      "if [[ $zsh_eval_context[-1] == loadautofunc ]]; then\n  _prepdeck \"$@\"\nelse\n  compdef _prepdeck "
      "prepdeck\nfi\n";
  return out;
}

std::string fish_script(const CommandInfo& root) {
  std::string out =
      "# fish completion for prepdeck: made by `prepdeck completions fish`.\n"
      "# Save it as ~/.config/fish/completions/prepdeck.fish\n"
      "complete -c prepdeck -f\n";
  const std::string commands = sub_names(root) + " help";
  for (const auto& c : root.subcommands) {
    out += fmt::format("complete -c prepdeck -n {} -a {} -d {}\n",
                       shell_quoted("not __fish_seen_subcommand_from " + commands), c.name, shell_quoted(c.summary));
  }
  const auto option_lines = [&out](const std::string& condition, const std::vector<OptionInfo>& options) {
    for (const auto& o : options) {
      std::string line = "complete -c prepdeck -n " + shell_quoted(condition);
      for (const auto& n : o.names) line += n.starts_with("--") ? " -l " + n.substr(2) : " -s " + n.substr(1);
      if (!o.value.empty()) line += " -r";
      if (!o.choices.empty()) {
        const std::string words = joined(o.choices, " ");
        line += " -a " + shell_quoted(words);
      }
      out += line + " -d " + shell_quoted(o.help.substr(0, 80)) + "\n";
    }
  };
  for (const auto& c : root.subcommands) {
    const std::string in = "__fish_seen_subcommand_from " + c.name;
    if (c.subcommands.empty()) {
      option_lines(in, c.options);
      if (!c.usage_positionals.empty()) out += fmt::format("complete -c prepdeck -n {} -F\n", shell_quoted(in));
      continue;
    }
    for (const auto& s : c.subcommands) {
      out += fmt::format("complete -c prepdeck -n {} -a {} -d {}\n",
                         shell_quoted(in + "; and not __fish_seen_subcommand_from " + sub_names(c)), s.name,
                         shell_quoted(s.summary));
      option_lines(in + "; and __fish_seen_subcommand_from " + s.name, s.options);
    }
  }
  return out;
}

// Text for roff: a leading '.' or '\'' and every backslash made safe.
std::string roff(std::string_view text) {
  std::string out;
  for (char ch : text) {
    if (ch == '\\') {
      out += "\\e";
    } else if (ch == '-') {
      out += "\\-";
    } else {
      out += ch;
    }
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out.insert(0, "\\&");
  return out;
}

void man_options(std::string& out, const std::vector<OptionInfo>& options) {
  for (const auto& o : options) {
    std::string names;
    for (const auto& n : o.names) names += (names.empty() ? "" : ", ") + std::string("\\fB") + roff(n) + "\\fR";
    if (!o.value.empty()) names += " \\fI" + roff(o.value) + "\\fR";
    out += ".TP\n" + names + "\n" + roff(o.help) + "\n";
  }
}

std::string man_page(const CommandInfo& root) {
  std::string out =
      fmt::format(".TH PREPDECK 1 \"{}\" \"{}\" \"User Commands\"\n", PREPDECK_COMMIT_DATE, roff(version_line()));
  out += ".SH NAME\nprepdeck \\- turn interview\\-prep guides written in Markdown into an interactive way to learn\n";
  out +=
      ".SH SYNOPSIS\n\\fBprepdeck\\fR \\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIPATH\\fR...]\n.br\n"
      "\\fBprepdeck help\\fR [\\fICOMMAND\\fR]\n";
  out +=
      ".SH DESCRIPTION\n"
      "prepdeck reads interview\\-prep guides written in Markdown (MkDocs Material, pymdownx and mkdocs\\-quiz "
      "syntax) and turns them into a static site, a terminal trainer with spaced repetition, quizzes and a "
      "level test, and a web app where a team studies together.\n"
      "A \\fIPATH\\fR is a Markdown file, a folder of them, or an MkDocs project (a folder with "
      "\\fImkdocs.yml\\fR, or that file); a file or folder inside a project is read with its project.\n";
  out += ".SH COMMANDS\n";
  for (const auto& c : root.subcommands) {
    out += fmt::format(".SS \"prepdeck {}{}\"\n{}\n", c.name,
                       c.usage_positionals.empty() ? std::string() : " " + roff(c.usage_positionals), roff(c.summary));
    if (c.subcommands.empty()) {
      man_options(out, c.options);
    } else {
      for (const auto& s : c.subcommands) {
        out += fmt::format(".TP\n\\fBprepdeck {} {}\\fR{}\n{}\n", c.name, s.name,
                           s.usage_positionals.empty() ? std::string() : " \\fI" + roff(s.usage_positionals) + "\\fR",
                           roff(s.summary));
        out += ".RS\n";
        man_options(out, s.options);
        out += ".RE\n";
      }
    }
  }
  out +=
      ".SH ENVIRONMENT\n"
      ".TP\n\\fBPREPDECK_DB\\fR\nThe progress database (as \\fB\\-\\-db\\fR).\n"
      ".TP\n\\fBNO_COLOR\\fR\nNo colour, unless \\fB\\-\\-color=always\\fR.\n"
      ".TP\n\\fBXDG_DATA_HOME\\fR\nWhere the default database lives: "
      "\\fI$XDG_DATA_HOME/prepdeck/progress.db\\fR.\n";
  out +=
      ".SH EXIT STATUS\n0 ok; 1 problems found (\\fBcheck\\fR, \\fBbuild \\-\\-strict\\fR); 2 bad usage or an "
      "I/O error.\n";
  out +=
      ".SH SEE ALSO\nThe README and docs/ of prepdeck: docs/dialect.md (the Markdown read), "
      "docs/diagnostics.md (every diagnostic code), docs/learning.md (scoring and progress), docs/API.md.\n";
  return out;
}

}  // namespace

// "UINT:INT in [1 - 100000]" -> "N (1-100000)"; "WHEN:{auto,always,never}" ->
// "auto|always|never"; "UINT" -> "N".
std::string readable_type(const std::string& type) {
  const auto colon = type.find(':');
  std::string base = type.substr(0, colon);
  if (base == "UINT" || base == "INT") base = "N";
  if (base == "FLOAT") base = "NUMBER";
  if (colon == std::string::npos) return base;
  const std::string rest = type.substr(colon + 1);
  if (const auto choices = choices_of(rest); !choices.empty()) {
    return joined(choices, "|");
  }
  const auto open = rest.find('[');
  const auto dash = rest.find(" - ", open);
  const auto close = rest.find(']', dash);
  if (open != std::string::npos && dash != std::string::npos && close != std::string::npos) {
    return fmt::format("{} ({}-{})", base, rest.substr(open + 1, dash - open - 1),
                       rest.substr(dash + 3, close - dash - 3));
  }
  return base;
}

Command completions_command() {
  return Command{"completions", "Print shell completions: bash, zsh or fish", [](CLI::App& app) {
                   auto shell = std::make_shared<std::string>();
                   app.add_option("SHELL", *shell, "bash, zsh or fish")
                       ->required()
                       ->check(CLI::IsMember({"bash", "zsh", "fish"}))
                       ->type_name("SHELL");
                   app.footer(
                       "bash: source <(prepdeck completions bash)\n"
                       "zsh:  prepdeck completions zsh > ~/.zfunc/_prepdeck (with ~/.zfunc on $fpath)\n"
                       "fish: prepdeck completions fish > ~/.config/fish/completions/prepdeck.fish");
                   return [shell](Streams streams) {
                     const CommandInfo root = describe_prepdeck();
                     streams.out << (*shell == "bash"  ? bash_script(root)
                                     : *shell == "zsh" ? zsh_script(root)
                                                       : fish_script(root));
                     return k_exit_ok;
                   };
                 }};
}

Command manpage_command() {
  return Command{"manpage", "Print the man page (roff): prepdeck manpage > prepdeck.1; man -l prepdeck.1",
                 [](CLI::App&) {
                   return [](Streams streams) {
                     streams.out << man_page(describe_prepdeck());
                     return k_exit_ok;
                   };
                 }};
}

}  // namespace prepdeck::cli
