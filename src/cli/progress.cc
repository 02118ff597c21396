#include "cli/progress.h"

#include <cstdint>
#include <ostream>

#include <fmt/format.h>

namespace prepdeck::cli {

namespace {
constexpr std::size_t k_width = 30;
}

std::string progress_line(const std::string& label, std::size_t done, std::size_t total, std::size_t width) {
  const std::size_t cells = total == 0 ? width : std::min(width, done * width / total);
  return fmt::format("{} [{}{}] {}/{}", label, std::string(cells, '#'), std::string(width - cells, '.'), done, total);
}

ProgressBar::ProgressBar(std::ostream& out, std::string label, bool enabled)
    : m_out(out), m_label(std::move(label)), m_enabled(enabled) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::update(std::size_t done, std::size_t total) {
  if (!m_enabled) return;
  const std::size_t cells = total == 0 ? k_width : done * k_width / total;
  if (cells == m_last_cells && done != total) return;
  m_last_cells = cells;
  m_out << '\r' << progress_line(m_label, done, total, k_width) << "\x1b[K" << std::flush;
  m_drawn = true;
}

void ProgressBar::finish() {
  if (!m_drawn) return;
  m_out << "\r\x1b[K" << std::flush;
  m_drawn = false;
}

}  // namespace prepdeck::cli
