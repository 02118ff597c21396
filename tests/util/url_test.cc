#include "util/url.h"

#include <gtest/gtest.h>

namespace prepdeck::util {
namespace {

TEST(Url, Schemes) {
  EXPECT_TRUE(has_url_scheme("https://x"));
  EXPECT_TRUE(has_url_scheme("mailto:a@b"));
  EXPECT_TRUE(has_url_scheme("JavaScript:x"));
  EXPECT_FALSE(has_url_scheme("a/b.md"));
  EXPECT_FALSE(has_url_scheme(":x"));
  EXPECT_FALSE(has_url_scheme("a b:c"));
  EXPECT_FALSE(has_url_scheme("../x.md#a:b"));
}

TEST(Url, PercentDecoding) {
  EXPECT_EQ(percent_decode("a%20b%2Fc"), "a b/c");
  EXPECT_EQ(percent_decode("100%"), "100%");
  EXPECT_EQ(percent_decode("%zz%4"), "%zz%4");
  EXPECT_EQ(percent_decode("%C3%A4"), "\xC3\xA4");
}

}  // namespace
}  // namespace prepdeck::util
