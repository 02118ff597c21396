#include "engine/fsrs.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <utility>

#include <fmt/format.h>

#include "util/text.h"

namespace prepdeck::engine {

namespace {

constexpr double k_s_min = 1e-3;
constexpr double k_s_max = 36500;
constexpr double k_init_s_max = 100;
constexpr std::int64_t k_day_ms = 86'400'000;
constexpr std::int64_t k_minute_ms = 60'000;

// JavaScript's Math.round: the nearest integer, halves toward +infinity.
double js_round(double x) {
  const double lower = std::floor(x);
  return x - lower >= 0.5 ? lower + 1 : lower;
}

// ts-fsrs's roundTo(x, 8).
double round8(double x) { return js_round(x * 100000000.0) / 100000000.0; }

double clamp(double value, double low, double high) { return std::min(std::max(value, low), high); }

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

std::int64_t ms(Time t) { return t.time_since_epoch().count(); }
Time at_ms(std::int64_t value) { return Time(std::chrono::milliseconds(value)); }

// Whole UTC calendar days from `last` to `now` (ts-fsrs's dateDiffInDays).
int calendar_days(Time last, Time now) {
  return static_cast<int>(floor_div(ms(now), k_day_ms) - floor_div(ms(last), k_day_ms));
}

// JavaScript's String(number) for a finite double: the shortest digits that
// read back as the same double, laid out by ECMAScript's Number::toString.
std::string js_number_to_string(double x) {
  if (std::isnan(x)) return "NaN";
  if (x == 0) return "0";
  if (std::isinf(x)) return x > 0 ? "Infinity" : "-Infinity";
  std::string sign;
  if (x < 0) {
    sign = "-";
    x = -x;
  }
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, x, std::chars_format::scientific);
  const std::string_view sci(buffer, static_cast<std::size_t>(result.ptr - buffer));
  const std::size_t e_at = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e_at)) {
    if (c != '.') digits += c;
  }
  int exponent = 0;
  std::from_chars(sci.data() + e_at + 1 + (sci[e_at + 1] == '+' ? 1 : 0), sci.data() + sci.size(), exponent);
  const int k = static_cast<int>(digits.size());
  const int n = exponent + 1;  // the decimal point sits after n digits
  std::string out = sign;
  if (k <= n && n <= 21) {
    out += digits;
    out.append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, static_cast<std::size_t>(n));
    out += '.';
    out += digits.substr(static_cast<std::size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-n), '0');
    out += digits;
  } else {
    out += digits.substr(0, 1);
    if (k > 1) {
      out += '.';
      out += digits.substr(1);
    }
    out += n - 1 >= 0 ? "e+" : "e-";
    out += std::to_string(std::abs(n - 1));
  }
  return out;
}

// JavaScript's ToUint32 of a non-negative finite double.
double to_uint32(double x) { return std::fmod(std::floor(x), 4294967296.0); }

// Johannes Baagøe's Alea generator and its Mash hash, as ts-fsrs uses them
// for fuzz: the same doubles from the same seed string.
class Alea {
 public:
  explicit Alea(std::string_view seed) {
    Mash mash;
    m_s0 = mash(" ");
    m_s1 = mash(" ");
    m_s2 = mash(" ");
    m_s0 -= mash(seed);
    if (m_s0 < 0) m_s0 += 1;
    m_s1 -= mash(seed);
    if (m_s1 < 0) m_s1 += 1;
    m_s2 -= mash(seed);
    if (m_s2 < 0) m_s2 += 1;
  }

  double next() {
    const double t = 2091639 * m_s0 + m_c * 2.3283064365386963e-10;
    m_s0 = m_s1;
    m_s1 = m_s2;
    m_c = std::trunc(t);  // t | 0, with 0 <= t < 2^31
    m_s2 = t - m_c;
    return m_s2;
  }

