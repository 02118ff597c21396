#include "util/error.h"

namespace prepdeck::util {

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::failed:
      return "failed";
    case ErrorCode::invalid:
      return "invalid";
    case ErrorCode::not_found:
      return "not_found";
    case ErrorCode::conflict:
      return "conflict";
    case ErrorCode::unavailable:
      return "unavailable";
  }
  return "failed";
}

}  // namespace prepdeck::util
