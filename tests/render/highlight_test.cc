#include "render/highlight.h"

#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "render/markdown_html.h"

namespace prepdeck::render {
namespace {

TEST(Highlight, TokensGetSpansAndTextStaysEscaped) {
  const auto html = highlight_code("if [ \"$a\" < 3 ]; then echo 'hi' # greet\nfi", "bash");
  ASSERT_TRUE(html);
  EXPECT_NE(html->find(R"(<span class="hl-keyword">if</span>)"), std::string::npos) << *html;
  EXPECT_NE(html->find(R"(<span class="hl-comment"># greet</span>)"), std::string::npos) << *html;
  EXPECT_NE(html->find("&lt;"), std::string::npos);
  EXPECT_EQ(html->find(" < "), std::string::npos);
  EXPECT_NE(html->find("\n<span class=\"hl-keyword\">fi</span>"), std::string::npos) << "lines are kept";
}

TEST(Highlight, LanguageNamesAreCaseInsensitiveAndUnknownOnesStayPlain) {
  EXPECT_TRUE(highlight_code("def f(): pass", "Python"));
  EXPECT_FALSE(highlight_code("FROM debian", "no-such-language"));
  EXPECT_FALSE(highlight_code("x", ""));
}

TEST(Highlight, FencedBlocksInRenderedMarkdownAreHighlighted) {
  const std::string html = markdown_to_html("```python\nif a < b:\n    return \"x&y\"\n```\n\n```weird\na < b\n```\n");
  EXPECT_NE(html.find(R"(<pre><code class="language-python"><span class="hl-keyword">if</span>)"), std::string::npos)
      << html;
  EXPECT_NE(html.find("&quot;x&amp;y&quot;"), std::string::npos) << html;
  EXPECT_NE(html.find("<pre><code class=\"language-weird\">a &lt; b\n</code></pre>"), std::string::npos) << html;
}

// source-highlight parses its language files with a non-reentrant parser; the
// renderer highlights on every core at once.
TEST(Highlight, ManyThreadsAtOnceGiveTheSameResult) {
  const std::string code = "for i in 1 2 3; do echo \"$i\"; done  # loop\n";
  const auto expected = highlight_code(code, "bash");
  ASSERT_TRUE(expected);
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (const char* lang : {"python", "cpp", "sql", "javascript", "bash"}) {
        const auto html = highlight_code(code, lang);
        if (std::string(lang) == "bash" && (!html || *html != *expected)) ++mismatches[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace prepdeck::render
