// Author analytics as CSV (GET /api/analytics.csv), for a spreadsheet: a
// row per question (answer opened, share marked known, mean FSRS difficulty)
// and per quiz item (attempts, share right, discrimination, option picks,
// flags). RFC 4180, CRLF line ends.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/item_analysis.h"
#include "guide/guide_set.h"
#include "store/store.h"

namespace prepdeck::exporter {

std::string analytics_csv(const guide::GuideSet& guides, const std::vector<store::QuestionStats>& questions,
                          const std::vector<engine::ItemAnalysis>& items);

}  // namespace prepdeck::exporter
