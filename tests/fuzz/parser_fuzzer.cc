// libFuzzer target: arbitrary bytes as a guide (and as a file it may include),
// through loading, decoding, mojibake repair, include expansion, the dialect
// parser and the JSON export. Any crash, hang, leak or UB is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "export/json_export.h"
#include "guide/guide_set.h"
#include "source/mojibake.h"
#include "tests/fuzz/slow_input.h"

namespace {

int one_input(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  prepdeck::source::MemoryFileSystem fs;
  fs.add_file("docs/guide.md", bytes);
  // The same bytes as an include target, so include directives and cycles are exercised.
  fs.add_file("docs/part.md", bytes);
  fs.add_file("docs/.partials/p.md", bytes.substr(0, bytes.size() / 2));
  prepdeck::source::LoadOptions options;
  options.max_file_bytes = 1 << 20;
  const auto set = prepdeck::guide::load_guides(fs, {"docs/guide.md"}, options, 1);
  const std::string json = prepdeck::exporter::dump(prepdeck::exporter::guides_to_json(set.guides));
  if (json.empty()) __builtin_trap();
  (void)prepdeck::source::repair_mojibake(bytes);
  return 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return prepdeck::fuzz::timed_input(size, [&] { return one_input(data, size); });
}
