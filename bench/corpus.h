// A deterministic synthetic corpus of interview guides in the MkDocs Material
// dialect: questions with hints, level markers, callouts, lists, code, tables,
// admonitions, <details> questions and <quiz> pages.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace prepdeck::bench {

struct CorpusFile {
  std::string path;
  std::string text;
};

struct Corpus {
  std::vector<CorpusFile> files;
  std::size_t bytes = 0;
};

// About `target_bytes` of Markdown, in files of roughly 50 KB.
Corpus make_corpus(std::size_t target_bytes);

// How a generated site lays out its pages.
enum class SiteShape {
  // docs/interview-questions/topic-NNN/page-NNNNN.md
  flat,
  // As real MkDocs sites (the seed's) are: each page a folder of its own,
  // docs/interview-questions/topic-NNN/page-NNNNN/index.md, every guide with
  // a 48 KB image beside it that the page shows, and a logo, a favicon and a
  // CNAME in docs/.
  real,
};

// A generated MkDocs Material interview site of `pages` pages (paths relative
// to the project folder): mkdocs.yml with the full nav, docs/index.md, guides of
// about 12 KB (18 questions) under docs/interview-questions/topic-NNN/, and one
// page in ten a quiz mirrored under docs/quiz/topic-NNN/. Topics hold 50 pages,
// so ten times the pages is ten times the topics, as real sites grow. Corpus::bytes
// counts the Markdown only.
Corpus make_site(std::size_t pages, SiteShape shape = SiteShape::flat);

}  // namespace prepdeck::bench
