#include "util/unicode.h"

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>

#include <cstdlib>
#include <memory>

namespace prepdeck::util {

namespace {

struct FreeDeleter {
  void operator()(std::uint8_t* p) const { std::free(p); }
};

std::string adopt(std::uint8_t* bytes, std::size_t length, std::string_view fallback) {
  if (bytes == nullptr) return std::string(fallback);  // out of memory or invalid input: leave it be
  const std::unique_ptr<std::uint8_t, FreeDeleter> owned(bytes);
  return std::string(reinterpret_cast<const char*>(bytes), length);
}

const std::uint8_t* bytes_of(std::string_view text) { return reinterpret_cast<const std::uint8_t*>(text.data()); }

}  // namespace

std::string normalize(std::string_view text, NormalForm form) {
  uninorm_t nf = UNINORM_NFC;
  switch (form) {
    case NormalForm::nfc:
      nf = UNINORM_NFC;
      break;
    case NormalForm::nfd:
      nf = UNINORM_NFD;
      break;
    case NormalForm::nfkc:
      nf = UNINORM_NFKC;
      break;
    case NormalForm::nfkd:
      nf = UNINORM_NFKD;
      break;
  }
  std::size_t length = 0;
  std::uint8_t* result = u8_normalize(nf, bytes_of(text), text.size(), nullptr, &length);
  return adopt(result, length, text);
}

std::string to_lower(std::string_view text) {
  std::size_t length = 0;
  std::uint8_t* result = u8_tolower(bytes_of(text), text.size(), nullptr, nullptr, nullptr, &length);
  return adopt(result, length, text);
}

std::string case_fold(std::string_view text) {
  std::size_t length = 0;
  std::uint8_t* result = u8_casefold(bytes_of(text), text.size(), nullptr, nullptr, nullptr, &length);
  return adopt(result, length, text);
}

bool is_word_code_point(char32_t cp) {
  if (cp == '_') return true;
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
  return uc_is_general_category(static_cast<ucs4_t>(cp), UC_CATEGORY_L) ||
         uc_is_general_category(static_cast<ucs4_t>(cp), UC_CATEGORY_N);
}

bool is_space_code_point(char32_t cp) {
  if (cp >= 0x1C && cp <= 0x1F) return true;
  return uc_is_property_white_space(static_cast<ucs4_t>(cp));
}

}  // namespace prepdeck::util
