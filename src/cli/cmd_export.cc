#include <memory>
#include <ostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/output.h"
#include "export/json_export.h"
#include "util/output_file.h"

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
  // A regular file is replaced whole; a device or FIFO is written through (util/output_file.h).
  if (auto written = util::write_output_file(options.output, text); !written) {
    streams.err << "prepdeck: " << written.error().message << "\n";
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
                   app.add_option(
                       "-o,--output", options->output,
                       "Write to FILE (- for standard output, the default); a device or FIFO is written through");
                   return [options](Streams streams) { return run_export(*options, streams); };
                 }};
}

}  // namespace prepdeck::cli
