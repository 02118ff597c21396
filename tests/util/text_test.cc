#include "util/text.h"

#include <gtest/gtest.h>

namespace prepdeck::util {
namespace {

TEST(Text, TrimRemovesSpacesTabsAndNewlines) {
  EXPECT_EQ(trim("  \t a b \r\n"), "a b");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim_left("  x "), "x ");
  EXPECT_EQ(trim_right("  x "), "  x");
}

TEST(Text, SplitLinesHandlesEveryLineEnding) {
  const auto lines = split_lines("a\nb\r\nc\rd\n");
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "a");
  EXPECT_EQ(lines[1], "b");
  EXPECT_EQ(lines[2], "c");
  EXPECT_EQ(lines[3], "d");
  EXPECT_TRUE(split_lines("").empty());
  EXPECT_EQ(split_lines("\n\n").size(), 2u);
}

// The splitter scans 64 bytes at a time (16 per SSE2 compare); it must cut exactly where a
// byte-by-byte reading does, wherever the terminators fall (a CRLF across a block boundary too).
TEST(Text, SplitLinesAgreesWithAByteByByteReading) {
  auto reference = [](std::string_view text) {
    std::vector<std::string> out;
    std::string line;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n' || text[i] == '\r') {
        out.push_back(line);
        line.clear();
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      } else {
        line.push_back(text[i]);
      }
    }
    if (!line.empty()) out.push_back(line);
    return out;
  };
  std::uint32_t state = 12345;
  auto next = [&state] {
    state = state * 1664525u + 1013904223u;
    return state >> 24;
  };
  const char alphabet[] = {'a', 'b', ' ', '\n', '\r', '\t'};
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const std::size_t size = next() % 160;
    for (std::size_t i = 0; i < size; ++i) text.push_back(alphabet[next() % sizeof alphabet]);
    const auto got = split_lines(text);
    const auto want = reference(text);
    ASSERT_EQ(got.size(), want.size()) << "input of " << text.size() << " bytes, round " << round;
    for (std::size_t i = 0; i < got.size(); ++i) ASSERT_EQ(got[i], want[i]) << "line " << i << ", round " << round;
  }
  // A CRLF split by a 16- or 64-byte boundary is one terminator.
  for (const std::size_t before : {15u, 63u}) {
    const std::string text = std::string(before, 'x') + "\r\n" + "y";  // the views point into it
    const auto straddling = split_lines(text);
    ASSERT_EQ(straddling.size(), 2u);
    EXPECT_EQ(straddling[1], "y");
  }
}

TEST(Text, ContainsAnyAsciiAndContains) {
  EXPECT_TRUE(contains_any_ascii("plain [link]", "[<&"));
  EXPECT_FALSE(contains_any_ascii("plain text, caf\xC3\xA9 \xF0\x9F\xA7\xA0", "[<&\\"));
  EXPECT_TRUE(contains_any_ascii("a\\b", "\\"));
  EXPECT_TRUE(contains_any_ascii("~", "!~"));  // characters 64-127 use the second table word
  EXPECT_FALSE(contains_any_ascii("", "abc"));
  EXPECT_TRUE(contains("- item\n--8<-- \"x.md\"", "--8<--"));
  EXPECT_FALSE(contains("- item\n-- 8<--", "--8<--"));
  EXPECT_TRUE(contains("abc", ""));
}

TEST(Text, Utf8Validation) {
  EXPECT_TRUE(is_valid_utf8("plain ascii text that is long enough for the fast path"));
  EXPECT_TRUE(is_valid_utf8("NÃO É POSSÍVEL 中文 🧠"));
  EXPECT_FALSE(is_valid_utf8("\xC3"));              // truncated
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(is_valid_utf8("abcdefgh\xFF"));
}

TEST(Text, DecodeAndEncodeRoundTrip) {
  const std::string text = "a\xC3\xA9\xE2\x9C\x94\xF0\x9F\xA7\xA0";
  std::size_t pos = 0;
  std::string again;
  while (pos < text.size()) append_utf8(again, decode_utf8(text, pos));
  EXPECT_EQ(again, text);
  pos = 0;
  EXPECT_EQ(decode_utf8("\xFF", pos), 0xFFFDu);
  EXPECT_EQ(pos, 1u);
}

TEST(Text, ColumnsCountCodePoints) {
  const std::string line = "é🧠x";
  EXPECT_EQ(count_code_points(line), 3u);
  EXPECT_EQ(column_of_byte_offset(line, 0), 1u);
  EXPECT_EQ(column_of_byte_offset(line, 2), 2u);
  EXPECT_EQ(column_of_byte_offset(line, 6), 3u);
  EXPECT_EQ(byte_offset_of_column(line, 3), 6u);
}

TEST(Text, SlugifyKeepsLettersAndDigits) {
  EXPECT_EQ(slugify("What is 'Drift Detection'?"), "what-is-drift-detection");
  EXPECT_EQ(slugify("What's a Pod?"), "whats-a-pod");
  EXPECT_EQ(slugify("CI/CD & Automation"), "ci-cd-automation");
  EXPECT_EQ(slugify("Qué es Git"), "qué-es-git");
  EXPECT_EQ(slugify("🧠 ✔"), "item");
  EXPECT_LE(slugify(std::string(500, 'a')).size(), 64u);
}

TEST(Text, Fnv1aMatchesThePublishedVectors) {
  EXPECT_EQ(fnv1a(""), 0xcbf29ce484222325ull);
  EXPECT_EQ(fnv1a("a"), 0xaf63dc4c8601ec8cull);
  EXPECT_EQ(fnv1a("foobar"), 0x85944171f73967e8ull);
  EXPECT_EQ(fnv1a("bar", fnv1a("foo")), fnv1a("foobar"));  // continues where it stopped
}

TEST(Text, ReplaceAll) {
  EXPECT_EQ(replace_all("a-b-c", "-", "+"), "a+b+c");
  EXPECT_EQ(replace_all("abc", "", "x"), "abc");
}

// Each position of a 40-byte string, so the hit falls in the 16-byte chunks and
// in the tail after them.
TEST(Text, FindFirstOfAsciiFindsTheSetInChunksAndTail) {
  for (std::size_t at = 0; at < 40; ++at) {
    std::string text(40, 'a');
    text[at] = '&';
    EXPECT_EQ((find_first_of_ascii<false, '&', '<'>(text, 0)), at);
    EXPECT_EQ((find_first_of_ascii<false, '&', '<'>(text, at + 1)), text.size());
    text[at] = '\x01';
    EXPECT_EQ((find_first_of_ascii<true, '"'>(text, 0)), at);
    EXPECT_EQ((find_first_of_ascii<false, '"'>(text, 0)), text.size());
    text[at] = '\xc3';
    EXPECT_EQ((find_first_of_ascii<true, '"'>(text, 0)), at);
    text[at] = '\x7f';  // DEL is not a control below 0x20
    EXPECT_EQ((find_first_of_ascii<true, '"'>(text, 0)), text.size());
  }
  EXPECT_EQ((find_first_of_ascii<true, '"'>("", 0)), 0u);
}

}  // namespace
}  // namespace prepdeck::util

namespace prepdeck::util {
namespace {

TEST(Text, EditDistanceStopsPastItsLimit) {
  EXPECT_EQ(edit_distance("kubernets", "kubernetes"), 1u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("abcdef", "uvwxyz", 2), 3u);  // more than 2: limit + 1
  EXPECT_EQ(edit_distance("a", "abcdefgh", 3), 4u);
}

}  // namespace
}  // namespace prepdeck::util
