// The browser code of the static site (web/: CSS and JavaScript, no framework,
// no CDN), embedded in the binary at build time by cmake/embed_assets.cmake.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace prepdeck::render {

struct Asset {
  std::string_view path;  // where the site holds it: "assets/prepdeck.css"
  std::string_view content;
};

std::span<const Asset> assets();

// The asset as the site ships it: assets/words.js with the learner's words
// (util::words_json()) above its code, the others as they are.
std::string shipped(const Asset& asset);

}  // namespace prepdeck::render
