#include <chrono>
#include <memory>
#include <ostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/build_stamp.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/progress.h"
#include "render/site_builder.h"
#include "render/site_writer.h"
#include "util/paths.h"
#include "util/text.h"
#include "util/words.h"

namespace prepdeck::cli {

namespace {

struct BuildOptions {
  InputOptions input;
  std::string output;
  std::string base_url;
  bool strict = false;
  bool quiet = false;
  bool directory_urls = false;
  bool force = false;
  std::string format = "text";
};

// mkdocs.yml's folder holds `site/` as MkDocs does; otherwise `site/` here.
// Part of a project (a page or folder inside docs_dir) is no site to put in
// the project's `site/`: it goes to `site/` here too.
std::string default_output(const guide::GuideSet& set) {
  if (!set.sites.empty() && !set.sites.front().project_dir.empty() && !set.sites.front().within_project)
    return util::join_path(set.sites.front().project_dir, "site");
  return "site";
}

// Everything but --jobs, --quiet, --strict and --force shapes the site.
std::string key_of(const BuildOptions& options) {
  std::vector<std::string> parts{"build",
                                 "output " + options.output,
                                 "base-url " + options.base_url,
                                 options.directory_urls ? "directory-urls" : "",
                                 "max-file-size " + options.input.max_file_size,
                                 fmt::format("max-include-growth {}", options.input.max_include_growth)};
  for (const std::string& path : options.input.paths) parts.push_back("input " + path);
  return build_key(parts);
}

// The last line of a build, or with --format json its figures:
// {"pages","questions","output","ms","errors","warnings","unchanged"}.
std::string summary(const BuildOptions& options, std::size_t pages, std::size_t questions, const std::string& out_dir,
                    std::chrono::steady_clock::time_point start, const util::DiagnosticCounts& counts,
                    std::string_view how) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  if (options.format == "json") {
    return nlohmann::json{{"pages", pages},           {"questions", questions},  {"output", out_dir},
                          {"ms", ms.count()},         {"errors", counts.errors}, {"warnings", counts.warnings},
                          {"unchanged", !how.empty()}}
               .dump(2) +
           "\n";
  }
  return fmt::format("Built {} ({}) into {} in {} ms{}: {}, {}\n", util::counted(pages, "page"),
                     util::counted(questions, "question"), out_dir, ms.count(), how,
                     util::counted(counts.errors, "error"), util::counted(counts.warnings, "warning"));
}

// Told before anything is built; false under --strict when there is anything to tell.
bool tell(const std::vector<util::Diagnostic>& diagnostics, const BuildOptions& options, std::ostream& err) {
  const auto counts = util::count(diagnostics);
  print_diagnostics(diagnostics, options.quiet ? Warnings::hide : Warnings::show, err);
  if (options.strict && (counts.errors > 0 || counts.warnings > 0)) {
    err << fmt::format("prepdeck: {}, {}; nothing built (--strict)\n", util::counted(counts.errors, "error"),
                       util::counted(counts.warnings, "warning"));
    return false;
  }
  return true;
}

int run_build(const BuildOptions& options, Streams streams) {
  if (options.output == "-") {
    streams.err << "prepdeck: build writes a folder of pages; -o - (standard output) cannot hold one\n";
    return k_exit_usage;
  }
  const auto start = std::chrono::steady_clock::now();
  const source::DiskFileSystem disk;
  const std::string key = key_of(options);
  const std::string stamp_path = stamp_file(key);
  // Nothing changed since the last build of the same site: it stands as it is.
  if (auto stamp = options.force || stamp_path.empty() ? std::nullopt : read_stamp(disk, stamp_path);
      stamp && stamp_holds(*stamp, key, disk)) {
    if (!tell(stamp->diagnostics, options, streams.err)) return k_exit_findings;
    streams.out << summary(options, stamp->pages, stamp->questions, stamp->out_dir, start,
                           util::count(stamp->diagnostics), " (nothing changed since its last build)");
    return k_exit_ok;
  }
  const source::RecordingFileSystem recording(disk);
  guide::GuideSet set;
  if (!load(options.input, set, streams.err, recording)) return k_exit_usage;
  const auto diagnostics = all_diagnostics(set);
  const auto counts = util::count(diagnostics);
  if (options.directory_urls) set.url_style = util::UrlStyle::directory;
  const std::string out_dir = options.output.empty() ? default_output(set) : options.output;
  for (const auto& site : set.sites) {
    const bool single = site.is_single_file && !site.pages.empty();
    if (auto ok = render::check_output_dir(out_dir, single ? site.pages.front().file : site.root_dir,
                                           single ? render::SourceKind::file : render::SourceKind::folder);
        !ok) {
      streams.err << "prepdeck: " << ok.error().message << "\n";
      return k_exit_usage;
    }
  }
  // The folder is checked first: a refused one is said before any diagnostic.
  if (!tell(diagnostics, options, streams.err)) return k_exit_findings;
  auto writer = render::SiteWriter::open(out_dir);
  if (!writer) {
    streams.err << "prepdeck: " << writer.error().message << "\n";
    return k_exit_usage;
  }
  ProgressBar bar(streams.err, "Rendering", !options.quiet && is_terminal(streams.err));
  render::BuildOptions build{options.base_url, options.input.jobs,
                             [&bar](std::size_t done, std::size_t total) { bar.update(done, total); }};
  render::build_site(set, build, [&writer](render::SiteFile&& file) { writer->write(file); });
  bar.finish();
  if (auto written = writer->commit(options.input.jobs); !written) {
    streams.err << "prepdeck: " << written.error().message << "\n";
    return k_exit_usage;
  }
  for (const std::string& note : writer->notes()) streams.err << "prepdeck: warning: " << note << "\n";
  std::size_t questions = 0;
  for (const auto& g : set.guides) questions += g.questions.size();
  // A build that left a file out (it vanished while read) is not one to stand by.
  if (!stamp_path.empty() && writer->notes().empty()) {
    save_stamp(stamp_path, BuildStamp{key, out_dir, recording.record(), writer->written(), set.guides.size(), questions,
                                      diagnostics});
  }
  streams.out << summary(options, set.guides.size(), questions, out_dir, start, counts, "");
  return k_exit_ok;
}

}  // namespace

