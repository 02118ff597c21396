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

}  // namespace
}  // namespace prepdeck::exporter
