#include "cli/build_stamp.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "guide/diagnostic_codes.h"
#include "render/inline_extensions.h"
#include "render/ui_strings.h"
#include "util/output_file.h"
#include "util/paths.h"

namespace prepdeck::cli {

namespace {

using nlohmann::json;

// Bumped whenever what a stamp holds changes meaning.
constexpr int k_format = 1;

json stamp_json(const source::FileStamp& s) {
  return json::array({static_cast<int>(s.kind), s.size, s.id, s.modified});
}

std::optional<source::FileStamp> stamp_of(const json& j) {
  if (!j.is_array() || j.size() != 4 ||
      !std::ranges::all_of(j, [](const json& field) { return field.is_number_integer(); })) {
    return std::nullopt;
  }
  const int kind = j[0].get<int>();
  if (kind < 0 || kind > static_cast<int>(source::EntryKind::other)) return std::nullopt;
  return source::FileStamp{static_cast<source::EntryKind>(kind), j[1].get<std::uint64_t>(), j[2].get<std::uint64_t>(),
                           j[3].get<std::int64_t>()};
}

// The code as the catalog spells it (a diagnostic holds a view of a static string).
std::optional<std::string_view> known_code(const std::string& code) {
  const auto* it = std::ranges::find_if(guide::codes::k_catalog,
                                        [&code](const guide::codes::CodeInfo& info) { return info.code == code; });
  if (it == guide::codes::k_catalog.end()) return std::nullopt;
  return it->code;
}

std::string stamp_text(const source::FileStamp& s) {
  return fmt::format("{}:{}:{}:{}", static_cast<int>(s.kind), s.size, s.id, s.modified);
}

}  // namespace

bool BuildStamp::operator==(const BuildStamp& other) const {
  const auto same = [](const util::Diagnostic& a, const util::Diagnostic& b) {
    return a.file == b.file && a.line == b.line && a.column == b.column && a.severity == b.severity &&
           a.code == b.code && a.message == b.message && a.source_line == b.source_line && a.caret == b.caret;
  };
  return key == other.key && out_dir == other.out_dir && inputs == other.inputs && outputs == other.outputs &&
         pages == other.pages && questions == other.questions &&
         std::ranges::equal(diagnostics, other.diagnostics, same);
}

std::string build_key(const std::vector<std::string>& options) {
  const source::DiskFileSystem disk;
  std::string key = fmt::format("prepdeck {}", stamp_text(disk.stamp("/proc/self/exe")));
  for (const std::string_view data : {render::k_material_icons_dir, render::k_material_languages_dir,
                                      std::string_view("/usr/share/source-highlight")}) {
    key += fmt::format("\n{} {}", data, stamp_text(disk.stamp(std::string(data))));
  }
  std::string cwd(4096, '\0');
  key += "\ncwd ";
  key += ::getcwd(cwd.data(), cwd.size()) != nullptr ? cwd.c_str() : "?";
  for (const std::string& option : options) key += "\n" + option;
  return key;
}

std::string stamp_file(std::string_view key) {
  std::string base;
  if (const char* cache = std::getenv("XDG_CACHE_HOME"); cache != nullptr && cache[0] == '/') {
    base = cache;
  } else if (const char* home = std::getenv("HOME"); home != nullptr && home[0] == '/') {
    base = util::join_path(home, ".cache");
  } else {
    return {};
  }
  return util::join_path(base, fmt::format("prepdeck/builds/{:016x}.json", std::hash<std::string_view>{}(key)));
}

std::string to_json(const BuildStamp& stamp) {
  json j;
  j["format"] = k_format;
  j["key"] = stamp.key;
  j["out_dir"] = stamp.out_dir;
  json stamps = json::object();
  for (const auto& [path, s] : stamp.inputs.stamps) stamps[path] = stamp_json(s);
  j["inputs"] = std::move(stamps);
  j["listings"] = stamp.inputs.listings;
  json outputs = json::object();
  for (const auto& [path, s] : stamp.outputs) outputs[path] = stamp_json(s);
  j["outputs"] = std::move(outputs);
  j["pages"] = stamp.pages;
  j["questions"] = stamp.questions;
  json diagnostics = json::array();
  for (const util::Diagnostic& d : stamp.diagnostics) {
    diagnostics.push_back({{"file", d.file},
                           {"line", d.line},
                           {"column", d.column},
                           {"severity", util::to_string(d.severity)},
                           {"code", d.code},
                           {"message", d.message},
                           {"source_line", d.source_line},
                           {"caret", d.caret}});
  }
  j["diagnostics"] = std::move(diagnostics);
  // Invalid UTF-8 in a path or message is written replaced, never thrown.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::optional<BuildStamp> stamp_from_json(std::string_view text) {
  const json j = json::parse(text, nullptr, false);
  if (!j.is_object() || j.value("format", 0) != k_format) return std::nullopt;
  try {
    BuildStamp stamp;
    stamp.key = j.at("key").get<std::string>();
    stamp.out_dir = j.at("out_dir").get<std::string>();
    for (const auto& [path, s] : j.at("inputs").items()) {
      auto value = stamp_of(s);
      if (!value) return std::nullopt;
      stamp.inputs.stamps.emplace(path, *value);
    }
    stamp.inputs.listings = j.at("listings").get<std::map<std::string, std::string>>();
    for (const auto& [path, s] : j.at("outputs").items()) {
      auto value = stamp_of(s);
      if (!value) return std::nullopt;
      stamp.outputs.emplace(path, *value);
    }
    stamp.pages = j.at("pages").get<std::size_t>();
    stamp.questions = j.at("questions").get<std::size_t>();
    for (const json& d : j.at("diagnostics")) {
      const auto code = known_code(d.at("code").get<std::string>());
      const std::string severity = d.at("severity").get<std::string>();
      if (!code || (severity != "error" && severity != "warning")) return std::nullopt;
      util::Diagnostic diagnostic;
      diagnostic.file = d.at("file").get<std::string>();
      diagnostic.line = d.at("line").get<std::uint32_t>();
      diagnostic.column = d.at("column").get<std::uint32_t>();
      diagnostic.severity = severity == "error" ? util::Severity::error : util::Severity::warning;
      diagnostic.code = *code;
      diagnostic.message = d.at("message").get<std::string>();
      diagnostic.source_line = d.at("source_line").get<std::string>();
      diagnostic.caret = d.at("caret").get<std::uint32_t>();
      stamp.diagnostics.push_back(std::move(diagnostic));
    }
    return stamp;
  } catch (const json::exception&) {
    return std::nullopt;  // a field missing or of the wrong type: no stamp
  }
}

std::optional<BuildStamp> read_stamp(const source::FileSystem& fs, const std::string& path) {
  auto text = fs.read_file(path, std::uint64_t{256} << 20);
  if (!text) return std::nullopt;
  return stamp_from_json(*text);
}

void save_stamp(const std::string& path, const BuildStamp& stamp) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path dir = fs::path(path).parent_path();
  fs::create_directories(dir, ec);
  if (ec) return;
  const auto now = fs::file_time_type::clock::now();
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::error_code entry_ec;
    if (entry.path().extension() == ".json" && now - entry.last_write_time(entry_ec) > std::chrono::days(30) &&
        !entry_ec) {
      fs::remove(entry.path(), entry_ec);
    }
  }
  (void)util::write_output_file(path, to_json(stamp));
}

bool stamp_holds(const BuildStamp& stamp, std::string_view key, const source::FileSystem& fs) {
  return stamp.key == key && fs.kind(stamp.out_dir) == source::EntryKind::directory && stamp.inputs.unchanged(fs) &&
         source::tree_stamps(fs, stamp.out_dir) == stamp.outputs;
}

}  // namespace prepdeck::cli
