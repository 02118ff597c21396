// libFuzzer target for the HTML sanitizer alone (render_fuzzer also runs it,
// behind the whole renderer): arbitrary bytes as raw HTML. The output must
// sanitize to itself, hold no element that runs script, no event handler
// attribute and no unsafe URL. Any crash, hang, leak or UB is a bug too.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "render/html_sanitizer.h"
#include "tests/fuzz/slow_input.h"

namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// An oracle written apart from the sanitizer: a kept URL value holds no
// character reference but the four escapes it writes (so a browser reads it
// as this reads it), and, with those undone and white space and controls
// dropped, it is relative or its scheme is http, https, mailto or tel.
bool oracle_url_ok(std::string_view value) {
  std::string url;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] != '&') {
      url += value[i];
      continue;
    }
    bool known = false;
    for (const auto& [escape, c] :
         {std::pair<std::string_view, char>{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}}) {
      if (value.substr(i, escape.size()) == escape) {
        url += c;
        i += escape.size() - 1;
        known = true;
        break;
      }
    }
    if (!known) return false;  // any other reference would be the browser's to decode
  }
  std::string scheme;
  for (const char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) continue;
    if (c == '/' || c == '?' || c == '#') return true;  // no scheme before these
    if (c == ':') return scheme == "http" || scheme == "https" || scheme == "mailto" || scheme == "tel";
    scheme += lower(c);
  }
  return true;  // no ':' at all
}

}  // namespace

namespace {

int one_input(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::string clean = prepdeck::render::sanitize_html(bytes);
  if (prepdeck::render::sanitize_html(clean) != clean) __builtin_trap();
  std::string low;
  low.reserve(clean.size());
  for (const char c : clean) low += lower(c);
  for (const char* tag : {"<script", "<iframe", "<svg", "<style", "<object", "<embed", "<form", "<math", "<base",
                          "<meta", "<link", "<frame", "<textarea", "<select", "<button"}) {
    if (low.find(tag) != std::string::npos) __builtin_trap();
  }
  // Inside every tag it kept (outside comments), no on...= attribute and no unsafe URL.
  for (std::size_t lt = low.find('<'); lt != std::string::npos; lt = low.find('<', lt + 1)) {
    if (low.compare(lt, 4, "<!--") == 0) {
      const std::size_t end = low.find("-->", lt + 4);
      if (end == std::string::npos) __builtin_trap();  // an unclosed comment would have been escaped
      lt = end;
      continue;
    }
    const std::size_t gt = low.find('>', lt);
    if (gt == std::string::npos) __builtin_trap();  // every '<' kept opens a whole tag
    // Attribute names are the words before '=' outside quotes.
    bool quoted = false;
    for (std::size_t i = lt; i < gt; ++i) {
      if (low[i] == '"') quoted = !quoted;
      if (quoted || low[i] != ' ') continue;
      if (low.compare(i + 1, 2, "on") == 0) __builtin_trap();
      for (const char* attr : {" href=\"", " src=\""}) {
        if (low.compare(i, std::string_view(attr).size(), attr) != 0) continue;
        const std::size_t start = i + std::string_view(attr).size();
        const std::size_t end = low.find('"', start);
        const std::string_view value = std::string_view(clean).substr(start, end - start);
        if (!prepdeck::render::is_safe_url(value) || !oracle_url_ok(value)) __builtin_trap();
      }
    }
    lt = gt;
  }
  return 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return prepdeck::fuzz::timed_input(size, [&] { return one_input(data, size); });
}
