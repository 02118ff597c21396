#include <chrono>
#include <memory>
#include <ostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/output.h"
#include "cli/progress.h"
#include "render/site_builder.h"
#include "render/site_writer.h"
#include "util/paths.h"

namespace prepdeck::cli {

namespace {

struct BuildOptions {
  InputOptions input;
  std::string output;
  std::string base_url;
  bool strict = false;
  bool quiet = false;
  bool directory_urls = false;
};

// mkdocs.yml's folder holds `site/` as MkDocs does; otherwise `site/` here.
std::string default_output(const guide::GuideSet& set) {
  if (!set.sites.empty() && !set.sites.front().project_dir.empty())
    return util::join_path(set.sites.front().project_dir, "site");
  return "site";
}

int run_build(const BuildOptions& options, Streams streams) {
  if (options.output == "-") {
    streams.err << "prepdeck: build writes a folder of pages; -o - (standard output) cannot hold one\n";
    return k_exit_usage;
  }
  const auto start = std::chrono::steady_clock::now();
  guide::GuideSet set;
  if (!load(options.input, set, streams.err)) return k_exit_usage;
  const auto diagnostics = all_diagnostics(set);
  const auto counts = util::count(diagnostics);
  print_diagnostics(diagnostics, options.quiet ? Warnings::hide : Warnings::show, streams.err);
  if (options.strict && (counts.errors > 0 || counts.warnings > 0)) {
    streams.err << fmt::format("prepdeck: {} error{}, {} warning{}; nothing built (--strict)\n", counts.errors,
                               counts.errors == 1 ? "" : "s", counts.warnings, counts.warnings == 1 ? "" : "s");
    return k_exit_findings;
  }
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
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  std::size_t questions = 0;
  for (const auto& g : set.guides) questions += g.questions.size();
  streams.out << fmt::format("Built {} pages ({} questions) into {} in {} ms: {} error{}, {} warning{}\n",
                             set.guides.size(), questions, out_dir, ms.count(), counts.errors,
                             counts.errors == 1 ? "" : "s", counts.warnings, counts.warnings == 1 ? "" : "s");
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
                   return [options](Streams streams) { return run_build(*options, streams); };
                 }};
}

}  // namespace prepdeck::cli
