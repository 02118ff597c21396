// A one-line progress bar for a terminal: "Rendering [########........]  250/501".
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>

namespace prepdeck::cli {

class ProgressBar {
 public:
  // Draws nothing unless `enabled` (the stream is a terminal and output is wanted).
  ProgressBar(std::ostream& out, std::string label, bool enabled);
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;
  ~ProgressBar();

  // Redraws when the bar moves by a cell or the count reaches the total. Not thread-safe.
  void update(std::size_t done, std::size_t total);
  // Erases the bar's line.
  void finish();

 private:
  std::ostream& m_out;
  std::string m_label;
  bool m_enabled;
  bool m_drawn = false;
  std::size_t m_last_cells = SIZE_MAX;
};

// The bar as drawn for `done` of `total` with `width` cells (for tests).
std::string progress_line(const std::string& label, std::size_t done, std::size_t total, std::size_t width);

}  // namespace prepdeck::cli
