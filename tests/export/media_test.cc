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

// The name a token stands for, once finish() named the files.
std::string named(const MediaPacker& packer, const std::optional<std::string>& token) {
  std::string html = "<img src=\"" + token.value_or("(none)") + "\">";
  packer.name(html);
  return html;
}

TEST(MediaPacker, PacksFilesOfTheSiteOnceUnderFlatNames) {
  source::MemoryFileSystem fs;
  fs.add_file("docs/img/a.png", "A");
  fs.add_file("docs/guides/img/a.png", "B");
  fs.add_file("docs/img/my pic.png", "C");
  fs.add_file("docs/img_a.png", "D");
  const source::Site site = site_with({"guides/img/a.png", "img/a.png", "img/my pic.png", "img_a.png"});
  MediaPacker packer(fs, 1 << 20);
  // Met in one order...
  const auto a1 = packer.add(site, "index.md", "img_a.png");
  const auto a2 = packer.add(site, "guides/git.md", "../img/a.png");
  const auto a3 = packer.add(site, "index.md", "img/a.png?raw=1#x");  // the same file: the same token
  const auto b = packer.add(site, "guides/git.md", "img/a.png");
  const auto c = packer.add(site, "index.md", "img/my%20pic.png");
  EXPECT_EQ(a2, a3);
  packer.finish("media/");
  EXPECT_EQ(named(packer, b), "<img src=\"media/guides_img_a.png\">");
  EXPECT_EQ(named(packer, a2), "<img src=\"media/img_a.png\">");
  EXPECT_EQ(named(packer, c), "<img src=\"media/img_my_pic.png\">");
  // img_a.png flattens to the name img/a.png has: the later path in order gets a hash.
  EXPECT_NE(named(packer, a1).find("-img_a.png\""), std::string::npos) << named(packer, a1);
  const std::vector<std::string> names{named(packer, a1), named(packer, a2), named(packer, b), named(packer, c)};
  const auto files = packer.take_files();
  ASSERT_EQ(files.size(), 4u);
  EXPECT_EQ(files[1].name, "guides_img_a.png");
  EXPECT_EQ(files[1].bytes, "B");

  // ...or in another: the same names.
  MediaPacker other(fs, 1 << 20);
  const auto c2 = other.add(site, "index.md", "img/my%20pic.png");
  const auto b2 = other.add(site, "guides/git.md", "img/a.png");
  const auto a22 = other.add(site, "index.md", "img/a.png");
  const auto a12 = other.add(site, "index.md", "img_a.png");
  other.finish("media/");
  EXPECT_EQ((std::vector<std::string>{named(other, a12), named(other, a22), named(other, b2), named(other, c2)}),
            names);
}

TEST(MediaPacker, LeavesWhatIsNotAFileOfTheSite) {
  source::MemoryFileSystem fs;
  fs.add_file("secret.txt", "S");
  fs.add_file("docs/img/a.png", "A");
  const source::Site site = site_with({"img/a.png"});
  MediaPacker packer(fs, 1 << 20);
  for (const char* link : {"../secret.txt", "../../secret.txt", "/etc/passwd", "https://x.io/a.png",
                           "data:image/png;base64,AA", "img/missing.png", "", "img/../../secret.txt"}) {
    EXPECT_EQ(packer.add(site, "index.md", link), std::nullopt) << link;
  }
  EXPECT_TRUE(packer.take_files().empty());
}

TEST(MediaPacker, AFileTooLargeIsReportedAndLeft) {
  source::MemoryFileSystem fs;
  fs.add_file("docs/big.png", std::string(100, 'x'));
  const source::Site site = site_with({"big.png"});
  MediaPacker packer(fs, 10);
  EXPECT_EQ(packer.add(site, "index.md", "big.png"), std::nullopt);
  EXPECT_EQ(packer.add(site, "index.md", "big.png"), std::nullopt);
  const auto problems = packer.take_problems();
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("docs/big.png: not packed"), std::string::npos) << problems[0];
}

}  // namespace
}  // namespace prepdeck::exporter
