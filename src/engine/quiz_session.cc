#include "engine/quiz_session.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "guide/markdown.h"
#include "util/text.h"
#include "util/unicode.h"
#include "util/words.h"

namespace prepdeck::engine {

namespace {

std::vector<std::size_t> permutation(std::size_t n, Order order, std::mt19937_64& random) {
  std::vector<std::size_t> p(n);
  std::iota(p.begin(), p.end(), 0);
  if (order == Order::shuffled) {
    // Fisher-Yates with the generator's raw output: std::shuffle's use of it
    // differs between standard libraries, and a seed must give one order.
    for (std::size_t i = n; i > 1; --i) std::swap(p[i - 1], p[static_cast<std::size_t>(random() % i)]);
  }
  return p;
}

}  // namespace

std::string fold_answer(std::string_view text) {
  const std::string composed = util::normalize(text, util::NormalForm::nfc);
  std::string spaced;
  bool space = false;
  for (char c : composed) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !spaced.empty()) spaced += ' ';
    space = false;
    spaced += c;
  }
  return util::to_lower(spaced);
}

bool blank_matches(std::string_view blank, std::string_view text) {
  const std::string given = fold_answer(text);
  std::size_t start = 0;
  while (start <= blank.size()) {
    std::size_t bar = blank.find('|', start);
    if (bar == std::string_view::npos) bar = blank.size();
    if (fold_answer(blank.substr(start, bar - start)) == given) return true;
    start = bar + 1;
  }
  return false;
}

ItemScore score_item(const guide::QuizItem& item, const QuizAnswer& answer, Credit credit) {
  ItemScore s;
  if (!item.valid) return s;
  switch (item.kind) {
    case guide::QuizKind::single: {
      s.correct =
          answer.chosen.size() == 1 && answer.chosen[0] < item.options.size() && item.options[answer.chosen[0]].correct;
      s.score = s.correct ? 1 : 0;
      break;
    }
    case guide::QuizKind::multiple: {
      std::vector<bool> picked(item.options.size(), false);
      for (std::size_t c : answer.chosen) {
        if (c < picked.size()) picked[c] = true;
      }
      int right = 0;
      int wrong = 0;
      int total_right = 0;
      for (std::size_t i = 0; i < item.options.size(); ++i) {
        if (item.options[i].correct) ++total_right;
        if (picked[i]) (item.options[i].correct ? right : wrong) += 1;
      }
      s.correct = right == total_right && wrong == 0;
      if (credit == Credit::partial && total_right > 0) {
        s.score = std::max(0.0, static_cast<double>(right - wrong) / total_right);
      } else {
        s.score = s.correct ? 1 : 0;
      }
      break;
    }
    case guide::QuizKind::fill: {
      int right = 0;
      for (std::size_t i = 0; i < item.blanks.size(); ++i) {
        const bool ok = i < answer.blanks.size() && blank_matches(item.blanks[i], answer.blanks[i]);
        s.blanks_right.push_back(ok);
        if (ok) ++right;
      }
      const int n = static_cast<int>(item.blanks.size());
      s.correct = n > 0 && right == n;
      s.score = credit == Credit::partial && n > 0 ? static_cast<double>(right) / n : (s.correct ? 1 : 0);
      break;
    }
  }
  return s;
}

std::size_t scorable_items(const std::vector<guide::QuizItem>& items) {
  return static_cast<std::size_t>(
      std::count_if(items.begin(), items.end(), [](const guide::QuizItem& item) { return item.valid; }));
}

guide::Level quiz_verdict(const std::vector<LevelledResult>& results) {
  const auto share = [&results](auto keep) -> std::optional<double> {
    int n = 0;
    int right = 0;
    for (const auto& r : results) {
      if (!keep(r.level)) continue;
      ++n;
      if (r.correct) ++right;
    }
    if (n == 0) return std::nullopt;
    return static_cast<double>(right) / n;
  };
  const double overall = share([](guide::Level) { return true; }).value_or(0);
  const auto advanced = share([](guide::Level l) { return l == guide::Level::advanced; });
  const auto harder =
      share([](guide::Level l) { return l == guide::Level::advanced || l == guide::Level::intermediate; });
  const VerdictRules& rules = verdict_rules;
  if (overall >= rules.advanced_overall && (!advanced || *advanced >= rules.advanced_items))
    return guide::Level::advanced;
  if (overall >= rules.intermediate_overall && (!harder || *harder >= rules.harder_items))
    return guide::Level::intermediate;
  return guide::Level::beginner;
}

