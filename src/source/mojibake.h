// Mojibake repair: restores runs of characters that are UTF-8 bytes once (or
// twice) decoded as Windows-1252 — the seed guide shows 🧠 as "ðŸ§ " and ✔ as
// "âœ”" — run by run, leaving legitimate text alone.
//
// A run is a maximal sequence of characters that each have a Windows-1252 byte
// at or above 0x80. Inside a run, every byte sequence that forms a complete,
// well-formed multi-byte UTF-8 character is replaced by that character; bytes
// that do not are kept as they were. Legitimate Latin text ("NÃO É POSSÍVEL",
// "Größe", "déjà") survives because an accented letter is almost never followed
// by the continuation bytes UTF-8 needs. Characters outside Windows-1252
// (Chinese, emoji that are already correct) end a run and are never touched.
// Windows-1252 leaves five bytes undefined (0x81 0x8D 0x8F 0x90 0x9D); decoders
// drop them, so "❌" often arrives as "âŒ". When exactly one such byte restores
// a symbol or emoji, it is put back.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace prepdeck::source {

struct MojibakeRepair {
  std::uint32_t line = 0;    // 1-based, in the input
  std::uint32_t column = 0;  // 1-based code point column, in the input
  std::string original;      // the run as it was
  std::string repaired;      // what it became
};

struct MojibakeResult {
  std::vector<MojibakeRepair> repairs;
  std::string text;  // the repaired text; empty when `repairs` is empty (the input stands)
};

MojibakeResult repair_mojibake(std::string_view text);

}  // namespace prepdeck::source
