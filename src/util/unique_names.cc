#include "util/unique_names.h"

#include <fmt/format.h>

namespace prepdeck::util {

std::string UniqueNames::take(std::string_view name) {
  std::string result(name);
  if (m_taken.insert(result).second) return result;
  // Each number is tried once per base, and a taken suffixed name belongs to
  // one base only, so the probes over a whole run are linear.
  int& next = m_next.try_emplace(std::string(name), m_first_number).first->second;
  do {
    result = fmt::format("{}{}{}", name, m_separator, next++);
  } while (!m_taken.insert(result).second);
  return result;
}

}  // namespace prepdeck::util
