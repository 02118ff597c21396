#include "cli/build_stamp.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <string>
#include <utility>

#include "guide/diagnostic_codes.h"
#include "source/recording_file_system.h"

namespace prepdeck::cli {
namespace {

source::MemoryFileSystem project() {
  source::MemoryFileSystem fs;
  fs.add_file("p/docs/a.md", "# A\n");
  fs.add_file("p/docs/logo.png", "png");
  fs.add_file("out/index.html", "<p>A</p>");
  fs.add_file("out/assets/prepdeck.js", "js");
  return fs;
}

BuildStamp stamp_of_build(const source::MemoryFileSystem& fs) {
  const source::RecordingFileSystem recording(fs);
  (void)recording.list_directory("p/docs");
  (void)recording.read_file("p/docs/a.md", 100);
  BuildStamp stamp;
  stamp.key = "key";
  stamp.out_dir = "out";
  stamp.inputs = recording.record();
  stamp.outputs = source::tree_stamps(fs, "out");
  stamp.pages = 1;
  stamp.questions = 0;
  stamp.diagnostics.push_back(util::make_diagnostic("p/docs/a.md", 1, 3, util::Severity::warning,
                                                    guide::codes::k_link_missing, "a link \"x\" to nothing",
                                                    "# A \xC3\xA9"));
  return stamp;
}

TEST(BuildStamp, ReadsBackWhatItWrote) {
  const source::MemoryFileSystem fs = project();
  const BuildStamp stamp = stamp_of_build(fs);
  EXPECT_EQ(stamp.outputs.size(), 3u);  // index.html, assets, assets/prepdeck.js
  EXPECT_EQ(stamp.outputs.at("assets").kind, source::EntryKind::directory);
  const auto back = stamp_from_json(to_json(stamp));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, stamp);
  // The code is the catalog's own string (a diagnostic keeps a view of it), not the stamp's text.
  EXPECT_TRUE(std::ranges::any_of(guide::codes::k_catalog, [&back](const guide::codes::CodeInfo& info) {
    return info.code.data() == back->diagnostics[0].code.data();
  }));
}

TEST(BuildStamp, AnythingButAStampOfThisFormatIsNone) {
  const BuildStamp stamp = stamp_of_build(project());
  std::string text = to_json(stamp);
  EXPECT_FALSE(stamp_from_json(""));
  EXPECT_FALSE(stamp_from_json("[]"));
  EXPECT_FALSE(stamp_from_json(text.substr(0, text.size() / 2)));
  std::string other_format = text;
  other_format.replace(other_format.find("\"format\":1"), 10, "\"format\":9");
  EXPECT_FALSE(stamp_from_json(other_format));
  std::string unknown_code = text;
  unknown_code.replace(unknown_code.find("link-missing"), 12, "no-such-code");
  EXPECT_FALSE(stamp_from_json(unknown_code));
  std::string bad_stamp = text;
  bad_stamp.replace(bad_stamp.find("\"index.html\":["), 14, "\"index.html\":[\"x\",");
  EXPECT_FALSE(stamp_from_json(bad_stamp));
}

TEST(BuildStamp, HoldsOnlyWhileEveryInputAndOutputIsAsStamped) {
  {
    const source::MemoryFileSystem fs = project();
    const BuildStamp stamp = stamp_of_build(fs);
    EXPECT_TRUE(stamp_holds(stamp, "key", fs));
    EXPECT_FALSE(stamp_holds(stamp, "another key", fs));  // another prepdeck, folder or option
  }
  const std::pair<const char*, std::function<void(source::MemoryFileSystem&)>> changes[] = {
      {"a page edited", [](auto& fs) { fs.add_file("p/docs/a.md", "# A, edited\n"); }},
      {"a static file replaced (copied, never read)", [](auto& fs) { fs.add_file("p/docs/logo.png", "other"); }},
      {"a file added to a listed folder", [](auto& fs) { fs.add_file("p/docs/b.md", "# B\n"); }},
      {"a page of the site edited by hand", [](auto& fs) { fs.add_file("out/index.html", "<p>by hand</p>"); }},
      {"a file the build would not leave", [](auto& fs) { fs.add_file("out/stray.html", "stray"); }},
  };
  for (const auto& [what, change] : changes) {
    source::MemoryFileSystem fs = project();
    const BuildStamp stamp = stamp_of_build(fs);
    change(fs);
    EXPECT_FALSE(stamp_holds(stamp, "key", fs)) << what;
  }
}

TEST(BuildStamp, KeptInTheUsersCacheFolder) {
  const char* old = std::getenv("XDG_CACHE_HOME");
  const std::string saved = old != nullptr ? old : "";
  ::setenv("XDG_CACHE_HOME", "/var/cache-test", 1);
  const std::string a = stamp_file("key a");
  EXPECT_EQ(a.rfind("/var/cache-test/prepdeck/builds/", 0), 0u) << a;
  EXPECT_TRUE(a.ends_with(".json"));
  EXPECT_NE(a, stamp_file("key b"));
  EXPECT_EQ(a, stamp_file("key a"));
  ::setenv("XDG_CACHE_HOME", "relative/is/ignored", 1);
  EXPECT_EQ(stamp_file("key a").find("relative"), std::string::npos);
  if (old != nullptr) {
    ::setenv("XDG_CACHE_HOME", saved.c_str(), 1);
  } else {
    ::unsetenv("XDG_CACHE_HOME");
  }
}

}  // namespace
}  // namespace prepdeck::cli