Command build_command() {
  return Command{"build", "Build the interactive static site", [](CLI::App& app) {
                   auto options = std::make_shared<BuildOptions>();
                   add_input_options(app, options->input);
                   app.add_option("-o,--output", options->output,
                                  "Output folder (default: site/ beside mkdocs.yml, else ./site)");
                   app.add_option("--base-url", options->base_url,
                                  "Where the site will be published; pages get canonical links there");
                   app.add_flag("--strict", options->strict, "Build nothing when there are errors or warnings");
                   app.add_flag("--directory-urls", options->directory_urls,
                                "Pages at a/page/ (index.html inside), as MkDocs' use_directory_urls makes them; "
                                "the default for an MkDocs project unless mkdocs.yml says false");
                   app.add_flag("-q,--quiet", options->quiet, "Do not print warnings or the progress bar");
                   app.add_option("--format", options->format, "The summary: text, or json (pages, questions, ...)")
                       ->check(CLI::IsMember({"text", "json"}))
                       ->type_name("FORMAT");
                   app.add_flag_callback(
                       "--json", [options] { options->format = "json"; }, "Same as --format json");
                   app.add_flag("--force", options->force,
                                "Build even when nothing changed since the last build of the same site (a stamp "
                                "in ~/.cache/prepdeck tells; without --force an unchanged site is left as it is)");
                   return [options](Streams streams) { return run_build(*options, streams); };
                 }};
}

}  // namespace prepdeck::cli
