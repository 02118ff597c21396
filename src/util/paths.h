// Lexical path helpers over '/'-separated strings (no file system access).
#pragma once

#include <string>
#include <string_view>

namespace prepdeck::util {

// "a/b" + "c.md" -> "a/b/c.md"; an absolute `child` wins; "." parts vanish, ".." is resolved lexically.
std::string join_path(std::string_view parent, std::string_view child);
std::string normalize_path(std::string_view path);
// "a/b/c.md" -> "a/b"; "c.md" -> "".
std::string parent_path(std::string_view path);
// "a/b/c.md" -> "c.md".
std::string file_name(std::string_view path);
// "a/b/c.md" -> "a/b/c".
std::string strip_extension(std::string_view path);
// Where a guide's page is in the site: "a/git.md" -> "a/git.html".
std::string page_url(std::string_view guide_path);

}  // namespace prepdeck::util
