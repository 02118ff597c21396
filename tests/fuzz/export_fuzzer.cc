// libFuzzer target: arbitrary bytes as a guide, exported to every format,
// and the .apkg written read back through `prepdeck import anki`'s reader.
// Any crash, hang, leak or UB is a bug; so is a writer's failure or a
// package that its own reader refuses.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "cli/export_input.h"
#include "export/exporter.h"
#include "import/anki_deck.h"
#include "import/deck_guides.h"
#include "tests/fuzz/slow_input.h"
#include "util/zip_archive.h"

namespace {

int one_input(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  prepdeck::source::MemoryFileSystem fs;
  fs.add_file("docs/guide.md", bytes);
  fs.add_file("docs/img/a.png", "PNG");
  prepdeck::source::LoadOptions options;
  options.max_file_bytes = 1 << 20;
  const auto set = prepdeck::guide::load_guides(fs, {"docs"}, options, 1);
  for (const prepdeck::exporter::Exporter& format : prepdeck::exporter::exporters()) {
    if (format.reads == prepdeck::exporter::Reads::analytics) continue;
    std::ostringstream err;
    const auto input = prepdeck::cli::export_input(set, format, fs, prepdeck::cli::ExportSettings{}, err);
    auto out = format.write(input);
    if (!out) __builtin_trap();
    if (format.output == prepdeck::exporter::Output::binary && !prepdeck::util::ZipReader::open(out->bytes)) {
      __builtin_trap();
    }
    if (format.name == "anki") {
      auto deck = prepdeck::importer::read_anki_package(out->bytes);
      if (!deck) __builtin_trap();
      (void)prepdeck::importer::deck_to_guides(*deck);
    }
  }
  return 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Every format (8), then the .apkg read back and made guides again.
  return prepdeck::fuzz::timed_input(
      size, [&] { return one_input(data, size); }, 10.0);
}
