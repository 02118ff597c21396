// prepdeck db migrate | dump | copy: the progress database itself, whatever
// its backend (SQLite file or PostgreSQL URL).
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/learner_options.h"
#include "store/store.h"
#include "util/output_file.h"

namespace prepdeck::cli {

namespace {

struct DbOptions {
  std::string db;
  std::string output = "-";
  std::string from;
  std::string to;
  bool replace = false;
};

std::string url_of(const std::string& db) { return database_url(LearnerOptions{db, false}); }

nlohmann::json cell_json(const store::Cell& cell) {
  if (const auto* n = std::get_if<std::int64_t>(&cell)) return *n;
  if (const auto* r = std::get_if<double>(&cell)) return *r;
  if (const auto* t = std::get_if<std::string>(&cell)) return *t;
  return nullptr;
}

int run_migrate(const DbOptions& options, Streams streams) {
  const std::string url = url_of(options.db);
  auto store = store::open_store(url);  // opening migrates, under the backend's schema lock
  if (!store) {
    streams.err << "prepdeck: " << store.error().message << "\n";
    return k_exit_usage;
  }
  streams.out << fmt::format("{}: schema version {} (this prepdeck's newest)\n", store::redacted_url(url),
                             (*store)->schema_version());
  return k_exit_ok;
}

// The canonical dump: the same data gives the same bytes from either backend.
// One row a line, tables and rows in a fixed order.
util::Expected<void> write_dump(store::Store& store, std::ostream& out) {
  out << "{\"format\": \"prepdeck.db/1\", \"schema\": " << store.schema_version() << ", \"tables\": {";
  bool first_table = true;
  for (const store::TableShape& t : store::copy_tables()) {
    out << (first_table ? "\n" : ",\n") << nlohmann::json(std::string(t.name)).dump() << ": {\"columns\": ";
    first_table = false;
    nlohmann::json columns = nlohmann::json::array();
    for (const auto c : t.columns) columns.push_back(std::string(c));
    out << columns.dump() << ", \"rows\": [";
    bool first_row = true;
    auto read = store.read_table(t.name, [&](const store::Row& row) {
      nlohmann::json j = nlohmann::json::array();
      for (const store::Cell& cell : row) j.push_back(cell_json(cell));
      out << (first_row ? "\n" : ",\n") << j.dump();
      first_row = false;
    });
    if (!read) return read;
    out << (first_row ? "]}" : "\n]}");
  }
  out << "\n}}\n";
  return {};
}

int run_dump(const DbOptions& options, Streams streams) {
  const std::string url = url_of(options.db);
  auto store = store::open_store(url);
  if (!store) {
    streams.err << "prepdeck: " << store.error().message << "\n";
    return k_exit_usage;
  }
  util::Expected<void> written;
  if (options.output == "-") {
    written = write_dump(**store, streams.out);
  } else {
    std::ostringstream text;  // then written whole, replacing the file only once it is complete
    written = write_dump(**store, text);
    if (written) written = util::write_output_file(options.output, text.str());
  }
  if (!written) {
    streams.err << "prepdeck: " << written.error().message << "\n";
    return k_exit_usage;
  }
  return k_exit_ok;
}

int run_copy(const DbOptions& options, Streams streams) {
  const std::string from_url = options.from;
  const std::string to_url = options.to;
  if (from_url == to_url) {
    streams.err << "prepdeck: FROM and TO are the same database\n";
    return k_exit_usage;
  }
  auto from = store::open_store(from_url);
  if (!from) {
    streams.err << "prepdeck: " << from.error().message << "\n";
    return k_exit_usage;
  }
  auto to = store::open_store(to_url);
  if (!to) {
    streams.err << "prepdeck: " << to.error().message << "\n";
    return k_exit_usage;
  }
  const auto present = (*to)->count_rows();
  if (!present) {
    streams.err << "prepdeck: " << present.error().message << "\n";
    return k_exit_usage;
  }
  if (*present > 0 && !options.replace) {
    streams.err << fmt::format(
        "prepdeck: {} holds {} rows already; --replace replaces them with the copy (nothing was written)\n",
        store::redacted_url(to_url), *present);
    return k_exit_usage;
  }
  std::vector<std::pair<std::string_view, std::size_t>> counts;
  // One transaction on the target: the copy is there whole, or not at all.
  auto copied = (*to)->transaction([&]() -> util::Expected<void> {
    if (options.replace) {
      if (auto cleared = (*to)->clear_tables(); !cleared) return cleared;
    }
    for (const store::TableShape& t : store::copy_tables()) {
      std::vector<store::Row> batch;
      std::size_t rows = 0;
      util::Expected<void> written;
      auto read = (*from)->read_table(t.name, [&](const store::Row& row) {
        if (!written) return;
        batch.push_back(row);
        ++rows;
        if (batch.size() == 1000) {
          written = (*to)->write_rows(t.name, batch);
          batch.clear();
        }
      });
      if (!read) return read;
      if (written && !batch.empty()) written = (*to)->write_rows(t.name, batch);
      if (!written) return written;
      counts.emplace_back(t.name, rows);
    }
    return {};
  });
  if (!copied) {
    streams.err << "prepdeck: copying to " << store::redacted_url(to_url) << ": " << copied.error().message
                << " (nothing was written)\n";
    return k_exit_usage;
  }
  std::size_t total = 0;
  std::string detail;
  for (const auto& [name, n] : counts) {
    total += n;
    if (n > 0) detail += fmt::format("{}{} {}", detail.empty() ? "" : ", ", n, name);
  }
  streams.out << fmt::format("Copied {} rows{} from {} to {}\n", total, detail.empty() ? "" : " (" + detail + ")",
                             store::redacted_url(from_url), store::redacted_url(to_url));
  return k_exit_ok;
}

}  // namespace

Command db_command() {
  return Command{
      "db", "The progress database: migrate its schema, dump it as JSON, copy it to another", [](CLI::App& app) {
        auto options = std::make_shared<DbOptions>();
        app.require_subcommand(1);
        const auto db = [&options](CLI::App* sub) {
          sub->add_option("--db", options->db, database_option_help())->envname("PREPDECK_DB")->type_name("URL");
        };
        CLI::App* migrate = app.add_subcommand(
            "migrate", "Bring the database's schema to this prepdeck's (serve and the other commands do it too)");
        db(migrate);
        CLI::App* dump = app.add_subcommand(
            "dump", "Write every row as canonical JSON (one row a line; holds password and session hashes)");
        db(dump);
        dump->add_option("-o,--output", options->output, "Where to write it (- is standard output)")
            ->capture_default_str()
            ->type_name("FILE");
        CLI::App* copy = app.add_subcommand(
            "copy", "Copy every account and all progress from one database to another, e.g. SQLite to PostgreSQL");
        copy->add_option("FROM", options->from, "The database copied (a path or URL)")->required()->type_name("URL");
        copy->add_option("TO", options->to, "The database written (a path or URL); empty unless --replace")
            ->required()
            ->type_name("URL");
        copy->add_flag("--replace", options->replace, "Replace what TO holds (refused otherwise when it is not empty)");
        return [options, migrate, dump, copy](Streams streams) {
          if (dump->parsed()) return run_dump(*options, streams);
          if (copy->parsed()) return run_copy(*options, streams);
          static_cast<void>(migrate);
          return run_migrate(*options, streams);
        };
      }};
}

}  // namespace prepdeck::cli
