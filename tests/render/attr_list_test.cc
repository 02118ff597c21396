#include "render/attr_list.h"

#include <gtest/gtest.h>

#include "render/markdown_html.h"

namespace prepdeck::render {
namespace {

TEST(AttrList, ImagesAndLinksTakeTheirAttributes) {
  EXPECT_EQ(markdown_to_html("![Logo](logo.png){ width=\"120\" loading=lazy .center #logo }\n"),
            "<p><img src=\"logo.png\" alt=\"Logo\" width=\"120\" loading=\"lazy\" id=\"logo\" class=\"center\"></p>\n");
  EXPECT_EQ(markdown_to_html("[Docs](https://example.com){target=_blank rel=noopener}\n"),
            "<p><a href=\"https://example.com\" target=\"_blank\" rel=\"noopener\">Docs</a></p>\n");
  // An image in a link, as the seed's site writes its video covers.
  EXPECT_EQ(markdown_to_html("[![Cover](c.png){: style=\"width:400px; height:auto\"}](https://v.example/x)\n"),
            "<p><a href=\"https://v.example/x\"><img src=\"c.png\" alt=\"Cover\" width=\"400\"></a></p>\n");
}

TEST(AttrList, AParagraphTakesAListOnItsLastLine) {
  EXPECT_EQ(markdown_to_html("Centred text.\n{: .center }\n"), "<p class=\"center\">Centred text.</p>\n");
}

// Nothing that could run or load: handlers, URLs and unknown names are
// dropped; a group that is not an attribute list stays text.
TEST(AttrList, OnlyHarmlessAttributes) {
  EXPECT_EQ(markdown_to_html("![x](a.png){ onerror=\"alert(1)\" src=\"javascript:x\" }\n"),
            "<p><img src=\"a.png\" alt=\"x\"></p>\n");
  EXPECT_EQ(markdown_to_html("![x](a.png){ .a\" onload=\"x }\n"),
            "<p><img src=\"a.png\" alt=\"x\">{ .a&quot; onload=&quot;x }</p>\n");
  EXPECT_EQ(markdown_to_html("Text {not a list} and `{: .x}`\n"), "<p>Text {not a list} and <code>{: .x}</code></p>\n");
  EXPECT_EQ(markdown_to_html("![x](a.png){ title=\"a &lt;b&gt;\" }\n"),
            "<p><img src=\"a.png\" alt=\"x\" title=\"a &lt;b&gt;\"></p>\n");
  std::string many(100000, '{');
  apply_attribute_lists(many);  // linear: one scan for a run of '{'
  EXPECT_EQ(many.size(), 100000u);
}

}  // namespace
}  // namespace prepdeck::render
