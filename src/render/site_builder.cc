#include "render/site_builder.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "guide/markdown.h"
#include "render/assets.h"
#include "render/html.h"
#include "render/inline_extensions.h"
#include "render/page.h"
#include "util/gzip.h"
#include "util/parallel.h"
#include "util/paths.h"
#include "util/text.h"

namespace prepdeck::render {

namespace {

const guide::Guide* find_guide(const std::vector<guide::Guide>& all, const std::string& path) {
  for (const auto& g : all) {
    if (g.path == path) return &g;
  }
  return nullptr;
}

// related_quiz() with `find(path)` looking a guide up.
template <typename Find>
std::string related_quiz_by(const guide::Guide& g, const Find& find) {
  const auto quiz_page = [&find](const std::string& path) -> std::string {
    const guide::Guide* q = find(path);
    return q != nullptr && !q->quizzes.empty() ? path : std::string();
  };
  if (!g.quiz.related.empty()) {
    const std::string beside = util::normalize_path(util::join_path(util::parent_path(g.path), g.quiz.related));
    if (auto found = quiz_page(beside); !found.empty()) return found;
    if (auto found = quiz_page(util::normalize_path(g.quiz.related)); !found.empty()) return found;
  }
  if (!g.quizzes.empty()) return {};
  static constexpr std::string_view k_guides = "interview-questions/";
  if (g.path.rfind(k_guides, 0) == 0) return quiz_page("quiz/" + g.path.substr(k_guides.size()));
  return {};
}

bool is_home(const guide::Guide& g) { return g.path == "index.md" || g.path == "README.md"; }

// The nav titles and sections mkdocs.yml gives a page, by page path.
struct NavInfo {
  std::string title;
  std::vector<std::string> sections;
  bool listed = true;  // false: mkdocs.yml has a nav that leaves the page out
};

// "interview-questions/cloud_aws" -> {"Interview questions", "Cloud aws"}
std::vector<std::string> folder_sections(const std::string& path) {
  std::vector<std::string> sections;
  std::size_t start = 0;
  for (std::size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', start)) {
    std::string name = path.substr(start, slash - start);
    for (char& c : name) {
      if (c == '-' || c == '_') c = ' ';
    }
    if (!name.empty() && name[0] >= 'a' && name[0] <= 'z') name[0] = static_cast<char>(name[0] - 'a' + 'A');
    sections.push_back(std::move(name));
    start = slash + 1;
  }
  return sections;
}

// mkdocs.yml's nav where a site has one, else the folder tree.
std::unordered_map<std::string, NavInfo> nav_info(const guide::GuideSet& set) {
  std::unordered_map<std::string, NavInfo> info;
  for (const auto& site : set.sites) {
    const bool has_nav = !site.config.nav.empty();
    for (const auto& page : site.pages) {
      NavInfo entry{page.nav_title, page.nav_sections, page.in_nav || !has_nav};
      if (!has_nav) entry.sections = folder_sections(page.path);
      info.emplace(page.path, std::move(entry));
    }
  }
  return info;
}

// One search index entry. `url_prefix` and `guide` are JSON strings already
// (the same for every entry of a guide); `level` is a bare word.
void append_entry(std::string& out, std::string_view title, const std::string& url_prefix, std::string_view anchor,
                  const std::string& guide, std::string_view level, std::string_view text) {
  if (!out.empty()) out += ',';
  out += "{\"t\":";
  append_script_json_string(out, title);
  out += ",\"u\":";
  out.append(url_prefix, 0, url_prefix.size() - 1);  // without its closing quote
  out += anchor;                                     // an id slug: nothing to escape
  out += "\",\"g\":";
  out += guide;
  out += ",\"l\":\"";
  out += level;
  out += "\",\"x\":";
  append_script_json_string(out, text);
  out += '}';
}

// A guide's entries in the search index: JSON objects, comma-separated.
// `answers` holds each question's answer as plain text (from the rendered page);
// a guide that is not rendered as a page (the home page's introduction) has none.
std::string search_entries(const guide::Guide& g, std::vector<std::string> answers, util::UrlStyle style) {
  std::string url_prefix;
  append_script_json_string(url_prefix, page_url(g.path, style) + "#");
  std::string guide;
  append_script_json_string(guide, g.title);
  std::string out;
  for (std::size_t i = 0; i < g.questions.size(); ++i) {
    const guide::Question& q = g.questions[i];
    const std::string answer = i < answers.size() ? std::move(answers[i]) : guide::plain_text(q.answer_markdown);
    append_entry(out, guide::plain_text(q.title), url_prefix, anchor_of(q.id), guide, guide::to_string(q.level),
                 answer);
  }
  // A quiz item is found by its question and its options, never by what gives
  // its answer away: blanks are shown as ____, the right options are not told
  // apart, and the explanation (shown after answering) is left out.
  for (const auto& item : g.quizzes) {
    if (!item.valid) continue;
    std::string options;
    for (const guide::QuizOption& o : item.options) {
      if (!options.empty()) options += " \xC2\xB7 ";
      options += guide::plain_text(o.markdown);
    }
    append_entry(out, guide::plain_text(guide::hide_blanks(item.question_markdown)), url_prefix,
                 "quiz-" + anchor_of(item.id), guide, "quiz", options);
  }
  return out;
}

// A script, not JSON: browsers do not fetch() files over file://.
SiteFile search_index(std::vector<std::string>& parts) {
  SiteFile file{"assets/search-index.js", "window.PREPDECK_INDEX=[", {}};
  file.more.reserve(2 * parts.size() + 1);
  for (auto& p : parts) {
    if (p.empty()) continue;
    if (!file.more.empty()) file.more.emplace_back(",");
    file.more.push_back(std::move(p));
  }
  file.more.emplace_back("];\n");
  return file;
}

// sitemap.xml as MkDocs writes it: every page's full URL (the home page
// first, as the site's root).
std::string sitemap(const std::vector<guide::Guide>& guides, const guide::Guide* intro, const std::string& base_url,
                    util::UrlStyle style) {
  std::string base = base_url;
  if (base.empty() || base.back() != '/') base += '/';
  std::string out = R"(<?xml version="1.0" encoding="UTF-8"?>)"
                    "\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  const auto url = [&out, &base](const std::string& path) {
    out += "    <url>\n         <loc>" + escape(base + path) + "</loc>\n    </url>\n";
  };
  url(style == util::UrlStyle::directory ? "" : "index.html");
  for (const auto& g : guides) {
    if (&g != intro) url(page_url(g.path, style));
  }
  out += "</urlset>\n";
  return out;
}

}  // namespace

