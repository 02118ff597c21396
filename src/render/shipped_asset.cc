#include "render/assets.h"
#include "util/words.h"

namespace prepdeck::render {

std::string shipped(const Asset& asset) {
  if (asset.path != "assets/words.js") return std::string(asset.content);
  std::string out = "globalThis.prepdeckWordTable = ";
  out += util::words_json();
  out += ";\n";
  out += asset.content;
  return out;
}

}  // namespace prepdeck::render
