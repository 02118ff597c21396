#include "render/site_writer.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "source/recording_file_system.h"
#include "tests/support/files.h"

namespace prepdeck::render {
namespace {

namespace fs = std::filesystem;

class SiteWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_dir = fs::temp_directory_path() / ("prepdeck-writer-" + std::to_string(::getpid()));
    fs::remove_all(m_dir);
    fs::create_directories(m_dir);
  }
  void TearDown() override { fs::remove_all(m_dir); }

  static std::string read(const fs::path& path) { return test::read_file(path.string()); }

  fs::path m_dir;
};

TEST_F(SiteWriterTest, WritesFilesAndReplacesThePreviousSiteWhole) {
  const std::string out = (m_dir / "site").string();
  ASSERT_TRUE(write_site({{"index.html", "one"}, {"a/b.html", "two"}, {"stale.html", "old"}}, out));
  EXPECT_EQ(read(m_dir / "site/a/b.html"), "two");
  ASSERT_TRUE(write_site({{"index.html", "new"}}, out));
  EXPECT_EQ(read(m_dir / "site/index.html"), "new");
  EXPECT_FALSE(fs::exists(m_dir / "site/stale.html"));  // a rebuild leaves no page of the old site behind
  // Nothing but the site is left beside it (no temporary folders).
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(m_dir)) ++entries;
  EXPECT_EQ(entries, 1u);
}

TEST_F(SiteWriterTest, AFileInPiecesIsWrittenWhole) {
  SiteFile file{"assets/index.js", "head:", {}};
  std::string expected = "head:";
  for (int i = 0; i < 3000; ++i) {  // more pieces than one writev() takes
    file.more.push_back(i % 7 == 0 ? std::string() : std::to_string(i) + ",");
    expected += file.more.back();
  }
  auto writer = SiteWriter::open((m_dir / "site").string());
  ASSERT_TRUE(writer);
  writer->write(file);
  ASSERT_TRUE(writer->commit());
  EXPECT_EQ(read(m_dir / "site/assets/index.js"), expected);
}

// A file carried over is the guide's own bytes, never read into memory:
// linked or reflinked on one file system (no new bytes on disk), copied by the
// kernel otherwise. A page written later at the same path never writes
// through into the guide's file.
TEST_F(SiteWriterTest, CarriedOverFilesKeepTheirBytesAndTheGuidesStayUntouched) {
  fs::create_directories(m_dir / "docs/img");
  test::write_file((m_dir / "docs/img/logo.png").string(), std::string("\x89PNG\0\x01", 7));
  test::write_file((m_dir / "docs/CNAME").string(), "example.com\n");
  auto writer = SiteWriter::open((m_dir / "site").string());
  ASSERT_TRUE(writer);
  writer->write(SiteFile{"img/logo.png", {}, {}, (m_dir / "docs/img/logo.png").string()});
  writer->write(SiteFile{"CNAME", {}, {}, (m_dir / "docs/CNAME").string()});
  writer->write(SiteFile{"CNAME", "overwritten"});  // a made file with the same name
  ASSERT_TRUE(writer->commit());
  EXPECT_EQ(read(m_dir / "site/img/logo.png"), std::string("\x89PNG\0\x01", 7));
  EXPECT_EQ(read(m_dir / "site/CNAME"), "overwritten");
  EXPECT_EQ(read(m_dir / "docs/CNAME"), "example.com\n");
  EXPECT_TRUE(writer->notes().empty());
}

