#include "export/media.h"

#include <gtest/gtest.h>

namespace prepdeck::exporter {
namespace {

source::Site site_with(std::vector<std::string> paths) {
  source::Site site;
  site.root_dir = "docs";
  for (const std::string& p : paths) site.static_files.push_back(source::StaticFile{"docs/" + p, p});
  return site;
}

TEST(MediaPacker, PacksFilesOfTheSiteOnceUnderFlatNames) {
  source::MemoryFileSystem fs;
  fs.add_file("docs/img/a.png", "A");
  fs.add_file("docs/guides/img/a.png", "B");
  fs.add_file("docs/img/my pic.png", "C");
  const source::Site site = site_with({"guides/img/a.png", "img/a.png", "img/my pic.png"});
  MediaPacker packer(fs, 1 << 20);
  EXPECT_EQ(packer.add(site, "guides/git.md", "../img/a.png", ""), "img_a.png");
  EXPECT_EQ(packer.add(site, "index.md", "img/a.png?raw=1#x", ""), "img_a.png");  // the same file once
  EXPECT_EQ(packer.add(site, "guides/git.md", "img/a.png", "media/"), "media/guides_img_a.png");
  EXPECT_EQ(packer.add(site, "index.md", "img/my%20pic.png", ""), "img_my_pic.png");
  const auto files = packer.take_files();
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[0].name, "guides_img_a.png");
  EXPECT_EQ(files[0].bytes, "B");
  EXPECT_EQ(files[1].name, "img_a.png");
  EXPECT_EQ(files[1].bytes, "A");
}

TEST(MediaPacker, LeavesWhatIsNotAFileOfTheSite) {
  source::MemoryFileSystem fs;
  fs.add_file("secret.txt", "S");
  fs.add_file("docs/img/a.png", "A");
  const source::Site site = site_with({"img/a.png"});
  MediaPacker packer(fs, 1 << 20);
  for (const char* link : {"../secret.txt", "../../secret.txt", "/etc/passwd", "https://x.io/a.png",
                           "data:image/png;base64,AA", "img/missing.png", "", "img/../../secret.txt"}) {
    EXPECT_EQ(packer.add(site, "index.md", link, ""), std::nullopt) << link;
  }
  EXPECT_TRUE(packer.take_files().empty());
}

TEST(MediaPacker, AFileTooLargeIsReportedAndLeft) {
  source::MemoryFileSystem fs;
  fs.add_file("docs/big.png", std::string(100, 'x'));
  const source::Site site = site_with({"big.png"});
  MediaPacker packer(fs, 10);
  EXPECT_EQ(packer.add(site, "index.md", "big.png", ""), std::nullopt);
  EXPECT_EQ(packer.add(site, "index.md", "big.png", ""), std::nullopt);
  const auto problems = packer.take_problems();
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("docs/big.png: not packed"), std::string::npos) << problems[0];
}

}  // namespace
}  // namespace prepdeck::exporter
