#include "guide/link_check.h"

#include <algorithm>
#include <functional>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "guide/diagnostic_codes.h"
#include "guide/markdown.h"
#include "util/parallel.h"
#include "util/paths.h"
#include "util/text.h"
#include "util/url.h"

namespace prepdeck::guide {

namespace {

constexpr std::size_t k_max_suggestions = 64;  // broken links a page gets a suggestion for
constexpr std::size_t k_max_name = 160;        // longer names are not compared for a suggestion

using Ids = std::unordered_set<std::string>;

std::string last_part(const std::string& id) {
  const std::size_t slash = id.rfind('/');
  return slash == std::string::npos ? id : id.substr(slash + 1);
}

// ids written in raw HTML: id="x", id='x', name="x".
void raw_html_ids(std::string_view text, Ids& ids) {
  for (std::string_view key : {"id=", "name="}) {
    for (std::size_t at = text.find(key); at != std::string_view::npos; at = text.find(key, at + 1)) {
      if (at > 0 && text[at - 1] != ' ' && text[at - 1] != '\t' && text[at - 1] != '\n') continue;
      const std::size_t start = at + key.size();
      if (start >= text.size() || (text[start] != '"' && text[start] != '\'')) continue;
      const std::size_t end = text.find(text[start], start + 1);
      if (end == std::string_view::npos) continue;
      ids.emplace(text.substr(start + 1, end - start - 1));
    }
  }
}

Ids ids_of(const Guide& g) {
  Ids ids;
  walk_blocks(g, g.blocks, [&ids](const Block& b) {
    if (b.kind == BlockKind::heading && !b.anchor.empty()) ids.insert(b.anchor);
    if (b.kind == BlockKind::markdown && b.text.find('=') != std::string::npos) raw_html_ids(b.text, ids);
  });
  for (const Question& q : g.questions) ids.insert(last_part(q.id));
  for (const QuizItem& item : g.quizzes) ids.insert("quiz-" + last_part(item.id));
  ids.insert("self-check");
  return ids;
}

// The candidate nearest `wanted`: the same file name elsewhere first (not
// index.md, which every folder has), else the closest spelling within a third
// of its length. Empty when none is near.
template <typename Names>
std::string nearest(const std::string& wanted, const Names& names, bool by_file_name) {
  if (wanted.size() > k_max_name) return {};
  // A folder's index page shares its name with every other: only the path tells.
  std::string wanted_name = util::file_name(wanted);
  if (wanted_name == "index.md" || wanted_name == "README.md") wanted_name.clear();
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(1, wanted.size() / 3) + 1;
  for (const std::string& name : names) {
    if (name.size() > k_max_name) continue;
    if (by_file_name && util::file_name(name) == wanted_name && !wanted_name.empty()) {
      if (best_distance > 0 || name < best) best = name;
      best_distance = 0;
      continue;
    }
    const std::size_t d = util::edit_distance(wanted, name, best_distance - 1);
    if (d < best_distance || (d == best_distance && !best.empty() && name < best)) {
      best = name;
      best_distance = d;
    }
  }
  return best;
}

// A path from the folder of `from` (a page path) to `to`, both relative to the site's root.
std::string relative_path(const std::string& to, const std::string& from) {
  const std::string from_dir = util::parent_path(from);
  std::string prefix;
  std::string dir = from_dir;
  while (!dir.empty() && to.rfind(dir + "/", 0) != 0) {
    prefix += "../";
    dir = util::parent_path(dir);
  }
  return prefix + (dir.empty() ? to : to.substr(dir.size() + 1));
}

struct SiteIndex {
  std::unordered_map<std::string, const Guide*> pages;
  std::unordered_set<std::string> files;
  std::unordered_map<const Guide*, Ids> ids;
  std::vector<std::string> page_names;  // sorted, for suggestions
  std::vector<std::string> file_names;
};

class PageChecker {
 public:
  PageChecker(const Guide& g, const SiteIndex& site) : m_guide(g), m_site(site) {}

  std::vector<util::Diagnostic> run() {
    const auto check = [this](const Block& b) {
      if (b.kind == BlockKind::markdown) check_text(b);
    };
    walk_blocks(m_guide, m_guide.blocks, check);
    for (const Footnote& note : m_guide.footnotes) walk_blocks(m_guide, note.blocks, check);
    return std::move(m_found);
  }

 private:
  void check_text(const Block& b) {
    for (const LinkUse& use : find_links(b.text, LinkScope::relative)) {
      const auto [line, column] = position_in_block(b, use.offset);
      check(use, b.file, line, column);
    }
  }