// What the writer says it wrote is what a walk of the committed site finds,
// stamps included: a build's stamp need not walk its own output again.
TEST_F(SiteWriterTest, WhatItWroteIsWhatTheCommittedSiteHolds) {
  fs::create_directories(m_dir / "docs/img");
  test::write_file((m_dir / "docs/img/logo.png").string(), "png");
  const std::string out = (m_dir / "site").string();
  ASSERT_TRUE(write_site({{"old.html", "a previous site"}}, out));
  auto writer = SiteWriter::open(out);
  ASSERT_TRUE(writer);
  writer->write(SiteFile{"index.html", "home"});
  writer->write(SiteFile{"a/b/c/page.html", "deep"});  // a/ and a/b/ hold no file of their own
  writer->write(SiteFile{"a/b/c/img/logo.png", {}, {}, (m_dir / "docs/img/logo.png").string()});
  writer->write(SiteFile{"x.html", "first"});
  writer->write(SiteFile{"x.html", "written again"});
  ASSERT_TRUE(writer->commit());
  const auto written = writer->written();
  EXPECT_EQ(written, source::tree_stamps(source::DiskFileSystem(), out));
  EXPECT_EQ(written.size(), 8u);  // 4 files, 4 folders
  EXPECT_EQ(written.at("a/b").kind, source::EntryKind::directory);
  EXPECT_EQ(written.at("x.html").size, 13u);
}

// A file gone since the folder was listed, or a FIFO in its place, is left out
// with a note; the build goes on and never blocks on the FIFO.
TEST_F(SiteWriterTest, AFileThatVanishedOrIsNoFileIsANoteNotAFailure) {
  fs::create_directories(m_dir / "docs");
  ASSERT_EQ(::mkfifo((m_dir / "docs/pipe.png").c_str(), 0644), 0);
  auto writer = SiteWriter::open((m_dir / "site").string());
  ASSERT_TRUE(writer);
  writer->write(SiteFile{"gone.png", {}, {}, (m_dir / "docs/gone.png").string()});
  writer->write(SiteFile{"pipe.png", {}, {}, (m_dir / "docs/pipe.png").string()});
  writer->write(SiteFile{"index.html", "home"});
  ASSERT_TRUE(writer->commit());
  EXPECT_EQ(read(m_dir / "site/index.html"), "home");
  EXPECT_FALSE(fs::exists(m_dir / "site/gone.png"));
  EXPECT_FALSE(fs::exists(m_dir / "site/pipe.png"));
  const auto notes = writer->notes();
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_NE(notes[0].find("gone.png: not copied into the site"), std::string::npos) << notes[0];
  EXPECT_NE(notes[1].find("not a regular file"), std::string::npos) << notes[1];
}

// A large file goes over in the kernel: its size is checked, not its bytes
// read here (a sparse file of 200 MB costs no disk).
TEST_F(SiteWriterTest, ALargeFileIsCarriedOverWhole) {
  fs::create_directories(m_dir / "docs");
  const fs::path big = m_dir / "docs/video.mp4";
  test::write_file(big.string(), "start");
  fs::resize_file(big, 200u << 20);
  auto writer = SiteWriter::open((m_dir / "site").string());
  ASSERT_TRUE(writer);
  writer->write(SiteFile{"video.mp4", {}, {}, big.string()});
  ASSERT_TRUE(writer->commit());
  EXPECT_EQ(fs::file_size(m_dir / "site/video.mp4"), 200u << 20);
}

TEST_F(SiteWriterTest, AFailedWriteKeepsThePreviousSite) {
  const std::string out = (m_dir / "site").string();
  ASSERT_TRUE(write_site({{"index.html", "good"}}, out));
  // A file path that cannot be created (a folder where the file should go) fails the build.
  fs::create_directories(m_dir / "blocker");
  const auto result = write_site({{"index.html", "new"}, {"index.html/x", "bad"}}, out);
  EXPECT_FALSE(result);
  EXPECT_EQ(read(m_dir / "site/index.html"), "good");
}

