#include <filesystem>
#include <memory>
#include <ostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/output.h"
#include "import/anki_deck.h"
#include "import/anki_text.h"
#include "import/deck_guides.h"
#include "source/file_system.h"
#include "util/output_file.h"
#include "util/paths.h"
#include "util/text.h"
#include "util/words.h"

namespace prepdeck::cli {

namespace {

struct ImportOptions {
  std::string input;
  std::string output;
  std::string max_size = "1G";
  bool force = false;
};

// A path the importer made is relative and stays inside the output folder.
bool inside(std::string_view path) {
  if (path.empty() || path.front() == '/' || path.find('\\') != std::string_view::npos ||
      path.find('\0') != std::string_view::npos) {
    return false;
  }
  const std::string normal = util::normalize_path(path);
  return normal == path && normal != ".." && normal.rfind("../", 0) != 0;
}

int write_guides(const importer::ImportedGuides& guides, const ImportOptions& options, Streams streams) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(options.output, ec);
  if (ec || !fs::is_directory(options.output)) {
    streams.err << fmt::format("prepdeck: cannot create {}: {}\n", options.output,
                               ec ? ec.message() : std::string("not a folder"));
    return k_exit_usage;
  }
  if (!options.force) {
    for (const importer::ImportedFile& f : guides.files) {
      if (fs::exists(fs::path(options.output) / f.path)) {
        streams.err << fmt::format("prepdeck: {} exists: import into an empty folder, or pass --force to replace it\n",
                                   (fs::path(options.output) / f.path).string());
        return k_exit_usage;
      }
    }
  }
  std::size_t guides_written = 0;
  std::size_t media = 0;
  for (const importer::ImportedFile& f : guides.files) {
    if (!inside(f.path)) {
      streams.err << fmt::format("prepdeck: left out {:?}: not a path inside {}\n", f.path, options.output);
      continue;
    }
    const fs::path target = fs::path(options.output) / f.path;
    fs::create_directories(target.parent_path(), ec);
    if (auto written = util::write_output_file(target.string(), f.bytes); !written) {
      streams.err << "prepdeck: " << written.error().message << "\n";
      return k_exit_usage;
    }
    (f.path.rfind("media/", 0) == 0 ? media : guides_written) += 1;
  }
  if (!options.output.empty()) {
    streams.out << fmt::format(
        "Imported {} and {} into {} in {}{}\n", util::counted(guides.questions, "question"),
        fmt::format("{} quiz item{}", guides.quizzes, guides.quizzes == 1 ? "" : "s"),
        util::counted(guides_written, "guide"), options.output,
        media ? fmt::format(" ({})", fmt::format("{} media file{}", media, media == 1 ? "" : "s")) : "");
  }
  return k_exit_ok;
}

int run_import(const ImportOptions& options, bool text, Streams streams) {
  std::uint64_t max_bytes = 0;
  if (!parse_size(options.max_size, max_bytes)) {
    streams.err << fmt::format("prepdeck: --max-size: '{}' is not a size like 1G or 512M\n", options.max_size);
    return k_exit_usage;
  }
  const source::DiskFileSystem disk;
  auto bytes = disk.read_file(options.input, max_bytes);
  if (!bytes) {
    streams.err << fmt::format("prepdeck: {}: {}\n", options.input, bytes.error().message);
    return k_exit_usage;
  }
  auto deck = text ? importer::read_anki_text(*bytes, util::strip_extension(util::file_name(options.input)))
                   : importer::read_anki_package(std::move(*bytes));
  if (!deck) {
    streams.err << fmt::format("prepdeck: {}: {}\n", options.input, deck.error().message);
    return k_exit_findings;
  }
  for (const std::string& w : deck->warnings) streams.err << fmt::format("prepdeck: {}: {}\n", options.input, w);
  const importer::ImportedGuides guides = importer::deck_to_guides(*deck);
  for (const std::string& w : guides.warnings) streams.err << fmt::format("prepdeck: {}: {}\n", options.input, w);
  return write_guides(guides, options, streams);
}

}  // namespace

Command import_command() {
  return Command{
      "import", "Import decks from Anki (.apkg, or its text notes) as guides", [](CLI::App& app) {
        auto options = std::make_shared<ImportOptions>();
        app.require_subcommand(1);
        const auto common = [&options](CLI::App* sub, const char* what) {
          sub->add_option("FILE", options->input, what)->required()->type_name("FILE");
          sub->add_option("-o,--output", options->output, "The folder the guides (and media/) are written to")
              ->required()
              ->type_name("DIR");
          sub->add_flag("--force", options->force, "Replace files the folder already holds");
          sub->add_option("--max-size", options->max_size, "Largest file read, e.g. 1G, 512M")->capture_default_str();
        };
        CLI::App* anki = app.add_subcommand(
            "anki",
            "An Anki package (.apkg or .colpkg; Anki 2.1 and the zstd collections of 2.1.50+): a guide per deck");
        common(anki, "The package");
        CLI::App* anki_text = app.add_subcommand(
            "anki-text", "Anki's text notes (File > Export > Notes in Plain Text, with its # headers)");
        common(anki_text, "The text file");
        return [options, anki_text](Streams streams) { return run_import(*options, anki_text->parsed(), streams); };
      }};
}

}  // namespace prepdeck::cli
