// libFuzzer target: arbitrary bytes as what `prepdeck import` reads: the
// first byte picks an Anki package (.apkg: ZIP, SQLite, zstd, JSON and
// protobuf media lists), Anki's text notes, or an HTML field made Markdown
// (and read as XHTML, as the QTI 2.1 export reads the renderer's HTML);
// then the guides made from it, and the package's review log replayed
// through the scheduler as `import anki --with-history` does. Any crash, hang, leak or UB is a bug, and so
// is a file path that could leave the output folder.
#include <cstddef>
#include <cstdint>
#include <string>

#include "engine/fsrs.h"
#include "import/anki_deck.h"
#include "import/anki_history.h"
#include "import/anki_text.h"
#include "import/deck_guides.h"
#include "import/html_markdown.h"
#include "tests/fuzz/slow_input.h"
#include "util/html_tree.h"
#include "util/paths.h"

namespace {

void check_paths(const prepdeck::importer::ImportedGuides& guides) {
  for (const auto& f : guides.files) {
    const std::string normal = prepdeck::util::normalize_path(f.path);
    if (f.path.empty() || f.path.front() == '/' || normal.rfind("..", 0) == 0 || normal != f.path) __builtin_trap();
  }
}

int one_input(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0: {
      prepdeck::importer::AnkiLimits limits;
      limits.max_collection_bytes = 8 << 20;
      limits.max_media_bytes = 8 << 20;
      if (auto deck = prepdeck::importer::read_anki_package(bytes, limits)) {
        const prepdeck::importer::ImportedGuides guides = prepdeck::importer::deck_to_guides(*deck);
        check_paths(guides);
        static const prepdeck::engine::Scheduler scheduler;
        for (const auto& q : prepdeck::importer::deck_history(*deck, guides).questions) {
          prepdeck::engine::Card card = prepdeck::engine::new_card(q.answers.front().at);
          for (const auto& a : q.answers) card = scheduler.review(card, a.at, a.rating).card;
        }
      }
      break;
    }
    case 1:
      if (auto deck = prepdeck::importer::read_anki_text(bytes, "deck")) {
        check_paths(prepdeck::importer::deck_to_guides(*deck));
      }
      break;
    default:
      (void)prepdeck::importer::html_to_markdown(bytes);
      (void)prepdeck::importer::html_to_inline_markdown(bytes);
      (void)prepdeck::util::parse_xhtml_fragment(bytes);
      {
        // A fragment written again without the attributes a format drops is still well-formed XML.
        static const prepdeck::util::KeptWhole kept{
            [](std::string_view name) { return name != "em"; }, [](std::string_view name) { return name == "class"; },
            [](std::string_view text) { return text.find('X') == std::string_view::npos; }};
        const auto read = prepdeck::util::read_xhtml_fragment(bytes, kept);
        if (read && read->form == prepdeck::util::XhtmlFragment::Form::xml &&
            !prepdeck::util::parse_xhtml_fragment(read->xml)) {
          __builtin_trap();
        }
      }
  }
  return 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return prepdeck::fuzz::timed_input(size, [&] { return one_input(data, size); });
}