TEST_F(SiteWriterTest, RemovingATreeRemovesItAllAndFollowsNoLink) {
  const fs::path tree = m_dir / "old";
  for (int d = 0; d < 5; ++d) {
    fs::create_directories(tree / ("d" + std::to_string(d)) / "deeper" / "deepest");
    for (int f = 0; f < 40; ++f)
      test::write_file((tree / ("d" + std::to_string(d)) / "deeper" / std::to_string(f)).string(), "x");
  }
  fs::create_directories(tree / "empty");
  fs::create_directories(m_dir / "outside");
  test::write_file((m_dir / "outside/keep.txt").string(), "kept");
  fs::create_directory_symlink(m_dir / "outside", tree / "link-to-dir");
  fs::create_symlink(m_dir / "outside/keep.txt", tree / "link-to-file");
  remove_tree(tree.string(), 2);
  EXPECT_FALSE(fs::exists(tree));
  EXPECT_EQ(read(m_dir / "outside/keep.txt"), "kept");  // a link is removed, not what it points to
  remove_tree((m_dir / "missing").string(), 2);         // nothing there: nothing to do
  EXPECT_TRUE(fs::exists(m_dir / "outside"));
}

TEST_F(SiteWriterTest, ATreeChangedSinceItsListingIsStillRemovedWhole) {
  const fs::path tree = m_dir / "old";
  fs::create_directories(tree / "a/b");
  test::write_file((tree / "a/b/one.html").string(), "1");
  test::write_file((tree / "gone.html").string(), "2");
  const TreeListing listing = list_tree(tree.string());
  EXPECT_EQ(listing.files.size(), 2u);
  EXPECT_EQ(listing.dirs, (std::vector<std::string>{"a", "a/b"}));
  fs::remove(tree / "gone.html");
  fs::create_directories(tree / "new/deeper");
  test::write_file((tree / "new/deeper/late.html").string(), "3");
  remove_tree(tree.string(), listing, 2);
  EXPECT_FALSE(fs::exists(tree));
}

TEST_F(SiteWriterTest, RefusesToWriteIntoTheSourceTree) {
  const std::string docs = (m_dir / "docs").string();
  fs::create_directories(docs);
  EXPECT_FALSE(check_output_dir(docs, docs, SourceKind::folder));
  EXPECT_FALSE(check_output_dir(docs + "/site", docs, SourceKind::folder));
  EXPECT_FALSE(check_output_dir(m_dir.string(), docs, SourceKind::folder));  // a folder that holds the guides
  EXPECT_TRUE(check_output_dir((m_dir / "site").string(), docs, SourceKind::folder));
  EXPECT_FALSE(check_output_dir(docs + "/", docs, SourceKind::folder));
}

TEST_F(SiteWriterTest, AGuideInTheCurrentFolderMayBuildIntoAFolderBesideIt) {
  // `prepdeck build guides/ -o ../out` run in the guides' folder: "" is the current one.
  const fs::path previous = fs::current_path();
  fs::create_directories(m_dir / "guides");
  fs::current_path(m_dir / "guides");
  EXPECT_TRUE(check_output_dir((m_dir / "guides-site").string(), "", SourceKind::folder));
  EXPECT_FALSE(check_output_dir("site", "", SourceKind::folder));
  EXPECT_FALSE(check_output_dir(m_dir.string(), "", SourceKind::folder));
  fs::current_path(previous);
}

TEST_F(SiteWriterTest, ASingleGuideMayBuildIntoAFolderInItsOwnFolder) {
  // `prepdeck build a.md -o out`: the site goes beside a.md, which it does not touch.
  const fs::path previous = fs::current_path();
  fs::create_directories(m_dir / "guides");
  test::write_file((m_dir / "guides/a.md").string(), "# A\n");
  fs::current_path(m_dir / "guides");
  EXPECT_TRUE(check_output_dir("out", "a.md", SourceKind::file));
  EXPECT_TRUE(check_output_dir((m_dir / "elsewhere").string(), "a.md", SourceKind::file));
  const auto here = check_output_dir(".", "a.md", SourceKind::file);  // would replace the folder a.md is in
  ASSERT_FALSE(here);
  EXPECT_EQ(here.error().message,
            "will not write the site to .: it would overwrite a.md (choose another folder with -o)");
  EXPECT_FALSE(check_output_dir(m_dir.string(), "a.md", SourceKind::file));
  EXPECT_FALSE(check_output_dir("a.md", "a.md", SourceKind::file));
  fs::current_path(previous);
}

}  // namespace
}  // namespace prepdeck::render
