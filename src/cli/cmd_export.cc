#include <cstdlib>
#include <memory>
#include <ostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/output.h"
#include "engine/item_analysis.h"
#include "export/exporter.h"
#include "export/media.h"
#include "render/inline_extensions.h"
#include "render/page.h"
#include "store/store.h"
#include "util/output_file.h"
#include "util/parallel.h"
#include "util/paths.h"
#include "util/text.h"

namespace prepdeck::cli {

namespace {

struct ExportOptions {
  InputOptions input;
  std::string format = "json";
  std::string output;
  std::string title;
  std::string db;
};

// Which site each guide came from (GuideSet keeps the sites' pages in order).
std::vector<const source::Site*> site_of_guides(const guide::GuideSet& set) {
  std::vector<const source::Site*> out;
  for (const source::Site& site : set.sites) out.insert(out.end(), site.pages.size(), &site);
  out.resize(set.guides.size(), set.sites.empty() ? nullptr : &set.sites.front());
  return out;
}

std::string collection_title(const ExportOptions& options, const guide::GuideSet& set) {
  if (!options.title.empty()) return options.title;
  if (!set.sites.empty() && !set.sites.front().config.site_name.empty()) return set.sites.front().config.site_name;
  if (options.input.paths.size() != 1) return "prepdeck";
  // The input's own name: a folder's, or a file's without its extension.
  std::string path = options.input.paths.front();
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  std::string name = util::strip_extension(util::file_name(path));
  if (name.empty() || name == "." || name == "..") name = "prepdeck";
  return name;
}

// When each guide last changed, in Unix seconds: SOURCE_DATE_EPOCH when set
// (reproducible builds), else its file's modification time.
std::vector<std::int64_t> modified_times(const guide::GuideSet& set, const source::FileSystem& fs) {
  std::optional<std::int64_t> epoch;
  if (const char* env = std::getenv("SOURCE_DATE_EPOCH"); env != nullptr && *env != '\0') {
    char* end = nullptr;
    const long long value = std::strtoll(env, &end, 10);
    if (end != nullptr && *end == '\0' && value >= 0) epoch = value;
  }
  std::vector<std::int64_t> out;
  out.reserve(set.guides.size());
  for (const guide::Guide& g : set.guides) {
    if (epoch) {
      out.push_back(*epoch);
      continue;
    }
    const source::FileStamp stamp = fs.stamp(g.file);
    out.push_back(stamp.kind == source::EntryKind::file ? stamp.modified / 1'000'000'000 : 0);
  }
  return out;
}

exporter::ItemsHtml to_export(render::ItemsHtml&& rendered) {
  exporter::ItemsHtml out;
  out.questions.reserve(rendered.questions.size());
  for (auto& q : rendered.questions) {
    out.questions.push_back({std::move(q.title), std::move(q.hint), std::move(q.answer), std::move(q.choices)});
  }
  out.quizzes.reserve(rendered.quizzes.size());
  for (auto& item : rendered.quizzes) {
    out.quizzes.push_back(
        {std::move(item.question), std::move(item.options), std::move(item.feedback), std::move(item.explanation)});
  }
  return out;
}

// Each guide's items as its site renders them; with a packer, images become packed media.
std::vector<exporter::ItemsHtml> render_items(const guide::GuideSet& set, exporter::MediaPacker* packer,
                                              std::string_view prefix, unsigned jobs) {
  const auto sites = site_of_guides(set);
  std::vector<exporter::ItemsHtml> out(set.guides.size());
  const auto render_one = [&](std::size_t i) {
    const guide::Guide& g = set.guides[i];
    render::ItemsContext context;
    if (sites[i] != nullptr) context.extensions = sites[i]->extensions;
    context.icons = &render::IconSet::material();
    if (packer != nullptr && sites[i] != nullptr) {
      context.links = [&, site = sites[i]](std::string_view destination,
                                           guide::LinkKind kind) -> std::optional<std::string> {
        if (kind != guide::LinkKind::image) return std::nullopt;
        return packer->add(*site, g.path, destination, prefix);
      };
    }
    out[i] = to_export(render::render_items_html(g, context));
  };
  // Packing names files in the order they are met: one thread keeps that order the same every run.
  util::parallel_for(set.guides.size(), packer != nullptr ? 1 : jobs, render_one);
  return out;
}

util::Expected<exporter::Analytics> read_analytics(const std::string& url, const guide::GuideSet& set) {
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

  exporter::ExportInput input;
  input.set = &set;
  input.title = collection_title(options, set);
  input.modified = modified_times(set, fs);
  std::optional<exporter::MediaPacker> packer;
  if (format->reads == exporter::Reads::packed_html) {
    std::uint64_t max_bytes = 0;
    parse_size(options.input.max_file_size, max_bytes);
    packer.emplace(fs, max_bytes);
  }
  if (format->reads == exporter::Reads::html || format->reads == exporter::Reads::packed_html) {
    input.html = render_items(set, packer ? &*packer : nullptr, format->media_prefix, options.input.jobs);
  }
  if (packer) {
    input.media = packer->take_files();
    for (const std::string& problem : packer->take_problems()) streams.err << "prepdeck: " << problem << "\n";
  }
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
      "export", "Export guides for other tools: JSON, CSV, Anki, Moodle (GIFT, XML)", [](CLI::App& app) {
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