 private:
  class Mash {
   public:
    // The seed is ASCII here, so its UTF-16 code units are its bytes.
    double operator()(std::string_view data) {
      for (char c : data) {
        m_n += static_cast<unsigned char>(c);
        double h = 0.02519603282416938 * m_n;
        m_n = to_uint32(h);
        h -= m_n;
        h *= m_n;
        m_n = to_uint32(h);
        h -= m_n;
        m_n += h * 4294967296.0;
      }
      return to_uint32(m_n) * 2.3283064365386963e-10;
    }

   private:
    double m_n = 4022871197.0;
  };

  double m_c = 1;
  double m_s0 = 0;
  double m_s1 = 0;
  double m_s2 = 0;
};

// ts-fsrs's clipParameters: each weight into FSRS-6's range; with more than
// one relearning step, w17 and w18 so low that the steps cannot raise stability.
std::array<double, 21> clip_weights(const std::array<double, 21>& w, std::size_t relearning_steps,
                                    ShortTerm short_term) {
  std::array<std::pair<double, double>, 21> range = {{{k_s_min, k_init_s_max},
                                                      {k_s_min, k_init_s_max},
                                                      {k_s_min, k_init_s_max},
                                                      {k_s_min, k_init_s_max},
                                                      {1, 10},
                                                      {1e-3, 4},
                                                      {1e-3, 4},
                                                      {1e-3, 0.75},
                                                      {0, 4.5},
                                                      {0, 0.8},
                                                      {1e-3, 3.5},
                                                      {1e-3, 5},
                                                      {1e-3, 0.25},
                                                      {1e-3, 0.9},
                                                      {0, 4},
                                                      {0, 1},
                                                      {1, 6},
                                                      {0, 2},
                                                      {0, 2},
                                                      {short_term == ShortTerm::on ? 0.01 : 0, 0.8},
                                                      {0.1, 0.8}}};
  if (relearning_steps > 1) {
    const double w11 = clamp(w[11], range[11].first, range[11].second);
    const double w13 = clamp(w[13], range[13].first, range[13].second);
    const double w14 = clamp(w[14], range[14].first, range[14].second);
    const double value =
        -(std::log(w11) + std::log(std::pow(2, w13) - 1) + w14 * 0.3) / static_cast<double>(relearning_steps);
    const double ceiling = clamp(round8(std::sqrt(std::max(value, 0.0))), 0.01, 2);
    range[17].second = ceiling;
    range[18].second = ceiling;
  }
  std::array<double, 21> clipped{};
  for (std::size_t i = 0; i < w.size(); ++i) clipped[i] = clamp(w[i], range[i].first, range[i].second);
  return clipped;
}

struct Decay {
  double decay;
  double factor;
};

Decay decay_of(const std::array<double, 21>& w) {
  const double decay = -w[20];
  return {decay, round8(std::exp(std::pow(decay, -1) * std::log(0.9)) - 1)};
}

double forgetting_curve(const std::array<double, 21>& w, double elapsed_days, double stability) {
  const Decay d = decay_of(w);
  return round8(std::pow(1 + d.factor * elapsed_days / stability, d.decay));
}

// One review of one card: ts-fsrs's BasicScheduler (short-term on) and
// LongTermScheduler (off), which share FSRSAlgorithm's formulas.
class Review {
 public:
  // `fuzz_from`: the time the fuzz seed is made of (ts-fsrs: the review's).
  Review(const FsrsParameters& p, double interval_modifier, const Card& card, Time now, Time fuzz_from)
      : m_p(p), m_w(p.w), m_modifier(interval_modifier), m_last(card), m_current(card), m_now(now) {
    int interval = 0;
    if (m_current.state != CardState::fresh && m_current.last_review) {
      interval = calendar_days(*m_current.last_review, now);
    }
    m_current.last_review = now;
    m_elapsed_days = interval;
    m_current.elapsed_days = interval;
    m_current.reps += 1;
    // ts-fsrs's LongTermScheduler schedules a new card from zero days.
    if (p.short_term == ShortTerm::off && card.state == CardState::fresh) m_current.scheduled_days = 0;
    m_seed = fmt::format("{}_{}_{}", ms(fuzz_from), m_current.reps,
                         js_number_to_string(m_current.difficulty * m_current.stability));
  }

