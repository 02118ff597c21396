// libFuzzer target for syntax highlighting: the first byte picks one of the
// languages source-highlight ships, the rest is the code. PCRE2's rules must
// give exactly the bytes boost's rules give (render/pcre2_rules.h); any crash,
// hang, leak, UB or difference is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "render/highlight.h"
#include "tests/fuzz/slow_input.h"

namespace {

int one_input(const std::uint8_t* data, std::size_t size) {
  static const auto languages = [] {
    // Each language's rules load on first use: done here, so no input is timed for it.
    auto names = prepdeck::render::highlight_languages();
    for (const auto& name : names) {
      (void)prepdeck::render::highlight_code("x", name, prepdeck::render::RegexEngine::pcre2_jit);
      (void)prepdeck::render::highlight_code("x", name, prepdeck::render::RegexEngine::boost);
    }
    return names;
  }();
  if (size == 0 || languages.empty()) return 0;
  const std::string& language = languages[data[0] % languages.size()];
  const std::string_view code(reinterpret_cast<const char*>(data) + 1, size - 1);
  const auto pcre2 = prepdeck::render::highlight_code(code, language, prepdeck::render::RegexEngine::pcre2_jit);
  const auto boost = prepdeck::render::highlight_code(code, language, prepdeck::render::RegexEngine::boost);
  if (pcre2 != boost) __builtin_trap();
  return 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return prepdeck::fuzz::timed_input(size, [&] { return one_input(data, size); });
}