std::string related_quiz(const guide::Guide& g, const std::vector<guide::Guide>& all) {
  return related_quiz_by(g, [&all](const std::string& path) { return find_guide(all, path); });
}

void build_site(const guide::GuideSet& set, const BuildOptions& options, const FileSink& sink) {
  const auto& guides = set.guides;
  SiteContext site;
  site.base_url = options.base_url;
  site.api = options.api;
  const util::UrlStyle style = set.url_style;
  site.url_style = style;
  SiteLinks site_links;
  site_links.style = style;
  for (const auto& g : guides) site_links.pages.insert(g.path);
  for (const auto& s : set.sites) {
    for (const auto& f : s.static_files) site_links.files.insert(f.path);
  }
  site.links = &site_links;
  if (!set.sites.empty()) site.extensions = set.sites.front().extensions;
  site.icons = &IconSet::material();
  if (!set.sites.empty() && set.sites.front().is_mkdocs) {
    const source::MkdocsConfig& config = set.sites.front().config;
    site.extra = extra_assets(config);
    site.description = config.site_description;
    site.copyright = config.copyright;
    // Material's theme.logo and theme.favicon name files under docs_dir; the
    // icon names Material draws itself (material/school) are not files.
    const auto file_or_url = [&site_links](const std::string& path) {
      const std::string p = util::normalize_path(path);
      return path.find("://") != std::string::npos || site_links.files.contains(p) ? path : std::string();
    };
    site.logo = file_or_url(config.theme_logo);
    site.favicon = file_or_url(config.theme_favicon);
    if (site.base_url.empty()) site.base_url = config.site_url;
    apply_theme_settings(config, site);
  }
  TagIndex tag_index;
  if (!set.sites.empty() && set.sites.front().is_mkdocs && set.sites.front().config.tags_plugin) {
    std::map<std::string, std::vector<std::pair<std::string, std::string>>> by_tag;
    for (const auto& g : guides) {
      for (const std::string& tag : g.tags) by_tag[tag].emplace_back(g.title, page_url(g.path, style));
    }
    tag_index.tags.assign(by_tag.begin(), by_tag.end());
    const std::string& file = set.sites.front().config.tags_file;
    if (!file.empty() && site_links.pages.contains(file)) tag_index.page_url = page_url(file, style);
    site.tags = &tag_index;
  }
  for (const auto& s : set.sites) {
    if (!s.config.site_name.empty()) {
      site.site_name = s.config.site_name;
      break;
    }
  }
  const auto nav = nav_info(set);
  std::unordered_map<std::string, std::size_t> by_path;
  for (std::size_t i = 0; i < guides.size(); ++i) by_path.emplace(guides[i].path, i);
  const auto find_by_path = [&](const std::string& path) -> const guide::Guide* {
    const auto it = by_path.find(path);
    return it == by_path.end() ? nullptr : &guides[it->second];
  };
  const guide::Guide* intro = nullptr;
  std::vector<PageLinks> links(guides.size());
  for (std::size_t i = 0; i < guides.size(); ++i) {
    const guide::Guide& g = guides[i];
    const bool home_page = is_home(g) && intro == nullptr;
    if (home_page) intro = &g;
    std::string title = g.title;
    std::vector<std::string> sections = folder_sections(g.path);
    if (auto it = nav.find(g.path); it != nav.end()) {
      if (!it->second.listed) continue;
      if (!it->second.title.empty()) title = it->second.title;
      sections = it->second.sections;
    }
    if (home_page) {
      // The home page is the site's index.html; the nav lists it where mkdocs.yml does.
      add_nav_page(site.nav, sections, std::move(title), style == util::UrlStyle::directory ? "" : "index.html");
      continue;
    }
    links[i].nav_path = add_nav_page(site.nav, sections, std::move(title), page_url(g.path, style));
  }

  // Related pages: a guide's quiz, and a quiz page's guide.
  std::vector<std::size_t> study_of(guides.size(), SIZE_MAX);  // a quiz page's guide
  for (std::size_t i = 0; i < guides.size(); ++i) {
    const std::string quiz = related_quiz_by(guides[i], find_by_path);
    if (quiz.empty()) continue;
    const std::size_t k = by_path.at(quiz);
    links[i].quiz_url = page_url(quiz, style);
    links[i].quiz_title = guides[k].title;
    if (study_of[k] == SIZE_MAX) {
      study_of[k] = i;
      links[k].guide_url = page_url(guides[i].path, style);
      links[k].guide_title = guides[i].title;
    }
  }
  // Quiz items that repeat a question of their guide word for word take its level
  // (for the verdict) and link to it (for a wrong answer).
  for (std::size_t k = 0; k < guides.size(); ++k) {
    const guide::Guide& quiz_page = guides[k];
    if (quiz_page.quizzes.empty()) continue;
    links[k].quizzes.resize(quiz_page.quizzes.size());
    for (std::size_t n = 0; n < quiz_page.quizzes.size(); ++n) links[k].quizzes[n].level = quiz_page.quizzes[n].level;
    if (study_of[k] == SIZE_MAX) continue;
    const guide::Guide& study = guides[study_of[k]];
    std::unordered_map<std::string, const guide::Question*> by_title;
    for (const auto& q : study.questions) by_title.emplace(guide::question_key(q.title), &q);
    for (std::size_t n = 0; n < quiz_page.quizzes.size(); ++n) {
      const auto it = by_title.find(guide::quiz_stem_key(quiz_page.quizzes[n].question_markdown));
      if (it == by_title.end()) continue;
      const guide::Question& q = *it->second;
      if (q.level != guide::Level::unspecified) links[k].quizzes[n].level = q.level;
      links[k].quizzes[n].study_url =
          root_prefix(page_url(quiz_page.path, style)) + links[k].guide_url + "#" + anchor_of(q.id);
    }
  }
  // A guide with questions and no quiz doubles as a self-check quiz of its own questions.
  for (std::size_t i = 0; i < guides.size(); ++i) {
    const guide::Guide& g = guides[i];
    if (&g == intro || g.questions.empty() || !g.quizzes.empty() || !links[i].quiz_url.empty()) continue;
    links[i].self_check = true;
    links[i].quiz_url = page_url(g.path, style) + "#self-check";
    links[i].quiz_title = g.title + " self-check";
  }
  std::vector<HomeEntry> home;
  for (std::size_t i = 0; i < guides.size(); ++i) {
    if (&guides[i] == intro || guides[i].questions.empty()) continue;
    home.push_back(HomeEntry{&guides[i], page_url(guides[i].path, style), links[i].quiz_url, links[i].self_check});
  }

  std::vector<std::string> index_parts(guides.size());
  std::atomic<std::size_t> done{0};
  std::mutex progress_mutex;
  // Job 0 is the home page and the assets, written while the other threads
  // render guides; job i renders guide i - 1.
  util::parallel_for(guides.size() + 1, options.threads, [&](std::size_t job) {
    if (job == 0) {
      sink(SiteFile{"index.html", render_home_page(home, intro, site)});
      if (!site.api.empty()) {
        sink(SiteFile{"review.html", render_review_page(site)});
        sink(SiteFile{"level-test.html", render_level_test_page(site)});
        sink(SiteFile{"login.html", render_login_page(site)});
        sink(SiteFile{"analytics.html", render_analytics_page(site)});
      }
      for (const Asset& a : assets()) sink(SiteFile{std::string(a.path), shipped(a)});
      if (std::string script = analytics_script(site); !script.empty())
        sink(SiteFile{"assets/analytics.js", std::move(script)});
      sink(SiteFile{".nojekyll", {}});
      if (site.api.empty()) sink(SiteFile{"404.html", render_not_found_page(site)});
      if (!site.base_url.empty()) {
        std::string map = sitemap(guides, intro, site.base_url, style);
        sink(SiteFile{"sitemap.xml.gz", util::gzip_compress(map)});
        sink(SiteFile{"sitemap.xml", std::move(map)});
      }
      return;
    }
    const std::size_t i = job - 1;
    if (&guides[i] != intro) {
      const std::string url = page_url(guides[i].path, style);
      auto page = render_guide_page_and_text(guides[i], url, site, links[i]);
      sink(SiteFile{page_file(guides[i].path, style), std::move(page.html)});
      index_parts[i] = search_entries(guides[i], std::move(page.answer_text), style);
    } else {
      index_parts[i] = search_entries(guides[i], {}, style);
    }
    const std::size_t n = ++done;
    if (options.progress) {
      std::lock_guard lock(progress_mutex);
      options.progress(n, guides.size());
    }
  });
  sink(search_index(index_parts));
  // The sites' own files, where no file of ours already is.
  std::unordered_set<std::string> made{"index.html", "assets/search-index.js", ".nojekyll", "404.html",
                                       "assets/analytics.js"};
  if (!site.base_url.empty()) made.insert({"sitemap.xml", "sitemap.xml.gz"});
  for (const Asset& a : assets()) made.emplace(a.path);
  if (!site.api.empty()) made.insert({"review.html", "level-test.html", "login.html", "analytics.html"});
  for (const auto& g : guides) made.insert(page_file(g.path, style));
  for (const auto& s : set.sites) {
    for (const auto& f : s.static_files) {
      if (made.insert(f.path).second) sink(SiteFile{f.path, {}, {}, f.file});
    }
  }
}

std::vector<SiteFile> build_site(const guide::GuideSet& set, const BuildOptions& options) {
  std::vector<SiteFile> files;
  std::mutex mutex;
  build_site(set, options, [&](SiteFile&& f) {
    for (const auto& piece : f.more) f.content += piece;
    f.more.clear();
    std::lock_guard lock(mutex);
    files.push_back(std::move(f));
  });
  std::sort(files.begin(), files.end(), [](const SiteFile& a, const SiteFile& b) { return a.path < b.path; });
  return files;
}

}  // namespace prepdeck::render
