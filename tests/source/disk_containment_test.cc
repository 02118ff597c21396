// Issue 12, defects 2 and 10: on a real disk, a guide reads nothing outside
// its project: not by an absolute or climbing include, not through a symlink,
// and never from a FIFO or /proc.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "source/site_loader.h"
#include "source/source_codes.h"
#include "tests/support/scratch_dir.h"

namespace prepdeck::source {
namespace {

namespace fs = std::filesystem;

class DiskContainment : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(m_dir.path() / "project/docs");
    fs::create_directories(m_dir.path() / "outside");
    write("outside/secret.md", "SECRET-OUTSIDE\n");
    write("project/mkdocs.yml", "site_name: x\n");
  }

  void write(const std::string& relative, const std::string& text) {
    std::ofstream(m_dir / relative, std::ios::binary) << text;
  }
  std::string path(const std::string& relative) const { return m_dir / relative; }

  // Every page's text and every diagnostic code, for the project.
  std::pair<std::string, std::vector<std::string>> load_all() {
    DiskFileSystem disk;
    auto site = discover_site(disk, path("project"));
    EXPECT_TRUE(site);
    std::string text;
    std::vector<std::string> codes;
    for (const auto& d : site->diagnostics) codes.emplace_back(d.code);
    for (const auto& page : site->pages) {
      const SourceDocument doc = load_document(disk, *site, page, {});
      text += doc.text;
      for (const auto& d : doc.diagnostics) codes.emplace_back(d.code);
    }
    return {text, codes};
  }

  test::ScratchDir m_dir{"containment"};
};

TEST_F(DiskContainment, AbsoluteAndClimbingIncludesAreRefused) {
  write("project/docs/g.md",
        "start\n--8<-- \"/etc/hostname\"\n--8<-- \"../../outside/secret.md\"\n--8<-- "
        "\"../../../../../../etc/os-release\"\n"
        "{% include-markdown \"/proc/version\" %}\nend\n");
  const auto [text, codes] = load_all();
  EXPECT_EQ(text, "start\nend\n");
  EXPECT_EQ(codes,
            (std::vector<std::string>{"include-outside", "include-outside", "include-outside", "include-outside"}));
}

TEST_F(DiskContainment, SymlinksLeadingOutAreNotFollowed) {
  fs::create_directory_symlink("/", m_dir.path() / "project/docs/root");
  fs::create_directory_symlink(m_dir.path() / "outside", m_dir.path() / "project/docs/away");
  fs::create_symlink(m_dir.path() / "outside/secret.md", m_dir.path() / "project/docs/linked.md");
  fs::create_directories(m_dir.path() / "project/docs/real");
  write("project/docs/real/page.md", "real page\n");
  fs::create_directory_symlink(m_dir.path() / "project/docs/real", m_dir.path() / "project/docs/alias");
  write("project/docs/g.md", "--8<-- \"away/secret.md\"\n--8<-- \"alias/page.md\"\n");
  DiskFileSystem disk;
  auto site = discover_site(disk, path("project"));
  ASSERT_TRUE(site);
  std::vector<std::string> pages;
  for (const auto& p : site->pages) pages.push_back(p.path);
  // A link that stays inside is followed (the folder it names is then read
  // once, under the first name); those leading out are not.
  EXPECT_EQ(pages, (std::vector<std::string>{"alias/page.md", "g.md"}));
  // The same holds for the files carried into the site: nothing from outside.
  fs::create_symlink("/etc/hostname", m_dir.path() / "project/docs/host.png");
  write("project/docs/real/pic.png", "png");
  site = discover_site(disk, path("project"));
  std::vector<std::string> files;
  for (const auto& f : site->static_files) files.push_back(f.path);
  EXPECT_EQ(files, (std::vector<std::string>{"alias/pic.png"}));
  const auto [text, codes] = load_all();
  EXPECT_EQ(text.find("SECRET"), std::string::npos) << text;
  EXPECT_NE(text.find("real page"), std::string::npos);
  EXPECT_EQ(std::count(codes.begin(), codes.end(), "include-outside"), 1);
}

TEST_F(DiskContainment, FifosAreNeverOpened) {
  ASSERT_EQ(::mkfifo(path("project/docs/pipe.md").c_str(), 0600), 0);
  ASSERT_EQ(::mkfifo(path("project/docs/part.md").c_str(), 0600), 0);
  write("project/docs/g.md", "a\n--8<-- \"part.md\"\nb\n");
  // A reader blocked on a FIFO would hang here; the test finishing is the check.
  const auto [text, codes] = load_all();
  EXPECT_EQ(text, "a\nb\n");
  EXPECT_EQ(codes, (std::vector<std::string>{"include-outside"}));
  DiskFileSystem disk;
  const auto read = disk.read_file(path("project/docs/pipe.md"), 1 << 20);
  ASSERT_FALSE(read);
  EXPECT_NE(read.error().message.find("not a regular file"), std::string::npos);
}

}  // namespace
}  // namespace prepdeck::source

namespace prepdeck::source {
namespace {

// identity() resolves folders once and remembers them: it must still give
// what std::filesystem::weakly_canonical gives, links and ".." included.
TEST(DiskIdentity, AgreesWithWeaklyCanonicalThroughLinksAndClimbs) {
  const test::ScratchDir dir("identity");
  const std::filesystem::path root = dir.path();
  std::filesystem::create_directories(root / "p/docs/a/b");
  std::filesystem::create_directories(root / "elsewhere/deep");
  std::ofstream(root / "p/docs/a/b/page.md") << "x";
  std::ofstream(root / "elsewhere/deep/secret.md") << "s";
  std::filesystem::create_directory_symlink(root / "elsewhere/deep", root / "p/docs/link");
  std::filesystem::create_symlink(root / "elsewhere/deep/secret.md", root / "p/docs/a/file-link.md");
  DiskFileSystem disk;
  const std::string base = root.string();
  for (const std::string relative :
       {"p/docs/a/b/page.md", "p/docs/a/b/../b/page.md", "p/docs/link/secret.md", "p/docs/link/../deep/secret.md",
        "p/docs/link/..", "p/docs/a/file-link.md", "p/docs/a/missing/../b/page.md", "p/docs/missing/x/../y.md",
        "p/docs/./a//b/page.md", "p/docs/link/../../p/docs/a", "p/docs/a/b/"}) {
    for (int round = 0; round < 2; ++round) {  // the second from what the first remembered
      const std::string path = base + "/" + relative;
      EXPECT_EQ(disk.identity(path), std::filesystem::weakly_canonical(path).generic_string()) << relative;
    }
  }
  // Relative to the working folder too.
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(root);
  DiskFileSystem fresh;
  EXPECT_EQ(fresh.identity("p/docs/link/secret.md"), (root / "elsewhere/deep/secret.md").generic_string());
  EXPECT_EQ(fresh.identity("p/docs/link/../x.md"), (root / "elsewhere/x.md").generic_string());
  std::filesystem::current_path(cwd);
}

}  // namespace
}  // namespace prepdeck::source
