#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/learner_options.h"
#include "cli/output.h"
#include "import/anki_deck.h"
#include "import/anki_history.h"
#include "import/anki_text.h"
#include "import/deck_guides.h"
#include "source/file_system.h"
#include "util/output_file.h"
#include "util/paths.h"
#include "util/text.h"
#include "util/words.h"

namespace prepdeck::cli {

namespace {

struct ImportOptions {
  std::string input;
  std::string output;
  std::string max_size = "1G";
  bool force = false;
  // import anki --with-history: the review log into this database, for this learner.
  bool with_history = false;
  LearnerOptions learner;
  std::string user;  // an account of `serve --users`; empty: the terminal's own learner
  SchedulerOptions scheduler;
};

// Where the history goes: the database and its learner, opened before any
// file is written, so a wrong URL or name writes nothing.
struct HistoryTarget {
  std::unique_ptr<store::Store> store;
  store::User user;
  engine::Scheduler scheduler;
};

tl::expected<HistoryTarget, int> open_history_target(const ImportOptions& options, Streams streams) {
  auto parameters = scheduler_parameters(options.scheduler);
  if (!parameters) {
    streams.err << "prepdeck: " << parameters.error().message << "\n";
    return tl::unexpected(k_exit_usage);
  }
  auto scheduler = engine::Scheduler::create(*parameters);
  if (!scheduler) {
    streams.err << "prepdeck: " << scheduler.error().message << "\n";
    return tl::unexpected(k_exit_usage);
  }
  auto opened = store::open_store(database_url(options.learner));
  if (!opened) {
    streams.err << "prepdeck: " << opened.error().message << "\n";
    return tl::unexpected(k_exit_usage);
  }
  std::optional<store::User> user;
  if (options.user.empty()) {
    auto local = (*opened)->local_user();
    if (local)
      user = *local;
    else
      streams.err << "prepdeck: " << local.error().message << "\n";
  } else {
    auto found = (*opened)->find_user(options.user);
    if (!found) {
      streams.err << "prepdeck: " << found.error().message << "\n";
    } else if (!*found) {
      streams.err << fmt::format("prepdeck: --user: no account '{}' in {} (`prepdeck user add` makes one)\n",
                                 options.user, store::redacted_url(database_url(options.learner)));
    } else {
      user = (*found)->first;
    }
  }
  if (!user) return tl::unexpected(k_exit_usage);
  return HistoryTarget{std::move(*opened), std::move(*user), std::move(*scheduler)};
}

int write_deck_history(HistoryTarget& target, const importer::AnkiDeck& deck, const importer::ImportedGuides& guides,
                       const ImportOptions& options, Streams streams) {
  const importer::DeckHistory history = importer::deck_history(deck, guides);
  auto written = importer::write_history(*target.store, target.user.id, history, target.scheduler);
  if (!written) {
    streams.err << fmt::format("prepdeck: the review history was not written to {}: {}\n",
                               store::redacted_url(database_url(options.learner)), written.error().message);
    return k_exit_usage;
  }
  // Every log row is counted in `history` and `written`: none at all is a deck without a log.
  if (deck.reviews.empty()) {
    streams.out << fmt::format("The deck holds no review history: no reviews added to {}\n",
                               store::redacted_url(database_url(options.learner)));
    return k_exit_ok;
  }
  std::string left_out;
  const auto also = [&left_out](std::size_t n, std::string_view what) {
    if (n != 0) left_out += fmt::format("{}{} {}", left_out.empty() ? "" : ", ", n, what);
  };
  also(written->already, "already there");
  also(history.not_graded, "not graded (manual, cramming, before a reset)");
  also(history.of_other_cards, "of reversed cards");
  also(history.of_quiz_items, "of quiz items");
  also(history.of_lost_cards, "of cards deleted in Anki");
  streams.out << fmt::format("Imported {} of {} into {}{}\n", util::counted(written->answers, "review"),
                             util::counted(written->questions, "question"),
                             store::redacted_url(database_url(options.learner)),
                             left_out.empty() ? "" : " (left out: " + left_out + ")");
  return k_exit_ok;
}

// A path the importer made is relative and stays inside the output folder.
bool inside(std::string_view path) {
  if (path.empty() || path.front() == '/' || path.find('\\') != std::string_view::npos ||
      path.find('\0') != std::string_view::npos) {
    return false;
  }
  const std::string normal = util::normalize_path(path);
  return normal == path && normal != ".." && normal.rfind("../", 0) != 0;
}

int write_guides(const importer::ImportedGuides& guides, const ImportOptions& options, Streams streams) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(options.output, ec);
  if (ec || !fs::is_directory(options.output)) {
    streams.err << fmt::format("prepdeck: cannot create {}: {}\n", options.output,
                               ec ? ec.message() : std::string("not a folder"));
    return k_exit_usage;
  }
  if (!options.force) {
    for (const importer::ImportedFile& f : guides.files) {
      if (fs::exists(fs::path(options.output) / f.path)) {
        streams.err << fmt::format("prepdeck: {} exists: import into an empty folder, or pass --force to replace it\n",
                                   (fs::path(options.output) / f.path).string());
        return k_exit_usage;
      }
    }
  }
  std::size_t guides_written = 0;
  std::size_t media = 0;
  for (const importer::ImportedFile& f : guides.files) {
    if (!inside(f.path)) {
      streams.err << fmt::format("prepdeck: left out {:?}: not a path inside {}\n", f.path, options.output);
      continue;
    }
    const fs::path target = fs::path(options.output) / f.path;
    fs::create_directories(target.parent_path(), ec);
    if (auto written = util::write_output_file(target.string(), f.bytes); !written) {
      streams.err << "prepdeck: " << written.error().message << "\n";
      return k_exit_usage;
    }
    (f.path.rfind("media/", 0) == 0 ? media : guides_written) += 1;
  }
  if (!options.output.empty()) {
    streams.out << fmt::format(
        "Imported {} and {} into {} in {}{}\n", util::counted(guides.questions, "question"),
        fmt::format("{} quiz item{}", guides.quizzes, guides.quizzes == 1 ? "" : "s"),
        util::counted(guides_written, "guide"), options.output,
        media ? fmt::format(" ({})", fmt::format("{} media file{}", media, media == 1 ? "" : "s")) : "");
  }
  return k_exit_ok;
}

int run_import(const ImportOptions& options, bool text, Streams streams) {
  std::uint64_t max_bytes = 0;
  if (!parse_size(options.max_size, max_bytes)) {
    streams.err << fmt::format("prepdeck: --max-size: '{}' is not a size like 1G or 512M\n", options.max_size);
    return k_exit_usage;
  }
  const source::DiskFileSystem disk;
  auto bytes = disk.read_file(options.input, max_bytes);
  if (!bytes) {
    streams.err << fmt::format("prepdeck: {}: {}\n", options.input, bytes.error().message);
    return k_exit_usage;
  }
  auto deck = text ? importer::read_anki_text(*bytes, util::strip_extension(util::file_name(options.input)))
                   : importer::read_anki_package(std::move(*bytes));
  if (!deck) {
    streams.err << fmt::format("prepdeck: {}: {}\n", options.input, deck.error().message);
    return k_exit_findings;
  }
  for (const std::string& w : deck->warnings) streams.err << fmt::format("prepdeck: {}: {}\n", options.input, w);
  const importer::ImportedGuides guides = importer::deck_to_guides(*deck);
  for (const std::string& w : guides.warnings) streams.err << fmt::format("prepdeck: {}: {}\n", options.input, w);
  std::optional<HistoryTarget> history;
  if (options.with_history) {
    auto target = open_history_target(options, streams);
    if (!target) return target.error();
    history = std::move(*target);
  }
  if (const int status = write_guides(guides, options, streams); status != k_exit_ok) return status;
  return history ? write_deck_history(*history, *deck, guides, options, streams) : k_exit_ok;
}

}  // namespace

