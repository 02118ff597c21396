// The inputs render_fuzzer found (tests/fuzz/corpus/render-*), replayed under
// the fuzzer's own property: split at \x01 into Markdown fragments, a batch
// renders each exactly as it renders alone.
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "render/markdown_html.h"
#include "tests/support/files.h"

namespace prepdeck::render {
namespace {

TEST(RenderRegression, FuzzerFindsRenderAloneAndInABatchAlike) {
  std::size_t replayed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(PREPDECK_SOURCE_DIR "/tests/fuzz/corpus")) {
    if (entry.path().filename().string().rfind("render-", 0) != 0) continue;
    const std::string bytes = test::read_file(entry.path().string());
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t at = bytes.find('\x01'); at != std::string::npos; at = bytes.find('\x01', start)) {
      parts.push_back(bytes.substr(start, at - start));
      start = at + 1;
    }
    parts.push_back(bytes.substr(start));
    MarkdownBatch batch;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (i % 2 == 0) {
        batch.add(parts[i]);
      } else {
        batch.add_inline(parts[i]);
      }
    }
    batch.render();
    for (std::size_t i = 0; i < parts.size(); ++i) {
      EXPECT_EQ(batch.html(i), i % 2 == 0 ? markdown_to_html(parts[i]) : inline_markdown_to_html(parts[i]))
          << entry.path().filename() << " fragment " << i;
    }
    ++replayed;
  }
  EXPECT_GE(replayed, 3u);
}

}  // namespace
}  // namespace prepdeck::render
