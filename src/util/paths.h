// Lexical path helpers over '/'-separated strings (no file system access).
#pragma once

#include <cstdint>
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
// How page URLs are made. flat: "a/git.md" -> "a/git.html". directory (MkDocs'
// use_directory_urls): "a/git.md" -> "a/git/", held in "a/git/index.html";
// "a/index.md" and "a/README.md" -> "a/"; "index.md" -> "" (the site's root).
enum class UrlStyle : std::uint8_t { flat, directory };

// Where a guide's page is in the site, as a link from the site's root.
std::string page_url(std::string_view guide_path, UrlStyle style = UrlStyle::flat);
// The file that holds that page, relative to the site's root.
std::string page_file(std::string_view guide_path, UrlStyle style = UrlStyle::flat);

}  // namespace prepdeck::util