Command import_command() {
  return Command{
      "import", "Import decks from Anki (.apkg, or its text notes) as guides", [](CLI::App& app) {
        auto options = std::make_shared<ImportOptions>();
        app.require_subcommand(1);
        const auto common = [&options](CLI::App* sub, const char* what) {
          sub->add_option("FILE", options->input, what)->required()->type_name("FILE");
          sub->add_option("-o,--output", options->output, "The folder the guides (and media/) are written to")
              ->required()
              ->type_name("DIR");
          sub->add_flag("--force", options->force, "Replace files the folder already holds");
          sub->add_option("--max-size", options->max_size, "Largest file read, e.g. 1G, 512M")->capture_default_str();
        };
        CLI::App* anki = app.add_subcommand(
            "anki",
            "An Anki package (.apkg or .colpkg; Anki 2.1 and the zstd collections of 2.1.50+): a guide per deck");
        common(anki, "The package");
        CLI::Option* with_history =
            anki->add_flag("--with-history", options->with_history,
                           "Also the deck's review log: each question's Anki answers replayed into the progress "
                           "database, so `study` goes on where Anki left off (again: only newer answers are added)");
        anki->add_option("--db", options->learner.db, "With --with-history, where it goes. " + database_option_help())
            ->envname("PREPDECK_DB")
            ->type_name("URL");
        anki->add_option("--user", options->user,
                         "Whose history: an account of `serve --users` (default: the terminal's own learner)")
            ->type_name("NAME")
            ->needs(with_history);
        add_scheduler_options(*anki, options->scheduler);
        CLI::App* anki_text = app.add_subcommand(
            "anki-text", "Anki's text notes (File > Export > Notes in Plain Text, with its # headers)");
        common(anki_text, "The text file");
        return [options, anki_text](Streams streams) { return run_import(*options, anki_text->parsed(), streams); };
      }};
}

}  // namespace prepdeck::cli
