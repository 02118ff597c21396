#include "export/xml_writer.h"

#include <gtest/gtest.h>

namespace prepdeck::exporter {
namespace {

TEST(XmlWriter, EscapesTextAndAttributes) {
  XmlWriter xml(XmlWriter::Indent::none);
  xml.start("a").attribute("t", "x\"<&>").text("1 < 2 & 3 > 2").end();
  EXPECT_EQ(xml.finish(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a t=\"x&quot;&lt;&amp;&gt;\">1 &lt; 2 &amp; 3 &gt; 2</a>\n");
}

TEST(XmlWriter, AttributesWithNothingToEscapeAreWrittenTheSame) {
  XmlWriter xml(XmlWriter::Indent::none);
  xml.start("a").attribute("id", "I_x-1.y_2").attribute("empty", "").attribute("none", std::string_view());
  xml.attribute("tab", "a\tb\nc").attribute("caf", "caf\xC3\xA9 <&>\"").end();
  EXPECT_EQ(
      xml.finish(),
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<a id=\"I_x-1.y_2\" empty=\"\" none=\"\" tab=\"a&#9;b&#10;c\" caf=\"caf\xC3\xA9 &lt;&amp;&gt;&quot;\"/>\n");
}

TEST(XmlWriter, CdataCannotEndEarly) {
  XmlWriter xml(XmlWriter::Indent::none);
  xml.start("t").cdata("a]]>b]]>").end();
  EXPECT_EQ(xml.finish(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<t><![CDATA[a]]]]><![CDATA[>b]]]]><![CDATA[>]]></t>\n");
}

TEST(XmlWriter, TextIsMadeFitForXml) {
  EXPECT_EQ(xml_text(std::string("a\0b\x01\x1f\tc\r\nd", 11)), "ab\tc\r\nd");
  EXPECT_EQ(xml_text("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(xml_text("bad \xFF byte"), "bad \xEF\xBF\xBD byte");
  EXPECT_EQ(xml_text("\xEF\xBF\xBE\xEF\xBF\xBF!"), "!");  // U+FFFE and U+FFFF
  XmlWriter xml(XmlWriter::Indent::none);
  xml.element("t", std::string("nul\0here", 8));
  EXPECT_EQ(xml.finish(), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<t>nulhere</t>\n");
}

XmlWriter::HtmlRules rules() {
  XmlWriter::HtmlRules r;
  r.elements = {"p", "em", "code", "br"};
  r.attributes = {"class"};
  r.renamed = {{"details", "div"}};
  r.dropped = {"script"};
  return r;
}

std::string body(std::string_view html, const XmlWriter::HtmlRules& r = rules()) {
  XmlWriter xml(XmlWriter::Indent::none);
  xml.html_element("b", html, r);
  std::string out = xml.finish();
  const std::string head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  return out.substr(head.size(), out.size() - head.size() - 1);
}

TEST(XmlWriter, HtmlIsWrittenAsXmlByTheRules) {
  // Parsed as HTML: void elements closed, HTML entities made characters, unknown elements unwrapped,
  // dropped ones gone with their content, renamed ones renamed, other attributes left out.
  EXPECT_EQ(body("<p class=\"x\" onclick=\"go()\">a<br>b&nbsp;c <span>d</span></p><script>x()</script>"),
            "<b><p class=\"x\">a<br/>b\xC2\xA0"
            "c d</p></b>");
  EXPECT_EQ(body("<details><p>in</p></details>"), "<b><div><p>in</p></div></b>");
}

TEST(XmlWriter, WellFormedHtmlTheRulesKeepIsWrittenAsItStands) {
  // The same XML either way; written as it stands, its entities stay as written.
  EXPECT_EQ(body("<p class=\"x\">a &amp; <em>b</em> &#233; <code>&lt;c&gt;</code></p>"),
            "<b><p class=\"x\">a &amp; <em>b</em> &#233; <code>&lt;c&gt;</code></p></b>");
  // Attributes left out and nothing else: libxml2's serializer writes the rest (the same XML).
  EXPECT_EQ(body("<p id=\"i\">a &#233; &lt;</p>"), "<b><p>a \xC3\xA9 &lt;</p></b>");
  // Any other change by the rules and it goes node by node: an element renamed, a name in capitals,
  // a comment.
  EXPECT_EQ(body("<details>x</details>"), "<b><div>x</div></b>");
  EXPECT_EQ(body("<P>x</P>"), "<b><p>x</p></b>");
  EXPECT_EQ(body("<p>x<!-- note --></p>"), "<b><p>x</p></b>");
  // Text the format's own text() must see goes node by node too.
  XmlWriter::HtmlRules marked = rules();
  marked.text_trigger = "BLANK";
  marked.text = [](XmlWriter& out, std::string_view text) {
    out.text(text.substr(0, text.find("BLANK"))).start("gap").end();
  };
  EXPECT_EQ(body("<p>a &#233;</p>", marked), "<b><p>a &#233;</p></b>");
  EXPECT_EQ(body("<p>a BLANK</p>", marked), "<b><p>a <gap/></p></b>");
  // Text without markup or references is written as text, and the format's text() still sees it.
  EXPECT_EQ(body("Paris > Lyon \"q\" caf\xC3\xA9"), "<b>Paris &gt; Lyon &quot;q&quot; caf\xC3\xA9</b>");
  EXPECT_EQ(body("bad \x01 byte"), "<b>bad  byte</b>");
  EXPECT_EQ(body("a BLANK", marked), "<b>a <gap/></b>");
  EXPECT_EQ(body("", marked), "<b></b>");
}

}  // namespace
}  // namespace prepdeck::exporter