std::string verdict_rules_json() {
  const VerdictRules& r = verdict_rules;
  return fmt::format(R"({{"advanced":{{"overall":{},"items":{}}},"intermediate":{{"overall":{},"items":{}}}}})",
                     r.advanced_overall, r.advanced_items, r.intermediate_overall, r.harder_items);
}

std::string score_words(double score, std::size_t items) {
  // To a tenth, written as JavaScript writes a number (shortest form), so the
  // page's words are these words.
  const double tenths = std::round(score * 10) / 10;
  const long percent = items == 0 ? 0 : std::lround(100.0 * score / static_cast<double>(items));
  return util::say("score.words", {{"right", fmt::format("{}", tenths)}, {"items", items}, {"percent", percent}});
}

QuizSession::QuizSession(std::vector<guide::QuizItem> items, QuizSessionOptions options, Time start)
    : m_options(options), m_start(start) {
  std::mt19937_64 random(options.seed);
  std::vector<guide::QuizItem> valid;
  for (auto& item : items) {
    if (item.valid) valid.push_back(std::move(item));
  }
  for (std::size_t k : permutation(valid.size(), options.order, random)) {
    if (options.limit != 0 && m_items.size() >= options.limit) break;
    m_items.push_back(std::move(valid[k]));
  }
  for (const auto& item : m_items) m_option_order.push_back(permutation(item.options.size(), options.options, random));
  m_scores.assign(m_items.size(), std::nullopt);
}

std::optional<Time> QuizSession::deadline() const {
  if (!m_options.time_limit) return std::nullopt;
  return m_start + std::chrono::duration_cast<std::chrono::milliseconds>(*m_options.time_limit);
}

bool QuizSession::timed_out(Time now) const {
  const auto end = deadline();
  return end && now >= *end;
}

std::optional<std::size_t> QuizSession::current(Time now) const {
  if (m_stopped || timed_out(now)) return std::nullopt;
  for (std::size_t k = 0; k < m_scores.size(); ++k) {
    if (!m_scores[k]) return k;
  }
  return std::nullopt;
}

std::optional<ItemScore> QuizSession::answer(std::size_t k, const QuizAnswer& answer, Time now) {
  if (k >= m_items.size() || m_scores[k] || m_stopped || timed_out(now)) return std::nullopt;
  m_scores[k] = score_item(m_items[k], answer, m_options.credit);
  return m_scores[k];
}

QuizSessionResult QuizSession::result(Time now) const {
  QuizSessionResult r;
  r.items = m_items.size();
  r.timed_out = timed_out(now);
  std::vector<LevelledResult> levelled;
  for (std::size_t k = 0; k < m_items.size(); ++k) {
    const bool right = m_scores[k] && m_scores[k]->correct;
    if (m_scores[k]) {
      ++r.answered;
      r.score += m_scores[k]->score;
    }
    levelled.push_back(LevelledResult{m_items[k].level, right});
  }
  r.verdict = quiz_verdict(levelled);
  return r;
}

QuizItemLevels::QuizItemLevels(const guide::GuideSet& guides) {
  for (const auto& g : guides.guides) {
    for (const auto& q : g.questions) {
      if (q.level != guide::Level::unspecified) m_questions.emplace(guide::question_key(q.title), q.level);
    }
  }
}

guide::Level QuizItemLevels::of(const guide::QuizItem& item) const {
  const auto it = m_questions.find(guide::quiz_stem_key(item.question_markdown));
  return it != m_questions.end() ? it->second : item.level;
}

}  // namespace prepdeck::engine
