#include "server/site_cache.h"

#include <gtest/gtest.h>

namespace prepdeck::server {
namespace {

// A renderer that hands over `files` in the order given, as the build's
// rendering threads would in any order.
SiteRenderer files_renderer(std::vector<SiteFile> files) {
  return [files = std::move(files)](const guide::GuideSet&, const FileSink& sink) {
    for (SiteFile f : files) sink(std::move(f));
  };
}

// The pages' version is their content's: two instances (or two renderings)
// of the same files agree whatever the order and generation, and any change
// of a byte or a path gives another.
TEST(SiteSnapshot, TheContentVersionIsTheSameForTheSameFilesOnAnyInstance) {
  const guide::GuideSet set;
  const std::vector<SiteFile> files{{"index.html", "<p>home</p>"}, {"quiz/git.html", "<p>quiz</p>"}};
  const auto one = make_snapshot(set, files_renderer(files), 1);
  const auto other = make_snapshot(set, files_renderer({files[1], files[0]}), 7);
  ASSERT_EQ(one->content_version().size(), 16u);
  EXPECT_EQ(one->content_version().find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(one->content_version(), other->content_version());
  EXPECT_EQ(other->generation(), 7u);

  const auto edited = make_snapshot(set, files_renderer({{"index.html", "<p>home!</p>"}, files[1]}), 2);
  EXPECT_NE(edited->content_version(), one->content_version());
  const auto moved = make_snapshot(set, files_renderer({{"home.html", "<p>home</p>"}, files[1]}), 2);
  EXPECT_NE(moved->content_version(), one->content_version());
}

}  // namespace
}  // namespace prepdeck::server
