#include "guide/guide_set.h"

#include "guide/link_check.h"
#include "guide/parser.h"
#include "util/parallel.h"

namespace prepdeck::guide {

GuideSet load_guides(const source::FileSystem& fs, const std::vector<std::string>& inputs,
                     const source::LoadOptions& options, unsigned threads) {
  GuideSet set;
  struct Job {
    std::size_t site;
    std::size_t page;
  };
  std::vector<Job> jobs;
  for (const auto& input : inputs) {
    auto site = source::discover_site(fs, input);
    if (!site) {
      set.input_errors.push_back(site.error());
      continue;
    }
    for (auto& d : site->diagnostics) set.diagnostics.push_back(d);
    set.sites.push_back(std::move(*site));
    for (std::size_t p = 0; p < set.sites.back().pages.size(); ++p) jobs.push_back(Job{set.sites.size() - 1, p});
  }
  util::sort_diagnostics(set.diagnostics);
  if (!set.sites.empty() && set.sites.front().is_mkdocs && set.sites.front().config.use_directory_urls)
    set.url_style = util::UrlStyle::directory;
  set.guides.resize(jobs.size());

  util::parallel_for(jobs.size(), threads, [&](std::size_t k) {
    const source::Site& site = set.sites[jobs[k].site];
    const source::Page& page = site.pages[jobs[k].page];
    const source::SourceDocument doc = source::load_document(fs, site, page, options);
    ParseOptions parse_options;
    parse_options.shuffle_answers = site.config.quiz_shuffle_answers;
    parse_options.slug = site.config.slug;
    parse_options.extensions = site.extensions;
    set.guides[k] = parse_guide(doc, page.nav_title, parse_options);
  });
  check_links(set, threads);
  return set;
}

}  // namespace prepdeck::guide