  std::array<Scheduled, 4> all() const {
    if (m_p.short_term == ShortTerm::off) return long_term();
    if (m_last.state == CardState::review) return review_state();
    std::array<Scheduled, 4> out;
    for (Rating g : {Rating::again, Rating::hard, Rating::good, Rating::easy}) {
      Card next = next_ds(m_elapsed_days, g, std::nullopt);
      apply_learning_steps(next, g, m_last.state == CardState::fresh ? CardState::learning : m_last.state);
      out[index(g)] = Scheduled{next, log(g)};
    }
    return out;
  }

 private:
  static std::size_t index(Rating g) { return static_cast<std::size_t>(g) - 1; }
  static int grade(Rating g) { return static_cast<int>(g); }

  double init_stability(Rating g) const { return std::max(m_w[index(g)], 0.1); }
  double init_difficulty(Rating g) const { return round8(m_w[4] - std::exp((grade(g) - 1) * m_w[5]) + 1); }

  double next_difficulty(double d, Rating g) const {
    const double delta = -m_w[6] * (grade(g) - 3);
    const double next = d + round8(delta * (10 - d) / 9);
    return clamp(round8(m_w[7] * init_difficulty(Rating::easy) + (1 - m_w[7]) * next), 1, 10);
  }

  double next_recall_stability(double d, double s, double r, Rating g) const {
    const double hard_penalty = g == Rating::hard ? m_w[15] : 1;
    const double easy_bonus = g == Rating::easy ? m_w[16] : 1;
    return round8(clamp(s * (1 + std::exp(m_w[8]) * (11 - d) * std::pow(s, -m_w[9]) *
                                     (std::exp((1 - r) * m_w[10]) - 1) * hard_penalty * easy_bonus),
                        k_s_min, k_s_max));
  }

  double next_forget_stability(double d, double s, double r) const {
    return round8(clamp(m_w[11] * std::pow(d, -m_w[12]) * (std::pow(s + 1, m_w[13]) - 1) * std::exp((1 - r) * m_w[14]),
                        k_s_min, k_s_max));
  }

  double next_short_term_stability(double s, Rating g) const {
    const double sinc = std::pow(s, -m_w[19]) * std::exp(m_w[17] * (grade(g) - 3 + m_w[18]));
    const double masked = g >= Rating::hard ? std::max(sinc, 1.0) : sinc;
    return round8(clamp(s * masked, k_s_min, k_s_max));
  }

  // The card after rating `g`, `t` days after the last review: new stability and difficulty.
  Card next_ds(int t, Rating g, std::optional<double> r) const {
    Card card = m_current;
    double d = m_current.difficulty;
    double s = m_current.stability;
    if (d == 0 && s == 0) {
      card.difficulty = clamp(init_difficulty(g), 1, 10);
      card.stability = init_stability(g);
      return card;
    }
    // ts-fsrs refuses such a state; one read back from damaged storage is mended.
    d = clamp(d, 1, 10);
    s = std::max(s, k_s_min);
    const double retrievability = r ? *r : forgetting_curve(m_w, t, s);
    double new_s = 0;
    if (t == 0 && m_p.short_term == ShortTerm::on) {
      new_s = next_short_term_stability(s, g);
    } else if (g == Rating::again) {
      const double after_fail = next_forget_stability(d, s, retrievability);
      const double w17 = m_p.short_term == ShortTerm::on ? m_w[17] : 0;
      const double w18 = m_p.short_term == ShortTerm::on ? m_w[18] : 0;
      new_s = clamp(round8(s / std::exp(w17 * w18)), k_s_min, after_fail);
    } else {
      new_s = next_recall_stability(d, s, retrievability, g);
    }
    card.difficulty = next_difficulty(d, g);
    card.stability = new_s;
    return card;
  }

