#include "render/level_chart.h"

#include <algorithm>

#include <fmt/format.h>

namespace prepdeck::render {

std::string level_chart_svg(const std::vector<std::string>& levels) {
  struct Bar {
    const char* level;
    const char* label;
    const char* color;
    int count = 0;
  };
  Bar bars[] = {{"beginner", "Beginner", "#1b7f3b"},
                {"intermediate", "Intermediate", "#9a6700"},
                {"advanced", "Advanced", "#c62828"}};
  for (const auto& l : levels) {
    for (auto& b : bars) {
      if (l == b.level) ++b.count;
    }
  }
  const int total = bars[0].count + bars[1].count + bars[2].count;
  const int most = std::max({bars[0].count, bars[1].count, bars[2].count, 1});
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"360\" height=\"104\" viewBox=\"0 0 360 104\" "
      "role=\"img\" aria-labelledby=\"t\" font-family=\"system-ui, sans-serif\" font-size=\"13\">"
      "<title id=\"t\">Levels of this guide's learners: {} beginner, {} intermediate, {} advanced</title>",
      bars[0].count, bars[1].count, bars[2].count);
  for (int i = 0; i < 3; ++i) {
    const int y = 8 + i * 30;
    const int width = bars[i].count * 200 / most;
    svg += fmt::format(
        "<text x=\"0\" y=\"{}\" fill=\"#59636e\">{}</text><rect x=\"100\" y=\"{}\" width=\"{}\" height=\"18\" "
        "rx=\"3\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" fill=\"#59636e\">{}</text>",
        y + 14, bars[i].label, y, std::max(width, 2), bars[i].color, 108 + width, y + 14, bars[i].count);
  }
  if (total == 0) svg += "<text x=\"100\" y=\"100\" fill=\"#59636e\" font-size=\"11\">No levels yet.</text>";
  svg += "</svg>\n";
  return svg;
}

}  // namespace prepdeck::render
