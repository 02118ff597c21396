#include "render/highlight.h"

#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "render/markdown_html.h"
#include "render/pcre2_rules.h"
#include "tests/support/files.h"

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

TEST(Highlight, AVeryLongLineIsShownPlainAndTheOthersStillHighlighted) {
  std::string long_line;
  for (int i = 0; i < 2000; ++i) long_line += "x=1 ";
  const auto html = highlight_code("if true; then\n" + long_line + "<\nfi", "bash");
  ASSERT_TRUE(html);
  EXPECT_NE(html->find("\n" + long_line + "&lt;\n"), std::string::npos) << "plain and escaped";
  EXPECT_NE(html->find(R"(<span class="hl-keyword">if</span>)"), std::string::npos);
  EXPECT_NE(html->find("\n<span class=\"hl-keyword\">fi</span>"), std::string::npos);
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

TEST(Highlight, BoostPatternsReadAsPcre2) {
  EXPECT_EQ(boost_to_pcre2(R"(\<(?:if|fi)\>)"), R"(\b(?=\w)(?:if|fi)\b(?<=\w))");
  EXPECT_EQ(boost_to_pcre2(R"([[:alpha:]_][[:word:]]*)"), R"([[:alpha:]_][[:word:]]*)");
  EXPECT_EQ(boost_to_pcre2(R"([\<\]]+)"), R"([\<\]]+)") << "inside a class \\< is a plain <";
  EXPECT_EQ(boost_to_pcre2(R"([]a]|[^]b])"), R"([]a]|[^]b])") << "a leading ] is part of the class";
  EXPECT_EQ(boost_to_pcre2(R"((a)\1\$\.)"), R"((a)\1\$\.)");
  EXPECT_EQ(boost_to_pcre2(R"(^[[:blank:]]*x[^[:blank:]])"), R"(^[[:blank:]\x0b]*x[^[:blank:]\x0b])")
      << "boost's blank is every space but a line break: \\v too";
  EXPECT_EQ(boost_to_pcre2(R"(\l+)"), std::nullopt) << "boost's \\l (a lower-case letter) is not PCRE2's";
  EXPECT_EQ(boost_to_pcre2(R"(\`x)"), std::nullopt);
  EXPECT_EQ(boost_to_pcre2(R"([\1])"), std::nullopt);
  EXPECT_EQ(boost_to_pcre2(R"([abc)"), std::nullopt);
  EXPECT_EQ(boost_to_pcre2(R"(x\)"), std::nullopt);
}

// The invariant of pcre2_rules.h: every language source-highlight ships,
// highlighting code of many languages (and broken code), gives the same bytes
// with PCRE2 as with boost.
TEST(Highlight, Pcre2AndBoostGiveTheSameBytesForEveryLanguage) {
  const std::string samples = test::read_file(PREPDECK_SOURCE_DIR "/tests/render/data/highlight_samples.txt");
  const auto languages = highlight_languages();
  ASSERT_GT(languages.size(), 50u);
  std::size_t highlighted = 0;
  for (const auto& lang : languages) {
    const auto boost = highlight_code(samples, lang, RegexEngine::boost);
    const auto pcre2 = highlight_code(samples, lang, RegexEngine::pcre2_jit);
    ASSERT_EQ(boost.has_value(), pcre2.has_value()) << lang;
    if (!boost) continue;
    ++highlighted;
    if (*boost == *pcre2) continue;
    std::size_t at = 0;
    while (at < boost->size() && at < pcre2->size() && (*boost)[at] == (*pcre2)[at]) ++at;
    const std::size_t from = at < 80 ? 0 : at - 80;
    ADD_FAILURE() << lang << ": first difference at byte " << at << "\nboost: " << boost->substr(from, 160)
                  << "\npcre2: " << pcre2->substr(from, 160);
  }
  EXPECT_GT(highlighted, 50u);
}

// highlight_fuzzer's finds: language, code.
TEST(Highlight, Pcre2AndBoostAgreeOnWhatTheFuzzerFound) {
  const std::pair<const char*, std::string> finds[] = {
      {"c", "2:\v"},  // c.lang's label rule ends in [[:blank:]]*, and boost's blank holds \v
  };
  for (const auto& [lang, code] : finds) {
    EXPECT_EQ(highlight_code(code, lang), highlight_code(code, lang, RegexEngine::boost)) << lang << ": " << code;
  }
}

TEST(Highlight, CodeWithCarriageReturnsIsHighlightedByBoost) {
  const std::string code = "echo a\r\nif true; then x=1; fi\r\n";
  EXPECT_EQ(highlight_code(code, "bash"), highlight_code(code, "bash", RegexEngine::boost));
}

}  // namespace
}  // namespace prepdeck::render

