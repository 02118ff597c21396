// Finding the pages of an input and reading each into a SourceDocument.
//
// An input is a Markdown file, a folder (every *.md below it, sorted, skipping
// hidden folders and a top-level site/), or an MkDocs project (a folder with
// mkdocs.yml/mkdocs.yaml, or that file itself): every page under docs_dir,
// ordered and titled by `nav` where it lists them; pages missing from nav follow
// in path order, as MkDocs still builds them. Hidden folders (.partials/) are not
// pages but may be included.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "source/file_system.h"
#include "source/include_expander.h"
#include "source/mkdocs_config.h"
#include "util/diagnostic.h"
#include "util/error.h"

namespace prepdeck::source {

struct LoadOptions {
  std::uint64_t max_file_bytes = 16u << 20;  // larger files are reported, not read
  int max_include_depth = 16;
  std::size_t max_include_growth = 16;  // IncludeContext::growth_limit
};

struct Page {
  std::string file;                       // path on the FileSystem, as the user will look for it
  std::string path;                       // relative to the site root ("aws/devops.md"); '/'-separated
  std::string nav_title;                  // empty unless nav names the page
  std::vector<std::string> nav_sections;  // nav section titles above the page
  bool in_nav = false;
};

// A file under the site's root that is not a page: an image, a PDF, CNAME...
// The site carries it over as it is, at the same relative path.
struct StaticFile {
  std::string file;  // path on the FileSystem
  std::string path;  // relative to the site root, '/'-separated
};

struct Site {
  std::string input;        // as given
  std::string root_dir;     // pages' `path` is relative to this (docs_dir for MkDocs)
  std::string project_dir;  // folder of mkdocs.yml; empty otherwise
  bool is_mkdocs = false;
  bool is_single_file = false;  // the input is one Markdown file (pages[0])
  // The input is a file or folder inside the project's docs_dir (read with
  // its project, but only its own pages kept).
  bool within_project = false;
  MkdocsConfig config;  // defaults unless is_mkdocs
  // The Markdown extensions its pages are read with: what mkdocs.yml enables,
  // or all of them for a folder of Markdown.
  MarkdownExtensions extensions;
  // Where pages and includes may be read from, as FileSystem::identity() keys:
  // root_dir, the project folder and pymdownx.snippets' base paths. A page or
  // folder reached through a symlink that leads out of them is not read.
  std::vector<std::string> roots;
  std::vector<Page> pages;
  // Every other file under root_dir, as MkDocs copies them: not dot-files or
  // dot-folders, not exclude_docs, not MkDocs' `templates/` folder at the top;
  // none for a single-file input. Sorted by path.
  std::vector<StaticFile> static_files;
  std::vector<util::Diagnostic> diagnostics;  // config and nav problems
};

// Fails only when `input` does not exist or cannot be listed.
util::Expected<Site> discover_site(const FileSystem& fs, const std::string& input);

struct SourceDocument {
  std::string file;       // display path of the page
  std::string path;       // relative to the site root
  bool readable = false;  // false: unreadable, not text or too large (see diagnostics)
  std::string text;       // UTF-8, mojibake repaired, includes expanded
  LineMap map;
  std::vector<util::Diagnostic> diagnostics;
};

// Reads one file: size limit, decoding, mojibake repair. File-level problems
// come back as the error; repairs and decoding notes as diagnostics.
util::Expected<LoadedText> load_text(const FileSystem& fs, const std::string& file, const LoadOptions& options,
                                     std::vector<util::Diagnostic>* file_errors = nullptr);

SourceDocument load_document(const FileSystem& fs, const Site& site, const Page& page, const LoadOptions& options);

}  // namespace prepdeck::source
