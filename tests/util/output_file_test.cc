// Issue 12, defect 9: `export -o /dev/null` wrote a temporary file and renamed
// it over the target, so the device became a regular file (as root, for the
// whole machine); FIFOs and /dev/stdout were replaced the same way.
#include "util/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "tests/support/scratch_dir.h"

namespace prepdeck::util {
namespace {

namespace fs = std::filesystem;

class OutputFile : public ::testing::Test {
 protected:
  std::string path(const std::string& name) const { return m_dir / name; }
  static std::string read(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  test::ScratchDir m_dir{"output"};
};

TEST_F(OutputFile, ANewOrRegularFileIsReplacedWholeAndKeepsItsMode) {
  ASSERT_TRUE(write_output_file(path("new.json"), "one"));
  EXPECT_EQ(read(path("new.json")), "one");
  ::chmod(path("new.json").c_str(), 0600);
  ASSERT_TRUE(write_output_file(path("new.json"), "two"));
  EXPECT_EQ(read(path("new.json")), "two");
  struct stat st {};
  ASSERT_EQ(::stat(path("new.json").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(std::distance(fs::directory_iterator(m_dir.path()), fs::directory_iterator()), 1) << "no temporary left";
}

TEST_F(OutputFile, ADirectoryOrAMissingFolderIsAClearError) {
  const auto dir = write_output_file(m_dir.path().string(), "x");
  ASSERT_FALSE(dir);
  EXPECT_NE(dir.error().message.find("is a directory"), std::string::npos) << dir.error().message;
  const auto missing = write_output_file(path("no/such/folder/x.json"), "x");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("no/such/folder/x.json"), std::string::npos) << missing.error().message;
}

TEST_F(OutputFile, AFifoIsWrittenThroughAndStaysAFifo) {
  ASSERT_EQ(::mkfifo(path("pipe").c_str(), 0600), 0);
  std::string received;
  std::thread reader([&] { received = read(path("pipe")); });
  ASSERT_TRUE(write_output_file(path("pipe"), "streamed"));
  reader.join();
  EXPECT_EQ(received, "streamed");
  struct stat st {};
  ASSERT_EQ(::lstat(path("pipe").c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
}

TEST_F(OutputFile, ACharacterDeviceStaysADevice) {
  // A /dev/null of the test's own (as root); elsewhere the real one, which is
  // written through all the same.
  std::string device = "/dev/null";
  if (::mknod(path("null").c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0) device = path("null");
  ASSERT_TRUE(write_output_file(device, "discarded"));
  struct stat st {};
  ASSERT_EQ(::lstat(device.c_str(), &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
  EXPECT_EQ(st.st_rdev, makedev(1, 3));
}

TEST_F(OutputFile, ASymlinkIsWrittenThroughNotReplaced) {
  std::ofstream(path("target.json")) << "old";
  fs::create_symlink(path("target.json"), path("link.json"));
  ASSERT_TRUE(write_output_file(path("link.json"), "new"));
  EXPECT_TRUE(fs::is_symlink(path("link.json")));
  EXPECT_EQ(read(path("target.json")), "new");
}

}  // namespace
}  // namespace prepdeck::util
