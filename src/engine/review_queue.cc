#include "engine/review_queue.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace prepdeck::engine {

namespace {

constexpr auto k_learn_ahead = std::chrono::minutes(20);

}  // namespace

ReviewQueue::ReviewQueue(const guide::GuideSet& guides, int new_per_day, const std::string& guide_path)
    : m_new_per_day(new_per_day) {
  for (const auto& g : guides.guides) {
    if (!guide_path.empty() && g.path != guide_path) continue;
    for (const auto& q : g.questions) {
      if (q.id.empty() || m_index.count(q.id) != 0) continue;
      m_index.emplace(q.id, m_items.size());
      m_items.push_back(QueueItem{&g, &q, std::nullopt});
    }
  }
}

void ReviewQueue::load(const std::vector<store::CardRecord>& cards, const std::vector<store::Review>& today) {
  for (const auto& c : cards) {
    if (auto it = m_index.find(c.card_id); it != m_index.end()) m_items[it->second].card = from_store(c.state);
  }
  for (const auto& r : today) {
    if (r.before.reps == 0 && r.before.state == 0) ++m_new_today;
  }
}

std::optional<std::size_t> ReviewQueue::find(const std::string& question_id) const {
  const auto it = m_index.find(question_id);
  if (it == m_index.end()) return std::nullopt;
  return it->second;
}

std::optional<std::size_t> ReviewQueue::pick(Time now) const {
  std::optional<std::size_t> due;
  for (std::size_t i = 0; i < m_items.size(); ++i) {
    const auto& c = m_items[i].card;
    if (c && c->state != CardState::fresh && c->due <= now && (!due || c->due < m_items[*due].card->due)) due = i;
  }
  if (due) return due;
  if (m_new_today < m_new_per_day) {
    for (std::size_t i = 0; i < m_items.size(); ++i) {
      if (!m_items[i].card || m_items[i].card->state == CardState::fresh) return i;
    }
  }
  std::optional<std::size_t> soon;
  for (std::size_t i = 0; i < m_items.size(); ++i) {
    const auto& c = m_items[i].card;
    if (c && (c->state == CardState::learning || c->state == CardState::relearning) && c->due <= now + k_learn_ahead &&
        (!soon || c->due < m_items[*soon].card->due))
      soon = i;
  }
  return soon;
}

std::pair<int, int> ReviewQueue::counts(Time now) const {
  int due = 0;
  int fresh = 0;
  for (const auto& item : m_items) {
    if (item.card && item.card->state != CardState::fresh) {
      if (item.card->due <= now) ++due;
    } else {
      ++fresh;
    }
  }
  return {due, std::max(0, std::min(fresh, m_new_per_day - m_new_today))};
}

std::string format_interval(std::chrono::milliseconds until) {
  const double minutes = static_cast<double>(until.count()) / 60000.0;
  if (minutes < 1) return "<1m";
  if (minutes < 60) return fmt::format("{}m", static_cast<int>(std::lround(minutes)));
  const double hours = minutes / 60;
  if (hours < 24) return fmt::format("{}h", static_cast<int>(std::lround(hours)));
  const double days = hours / 24;
  if (days < 30) return fmt::format("{}d", static_cast<int>(std::lround(days)));
  if (days < 365) {
    const double months = days / 30.4375;
    return months < 10 ? fmt::format("{:.1f}mo", months) : fmt::format("{}mo", static_cast<int>(std::lround(months)));
  }
  return fmt::format("{:.1f}y", days / 365.25);
}

store::CardState to_store(const Card& c) {
  store::CardState s;
  s.due = c.due;
  s.stability = c.stability;
  s.difficulty = c.difficulty;
  s.elapsed_days = c.elapsed_days;
  s.scheduled_days = c.scheduled_days;
  s.reps = c.reps;
  s.lapses = c.lapses;
  s.learning_steps = c.learning_steps;
  s.state = static_cast<int>(c.state);
  s.last_review = c.last_review;
  return s;
}

Card from_store(const store::CardState& s) {
  Card c;
  c.due = s.due;
  c.stability = s.stability;
  c.difficulty = s.difficulty;
  c.elapsed_days = s.elapsed_days;
  c.scheduled_days = s.scheduled_days;
  c.reps = s.reps;
  c.lapses = s.lapses;
  c.learning_steps = s.learning_steps;
  c.state = s.state >= 0 && s.state <= 3 ? static_cast<CardState>(s.state) : CardState::fresh;
  c.last_review = s.last_review;
  return c;
}

}  // namespace prepdeck::engine
