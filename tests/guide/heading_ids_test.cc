// Heading ids against MkDocs' own: tests/util/data/toc_slug_vectors.json holds
// pages of headings and the ids Python-Markdown's toc gives them (by default
// and with pymdownx.slugs.slugify(case="lower")), written by
// scripts/gen-toc-slug-vectors (and, with pymdownx.emoji, the ids of headings
// holding shortcodes). The whole path is checked: the heading's text
// as toc reads it, the slug, and the _1, _2 that make it unique.
#include <fstream>
#include <functional>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "guide/markdown.h"
#include "guide/parser.h"
#include "source/file_system.h"
#include "source/site_loader.h"

namespace prepdeck::guide {
namespace {

using nlohmann::json;

Guide parse_with(const std::string& text, const ParseOptions& options) {
  source::MemoryFileSystem fs;
  fs.add_file("page.md", text);
  auto site = source::discover_site(fs, "page.md");
  const auto doc = source::load_document(fs, *site, site->pages[0], {});
  return parse_guide(doc, {}, options);
}

std::vector<std::string> heading_ids(const Guide& g) {
  std::vector<std::string> ids;
  const std::function<void(const std::vector<Block>&)> walk = [&](const std::vector<Block>& blocks) {
    for (const Block& b : blocks) {
      if (b.kind == BlockKind::heading) ids.push_back(b.anchor);
      if (b.kind == BlockKind::question) walk(g.questions[b.index].blocks);
      walk(b.children);
    }
  };
  walk(g.blocks);
  return ids;
}

void check_vectors(const char* rule_name, const ParseOptions& options, std::size_t at_least = 50) {
  std::ifstream in(PREPDECK_SOURCE_DIR "/tests/util/data/toc_slug_vectors.json");
  ASSERT_TRUE(in) << "missing vectors file";
  const json vectors = json::parse(in);
  std::size_t checked = 0;
  for (const json& page : vectors.at(rule_name)) {
    std::string text;
    for (const json& heading : page.at("headings")) text += heading.get<std::string>() + "\n\n";
    const std::vector<std::string> expected = page.at("ids").get<std::vector<std::string>>();
    EXPECT_EQ(heading_ids(parse_with(text, options)), expected) << text;
    checked += expected.size();
  }
  EXPECT_GE(checked, at_least);
}

TEST(HeadingIds, MatchPythonMarkdownsToc) { check_vectors("default", ParseOptions{}); }

TEST(HeadingIds, MatchPymdownxUnicodeSlugs) {
  ParseOptions options;
  options.slug = util::SlugRule::uslugify();
  check_vectors("uslugify", options);
}

// pymdownx.emoji's shortcodes (outside code) take no part in an id; where
// the site does not enable it they are text like any other.
TEST(HeadingIds, MatchTocWithEmojiShortcodes) {
  ParseOptions options;
  options.extensions.emoji = true;
  check_vectors("emoji", options, 11);
  options.extensions.emoji = false;
  EXPECT_EQ(heading_ids(parse_with("## :bulb: Idea\n", options)), std::vector<std::string>{"bulb-idea"});
}

// Material's emoji index knows its icons too (material.extensions.emoji.twemoji,
// which Debian's packages lack, so the vectors cannot hold it).
TEST(HeadingIds, MaterialIconShortcodesTakeNoPartEither) {
  const Guide g = parse_with("## :material-check: Done\n\n## :fontawesome-brands-github: Repo\n", ParseOptions{});
  EXPECT_EQ(heading_ids(g), (std::vector<std::string>{"done", "repo"}));
}

// Headings inside answers and admonitions take ids in document order with the
// page's own; sections keep their heading's id; the title's h1 has one too.
TEST(HeadingIds, EveryHeadingOfThePageInDocumentOrder) {
  const Guide g = parse_with(
      "# Pods\n\n## Basics\n\n??? question \"1. Q\"\n    ## Basics\n    Answer.\n\n!!! note\n    ## Basics\n\n"
      "## Basics\n",
      ParseOptions{});
  EXPECT_EQ(heading_ids(g), (std::vector<std::string>{"pods", "basics", "basics_1", "basics_2", "basics_3"}));
  ASSERT_EQ(g.sections.size(), 3u);  // the one in the answer is not a section of the page
  EXPECT_EQ(g.sections[0].anchor, "basics");
  EXPECT_EQ(g.sections[1].anchor, "basics_2");
  EXPECT_EQ(g.sections[2].anchor, "basics_3");
}

// A <details> question's body is raw HTML to MkDocs: its headings have no id
// and take none from the page's.
TEST(HeadingIds, HeadingsInADetailsAnswerTakeNone) {
  const Guide g = parse_with(
      "## Basics\n\n<details><summary>Q?</summary>\n\n## Basics\n\nAnswer.\n</details>\n\n## Basics\n", ParseOptions{});
  EXPECT_EQ(heading_ids(g), (std::vector<std::string>{"basics", "", "basics_1"}));
}

TEST(HeadingIds, InlineSourceEscapesOnlyBlockStarts) {
  EXPECT_EQ(inline_source("2. Title"), "2\\. Title");
  EXPECT_EQ(inline_source("- item"), "\\- item");
  EXPECT_EQ(inline_source("*emphasis* stays"), "*emphasis* stays");
  EXPECT_EQ(inline_source("2.5 is a number"), "2.5 is a number");
  EXPECT_EQ(inline_source("## x"), "\\## x");
  EXPECT_EQ(inline_source("#hashtag"), "#hashtag");
  EXPECT_EQ(inline_source("```"), "\\```");
  EXPECT_EQ(inline_source("[a]: b"), "\\[a]: b");
  EXPECT_EQ(inline_source("1) one\n2. two"), "1\\) one\n2\\. two");
  EXPECT_EQ(heading_text("2. **Bold** `code` <b>x</b> &copy; ![alt](i.png)"), "2. Bold code x");
}

}  // namespace
}  // namespace prepdeck::guide
