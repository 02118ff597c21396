// Makes names unique in the order they are taken: the first "intro" stays
// "intro", the next becomes "intro-2", then "intro-3", skipping any suffixed
// name already taken. Linear in what is taken: each base remembers the last
// number it gave, so a page with 20,000 headings named alike costs no more
// than one with 20,000 different ones.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace prepdeck::util {

class UniqueNames {
 public:
  explicit UniqueNames(std::string separator = "-", int first_number = 2)
      : m_separator(std::move(separator)), m_first_number(first_number) {}

  void reserve(std::size_t count) { m_taken.reserve(count); }

  // `name` itself when it is free, else `name` + separator + the smallest
  // number from the first one (and above the last given for `name`) that is free.
  std::string take(std::string_view name);

 private:
  std::string m_separator;
  int m_first_number;
  std::unordered_set<std::string> m_taken;
  std::unordered_map<std::string, int> m_next;  // by base name: the number to try next
};

}  // namespace prepdeck::util