  void report(std::uint32_t file, std::uint32_t line, std::uint32_t column, std::string_view code,
              std::string message) {
    util::Diagnostic d;
    d.file = file < m_guide.files.size() ? m_guide.files[file] : m_guide.file;
    d.line = line;
    d.column = column;
    d.severity = util::Severity::warning;
    d.code = code;
    d.message = std::move(message);
    m_found.push_back(std::move(d));
  }

  std::string suggestion(const std::string& target, const std::vector<std::string>& names) {
    if (++m_suggested > k_max_suggestions) return {};
    const std::string found = nearest(target, names, true);
    return found.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", relative_path(found, m_guide.path));
  }

  void check(const LinkUse& use, std::uint32_t file, std::uint32_t line, std::uint32_t column) {
    const std::string_view url = use.destination;
    const std::string_view what = use.kind == LinkKind::image ? "image" : "link";
    if (url.empty() || url.front() == '/' || url.front() == '\\' || util::has_url_scheme(url)) return;
    const std::size_t cut = url.find_first_of("?#");
    const std::string path = util::percent_decode(url.substr(0, cut));
    const std::size_t hash = url.find('#');
    const std::string fragment = hash == std::string_view::npos ? std::string() : std::string(url.substr(hash + 1));
    const Guide* target_page = nullptr;
    std::string target;
    if (path.empty()) {
      target_page = &m_guide;
    } else {
      target = util::normalize_path(util::join_path(util::parent_path(m_guide.path), path));
      if (target == ".." || target.rfind("../", 0) == 0) {
        report(file, line, column, codes::k_link_outside,
               fmt::format("{} '{}' leads out of the site's folder; it is left as written", what, url));
        return;
      }
      const std::string last = util::file_name(path);
      if (path.back() == '/' || last.find('.') == std::string::npos) return;  // a folder: MkDocs leaves it alone
      if (auto it = m_site.pages.find(target); it != m_site.pages.end()) {
        target_page = it->second;
      } else if (m_site.files.contains(target)) {
        return;
      } else {
        const bool page = target.ends_with(".md") || target.ends_with(".markdown");
        report(file, line, column, codes::k_link_missing,
               fmt::format("{} '{}' leads to no {} of the site{}", what, url, page ? "page" : "file",
                           suggestion(target, page ? m_site.page_names : m_site.file_names)));
        return;
      }
    }
    if (fragment.empty() || target_page == nullptr) return;
    const auto ids = m_site.ids.find(target_page);
    if (ids == m_site.ids.end() || ids->second.contains(fragment) ||
        ids->second.contains(util::percent_decode(fragment)))
      return;
    std::string hint;
    if (++m_suggested <= k_max_suggestions) {
      const std::string found = nearest(fragment, ids->second, false);
      if (!found.empty()) hint = fmt::format(" (did you mean '#{}'?)", found);
    }
    report(file, line, column, codes::k_anchor_missing,
           fmt::format("{} '{}': {} has no heading or question with the id '{}'{}", what, url,
                       target_page == &m_guide ? std::string("this page") : target_page->path, fragment, hint));
  }

  const Guide& m_guide;
  const SiteIndex& m_site;
  std::vector<util::Diagnostic> m_found;
  std::size_t m_suggested = 0;
};

}  // namespace

void check_links(GuideSet& set, unsigned threads) {
  SiteIndex site;
  for (const Guide& g : set.guides) {
    site.pages.emplace(g.path, &g);
    site.page_names.push_back(g.path);
  }
  for (const auto& s : set.sites) {
    for (const auto& f : s.static_files) {
      if (site.files.insert(f.path).second) site.file_names.push_back(f.path);
    }
  }
  std::sort(site.page_names.begin(), site.page_names.end());
  std::sort(site.file_names.begin(), site.file_names.end());
  std::vector<Ids> ids(set.guides.size());
  util::parallel_for(set.guides.size(), threads, [&](std::size_t i) { ids[i] = ids_of(set.guides[i]); });
  for (std::size_t i = 0; i < set.guides.size(); ++i) site.ids.emplace(&set.guides[i], std::move(ids[i]));
  std::vector<std::vector<util::Diagnostic>> found(set.guides.size());
  util::parallel_for(set.guides.size(), threads,
                     [&](std::size_t i) { found[i] = PageChecker(set.guides[i], site).run(); });
  for (std::size_t i = 0; i < set.guides.size(); ++i) {
    if (found[i].empty()) continue;
    auto& diagnostics = set.guides[i].diagnostics;
    diagnostics.insert(diagnostics.end(), std::make_move_iterator(found[i].begin()),
                       std::make_move_iterator(found[i].end()));
    util::sort_diagnostics(diagnostics);
  }
}

}  // namespace prepdeck::guide
