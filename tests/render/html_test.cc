#include "render/html.h"

#include <gtest/gtest.h>

namespace prepdeck::render {
namespace {

TEST(Html, EscapesTextAndAttributes) {
  EXPECT_EQ(escape(R"(<a href="x">&</a>)"), "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
  EXPECT_EQ(escape("plain"), "plain");
}

TEST(Html, PageUrlsAndRootPrefixes) {
  EXPECT_EQ(page_url("index.md"), "index.html");
  EXPECT_EQ(page_url("interview-questions/git.md"), "interview-questions/git.html");
  EXPECT_EQ(page_url("notes.markdown"), "notes.html");
  EXPECT_EQ(root_prefix("index.html"), "");
  EXPECT_EQ(root_prefix("quiz/git.html"), "../");
  EXPECT_EQ(root_prefix("a/b/c.html"), "../../");
}

TEST(Html, RewritesRelativeLinksToMarkdownPages) {
  EXPECT_EQ(rewrite_page_links(R"(<a href="../quiz/git.md#q3">quiz</a> <a href="x.md?a=1">x</a>)"),
            R"(<a href="../quiz/git.html#q3">quiz</a> <a href="x.html?a=1">x</a>)");
  // Absolute URLs, anchors, root-relative paths and other files stay as written.
  const std::string kept =
      R"(<a href="https://example.com/a.md">a</a><a href="#q1">b</a><a href="/abs.md">c</a><a href="img.png">d</a>)";
  EXPECT_EQ(rewrite_page_links(kept), kept);
}

}  // namespace
}  // namespace prepdeck::render