  int fuzzed(double interval, int elapsed_days) const {
    if (m_p.fuzz == Fuzz::off || interval < 2.5) return static_cast<int>(js_round(interval));
    // ts-fsrs draws each fuzz from a new generator of the same seed: one draw,
    // the same for every rating of this review, made once.
    if (!m_fuzz_factor) m_fuzz_factor = Alea(m_seed).next();
    const double factor = *m_fuzz_factor;
    double delta = 1;
    for (const auto& [start, end, f] :
         {std::tuple{2.5, 7.0, 0.15}, std::tuple{7.0, 20.0, 0.1}, std::tuple{20.0, HUGE_VAL, 0.05}}) {
      delta += f * std::max(std::min(interval, end) - start, 0.0);
    }
    interval = std::min(interval, static_cast<double>(m_p.maximum_interval));
    double min_ivl = std::max(2.0, js_round(interval - delta));
    const double max_ivl = std::min(js_round(interval + delta), static_cast<double>(m_p.maximum_interval));
    if (interval > elapsed_days) min_ivl = std::max(min_ivl, static_cast<double>(elapsed_days) + 1);
    min_ivl = std::min(min_ivl, max_ivl);
    return static_cast<int>(std::floor(factor * (max_ivl - min_ivl + 1) + min_ivl));
  }

  int next_interval(double stability, int elapsed_days) const {
    const double interval =
        std::min(std::max(1.0, js_round(stability * m_modifier)), static_cast<double>(m_p.maximum_interval));
    return fuzzed(interval, elapsed_days);
  }

  void schedule_days(Card& card, int days) const {
    card.scheduled_days = days;
    card.due = at_ms(ms(m_now) + days * k_day_ms);
  }

  // ts-fsrs's BasicLearningStepsStrategy and applyLearningSteps.
  void apply_learning_steps(Card& next, Rating g, CardState to_state) const {
    const bool relearning = m_current.state == CardState::relearning || m_current.state == CardState::review;
    const std::vector<int>& steps = relearning ? m_p.relearning_steps : m_p.learning_steps;
    const int step = m_current.learning_steps;
    double minutes = 0;
    int next_step = 0;
    if (!steps.empty() && step < static_cast<int>(steps.size())) {
      if (m_current.state == CardState::review) {
        if (g == Rating::again) minutes = steps[static_cast<std::size_t>(std::max(0, step))];
      } else if (g == Rating::again) {
        minutes = steps[0];
      } else if (g == Rating::hard) {
        minutes = steps.size() == 1 ? js_round(steps[0] * 1.5) : js_round((steps[0] + steps[1]) / 2.0);
        next_step = step;
      } else if (g == Rating::good && step + 1 < static_cast<int>(steps.size()) &&
                 steps[static_cast<std::size_t>(step + 1)] != 0) {
        minutes = steps[static_cast<std::size_t>(step + 1)];
        next_step = step + 1;
      }
    }
    minutes = std::max(0.0, minutes);
    next_step = std::max(0, next_step);
    if (minutes > 0 && minutes < 1440) {
      next.learning_steps = next_step;
      next.scheduled_days = 0;
      next.state = to_state;
      next.due = at_ms(ms(m_now) + static_cast<std::int64_t>(js_round(minutes)) * k_minute_ms);
    } else {
      next.state = CardState::review;
      if (minutes >= 1440) {
        next.learning_steps = next_step;
        next.due = at_ms(ms(m_now) + static_cast<std::int64_t>(js_round(minutes)) * k_minute_ms);
        next.scheduled_days = static_cast<int>(std::floor(minutes / 1440));
      } else {
        next.learning_steps = 0;
        schedule_days(next, next_interval(next.stability, m_elapsed_days));
      }
    }
  }

