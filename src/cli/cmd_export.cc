#include <cstdio>
#include <fstream>
#include <memory>
#include <ostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/output.h"
#include "export/json_export.h"

namespace prepdeck::cli {

namespace {

struct ExportOptions {
  InputOptions input;
  std::string format = "json";
  std::string output;
};

int run_export(const ExportOptions& options, Streams streams) {
  guide::GuideSet set;
  const bool inputs_ok = load(options.input, set, streams.err);
  if (!inputs_ok) return k_exit_usage;
  const std::string text = exporter::dump(exporter::guides_to_json(set.guides));
  if (options.output.empty() || options.output == "-") {
    streams.out << text;
    return k_exit_ok;
  }
  // Write beside the target and rename, so a failed export never leaves half a file.
  const std::string temp = options.output + ".tmp";
  {
    std::ofstream file(temp, std::ios::binary | std::ios::trunc);
    if (!file || !(file << text) || !file.flush()) {
      streams.err << fmt::format("prepdeck: cannot write {}\n", temp);
      std::remove(temp.c_str());
      return k_exit_usage;
    }
  }
  if (std::rename(temp.c_str(), options.output.c_str()) != 0) {
    streams.err << fmt::format("prepdeck: cannot write {}\n", options.output);
    std::remove(temp.c_str());
    return k_exit_usage;
  }
  return k_exit_ok;
}

}  // namespace

Command export_command() {
  return Command{"export", "Export guides as JSON (schema prepdeck.guides/1)", [](CLI::App& app) {
                   auto options = std::make_shared<ExportOptions>();
                   add_input_options(app, options->input);
                   app.add_option("--format", options->format, "Export format")
                       ->check(CLI::IsMember({"json"}))
                       ->capture_default_str();
                   app.add_option("-o,--output", options->output, "Write to FILE instead of standard output");
                   return [options](Streams streams) { return run_export(*options, streams); };
                 }};
}

}  // namespace prepdeck::cli
