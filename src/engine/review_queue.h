// The review queue every front end runs (the terminal's `study`, the web
// app's Review page): one card per question of the guides, due cards first
// (the most overdue first), then new questions in guide order while the day's
// allowance of new cards lasts, then (re)learning steps due within 20 minutes.
// Also the conversion between the engine's cards and the store's copy.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/fsrs.h"
#include "guide/guide_set.h"
#include "store/store.h"

namespace prepdeck::engine {

struct QueueItem {
  const guide::Guide* guide = nullptr;
  const guide::Question* question = nullptr;
  std::optional<Card> card;  // nothing: never reviewed
};

class ReviewQueue {
 public:
  // Every question of `guides` with an id, the first of each id only. With a
  // `guide_path`, only that guide's questions.
  ReviewQueue(const guide::GuideSet& guides, int new_per_day, const std::string& guide_path = {});

  // The learner's cards and today's reviews (new cards among them count
  // against the allowance).
  void load(const std::vector<store::CardRecord>& cards, const std::vector<store::Review>& today);

  std::optional<std::size_t> pick(Time now) const;
  // Cards due now, and new cards still to show today.
  std::pair<int, int> counts(Time now) const;

  std::vector<QueueItem>& items() { return m_items; }
  const std::vector<QueueItem>& items() const { return m_items; }
  std::optional<std::size_t> find(const std::string& question_id) const;

  // A review of a new card uses up one of today's new cards; its undo gives it back.
  void count_new(int delta) { m_new_today += delta; }

 private:
  std::vector<QueueItem> m_items;
  std::unordered_map<std::string, std::size_t> m_index;
  int m_new_per_day;
  int m_new_today = 0;
};

// engine::Card and the store's copy of it, field for field.
store::CardState to_store(const Card& card);
Card from_store(const store::CardState& state);

// "<1m", "10m", "3h", "4d", "2.5mo", "1.1y": how long until a due date.
std::string format_interval(std::chrono::milliseconds until);

}  // namespace prepdeck::engine
