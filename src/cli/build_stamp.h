// A finished build's stamp: what it read and wrote and what it told, kept in
// the user's cache folder. When `prepdeck build` is run again with the same
// prepdeck, the same options from the same folder, and finds every input and
// every output file as stamped, the site already is what it would build:
// nothing is rebuilt, and the stamped diagnostics are told again.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "source/file_system.h"
#include "source/recording_file_system.h"
#include "util/diagnostic.h"

namespace prepdeck::cli {

struct BuildStamp {
  // The prepdeck binary, the system data it reads (Material's icons and
  // translations, source-highlight's languages), the working folder and every
  // option that shapes the output: another key, another stamp.
  std::string key;
  std::string out_dir;  // where the site was written
  source::InputRecord inputs;
  // Every file and folder of the written site, relative to out_dir, as
  // source::tree_stamps finds them.
  std::map<std::string, source::FileStamp> outputs;
  std::size_t pages = 0;
  std::size_t questions = 0;
  std::vector<util::Diagnostic> diagnostics;
  bool operator==(const BuildStamp&) const;
};

// The key of a build with these options (see BuildStamp::key).
std::string build_key(const std::vector<std::string>& options);

// Where a build with `key` keeps its stamp: a file under $XDG_CACHE_HOME
// (else ~/.cache) /prepdeck/builds/. Empty when neither is set.
std::string stamp_file(std::string_view key);

std::string to_json(const BuildStamp& stamp);
// Nothing when `text` is no stamp of this format (the build then runs).
std::optional<BuildStamp> stamp_from_json(std::string_view text);

// Reads the stamp at `path`; nothing when there is none or it is not one.
std::optional<BuildStamp> read_stamp(const source::FileSystem& fs, const std::string& path);

// Writes `stamp` at `path`, making its folder; stamps in that folder unused
// for 30 days are removed. A cache: failing to write is no failure.
void save_stamp(const std::string& path, const BuildStamp& stamp);

// True when `stamp` is of `key` and its inputs and outputs are all as stamped.
bool stamp_holds(const BuildStamp& stamp, std::string_view key, const source::FileSystem& fs);

}  // namespace prepdeck::cli
