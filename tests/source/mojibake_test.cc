#include "source/mojibake.h"

#include <gtest/gtest.h>

namespace prepdeck::source {
namespace {

std::string repaired(std::string_view text) {
  auto r = repair_mojibake(text);
  return r.repairs.empty() ? std::string(text) : r.text;
}

TEST(Mojibake, RestoresTheSeedsEmoji) {
  EXPECT_EQ(repaired("    ðŸ§\u00a0 Think before expanding..."), "    🧠 Think before expanding...");
  EXPECT_EQ(repaired("ðŸŸ¢ **Beginner**"), "🟢 **Beginner**");
  EXPECT_EQ(repaired("âœ” **Why it matters:**"), "✔ **Why it matters:**");
  EXPECT_EQ(repaired("ðŸ’¡ **Interview Tip:**"), "💡 **Interview Tip:**");
  EXPECT_EQ(repaired("ðŸ”´ **Advanced**"), "🔴 **Advanced**");
}

TEST(Mojibake, ReportsEachRunWithLineAndColumn) {
  auto r = repair_mojibake("ok\n  âœ” a ðŸ’¡\r\nâ€œquotedâ€\u009d");
  ASSERT_EQ(r.repairs.size(), 4u);
  EXPECT_EQ(r.repairs[0].line, 2u);
  EXPECT_EQ(r.repairs[0].column, 3u);
  EXPECT_EQ(r.repairs[0].original, "âœ”");
  EXPECT_EQ(r.repairs[0].repaired, "✔");
  EXPECT_EQ(r.repairs[1].column, 9u);
  EXPECT_EQ(r.repairs[2].line, 3u);
  EXPECT_EQ(r.text, "ok\n  ✔ a 💡\r\n“quoted”");
}

TEST(Mojibake, LeavesLegitimateTextAlone) {
  for (std::string_view text :
       {"NÃO É POSSÍVEL", "Ação, coração, não", "Größe, Straße, Übermaß", "déjà vu, où, Ça, «À bientôt»",
        "¿Qué? ¡Sí! Año", "中文文本 and 日本語", "emoji 🧠 ✔ 💡 already right", "Æsir Ørsted Ångström",
        "price: 5 € — “quoted” ‘single’ …", "naïve café résumé"}) {
    auto r = repair_mojibake(text);
    EXPECT_TRUE(r.repairs.empty()) << text << " became " << r.text;
  }
}

TEST(Mojibake, RepairsTextDecodedTwice) {
  // 🧠 as UTF-8, read as Windows-1252, saved as UTF-8, read as Windows-1252 again.
  EXPECT_EQ(repaired("Ã°Å¸Â§Â\u00a0 hint"), "🧠 hint");
}

TEST(Mojibake, RestoresAByteThatWindows1252DroppedOnDecode) {
  // ❌ is E2 9D 8C; 0x9D has no Windows-1252 character, so decoders often drop it.
  EXPECT_EQ(repaired("âŒ wrong"), "❌ wrong");
  // ⚠️ ends with EF B8 8F; 0x8F is dropped the same way.
  EXPECT_EQ(repaired("âš\u00a0ï¸ **Watch out:**"), "⚠️ **Watch out:**");
}

TEST(Mojibake, MixedRunsRepairOnlyTheBrokenPart) {
  EXPECT_EQ(repaired("café âœ” fait"), "café ✔ fait");
  EXPECT_EQ(repaired("NÃO âœ”"), "NÃO ✔");
}

TEST(Mojibake, NoRepairMeansNoCopy) {
  auto r = repair_mojibake("plain text");
  EXPECT_TRUE(r.repairs.empty());
  EXPECT_TRUE(r.text.empty());
}

}  // namespace
}  // namespace prepdeck::source
