#include <cstdlib>
#include <filesystem>
#include <memory>
#include <ostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/export_input.h"
#include "cli/output.h"
#include "engine/item_analysis.h"
#include "export/exporter.h"
#include "store/store.h"
#include "util/output_file.h"

namespace prepdeck::cli {

namespace {

struct ExportOptions {
  InputOptions input;
  std::string format = "json";
  std::string output;
  std::string title;
  std::string db;
};

util::Expected<exporter::Analytics> read_analytics(const std::string& url, const guide::GuideSet& set) {
  // Reading must not make a database: a SQLite file that is not there is an error.
  if (url.find("://") == std::string::npos) {
    const std::string path = url.rfind("sqlite:", 0) == 0 ? url.substr(7) : url;
    if (path != ":memory:" && !std::filesystem::exists(path)) {
      return util::fail(util::ErrorCode::not_found, fmt::format("--db {}: no such database", path));
    }
  }
  auto db = store::open_store(url);
  if (!db) return util::fail("--db " + store::redacted_url(url), db.error());
  auto questions = (*db)->question_stats();
  if (!questions) return util::fail("--db", questions.error());
  auto responses = (*db)->quiz_responses();
  if (!responses) return util::fail("--db", responses.error());
  return exporter::Analytics{std::move(*questions), engine::analyse_items(set, *responses)};
}

int run_export(const ExportOptions& options, Streams streams) {
  const exporter::Exporter* format = exporter::find_exporter(options.format);
  if (format == nullptr) return k_exit_usage;  // CLI11 checked the name against the table
  const bool to_stdout = options.output.empty() || options.output == "-";
  if (format->output == exporter::Output::binary && to_stdout && is_terminal(streams.out)) {
    streams.err << fmt::format("prepdeck: --format {} writes a binary file: name it with -o FILE.{}\n", format->name,
                               format->extension);
    return k_exit_usage;
  }
  if (format->reads == exporter::Reads::analytics && options.db.empty()) {
    streams.err << fmt::format("prepdeck: --format {} reads a store: name it with --db URL\n", format->name);
    return k_exit_usage;
  }
  guide::GuideSet set;
  const source::DiskFileSystem fs;
  if (!load(options.input, set, streams.err, fs)) return k_exit_usage;

  ExportSettings settings;
  settings.title = options.title;
  settings.inputs = options.input.paths;
  parse_size(options.input.max_file_size, settings.max_media_bytes);
  settings.jobs = options.input.jobs;
  exporter::ExportInput input = export_input(set, *format, fs, settings, streams.err);
  std::optional<exporter::Analytics> analytics;
  if (format->reads == exporter::Reads::analytics) {
    auto read = read_analytics(options.db, set);
    if (!read) {
      streams.err << "prepdeck: " << read.error().message << "\n";
      return k_exit_usage;
    }
    analytics = std::move(*read);
    input.analytics = &*analytics;
  }

  auto exported = format->write(input);
  if (!exported) {
    streams.err << fmt::format("prepdeck: {}: {}\n", format->name, exported.error().message);
    return k_exit_usage;
  }
  for (const std::string& note : exported->notes) streams.err << fmt::format("prepdeck: {}: {}\n", format->name, note);
  if (to_stdout) {
    streams.out << exported->bytes;
    return k_exit_ok;
  }
  // A regular file is replaced whole; a device or FIFO is written through (util/output_file.h).
  if (auto written = util::write_output_file(options.output, exported->bytes); !written) {
    streams.err << "prepdeck: " << written.error().message << "\n";
    return k_exit_usage;
  }
  return k_exit_ok;
}

std::vector<std::string> format_names() {
  std::vector<std::string> names;
  for (const exporter::Exporter& e : exporter::exporters()) names.emplace_back(e.name);
  return names;
}

std::string formats_help() {
  std::string out = "Formats:\n";
  for (const exporter::Exporter& e : exporter::exporters()) {
    out += fmt::format("  {:<15} .{:<9} {}\n", e.name, e.extension, e.summary);
  }
  return out;
}

}  // namespace

Command export_command() {
  return Command{
      "export", "Export guides for other tools: JSON, CSV, Anki, Moodle (GIFT, XML), QTI (Canvas, Blackboard)",
      [](CLI::App& app) {
        auto options = std::make_shared<ExportOptions>();
        add_input_options(app, options->input);
        app.add_option("--format", options->format, "Export format (listed below)")
            ->check(CLI::IsMember(format_names()))
            ->capture_default_str();
        app.add_option("-o,--output", options->output,
                       "Write to FILE (- for standard output, the default for text formats); a device or FIFO is "
                       "written through");
        app.add_option("--title", options->title,
                       "The collection's name: top deck or category (default: site_name, else the input's name)");
        app.add_option("--db", options->db, "analytics-csv: the store to read (a path, sqlite:PATH or postgres://...)")
            ->envname("PREPDECK_DB");
        app.footer(formats_help());
        return [options](Streams streams) { return run_export(*options, streams); };
      }};
}

}  // namespace prepdeck::cli
