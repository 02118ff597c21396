#include "util/zip_archive.h"

#include <gtest/gtest.h>

namespace prepdeck::util {
namespace {

std::string archive(const std::vector<std::pair<std::string, std::string>>& entries, std::time_t when = 1700000000) {
  ZipWriter zip;
  for (const auto& [name, bytes] : entries) EXPECT_TRUE(zip.add(name, bytes, when).has_value());
  auto out = zip.finish();
  EXPECT_TRUE(out.has_value());
  return out ? *out : std::string();
}

TEST(ZipArchive, WhatIsWrittenReadsBack) {
  const std::string big(100'000, 'x');
  const std::string bytes = archive({{"collection.anki2", "SQLite"}, {"media", "{}"}, {"0", big}});
  EXPECT_EQ(bytes.substr(0, 2), "PK");
  EXPECT_LT(bytes.size(), 2000u);  // deflated
  auto zip = ZipReader::open(bytes);
  ASSERT_TRUE(zip.has_value());
  EXPECT_EQ(zip->names(), (std::vector<std::string>{"collection.anki2", "media", "0"}));
  EXPECT_TRUE(zip->contains("media"));
  EXPECT_EQ(*zip->read("collection.anki2"), "SQLite");
  EXPECT_EQ(*zip->read("0"), big);
  EXPECT_EQ(zip->read("missing").error().code, ErrorCode::not_found);
}

TEST(ZipArchive, AnEntryDeflatedInPiecesReadsBackWhole) {
  // 3.5 MiB: four pieces deflated apart (on several cores), one stream; each piece
  // refers back into the one before it, so the repeated text still compresses.
  std::string big;
  for (int i = 0; big.size() < (7u << 19); ++i) big += "line " + std::to_string(i % 977) + " of the collection\n";
  std::string noise(1 << 20, '\0');
  std::uint32_t x = 12345;
  for (char& c : noise) c = static_cast<char>((x = x * 1103515245 + 12345) >> 24);
  const std::string bytes = archive({{"big", big}, {"empty", ""}, {"noise", noise}, {"small", "abc"}});
  EXPECT_LT(bytes.size(), big.size() / 8 + noise.size() + 4096);
  auto zip = ZipReader::open(bytes);
  ASSERT_TRUE(zip.has_value());
  EXPECT_EQ(*zip->read("big"), big);  // libzip checks each entry's CRC as it inflates
  EXPECT_EQ(*zip->read("empty"), "");
  EXPECT_EQ(*zip->read("noise"), noise);
  EXPECT_EQ(*zip->read("small"), "abc");
}

TEST(ZipArchive, EntriesDeflatedBeforeTheyAreAddedGiveTheSameArchive) {
  // Deflated on the thread that made them (a small one whole, a 2.5 MiB one in pieces): the same bytes
  // as letting finish() deflate them.
  std::string big;
  for (int i = 0; big.size() < (5u << 19); ++i) big += "item " + std::to_string(i % 613) + " of the test\n";
  const std::vector<std::pair<std::string, std::string>> entries = {{"a.xml", "<a/>"}, {"big", big}, {"e", ""}};
  ZipWriter zip;
  for (const auto& [name, bytes] : entries) {
    const DeflatedEntry d = deflate_entry(bytes);
    EXPECT_EQ(d.size, bytes.size());
    ASSERT_TRUE(zip.add(name, d, 1700000000).has_value());
  }
  auto bytes = zip.finish();
  ASSERT_TRUE(bytes.has_value());
  EXPECT_EQ(*bytes, archive(entries));
  auto read = ZipReader::open(*bytes);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(*read->read("big"), big);
  EXPECT_EQ(*read->read("e"), "");
}

TEST(ZipArchive, TheSameEntriesGiveTheSameBytes) {
  EXPECT_EQ(archive({{"a", "1"}, {"b", "2"}}), archive({{"a", "1"}, {"b", "2"}}));
  EXPECT_NE(archive({{"a", "1"}}, 1700000000), archive({{"a", "1"}}, 1800000000));
}

TEST(ZipArchive, WhatIsNotAnArchiveIsRefused) {
  for (const std::string& bytes : {std::string(), std::string("not a zip"), std::string("PK\x03\x04garbage", 11),
                                   archive({{"a", "1"}}).substr(0, 30)}) {
    auto zip = ZipReader::open(bytes);
    ASSERT_FALSE(zip.has_value());
    EXPECT_EQ(zip.error().code, ErrorCode::invalid);
    EXPECT_NE(zip.error().message.find("not a ZIP archive"), std::string::npos) << zip.error().message;
  }
}

TEST(ZipArchive, ABombStopsAtTheLimitAsItInflates) {
  const std::string bytes = archive({{"bomb", std::string(4 << 20, '\0')}});
  EXPECT_LT(bytes.size(), 20'000u);
  ZipLimits limits;
  limits.max_entry_bytes = 1 << 20;
  auto zip = ZipReader::open(bytes, limits);
  ASSERT_TRUE(zip.has_value());
  auto read = zip->read("bomb");
  ASSERT_FALSE(read.has_value());
  EXPECT_NE(read.error().message.find("ZIP bomb"), std::string::npos) << read.error().message;

  limits.max_entry_bytes = 100 << 20;
  limits.max_total_bytes = 5 << 20;
  auto twice = ZipReader::open(archive({{"a", std::string(3 << 20, 'a')}, {"b", std::string(3 << 20, 'b')}}), limits);
  ASSERT_TRUE(twice.has_value());
  EXPECT_TRUE(twice->read("a").has_value());
  EXPECT_FALSE(twice->read("b").has_value());
}

TEST(ZipArchive, TooManyEntriesAreRefusedBeforeReading) {
  ZipLimits limits;
  limits.max_entries = 2;
  auto zip = ZipReader::open(archive({{"a", "1"}, {"b", "2"}, {"c", "3"}}), limits);
  ASSERT_FALSE(zip.has_value());
  EXPECT_NE(zip.error().message.find("3 entries"), std::string::npos) << zip.error().message;
}

}  // namespace
}  // namespace prepdeck::util
