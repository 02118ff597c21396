#include "util/html_tree.h"

#include <gtest/gtest.h>

namespace prepdeck::util {
namespace {

std::string as_html(const std::vector<HtmlNode>& nodes) { return serialize_html(nodes); }

TEST(HtmlTree, AFragmentParsesAsBrowsersReadIt) {
  EXPECT_EQ(as_html(parse_html_fragment("lead <P CLASS=x>a<br>b &nbsp;&amp; c</p>")),
            "lead <p class=\"x\">a<br>b \xC2\xA0&amp; c</p>");
  // An unclosed element is closed; a stray end tag is dropped.
  EXPECT_EQ(as_html(parse_html_fragment("<em>open</div>")), "<em>open</em>");
}

TEST(HtmlTree, WellFormedXmlReadsTheSameThroughTheXmlParser) {
  for (const std::string& html : {
           std::string("<p>a <strong>b</strong> &amp; &lt;c&gt; &#233; &quot;q&quot;</p>"),
           std::string("<div class=\"callout\"><p class=\"callout-label\">Note</p><p>x</p></div>"),
           std::string("plain text"),
           std::string("<pre><code class=\"language-sh\">  git log\n  ls</code></pre>"),
           std::string("<p>caf\xC3\xA9 \xF0\x9F\xA7\xA0</p><ul><li>one</li><li>two</li></ul>"),
           std::string(""),
       }) {
    const auto xml = parse_xhtml_fragment(html);
    ASSERT_TRUE(xml.has_value()) << html;
    EXPECT_EQ(as_html(*xml), as_html(parse_html_fragment(html))) << html;
  }
}

TEST(HtmlTree, NamesFromTheXmlParserAreLowerCased) {
  const auto xml = parse_xhtml_fragment("<P CLASS=\"x\">a</P>");
  ASSERT_TRUE(xml.has_value());
  EXPECT_EQ(as_html(*xml), "<p class=\"x\">a</p>");
}

TEST(HtmlTree, AFragmentKeptWholeButForAttributesIsWrittenWithoutThem) {
  const KeptWhole kept{[](std::string_view name) { return name == "p" || name == "span"; },
                       [](std::string_view name) { return name == "class"; },
                       [](std::string_view text) { return text.find("BLANK") == std::string_view::npos; }};
  const auto form = [&](const std::string& html) { return read_xhtml_fragment(html, kept)->form; };
  EXPECT_EQ(form("<p class=\"x\">a &amp; <span>b</span></p>"), XhtmlFragment::Form::whole);
  EXPECT_EQ(form("<p>a BLANK</p>"), XhtmlFragment::Form::nodes);       // text the caller must see
  EXPECT_EQ(form("<em id=\"i\">a</em>"), XhtmlFragment::Form::nodes);  // an element not kept, too
  EXPECT_EQ(form("<p><!-- c --></p>"), XhtmlFragment::Form::nodes);

  // Only attributes in the way: the fragment without them, through libxml2's serializer. Markup
  // characters stay escaped (in text and in the attributes kept), the rest is UTF-8, white space kept.
  const auto read = read_xhtml_fragment(
      "lead <p class=\"a&amp;&quot;b\" id=\"x\">1 &lt; 2 &amp;&amp; caf&#233;\n<span "
      "aria-hidden=\"true\">\xF0\x9F\x92\xA1</span></p>"
      "<span/>",
      kept);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->form, XhtmlFragment::Form::xml);
  EXPECT_TRUE(read->nodes.empty());
  EXPECT_EQ(
      read->xml,
      "lead <p class=\"a&amp;&quot;b\">1 &lt; 2 &amp;&amp; caf\xC3\xA9\n<span>\xF0\x9F\x92\xA1</span></p><span/>");
  // The same tree as parsing it and leaving the attributes out.
  EXPECT_EQ(as_html(*parse_xhtml_fragment(read->xml)),
            "lead <p class=\"a&amp;&quot;b\">1 &lt; 2 &amp;&amp; "
            "caf\xC3\xA9\n<span>\xF0\x9F\x92\xA1</span></p><span></span>");
}

TEST(HtmlTree, WhatIsNotWellFormedXmlIsLeftToTheHtmlParser) {
  for (const std::string& html : {
           std::string("a<br>b"),                                      // a void element, unclosed
           std::string("a&nbsp;b"),                                    // an entity only HTML defines
           std::string("<p>open"),                                     // unclosed
           std::string("a</div><div>b"),                               // breaking out of the wrapper
           std::string("<svg:rect/>"),                                 // a prefix, even undeclared
           std::string("<p xmlns=\"urn:x\">a</p>"),                    // a namespace declaration
           std::string("<p xml:lang=\"en\">a</p>"),                    // a namespaced attribute
           std::string("<!DOCTYPE x [<!ENTITY a \"b\">]><p>&a;</p>"),  // no DTD mid-document
           std::string("bad \xFF utf-8"),
           std::string("a\x01"
                       "b"),             // a control character XML cannot hold
           std::string("<p a=1>x</p>"),  // an unquoted attribute
       }) {
    EXPECT_FALSE(parse_xhtml_fragment(html).has_value()) << html;
    (void)parse_html_fragment(html);  // which reads every one of them
  }
}

TEST(HtmlTree, DeepNestingCostsLinearTimeOnBothPaths) {
  std::string deep;
  for (int i = 0; i < 20'000; ++i) deep += "<span>";
  deep += "x";
  for (int i = 0; i < 20'000; ++i) deep += "</span>";
  // Past libxml2's depth limit (256): the XML parser refuses it; the HTML parser reads it, cut.
  EXPECT_FALSE(parse_xhtml_fragment(deep).has_value());
  EXPECT_FALSE(parse_html_fragment(deep).empty());

  std::string shallow;
  for (int i = 0; i < 100; ++i) shallow += "<span>";
  shallow += "y";
  for (int i = 0; i < 100; ++i) shallow += "</span>";
  const auto cut = parse_xhtml_fragment(shallow, 10);
  ASSERT_TRUE(cut.has_value());
  EXPECT_EQ(as_html(*cut), as_html(parse_html_fragment(shallow, 10)));
}

}  // namespace
}  // namespace prepdeck::util
