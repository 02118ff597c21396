// The architecture as a test: which src/ folder may include which (DESIGN.md).
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>

#include <gtest/gtest.h>

namespace {

namespace fs = std::filesystem;

const std::map<std::string, std::set<std::string>> k_allowed = {
    {"util", {"util"}},
    {"source", {"source", "util"}},
    {"guide", {"guide", "source", "util"}},
    {"engine", {"engine", "store", "guide", "util"}},
    {"store", {"store", "util"}},
    {"render", {"render", "engine", "store", "guide", "source", "util"}},
    {"server", {"server", "engine", "store", "guide", "source", "util"}},
    {"tui", {"tui", "engine", "store", "guide", "source", "util"}},
    {"export", {"export", "engine", "store", "guide", "source", "util"}},
    {"import", {"import", "engine", "store", "guide", "source", "util"}},
    {"cli", {"cli", "render", "server", "tui", "export", "import", "engine", "store", "guide", "source", "util"}},
};

TEST(Layering, EveryIncludeRespectsTheLayers) {
  const fs::path src = fs::path(PREPDECK_SOURCE_DIR) / "src";
  const std::regex include_re(R"re(^\s*#\s*include\s*"([a-z_]+)/)re");
  std::size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(src)) {
    if (!entry.is_regular_file()) continue;
    const auto ext = entry.path().extension();
    if (ext != ".h" && ext != ".cc") continue;
    const std::string layer = fs::relative(entry.path(), src).begin()->string();
    ASSERT_TRUE(k_allowed.count(layer)) << "unknown layer folder src/" << layer;
    ++files;
    std::ifstream in(entry.path());
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
      ++number;
      std::smatch m;
      if (!std::regex_search(line, m, include_re)) continue;
      EXPECT_TRUE(k_allowed.at(layer).count(m[1].str()))
          << entry.path().string() << ":" << number << ": " << layer << "/ may not include " << m[1].str() << "/";
    }
  }
  EXPECT_GT(files, 20u);
}

TEST(Layering, Md4cAndMd4cHtmlAreIncludedOnlyByTheirWrappers) {
  const fs::path src = fs::path(PREPDECK_SOURCE_DIR) / "src";
  for (const auto& entry : fs::recursive_directory_iterator(src)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path());
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (text.find("#include <md4c.h>") != std::string::npos) {
      EXPECT_EQ(fs::relative(entry.path(), src).string(), "guide/markdown.cc");
    }
    if (text.find("#include <md4c-html.h>") != std::string::npos) {
      EXPECT_EQ(fs::relative(entry.path(), src).string(), "render/markdown_html.cc");
    }
  }
}

// Each database library is driven by its backend alone; the queries and
// rules over them (store/sql_store.cc) are the same for both.
TEST(Layering, EachDatabaseLibraryIsIncludedOnlyByItsBackend) {
  const fs::path src = fs::path(PREPDECK_SOURCE_DIR) / "src";
  int backends = 0;
  for (const auto& entry : fs::recursive_directory_iterator(src)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path());
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string where = fs::relative(entry.path(), src).parent_path().string();
    if (text.find("#include <sqlite3.h>") != std::string::npos) {
      EXPECT_EQ(where, "store/sqlite") << entry.path();
      ++backends;
    }
    if (text.find("#include <libpq-fe.h>") != std::string::npos || text.find("#include <pqxx") != std::string::npos) {
      EXPECT_EQ(where, "store/postgres") << entry.path();
      ++backends;
    }
  }
  EXPECT_EQ(backends, 2);
}

}  // namespace
