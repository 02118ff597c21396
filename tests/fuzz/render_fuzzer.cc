// libFuzzer target for the renderer: arbitrary bytes as a guide, built into a
// site (pages, self-check, search index, highlighting); and split at \x01 into
// Markdown fragments whose batch rendering must equal rendering each alone;
// and through the HTML sanitizer, which must be idempotent and let no
// script-running element through, and whose fast path for Markdown without
// raw HTML must agree with its full scan.
// Any crash, hang, leak, UB or difference is a bug.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <md4c-html.h>
#include <nlohmann/json.hpp>

#include "guide/guide_set.h"
#include "guide/markdown.h"
#include "render/html.h"
#include "render/html_sanitizer.h"
#include "render/markdown_html.h"
#include "render/site_builder.h"
#include "tests/fuzz/slow_input.h"

namespace {

int one_input(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);

  prepdeck::source::MemoryFileSystem fs;
  fs.add_file("docs/interview-questions/guide.md", bytes);
  fs.add_file("docs/quiz/guide.md", bytes);
  prepdeck::source::LoadOptions options;
  options.max_file_bytes = 1 << 20;
  const auto set = prepdeck::guide::load_guides(fs, {"docs"}, options, 1);
  const auto files = prepdeck::render::build_site(set, {"https://example.com/", 1, {}});
  if (files.empty()) __builtin_trap();
  // The same page in an MkDocs project, as MkDocs lays it out: directory URLs
  // (links and images rewritten from the page's folder), a file and another
  // page to link to, heading ids, attribute lists, diagrams, link checks.
  prepdeck::source::MemoryFileSystem project;
  project.add_file("p/mkdocs.yml",
                   "site_name: F\nextra_javascript:\n  - js/mermaid.min.js\nmarkdown_extensions:\n  - attr_list\n");
  project.add_file("p/docs/a/guide.md", bytes);
  project.add_file("p/docs/index.md", "# Home\n\n[guide](a/guide.md#q1)\n");
  project.add_file("p/docs/img/logo.png", "png");
  const auto mkdocs_set = prepdeck::guide::load_guides(project, {"p"}, options, 1);
  const auto mkdocs_files = prepdeck::render::build_site(mkdocs_set, {"", 1, {}});
  bool page_written = false;
  for (const auto& f : mkdocs_files) page_written |= f.path == "a/guide/index.html";
  if (!page_written) __builtin_trap();
  // The search index is a script holding one JSON array, whatever the guide
  // holds, and nothing in it can close the <script> element.
  for (const auto& f : files) {
    if (f.path != "assets/search-index.js") continue;
    constexpr std::string_view k_head = "window.PREPDECK_INDEX=";
    const std::string_view js = f.content;
    if (js.substr(0, k_head.size()) != k_head || js.size() < k_head.size() + 2) __builtin_trap();
    const std::string_view array = js.substr(k_head.size(), js.size() - k_head.size() - 2);  // without ";\n"
    if (!nlohmann::json::accept(array)) __builtin_trap();
    if (js.find("</") != std::string_view::npos) __builtin_trap();
  }

  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t at = bytes.find('\x01'); at != std::string::npos; at = bytes.find('\x01', start)) {
    parts.push_back(std::string_view(bytes).substr(start, at - start));
    start = at + 1;
  }
  parts.push_back(std::string_view(bytes).substr(start));
  prepdeck::render::MarkdownBatch batch;
  bool shared_definitions = false;  // a link reference definition serves the whole batch, by design
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].find("]:") != std::string_view::npos) shared_definitions = true;
    if (i % 2 == 0) {
      batch.add(parts[i]);
    } else {
      batch.add_inline(parts[i]);
    }
  }
  batch.render();
  for (std::size_t i = 0; i < parts.size() && !shared_definitions; ++i) {
    const std::string alone =
        i % 2 == 0 ? prepdeck::render::markdown_to_html(parts[i]) : prepdeck::render::inline_markdown_to_html(parts[i]);
    if (batch.html(i) != alone) __builtin_trap();
  }
  (void)prepdeck::render::html_to_text(bytes);

  // The sanitizer: what it lets through it lets through again unchanged, and
  // no element that runs script survives it, in the bytes or in a page.
  const std::string clean = prepdeck::render::sanitize_html(bytes);
  if (prepdeck::render::sanitize_html(clean) != clean) __builtin_trap();
  std::string lower = clean;
  for (char& c : lower) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  for (const char* tag : {"<script", "<iframe", "<svg", "<style", "<object", "<embed", "<form", "<math", "<base"}) {
    if (lower.find(tag) != std::string::npos) __builtin_trap();
  }
  for (const auto& f : files) {
    if (f.path.size() < 5 || f.path.substr(f.path.size() - 5) != ".html") continue;
    std::size_t scripts = 0;
    for (std::size_t at = f.content.find("<script"); at != std::string::npos; at = f.content.find("<script", at + 1)) {
      // The scoring rules are JSON data the build writes, not script.
      if (f.content.compare(at, 54, R"(<script type="application/json" id="prepdeck-scoring">)") != 0) ++scripts;
    }
    // The theme switch, assets/words.js, assets/scoring.js and assets/prepdeck.js, nothing from the guide.
    if (scripts != 4) __builtin_trap();
  }

  // Without any '<' the Markdown holds no raw HTML; md4c's own tags then pass
  // the sanitizer's fast path exactly as they pass its full scan.
  std::string no_tags = bytes;
  std::erase(no_tags, '<');
  std::string generated;
  md_html(
      no_tags.data(), static_cast<MD_SIZE>(no_tags.size()),
      [](const MD_CHAR* text, MD_SIZE n, void* out) { static_cast<std::string*>(out)->append(text, n); }, &generated,
      prepdeck::guide::markdown_flags(), 0);
  if (prepdeck::render::sanitize_generated_html(generated) != prepdeck::render::sanitize_html(generated)) {
    __builtin_trap();
  }
  return 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return prepdeck::fuzz::timed_input(size, [&] { return one_input(data, size); });
}
