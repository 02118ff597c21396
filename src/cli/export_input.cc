#include "cli/export_input.h"

#include <cstdlib>
#include <optional>
#include <ostream>

#include "export/media.h"
#include "render/inline_extensions.h"
#include "render/page.h"
#include "util/parallel.h"
#include "util/paths.h"

namespace prepdeck::cli {

namespace {

// Which site each guide came from (GuideSet keeps the sites' pages in order).
std::vector<const source::Site*> site_of_guides(const guide::GuideSet& set) {
  std::vector<const source::Site*> out;
  for (const source::Site& site : set.sites) out.insert(out.end(), site.pages.size(), &site);
  out.resize(set.guides.size(), set.sites.empty() ? nullptr : &set.sites.front());
  return out;
}

std::string collection_title(const ExportSettings& settings, const guide::GuideSet& set) {
  if (!settings.title.empty()) return settings.title;
  if (!set.sites.empty() && !set.sites.front().config.site_name.empty()) return set.sites.front().config.site_name;
  if (settings.inputs.size() != 1) return "prepdeck";
  // The input's own name: a folder's, or a file's without its extension.
  std::string path = settings.inputs.front();
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
                                              bool code_colors, unsigned jobs) {
  const auto sites = site_of_guides(set);
  std::vector<exporter::ItemsHtml> out(set.guides.size());
  const auto render_one = [&](std::size_t i) {
    const guide::Guide& g = set.guides[i];
    render::ItemsContext context;
    if (sites[i] != nullptr) context.extensions = sites[i]->extensions;
    context.icons = &render::IconSet::material();
    context.code_colors = code_colors;
    if (packer != nullptr && sites[i] != nullptr) {
      context.links = [&, site = sites[i]](std::string_view destination,
                                           guide::LinkKind kind) -> std::optional<std::string> {
        if (kind != guide::LinkKind::image) return std::nullopt;
        return packer->add(*site, g.path, destination);
      };
    }
    out[i] = to_export(render::render_items_html(g, context));
  };
  util::parallel_for(set.guides.size(), jobs, render_one);
  return out;
}

}  // namespace

exporter::ExportInput export_input(const guide::GuideSet& set, const exporter::Exporter& format,
                                   const source::FileSystem& fs, const ExportSettings& settings, std::ostream& err) {
  exporter::ExportInput input;
  input.set = &set;
  input.title = collection_title(settings, set);
  input.modified = modified_times(set, fs);
  std::optional<exporter::MediaPacker> packer;
  if (format.reads == exporter::Reads::packed_html) packer.emplace(fs, settings.max_media_bytes);
  if (format.reads == exporter::Reads::html || format.reads == exporter::Reads::packed_html) {
    input.html = render_items(set, packer ? &*packer : nullptr, format.code_colors, settings.jobs);
  }
  if (packer) {
    // The packed images' names, now that every page has been rendered.
    packer->finish(format.media_prefix);
    util::parallel_for(input.html.size(), settings.jobs, [&](std::size_t i) {
      for (auto& q : input.html[i].questions) {
        for (std::string* html : {&q.title, &q.hint, &q.answer}) packer->name(*html);
        for (std::string& c : q.choices) packer->name(c);
      }
      for (auto& item : input.html[i].quizzes) {
        for (std::string& piece : item.question) packer->name(piece);
        for (std::string& o : item.options) packer->name(o);
        for (std::string& f : item.feedback) packer->name(f);
        packer->name(item.explanation);
      }
    });
    input.media = packer->take_files();
    for (const std::string& problem : packer->take_problems()) err << "prepdeck: " << problem << "\n";
  }
  return input;
}

}  // namespace prepdeck::cli
