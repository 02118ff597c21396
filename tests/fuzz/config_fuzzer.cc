// libFuzzer target: arbitrary bytes as mkdocs.yml, read as a site's settings
// (nav, extensions, toc slugify tags, extra_javascript, exclude_docs), then a
// project with that file loaded and a heading slugged by the rule it chose;
// the same bytes as a Material translation file (theme.language).
// Any crash, hang, leak or UB is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "guide/guide_set.h"
#include "render/ui_strings.h"
#include "source/mkdocs_config.h"
#include "tests/fuzz/slow_input.h"
#include "util/toc_slug.h"

namespace {

int one_input(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  const auto result = prepdeck::source::parse_mkdocs_config(bytes);
  (void)prepdeck::render::parse_material_language(bytes);
  (void)prepdeck::util::toc_slugify(bytes.substr(0, 256), result.config.slug);
  prepdeck::util::TocIds ids;
  for (std::size_t i = 0; i + 4 <= bytes.size() && i < 4096; i += 4) (void)ids.unique(bytes.substr(i, 4));
  prepdeck::source::MemoryFileSystem fs;
  fs.add_file("p/mkdocs.yml", bytes);
  fs.add_file("p/docs/index.md", "# Eesm\xC3\xA4rk\n\n## A\n\n## A\n\n[x](other.md#a)\n");
  fs.add_file("p/docs/other.md", "## A {#a}\n");
  fs.add_file("p/docs/img.png", "png");
  (void)prepdeck::guide::load_guides(fs, {"p"}, {}, 1);
  return 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return prepdeck::fuzz::timed_input(size, [&] { return one_input(data, size); });
}
