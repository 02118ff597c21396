#include "source/recording_file_system.h"

#include <gtest/gtest.h>

#include <string>

namespace prepdeck::source {
namespace {

TEST(RecordingFileSystem, PassesEveryCallOnAndRemembersWhatItAsked) {
  MemoryFileSystem fs;
  fs.add_file("p/docs/a.md", "# A\n");
  fs.add_file("p/docs/img/b.png", "png");
  fs.add_file("p/mkdocs.yml", "site_name: x\n");
  const RecordingFileSystem recording(fs);
  EXPECT_EQ(recording.kind("p/mkdocs.yml"), EntryKind::file);
  EXPECT_EQ(recording.kind("p/missing.md"), EntryKind::missing);
  EXPECT_EQ(*recording.read_file("p/docs/a.md", 100), "# A\n");
  EXPECT_EQ(recording.list_directory("p/docs")->size(), 2u);
  EXPECT_EQ(recording.identity("p/docs/a.md"), "p/docs/a.md");

  const InputRecord record = recording.record();
  EXPECT_EQ(record.stamps.at("p/missing.md").kind, EntryKind::missing);
  EXPECT_EQ(record.stamps.at("p/docs/a.md").kind, EntryKind::file);
  EXPECT_EQ(record.stamps.at("p/docs/img").kind, EntryKind::directory);  // a listed entry, never read
  EXPECT_EQ(record.listings.at("p/docs"), listing_of(fs, "p/docs"));
  EXPECT_FALSE(record.stamps.contains("p/docs/img/b.png"));  // its folder was never listed
  EXPECT_TRUE(record.unchanged(fs));
}

TEST(RecordingFileSystem, AnyChangeToWhatWasAskedIsSeen) {
  const auto build = [](const MemoryFileSystem& fs) {
    const RecordingFileSystem recording(fs);
    (void)recording.read_file("p/a.md", 100);
    (void)recording.kind("p/later.md");
    (void)recording.list_directory("p/static");
    return recording.record();
  };
  const auto fresh = [] {
    MemoryFileSystem fs;
    fs.add_file("p/a.md", "# A\n");
    fs.add_file("p/static/logo.png", "png");
    fs.add_file("p/other/x.md", "x");
    return fs;
  };
  {
    MemoryFileSystem fs = fresh();
    const InputRecord record = build(fs);
    fs.add_file("p/other/y.md", "never asked about");
    EXPECT_TRUE(record.unchanged(fs));
    fs.add_file("p/a.md", "# A\n");  // the same bytes written again: a new state
    EXPECT_FALSE(record.unchanged(fs));
  }
  {
    MemoryFileSystem fs = fresh();
    const InputRecord record = build(fs);
    fs.add_file("p/later.md", "# Now it exists\n");
    EXPECT_FALSE(record.unchanged(fs));
  }
  {
    MemoryFileSystem fs = fresh();
    const InputRecord record = build(fs);
    fs.add_file("p/static/logo.png", "another logo");  // copied into the site, never read
    EXPECT_FALSE(record.unchanged(fs));
  }
  {
    MemoryFileSystem fs = fresh();
    const InputRecord record = build(fs);
    fs.add_file("p/static/new.css", "a file more in a listed folder");
    EXPECT_FALSE(record.unchanged(fs));
  }
}

}  // namespace
}  // namespace prepdeck::source