namespace prepdeck::render {
namespace {

TEST(HighlightOptions, TitleLineNumbersAndMarkedLinesFromTheFence) {
  const std::string html = markdown_to_html(
      "- item\n\n    ```python title=\"app.py\" linenums=\"3\" hl_lines=\"2\"\n    import os\n    print(1)\n    x\n    "
      "```\n\n``` title=\"<b>notes</b>\"\nplain <text>\n```\n\n```\n``` title=\"not an opener\"\n```\n");
  EXPECT_NE(html.find("<div class=\"highlight\"><span class=\"filename\">app.py</span><pre><code "
                      "class=\"language-python\"><span class=\"linenos\" data-linenos=\"3 \"></span>"),
            std::string::npos);
  EXPECT_NE(html.find("<span class=\"linenos\" data-linenos=\"4 \"></span><span class=\"hll\">"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"linenos\" data-linenos=\"5 \"></span>x\n"), std::string::npos);
  // A title is text; a fence with no language is text; inside a code block, nothing is a fence.
  EXPECT_NE(html.find("<span class=\"filename\">&lt;b&gt;notes&lt;/b&gt;</span><pre><code class=\"language-text\">"
                      "plain &lt;text&gt;\n"),
            std::string::npos);
  EXPECT_NE(html.find("<pre><code>``` title=&quot;not an opener&quot;\n</code></pre>"), std::string::npos);
  EXPECT_EQ(html.find("pdopts"), std::string::npos);
}

TEST(HighlightOptions, WithoutColorsCodeStaysTextAndTheFenceOptionsStillApply) {
  // What an export to an LMS asks for (no stylesheet there for the spans): the MarkdownBatch that
  // render_items_html() uses, its code colors off.
  MarkdownBatch batch;
  batch.set_code_colors(false);
  const std::size_t i = batch.add("```python title=\"app.py\" hl_lines=\"2\"\nif a < b:\n    x = 1\n```\n");
  batch.render();
  const std::string& html = batch.html(i);
  EXPECT_EQ(html.find("hl-"), std::string::npos) << html;
  EXPECT_NE(html.find("<div class=\"highlight\"><span class=\"filename\">app.py</span><pre><code "
                      "class=\"language-python\">if a &lt; b:\n<span class=\"hll\">    x = 1\n</span>"),
            std::string::npos)
      << html;
  EXPECT_EQ(html.find("pdopts"), std::string::npos);
  MarkdownBatch colored;
  const std::size_t k = colored.add("```python\nif a < b:\n    x = 1\n```\n");
  colored.render();
  EXPECT_NE(colored.html(k).find("<span class=\"hl-keyword\">if</span>"), std::string::npos);
}

TEST(HighlightOptions, InlineCodeNamingItsLanguage) {
  const std::string html = markdown_to_html("`#!python print(1)` and `#!` and `#!x` and `# plain`");
  EXPECT_NE(html.find("<code class=\"highlight language-python\"><span class=\"hl-keyword\">print</span>"),
            std::string::npos);
  EXPECT_NE(html.find("<code>#!</code> and <code>#!x</code> and <code># plain</code>"), std::string::npos);
}

}  // namespace
}  // namespace prepdeck::render
