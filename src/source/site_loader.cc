#include "source/site_loader.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "source/encoding.h"
#include "source/mojibake.h"
#include "source/source_codes.h"
#include "util/paths.h"
#include "util/text.h"

namespace prepdeck::source {

namespace {

constexpr int k_max_folder_depth = 64;

bool is_markdown(const std::string& name) {
  const auto dot = name.rfind('.');
  if (dot == std::string::npos) return false;
  const std::string ext = util::to_lower_ascii(std::string_view(name).substr(dot));
  return ext == ".md" || ext == ".markdown";
}

bool inside_roots(const FileSystem& fs, const std::vector<std::string>& roots, const std::string& path) {
  const std::string identity = fs.identity(path);
  return std::any_of(roots.begin(), roots.end(),
                     [&identity](const std::string& root) { return is_within(identity, root); });
}

// What a folder walk finds, relative to the folder walked.
struct Listing {
  std::vector<std::string> pages;  // Markdown files
  std::vector<std::string> files;  // every other regular file
};

// `top`: the name a folder at the top of the walk may not have (the build
// output "site" of a folder of guides, MkDocs' "templates" in docs_dir).
void walk(const FileSystem& fs, const std::string& dir, const std::string& relative, int depth,
          const std::vector<std::string>& roots, std::set<std::string>& visited, std::string_view top, Listing& out) {
  if (depth > k_max_folder_depth) return;
  if (!visited.insert(fs.identity(dir)).second) return;  // a symlink loop
  auto entries = fs.list_directory(dir);
  if (!entries) return;
  for (const auto& entry : *entries) {
    if (entry.name.empty() || entry.name.front() == '.') continue;
    const std::string child_rel = relative.empty() ? entry.name : relative + "/" + entry.name;
    const std::string child = util::join_path(dir, entry.name);
    // A symlink is followed only while it stays in the project ("docs/x -> /" is not).
    if (entry.symlink && !inside_roots(fs, roots, child)) continue;
    if (entry.kind == EntryKind::directory) {
      if (relative.empty() && entry.name == top) continue;
      walk(fs, child, child_rel, depth + 1, roots, visited, top, out);
    } else if (entry.kind == EntryKind::file) {
      (is_markdown(entry.name) ? out.pages : out.files).push_back(child_rel);
    }
  }
}

void add_static_files(Site& site, std::vector<std::string> files) {
  std::sort(files.begin(), files.end());
  site.static_files.reserve(files.size());
  for (auto& path : files) {
    if (!site.config.exclude_docs.empty() && is_excluded(path, site.config.exclude_docs)) continue;
    site.static_files.push_back(StaticFile{util::join_path(site.root_dir, path), std::move(path)});
  }
}

void collect_nav(const std::vector<NavEntry>& entries, std::vector<std::string>& trail,
                 std::vector<std::pair<const NavEntry*, std::vector<std::string>>>& out) {
  for (const auto& entry : entries) {
    if (!entry.page.empty()) out.emplace_back(&entry, trail);
    if (!entry.children.empty()) {
      trail.push_back(entry.title);
      collect_nav(entry.children, trail, out);
      trail.pop_back();
    }
  }
}

void set_roots(const FileSystem& fs, Site& site) {
  const auto add = [&](const std::string& dir) {
    std::string identity = fs.identity(dir.empty() ? std::string(".") : dir);
    if (std::find(site.roots.begin(), site.roots.end(), identity) == site.roots.end()) {
      site.roots.push_back(std::move(identity));
    }
  };
  add(site.root_dir);
  if (!site.is_mkdocs) return;
  add(site.project_dir);
  for (const std::string& base : site.config.snippet_base_paths) add(util::join_path(site.project_dir, base));
}

// True when MkDocs' walk of docs_dir reaches `a` before `b`: a folder's
// files before its subfolders, index.md and README.md first among the files,
// names in code point order.
bool walked_before(std::string_view a, std::string_view b) {
  while (true) {
    const std::size_t a_slash = a.find('/');
    const std::size_t b_slash = b.find('/');
    const std::string_view a_name = a.substr(0, a_slash);
    const std::string_view b_name = b.substr(0, b_slash);
    const bool a_file = a_slash == std::string_view::npos;
    const bool b_file = b_slash == std::string_view::npos;
    if (a_file != b_file) return a_file;
    if (a_name != b_name || a_file) {
      if (a_file) {
        const auto first = [](std::string_view name) {
          const std::string_view stem = name.substr(0, name.rfind('.'));
          return stem == "index" || stem == "README";
        };
        if (first(a_name) != first(b_name)) return first(a_name);
      }
      return a_name < b_name;
    }
    a.remove_prefix(a_slash + 1);
    b.remove_prefix(b_slash + 1);
  }
}

// With directory URLs, `a.md` and `a/index.md` (or `a/README.md` and
// `a/index.md`) are one URL. MkDocs keeps the one its walk reaches last and
// leaves the others out with a warning; so does prepdeck.
void leave_out_conflicting_pages(Site& site) {
  std::unordered_map<std::string, std::size_t> by_url;
  std::vector<bool> left_out(site.pages.size(), false);
  for (std::size_t i = 0; i < site.pages.size(); ++i) {
    const auto [it, inserted] = by_url.emplace(util::page_url(site.pages[i].path, util::UrlStyle::directory), i);
    if (inserted) continue;
    std::size_t& kept = it->second;
    const bool this_wins = walked_before(site.pages[kept].path, site.pages[i].path);
    const std::size_t loser = this_wins ? kept : i;
    const std::size_t winner = this_wins ? i : kept;
    left_out[loser] = true;
    kept = winner;
    site.diagnostics.push_back(
        util::make_diagnostic(site.pages[loser].file, 0, 0, util::Severity::warning, codes::k_page_conflict,
                              fmt::format("left out of the site: '{}' has the same URL '{}', and MkDocs keeps that one",
                                          site.pages[winner].path, it->first)));
  }
  if (std::find(left_out.begin(), left_out.end(), true) == left_out.end()) return;
  std::vector<Page> pages;
  pages.reserve(site.pages.size());
  for (std::size_t i = 0; i < site.pages.size(); ++i) {
    if (!left_out[i]) pages.push_back(std::move(site.pages[i]));
  }
  site.pages = std::move(pages);
}

// theme.custom_dir holds Jinja templates that override Material's; prepdeck
// draws its own pages and cannot apply them: said once, naming the templates
// (the first few, breadth first, symlinks not followed).
void report_custom_dir(const FileSystem& fs, const std::string& config_file, Site& site) {
  constexpr std::size_t k_named = 5;
  constexpr std::size_t k_visited = 2000;
  const std::string dir = util::join_path(site.project_dir, util::normalize_path(site.config.theme_custom_dir));
  std::vector<std::string> templates;
  std::size_t count = 0;
  std::vector<std::string> folders{""};
  for (std::size_t visited = 0; visited < folders.size() && visited < k_visited; ++visited) {
    const std::string folder = folders[visited];
    auto entries = fs.list_directory(folder.empty() ? dir : util::join_path(dir, folder));
    if (!entries) continue;
    for (const DirectoryEntry& entry : *entries) {
      if (entry.symlink || entry.name.empty() || entry.name.front() == '.') continue;
      const std::string path = folder.empty() ? entry.name : folder + "/" + entry.name;
      if (entry.kind == EntryKind::directory) folders.push_back(path);
      if (entry.kind == EntryKind::file && entry.name.ends_with(".html")) {
        ++count;
        if (templates.size() < k_named) templates.push_back(path);
      }
    }
  }
  if (count == 0) return;
  std::string names;
  for (const std::string& t : templates) names += (names.empty() ? "" : ", ") + t;
  if (count > templates.size()) names += fmt::format(" and {} more", count - templates.size());
  site.diagnostics.push_back(util::make_diagnostic(
      config_file, 0, 0, util::Severity::warning, codes::k_custom_dir_ignored,
      fmt::format("theme.custom_dir '{}' overrides Material's templates, which prepdeck does not use: {}",
                  site.config.theme_custom_dir, names)));
}

void load_mkdocs(const FileSystem& fs, const std::string& config_file, Site& site) {
  site.is_mkdocs = true;
  site.project_dir = util::parent_path(config_file);
  auto text = fs.read_file(config_file, 4u << 20);
  if (!text) {
    site.diagnostics.push_back(util::make_diagnostic(config_file, 0, 0, util::Severity::error, codes::k_unreadable_file,
                                                     fmt::format("cannot read: {}", text.error().message)));
  } else {
    auto parsed = parse_mkdocs_config(decode_text(std::move(*text)).text);
    site.config = std::move(parsed.config);
    if (parsed.error) {
      site.diagnostics.push_back(util::make_diagnostic(
          config_file, parsed.error->line, parsed.error->column, util::Severity::error, codes::k_mkdocs_config_invalid,
          fmt::format("mkdocs.yml could not be read ({}); pages are taken in folder order", parsed.error->message)));
    }
    for (const auto& w : parsed.warnings) {
      site.diagnostics.push_back(util::make_diagnostic(config_file, w.line, w.column, util::Severity::warning,
                                                       codes::k_mkdocs_config_invalid, w.message));
    }
    site.extensions = enabled_extensions(site.config);
    if (const auto unsupported = unsupported_extensions(site.config); !unsupported.empty()) {
      std::string names;
      for (const auto& [name, line] : unsupported) names += (names.empty() ? "" : ", ") + name;
      site.diagnostics.push_back(util::make_diagnostic(
          config_file, unsupported.front().second, 0, util::Severity::warning, codes::k_extension_unsupported,
          fmt::format("{}: {}",
                      unsupported.size() == 1
                          ? "Markdown extension prepdeck does not support (its syntax shows as text)"
                          : "Markdown extensions prepdeck does not support (their syntax shows as "
                            "text)",
                      names)));
    }
  }
  site.root_dir = util::join_path(site.project_dir, site.config.docs_dir);
  if (!site.config.theme_custom_dir.empty()) report_custom_dir(fs, config_file, site);
  set_roots(fs, site);

  Listing listing;
  std::set<std::string> visited;
  if (fs.kind(site.root_dir) == EntryKind::directory)
    walk(fs, site.root_dir, "", 1, site.roots, visited, "templates", listing);
  add_static_files(site, std::move(listing.files));
  std::vector<std::string>& files = listing.pages;
  // exclude_docs leaves pages out (they can still be included into others).
  std::vector<std::string> excluded;
  if (!site.config.exclude_docs.empty()) {
    const auto out = std::stable_partition(files.begin(), files.end(), [&site](const std::string& path) {
      return !is_excluded(path, site.config.exclude_docs);
    });
    excluded.assign(out, files.end());
    files.erase(out, files.end());
    std::sort(excluded.begin(), excluded.end());
  }
  std::sort(files.begin(), files.end());

  std::vector<std::pair<const NavEntry*, std::vector<std::string>>> nav_pages;
  std::vector<std::string> trail;
  collect_nav(site.config.nav, trail, nav_pages);

  std::unordered_map<std::string, std::size_t> placed;
  for (const auto& [entry, sections] : nav_pages) {
    const std::string path = entry->page;
    if (placed.count(path) != 0) continue;  // MkDocs allows a page twice in nav; read it once
    const std::string file = util::join_path(site.root_dir, path);
    if (!std::binary_search(files.begin(), files.end(), path)) {
      if (fs.kind(file) == EntryKind::file && !inside_roots(fs, site.roots, file)) {
        site.diagnostics.push_back(util::make_diagnostic(
            config_file, entry->line, 0, util::Severity::warning, codes::k_nav_missing_page,
            fmt::format("nav lists '{}', which is outside {}; it is not read", path, site.config.docs_dir)));
        continue;
      }
      if (std::binary_search(excluded.begin(), excluded.end(), path)) {
        site.diagnostics.push_back(
            util::make_diagnostic(config_file, entry->line, 0, util::Severity::warning, codes::k_nav_missing_page,
                                  fmt::format("nav lists '{}', which exclude_docs leaves out; it is not read", path)));
        continue;
      }
      if (fs.kind(file) != EntryKind::file || !is_markdown(path)) {
        if (is_markdown(path) || path.find('.') == std::string::npos) {
          site.diagnostics.push_back(util::make_diagnostic(
              config_file, entry->line, 0, util::Severity::warning, codes::k_nav_missing_page,
              fmt::format("nav lists '{}', which is not a page under {}", path, site.config.docs_dir)));
        }
        continue;
      }
    }
    Page page;
    page.file = file;
    page.path = path;
    page.nav_title = entry->title;
    page.nav_sections = sections;
    page.in_nav = true;
    placed.emplace(path, site.pages.size());
    site.pages.push_back(std::move(page));
  }
  for (const auto& path : files) {
    if (placed.count(path) != 0) continue;
    Page page;
    page.file = util::join_path(site.root_dir, path);
    page.path = path;
    site.pages.push_back(std::move(page));
  }
  if (site.config.use_directory_urls) leave_out_conflicting_pages(site);
}

std::string find_config(const FileSystem& fs, const std::string& dir) {
  for (const char* name : {"mkdocs.yml", "mkdocs.yaml"}) {
    const std::string candidate = util::join_path(dir, name);
    if (fs.kind(candidate) == EntryKind::file) return candidate;
  }
  return {};
}

}  // namespace

// The mkdocs.yml of the project `path` lies in, as git finds a repository:
// the nearest one in a folder above it (relative paths go on above the
// working folder). Empty when there is none.
std::string enclosing_config(const FileSystem& fs, const std::string& path) {
  std::string dir = path;
  std::string last = fs.identity(path);
  for (int depth = 0; depth < 64; ++depth) {
    std::string parent;
    if (dir == "/") return {};
    if (dir.empty() || dir == ".") {
      parent = "..";
    } else if (dir == ".." || dir.ends_with("/..")) {
      parent = dir + "/..";
    } else {
      parent = util::parent_path(dir);
      if (parent.empty()) parent = ".";
    }
    if (fs.kind(parent) != EntryKind::directory) return {};
    const std::string id = fs.identity(parent);
    if (id.empty() || id == last) return {};  // the top of the file system
    last = id;
    if (std::string config = find_config(fs, parent); !config.empty()) return config;
    dir = std::move(parent);
  }
  return {};
}

// `input` is a file or folder inside the docs_dir of the project of `config`:
// the project is read (its docs_dir, includes, nav titles and ids), and only
// the pages at or under `input` kept, so a page has the same id and progress
// whichever path names it. False when `input` is not under docs_dir.
bool load_within_project(const FileSystem& fs, const std::string& config, const std::string& input, bool file,
                         Site& site) {
  Site project;
  project.input = site.input;
  load_mkdocs(fs, config, project);
  const std::string root = fs.identity(project.root_dir);
  const std::string target = fs.identity(input);
  const auto inside = [&](const std::string& file_path) {
    const std::string id = fs.identity(file_path);
    return file ? id == target : id.size() > target.size() && id.starts_with(target) && id[target.size()] == '/';
  };
  if (root.empty() || target.size() <= root.size() || !target.starts_with(root) || target[root.size()] != '/')
    return false;
  std::erase_if(project.pages, [&](const Page& page) { return !inside(page.file); });
  if (file) {
    project.static_files.clear();
  } else {
    std::erase_if(project.static_files, [&](const StaticFile& f) { return !inside(f.file); });
  }
  project.is_single_file = file;
  project.within_project = true;
  site = std::move(project);
  return true;
}

util::Expected<Site> discover_site(const FileSystem& fs, const std::string& input) {
  Site site;
  site.input = input;
  const std::string path = input.empty() ? std::string(".") : util::normalize_path(input);
  const EntryKind kind = fs.kind(path);
  if (kind == EntryKind::missing) return util::fail(fmt::format("{}: no such file or directory", input));
  if (kind == EntryKind::directory) {
    if (const std::string config = find_config(fs, path); !config.empty()) {
      load_mkdocs(fs, config, site);
      return site;
    }
    if (const std::string config = enclosing_config(fs, path);
        !config.empty() && load_within_project(fs, config, path, false, site)) {
      return site;
    }
    site.root_dir = path;
    set_roots(fs, site);
    Listing listing;
    std::set<std::string> visited;
    walk(fs, path, "", 0, site.roots, visited, "site", listing);
    add_static_files(site, std::move(listing.files));
    std::vector<std::string>& files = listing.pages;
    std::sort(files.begin(), files.end());
    for (auto& rel : files) {
      Page page;
      page.file = util::join_path(path, rel);
      page.path = std::move(rel);
      site.pages.push_back(std::move(page));
    }
    return site;
  }
  if (kind != EntryKind::file) return util::fail(fmt::format("{}: not a file or directory", input));
  const std::string name = util::file_name(path);
  if (name == "mkdocs.yml" || name == "mkdocs.yaml") {
    load_mkdocs(fs, path, site);
    return site;
  }
  if (const std::string config = enclosing_config(fs, path);
      !config.empty() && load_within_project(fs, config, path, true, site)) {
    return site;
  }
  site.root_dir = util::parent_path(path);
  site.is_single_file = true;
  set_roots(fs, site);
  Page page;
  page.file = path;
  page.path = name;
  site.pages.push_back(std::move(page));
  return site;
}

util::Expected<LoadedText> load_text(const FileSystem& fs, const std::string& file, const LoadOptions& options,
                                     std::vector<util::Diagnostic>* file_errors) {
  auto bytes = fs.read_file(file, options.max_file_bytes);
  if (!bytes) {
    const bool too_large = bytes.error().message.rfind("too large", 0) == 0;
    if (file_errors != nullptr) {
      file_errors->push_back(util::make_diagnostic(
          file, 0, 0, util::Severity::error, too_large ? codes::k_file_too_large : codes::k_unreadable_file,
          too_large ? fmt::format("file is {} (--max-file-size raises it)", bytes.error().message)
                    : fmt::format("cannot read file: {}", bytes.error().message)));
    }
    return tl::unexpected(bytes.error());
  }
  DecodedText decoded = decode_text(std::move(*bytes));
  if (decoded.binary) {
    if (file_errors != nullptr) {
      file_errors->push_back(util::make_diagnostic(file, 0, 0, util::Severity::error, codes::k_not_a_text_file,
                                                   "not a text file (it contains NUL bytes); skipped"));
    }
    return util::fail("not a text file");
  }
  LoadedText loaded;
  if (decoded.encoding == Encoding::windows1252) {
    loaded.diagnostics.push_back(util::make_diagnostic(file, 0, 0, util::Severity::warning,
                                                       codes::k_decoded_as_windows_1252,
                                                       "not valid UTF-8; read as Windows-1252 (save it as UTF-8)"));
  }
  auto repaired = repair_mojibake(decoded.text);
  if (!repaired.repairs.empty()) {
    // One warning per line, naming what was restored there.
    const auto lines = util::split_lines(decoded.text);
    std::size_t i = 0;
    while (i < repaired.repairs.size()) {
      const std::uint32_t line = repaired.repairs[i].line;
      std::size_t j = i;
      std::string what;
      while (j < repaired.repairs.size() && repaired.repairs[j].line == line) {
        if (j - i < 3) {
          if (!what.empty()) what += ", ";
          what += fmt::format("\"{}\" -> \"{}\"", repaired.repairs[j].original, repaired.repairs[j].repaired);
        }
        ++j;
      }
      if (j - i > 3) what += fmt::format(" and {} more", j - i - 3);
      auto d = util::make_diagnostic(file, line, repaired.repairs[i].column, util::Severity::warning,
                                     codes::k_mojibake_repaired,
                                     fmt::format("repaired mojibake (UTF-8 once read as Windows-1252): {}", what));
      if (line >= 1 && line <= lines.size()) d.source_line = std::string(lines[line - 1]);
      loaded.diagnostics.push_back(std::move(d));
      i = j;
    }
    loaded.text = std::move(repaired.text);
  } else {
    loaded.text = std::move(decoded.text);
  }
  if (const auto controls = replace_control_characters(loaded.text); !controls.empty()) {
    // One warning, at the first; the others are counted.
    const std::string_view text = loaded.text;
    const std::size_t at = controls.front();
    const std::size_t newline = at == 0 ? std::string_view::npos : text.rfind('\n', at - 1);
    const std::size_t line_start = newline == std::string_view::npos ? 0 : newline + 1;
    const std::string_view line = text.substr(line_start, text.find('\n', at) - line_start);
    auto d = util::make_diagnostic(
        file, static_cast<std::uint32_t>(std::count(text.begin(), text.begin() + line_start, '\n') + 1),
        util::column_of_byte_offset(line, at - line_start), util::Severity::warning, codes::k_control_character,
        controls.size() == 1
            ? std::string("a control character (it draws nothing, and a terminal would obey it) was replaced by U+FFFD")
            : fmt::format("{} control characters (they draw nothing, and a terminal would obey them) were replaced "
                          "by U+FFFD; this is the first",
                          controls.size()));
    util::set_source_window(d, line, at - line_start);
    loaded.diagnostics.push_back(std::move(d));
  }
  return loaded;
}

SourceDocument load_document(const FileSystem& fs, const Site& site, const Page& page, const LoadOptions& options) {
  SourceDocument doc;
  doc.file = page.file;
  doc.path = page.path;
  auto loaded = load_text(fs, page.file, options, &doc.diagnostics);
  if (!loaded) {
    doc.map.add_file(page.file);
    return doc;
  }
  doc.readable = true;
  IncludeContext context;
  context.fs = &fs;
  context.docs_dir = site.root_dir;
  context.project_dir = site.project_dir;
  context.max_depth = options.max_include_depth;
  context.growth_limit = options.max_include_growth;
  context.allowed_roots = site.roots;
  for (const std::string& base : site.config.snippet_base_paths) {
    context.base_paths.push_back(util::join_path(site.project_dir, base));
  }
  context.load = [&fs, &options](const std::string& path) { return load_text(fs, path, options, nullptr); };
  for (auto& d : loaded->diagnostics) doc.diagnostics.push_back(std::move(d));
  auto expanded = expand_includes(page.file, std::move(loaded->text), context);
  doc.text = std::move(expanded.text);
  doc.map = std::move(expanded.map);
  for (auto& d : expanded.diagnostics) doc.diagnostics.push_back(std::move(d));
  return doc;
}

}  // namespace prepdeck::source
