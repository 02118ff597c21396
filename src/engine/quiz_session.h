// Scoring quiz items and running a quiz session: order, shuffled options,
// single / multiple / fill-in scoring, exam mode, a time limit, and the level
// verdict. The page scores with web/scoring.js, which reads its thresholds from
// verdict_rules_json() (the build writes them into the page); both are held to
// tests/engine/data/quiz_vectors.json. Pure: the caller passes the time;
// shuffles come from a seed.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "engine/fsrs.h"
#include "guide/guide_set.h"
#include "guide/model.h"

namespace prepdeck::engine {

// Multiple answers: all or nothing, or partial credit (right picks minus wrong
// picks over the right options, at least 0). Fill-in with several blanks:
// every blank, or the share of blanks right.
enum class Credit : std::uint8_t { all_or_nothing, partial };

struct QuizAnswer {
  std::vector<std::size_t> chosen;  // option indexes as written in the guide (not as shown)
  std::vector<std::string> blanks;  // fill-in: one text per blank, in order
};

struct ItemScore {
  double score = 0;  // 0..1
  bool correct = false;
  std::vector<bool> blanks_right;  // fill-in, per blank
};

// How a fill-in answer is compared: NFC, runs of ASCII white space made one
// space and trimmed, then Unicode lower case (str.lower(), String.toLowerCase()).
std::string fold_answer(std::string_view text);

// `text` matches a blank written "[[answer]]" or "[[one|other]]" when one of
// the alternatives folds to what it folds to.
bool blank_matches(std::string_view blank, std::string_view text);

ItemScore score_item(const guide::QuizItem& item, const QuizAnswer& answer, Credit credit);

// How many of `items` a sitting scores: those the parser read a right answer
// from (QuizItem::valid). The page, the terminal and the server score these
// and only these; `prepdeck check` reports the others.
std::size_t scorable_items(const std::vector<guide::QuizItem>& items);

// What a result rests on: an item's level and whether it was answered right.
struct LevelledResult {
  guide::Level level = guide::Level::unspecified;
  bool correct = false;
};

// The verdict's thresholds: Advanced needs `advanced_overall` of all items
// right and `advanced_items` of the advanced ones (when there are any);
// Intermediate needs `intermediate_overall` and `harder_items` of the
// intermediate-or-advanced ones; else Beginner.
struct VerdictRules {
  double advanced_overall = 0.8;
  double advanced_items = 0.6;
  double intermediate_overall = 0.55;
  double harder_items = 0.5;
};
inline constexpr VerdictRules verdict_rules{};

// The rules as the page reads them:
// {"advanced":{"overall":0.8,"items":0.6},"intermediate":{"overall":0.55,"items":0.5}}
std::string verdict_rules_json();

guide::Level quiz_verdict(const std::vector<LevelledResult>& results);

// A score in words, the same on the page and in the terminal: "2 of 3 (67%)",
// "1.5 of 4 (38%)" (partial credit, to a tenth).
std::string score_words(double score, std::size_t items);

// A quiz item's level for verdicts and placement: the level of the study
// question it repeats word for word (guide::quiz_stem_key), as the static site
// takes it, else its page's.
class QuizItemLevels {
 public:
  explicit QuizItemLevels(const guide::GuideSet& guides);
  guide::Level of(const guide::QuizItem& item) const;

 private:
  std::map<std::string, guide::Level> m_questions;  // by guide::question_key
};

enum class Order : std::uint8_t { as_written, shuffled };
enum class Feedback : std::uint8_t { after_each, at_the_end };  // at_the_end: exam mode

struct QuizSessionOptions {
  Order order = Order::as_written;
  Order options = Order::as_written;  // the options of each item
  Credit credit = Credit::all_or_nothing;
  Feedback feedback = Feedback::after_each;
  std::optional<std::chrono::seconds> time_limit;
  std::size_t limit = 0;  // at most this many items (0: all)
  std::uint64_t seed = 0;
};

struct QuizSessionResult {
  double score = 0;  // sum of item scores
  std::size_t answered = 0;
  std::size_t items = 0;
  bool timed_out = false;
  guide::Level verdict = guide::Level::beginner;
};

// One sitting of a quiz. Items that cannot be scored (QuizItem::valid false)
// are left out.
class QuizSession {
 public:
  QuizSession(std::vector<guide::QuizItem> items, QuizSessionOptions options, Time start);

  std::size_t size() const { return m_items.size(); }
  const guide::QuizItem& item(std::size_t k) const { return m_items[k]; }
  // The order in which item k's options are shown: indexes into its options.
  const std::vector<std::size_t>& option_order(std::size_t k) const { return m_option_order[k]; }

  // The next item to answer, or nothing when all are answered or time is up.
  std::optional<std::size_t> current(Time now) const;
  // Answers item `k`; refused (nothing) after the time limit or if answered.
  std::optional<ItemScore> answer(std::size_t k, const QuizAnswer& answer, Time now);
  // Marks the rest as not answered (the learner quit); they count as wrong.
  void stop() { m_stopped = true; }

  bool timed_out(Time now) const;
  std::optional<Time> deadline() const;
  const std::vector<std::optional<ItemScore>>& scores() const { return m_scores; }
  QuizSessionResult result(Time now) const;
  const QuizSessionOptions& options() const { return m_options; }

 private:
  std::vector<guide::QuizItem> m_items;
  std::vector<std::vector<std::size_t>> m_option_order;
  std::vector<std::optional<ItemScore>> m_scores;
  QuizSessionOptions m_options;
  Time m_start;
  bool m_stopped = false;
};

}  // namespace prepdeck::engine
