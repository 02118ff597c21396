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

}  // namespace prepdeck::bench
