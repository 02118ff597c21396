// XML output through libxml2's xmlTextWriter: the only file that talks to
// libxml2's writer, so no format escapes XML by hand. Text is made fit for
// XML 1.0 first: malformed UTF-8 becomes U+FFFD and characters XML cannot
// hold (NUL and the other C0 controls but tab and line breaks, U+FFFE/FFFF)
// are dropped; CDATA holding "]]>" is split so it cannot end early.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace prepdeck::exporter {

// `text` as XML 1.0 can hold it (see above).
std::string xml_text(std::string_view text);

class XmlWriter {
 public:
  enum class Indent : bool { none, two_spaces };
  // Starts a UTF-8 document with its <?xml?> declaration.
  explicit XmlWriter(Indent indent = Indent::two_spaces);
  ~XmlWriter();
  XmlWriter(const XmlWriter&) = delete;
  XmlWriter& operator=(const XmlWriter&) = delete;

  XmlWriter& start(std::string_view name);
  XmlWriter& attribute(std::string_view name, std::string_view value);
  XmlWriter& text(std::string_view text);
  XmlWriter& cdata(std::string_view text);
  XmlWriter& end();
  // <name>text</name>
  XmlWriter& element(std::string_view name, std::string_view text);
  // Closes what is open and returns the document.
  std::string finish();

 private:
  struct State;
  std::unique_ptr<State> m_state;
};

}  // namespace prepdeck::exporter
