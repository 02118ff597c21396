#include "source/mkdocs_config.h"

#include <gtest/gtest.h>

namespace prepdeck::source {
namespace {

TEST(MkdocsConfig, ExtensionsAreListedInOrderWithOrWithoutOptions) {
  const auto result = parse_mkdocs_config(
      "markdown_extensions:\n  - attr_list\n  - toc:\n      permalink: true\n  - pymdownx.snippets:\n"
      "      base_path: [partials, shared]\n  - pymdownx.details\n");
  ASSERT_FALSE(result.error);
  EXPECT_EQ(result.config.markdown_extensions,
            (std::vector<std::string>{"attr_list", "toc", "pymdownx.snippets", "pymdownx.details"}));
  EXPECT_EQ(result.config.snippet_base_paths, (std::vector<std::string>{"partials", "shared"}));
  EXPECT_EQ(result.config.slug.kind, util::SlugRule::Kind::python_markdown);
}

TEST(MkdocsConfig, SmartSymbolsAreReadWithTheirOptions) {
  auto result = parse_mkdocs_config(
      "markdown_extensions:\n  - pymdownx.smartsymbols:\n      fractions: false\n      ordinal_numbers: false\n"
      "  - pymdownx.critic\n");
  ASSERT_FALSE(result.error);
  EXPECT_EQ(enabled_extensions(result.config).smart_symbols,
            k_all_smart_symbols & ~(k_smart_fractions | k_smart_ordinal_numbers));
  const auto unsupported = unsupported_extensions(result.config);
  ASSERT_EQ(unsupported.size(), 1u);
  EXPECT_EQ(unsupported[0].first, "pymdownx.critic");
  result = parse_mkdocs_config("markdown_extensions:\n  - pymdownx.smartsymbols\n");
  EXPECT_EQ(enabled_extensions(result.config).smart_symbols, k_all_smart_symbols);
  // Not named, it is off; and a folder without mkdocs.yml does not get it.
  result = parse_mkdocs_config("markdown_extensions:\n  - pymdownx.keys\n");
  EXPECT_EQ(enabled_extensions(result.config).smart_symbols, 0);
  EXPECT_EQ(MarkdownExtensions{}.smart_symbols, 0);
}

TEST(MkdocsConfig, TocSlugifyNamesPymdownxSlugs) {
  auto result = parse_mkdocs_config(
      "markdown_extensions:\n  - toc:\n      slugify: !!python/name:pymdownx.slugs.uslugify\n      separator: _\n"
      "      title: Sisukord\n");
  EXPECT_EQ(result.config.toc_title, "Sisukord");
  EXPECT_EQ(result.config.slug.kind, util::SlugRule::Kind::pymdownx);
  EXPECT_EQ(result.config.slug.letter_case, util::SlugRule::Case::lower);
  EXPECT_EQ(result.config.slug.separator, "_");

  result = parse_mkdocs_config(
      "markdown_extensions:\n  - toc:\n      slugify: !!python/object/apply:pymdownx.slugs.slugify\n"
      "        kwds:\n          case: lower-ascii\n          percent_encode: true\n");
  EXPECT_EQ(result.config.slug.kind, util::SlugRule::Kind::pymdownx);
  EXPECT_EQ(result.config.slug.letter_case, util::SlugRule::Case::lower_ascii);
  EXPECT_TRUE(result.config.slug.percent_encode);
  EXPECT_TRUE(result.warnings.empty());

  result = parse_mkdocs_config("markdown_extensions:\n  - toc:\n      slugify: !!python/name:my.own.slugify\n");
  EXPECT_EQ(result.config.slug.kind, util::SlugRule::Kind::python_markdown);
  ASSERT_EQ(result.warnings.size(), 1u);
  EXPECT_EQ(result.warnings[0].line, 3u);
}

}  // namespace
}  // namespace prepdeck::source