  std::array<Scheduled, 4> review_state() const {
    const int t = m_elapsed_days;
    const double r = forgetting_curve(m_w, t, m_current.stability);
    Card again = next_ds(t, Rating::again, r);
    Card hard = next_ds(t, Rating::hard, r);
    Card good = next_ds(t, Rating::good, r);
    Card easy = next_ds(t, Rating::easy, r);
    int hard_days = next_interval(hard.stability, t);
    int good_days = next_interval(good.stability, t);
    hard_days = std::min(hard_days, good_days);
    good_days = std::max(good_days, hard_days + 1);
    const int easy_days = std::max(next_interval(easy.stability, t), good_days + 1);
    schedule_days(hard, hard_days);
    schedule_days(good, good_days);
    schedule_days(easy, easy_days);
    for (Card* c : {&hard, &good, &easy}) {
      c->state = CardState::review;
      c->learning_steps = 0;
    }
    apply_learning_steps(again, Rating::again, CardState::relearning);
    again.lapses += 1;
    return {Scheduled{again, log(Rating::again)}, Scheduled{hard, log(Rating::hard)},
            Scheduled{good, log(Rating::good)}, Scheduled{easy, log(Rating::easy)}};
  }

  std::array<Scheduled, 4> long_term() const {
    const int t = m_elapsed_days;  // 0 for a new card
    std::optional<double> r;
    if (m_last.state != CardState::fresh) r = forgetting_curve(m_w, t, m_current.stability);
    std::array<Card, 4> next = {next_ds(t, Rating::again, r), next_ds(t, Rating::hard, r), next_ds(t, Rating::good, r),
                                next_ds(t, Rating::easy, r)};
    std::array<int, 4> days{};
    for (std::size_t i = 0; i < 4; ++i) days[i] = next_interval(next[i].stability, t);
    days[0] = std::min(days[0], days[1]);
    days[1] = std::max(days[1], days[0] + 1);
    days[2] = std::max(days[2], days[1] + 1);
    days[3] = std::max(days[3], days[2] + 1);
    std::array<Scheduled, 4> out;
    for (std::size_t i = 0; i < 4; ++i) {
      schedule_days(next[i], days[i]);
      next[i].state = CardState::review;
      next[i].learning_steps = 0;
    }
    if (m_last.state != CardState::fresh) next[0].lapses += 1;
    for (Rating g : {Rating::again, Rating::hard, Rating::good, Rating::easy})
      out[index(g)] = Scheduled{next[index(g)], log(g)};
    return out;
  }

  ReviewLog log(Rating g) const {
    ReviewLog log;
    log.rating = g;
    log.state = m_current.state;
    log.due = m_last.last_review ? *m_last.last_review : m_last.due;
    log.stability = m_current.stability;
    log.difficulty = m_current.difficulty;
    log.elapsed_days = m_elapsed_days;
    log.last_elapsed_days = m_last.elapsed_days;
    log.scheduled_days = m_current.scheduled_days;
    log.learning_steps = m_current.learning_steps;
    log.review = m_now;
    return log;
  }

  const FsrsParameters& m_p;
  const std::array<double, 21>& m_w;
  double m_modifier;
  Card m_last;     // as given
  Card m_current;  // with this review's time, reps and elapsed days
  Time m_now;
  int m_elapsed_days = 0;
  std::string m_seed;
  mutable std::optional<double> m_fuzz_factor;
};

}  // namespace

std::string_view to_string(CardState state) {
  switch (state) {
    case CardState::fresh:
      return "new";
    case CardState::learning:
      return "learning";
    case CardState::review:
      return "review";
    case CardState::relearning:
      return "relearning";
  }
  return "new";
}

std::string_view to_string(Rating rating) {
  switch (rating) {
    case Rating::again:
      return "again";
    case Rating::hard:
      return "hard";
    case Rating::good:
      return "good";
    case Rating::easy:
      return "easy";
  }
  return "good";
}

