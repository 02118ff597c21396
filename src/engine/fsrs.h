// FSRS-6, the spaced-repetition scheduler of Anki (open-spaced-repetition), as
// ts-fsrs 5.4.2 computes it: the same due dates and intervals, and the same
// stability and difficulty (ts-fsrs rounds them to 8 decimals at each step, and
// so does this). tests/engine/data/fsrs_vectors.json holds ts-fsrs's own
// results (tests/engine/fsrs_reference/ makes them).
//
// Pure: no clock and no I/O. The time of a review is an argument; fuzz, when
// on, comes from a seed made of the review time and the card, as in ts-fsrs, so
// a review gives the same result wherever it is computed.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace prepdeck::engine {

// Milliseconds since the Unix epoch, UTC (JavaScript's Date).
using Time = std::chrono::sys_time<std::chrono::milliseconds>;

enum class CardState : std::uint8_t { fresh = 0, learning = 1, review = 2, relearning = 3 };
enum class Rating : std::uint8_t { again = 1, hard = 2, good = 3, easy = 4 };

// "new", "learning", "review", "relearning"; "again", "hard", "good", "easy".
std::string_view to_string(CardState state);
std::string_view to_string(Rating rating);
std::optional<CardState> card_state_from_string(std::string_view text);
std::optional<Rating> rating_from_string(std::string_view text);
std::optional<Rating> rating_from_number(int number);  // 1..4

// One question's memory state, as ts-fsrs's Card.
struct Card {
  Time due{};
  double stability = 0;   // days for retrievability to fall to 90%
  double difficulty = 0;  // 1..10 once reviewed
  int elapsed_days = 0;   // calendar days between the last two reviews
  int scheduled_days = 0;
  int reps = 0;
  int lapses = 0;          // Again in review
  int learning_steps = 0;  // the (re)learning step reached
  CardState state = CardState::fresh;
  std::optional<Time> last_review;

  bool operator==(const Card&) const = default;
};

// A card never reviewed, due at `now`.
Card new_card(Time now);

// What a review did, as ts-fsrs's ReviewLog: the card's state before it.
struct ReviewLog {
  Rating rating = Rating::good;
  CardState state = CardState::fresh;  // before the review
  Time due{};                          // the previous review, or the due date of a new card
  double stability = 0;                // before the review
  double difficulty = 0;
  int elapsed_days = 0;
  int last_elapsed_days = 0;
  int scheduled_days = 0;
  int learning_steps = 0;
  Time review{};
};

struct Scheduled {
  Card card;
  ReviewLog log;
};

enum class Fuzz : std::uint8_t { off, on };
// Short-term: same-day reviews and (re)learning steps in minutes; off, every
// interval is whole days (ts-fsrs's LongTermScheduler).
enum class ShortTerm : std::uint8_t { on, off };

inline constexpr std::array<double, 21> k_default_weights = {0.212,  1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194,
                                                             0.001,  1.8722, 0.1666, 0.796,  1.4835, 0.0614, 0.2629,
                                                             1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542};

struct FsrsParameters {
  std::array<double, 21> w = k_default_weights;  // clipped to FSRS-6's ranges when used
  double desired_retention = 0.9;                // (0, 1]
  // Days, >= 1. As in ts-fsrs, Good stays a day past Hard and Easy a day past
  // Good, so at the cap they can pass it by one and two days.
  int maximum_interval = 36500;
  Fuzz fuzz = Fuzz::off;
  ShortTerm short_term = ShortTerm::on;
  std::vector<int> learning_steps = {1, 10};  // minutes
  std::vector<int> relearning_steps = {10};
};

// "1m", "10m", "1h", "2d" -> minutes; a list like "1m 10m" or "1m,10m".
util::Expected<std::vector<int>> parse_steps(std::string_view text);

class Scheduler {
 public:
  Scheduler();  // the default parameters
  static util::Expected<Scheduler> create(FsrsParameters parameters);

  // What each rating would do, indexed by rating - 1.
  std::array<Scheduled, 4> preview(const Card& card, Time now) const;
  // The review at `now`. `previewed`: when the grades were shown to the
  // learner; the fuzz is drawn from that time, as the preview drew it, so the
  // interval a grade gives is the interval its button showed.
  Scheduled review(const Card& card, Time now, Rating rating, std::optional<Time> previewed = std::nullopt) const;

  // The probability of recall at `now` (0 for a new card).
  double retrievability(const Card& card, Time now) const;

  const FsrsParameters& parameters() const { return m_parameters; }

 private:
  explicit Scheduler(FsrsParameters parameters);  // checked by create()

  FsrsParameters m_parameters;
  double m_interval_modifier = 0;
};

}  // namespace prepdeck::engine