std::optional<CardState> card_state_from_string(std::string_view text) {
  for (CardState s : {CardState::fresh, CardState::learning, CardState::review, CardState::relearning}) {
    if (to_string(s) == text) return s;
  }
  return std::nullopt;
}

std::optional<Rating> rating_from_string(std::string_view text) {
  for (Rating r : {Rating::again, Rating::hard, Rating::good, Rating::easy}) {
    if (to_string(r) == text) return r;
  }
  return std::nullopt;
}

std::optional<Rating> rating_from_number(int number) {
  if (number < 1 || number > 4) return std::nullopt;
  return static_cast<Rating>(number);
}

Card new_card(Time now) {
  Card card;
  card.due = now;
  return card;
}

util::Expected<std::vector<int>> parse_steps(std::string_view text) {
  std::vector<int> steps;
  std::string word;
  const auto take = [&steps](std::string_view step) -> util::Expected<void> {
    const char unit = step.back();
    int value = 0;
    const auto [end, ec] = std::from_chars(step.data(), step.data() + step.size() - 1, value);
    const int scale = unit == 'm' ? 1 : unit == 'h' ? 60 : unit == 'd' ? 1440 : 0;
    if (step.size() < 2 || ec != std::errc() || end != step.data() + step.size() - 1 || value < 0 || scale == 0 ||
        value > 365 * 1440 / scale) {
      return util::fail(fmt::format("'{}' is not a step (a number and m, h or d: 1m, 10m, 1d)", step));
    }
    steps.push_back(value * scale);
    return {};
  };
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (util::is_space(text[i]) || text[i] == ',')) ++i;
    std::size_t j = i;
    while (j < text.size() && !util::is_space(text[j]) && text[j] != ',') ++j;
    if (j > i) {
      if (auto ok = take(text.substr(i, j - i)); !ok) return tl::unexpected(ok.error());
    }
    i = j;
  }
  return steps;
}

Scheduler::Scheduler() : Scheduler(FsrsParameters{}) {}

Scheduler::Scheduler(FsrsParameters parameters) : m_parameters(std::move(parameters)) {
  m_parameters.w = clip_weights(m_parameters.w, m_parameters.relearning_steps.size(), m_parameters.short_term);
  const Decay d = decay_of(m_parameters.w);
  m_interval_modifier = round8((std::pow(m_parameters.desired_retention, 1 / d.decay) - 1) / d.factor);
}

util::Expected<Scheduler> Scheduler::create(FsrsParameters parameters) {
  if (!(parameters.desired_retention > 0 && parameters.desired_retention <= 1))
    return util::fail(fmt::format("desired retention {} is not in (0, 1]", parameters.desired_retention));
  if (parameters.maximum_interval < 1)
    return util::fail(fmt::format("maximum interval {} is not a positive number of days", parameters.maximum_interval));
  for (double w : parameters.w) {
    if (!std::isfinite(w)) return util::fail("an FSRS weight is not a finite number");
  }
  for (const auto* steps : {&parameters.learning_steps, &parameters.relearning_steps}) {
    for (int step : *steps) {
      if (step < 0) return util::fail("a learning step is negative");
    }
  }
  return Scheduler(std::move(parameters));
}

std::array<Scheduled, 4> Scheduler::preview(const Card& card, Time now) const {
  return Review(m_parameters, m_interval_modifier, card, now, now).all();
}

Scheduled Scheduler::review(const Card& card, Time now, Rating rating, std::optional<Time> previewed) const {
  return Review(m_parameters, m_interval_modifier, card, now, previewed.value_or(now))
      .all()[static_cast<std::size_t>(rating) - 1];
}

double Scheduler::retrievability(const Card& card, Time now) const {
  if (card.state == CardState::fresh || !card.last_review) return 0;
  const auto t = std::max<std::int64_t>(floor_div(ms(now) - ms(*card.last_review), k_day_ms), 0);
  return forgetting_curve(m_parameters.w, static_cast<double>(t), round8(card.stability));
}

}  // namespace prepdeck::engine
