#include "tui/progress.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/fsrs.h"
#include "engine/known.h"
#include "engine/quiz_session.h"
#include "util/text.h"
#include "util/words.h"

namespace prepdeck::tui {

namespace {

constexpr std::int64_t k_day_ms = 86'400'000;
constexpr int k_weeks = 12;

struct Figures {
  store::UserId user = 0;
  std::vector<store::CardRecord> cards;
  std::vector<store::Review> reviews;  // of those cards, the last 12 weeks
  int due_now = 0;
  int due_today = 0;
  int due_week = 0;
  int retention_right = 0;
  int retention_total = 0;
  std::size_t known = 0;  // questions marked known (engine/known.h), in scope
};

util::Expected<Figures> gather(store::Store& store, const ProgressScope& scope, util::Time now) {
  auto user = store.local_user();
  if (!user) return tl::unexpected(user.error());
  auto cards = store.cards(user->id);
  if (!cards) return tl::unexpected(cards.error());
  Figures f;
  f.user = user->id;
  for (auto& c : *cards) {
    if (scope.cards && scope.cards->count(c.card_id) == 0) continue;
    f.cards.push_back(std::move(c));
  }
  const util::Time today = util::start_of_local_day(now);
  const util::Time tomorrow = util::start_of_local_day(today + std::chrono::hours(36));
  const util::Time week = today + std::chrono::days(7);
  for (const auto& c : f.cards) {
    if (c.state.state == 0) continue;
    if (c.state.due <= now) ++f.due_now;
    if (c.state.due < tomorrow) ++f.due_today;
    if (c.state.due < week) ++f.due_week;
  }
  auto marks = store.marks(user->id);
  if (!marks) return tl::unexpected(marks.error());
  if (scope.cards) {
    f.known = engine::known_count(*marks, std::vector<std::string>(scope.cards->begin(), scope.cards->end()));
  } else {
    f.known = static_cast<std::size_t>(
        std::count_if(marks->begin(), marks->end(), [](const store::Mark& m) { return m.mark == "knew"; }));
  }
  auto reviews = store.reviews(user->id, today - std::chrono::days(7 * k_weeks));
  if (!reviews) return tl::unexpected(reviews.error());
  for (auto& r : *reviews) {
    if (scope.cards && scope.cards->count(r.card_id) == 0) continue;
    // Retention: the share of reviews of cards in review (not learning) that were recalled.
    if (r.before.state == 2 && r.reviewed >= now - std::chrono::days(30)) {
      ++f.retention_total;
      if (r.rating >= 2) ++f.retention_right;
    }
    f.reviews.push_back(std::move(r));
  }
  return f;
}

std::string state_name(int state) {
  const auto s = state >= 0 && state <= 3 ? static_cast<engine::CardState>(state) : engine::CardState::fresh;
  return std::string(engine::to_string(s));
}

}  // namespace

util::Expected<std::string> progress_text(store::Store& store, const ProgressScope& scope, util::Time now,
                                          const TextStyle& style) {
  auto figures = gather(store, scope, now);
  if (!figures) return tl::unexpected(figures.error());
  const Figures& f = *figures;
  const Ansi ansi{style.color};
  std::string out;
  int seen = 0;
  for (const auto& c : f.cards) seen += c.state.state != 0 ? 1 : 0;
  out += fmt::format("{}{}{}: {}", ansi.bold(), util::say("progress.title"), ansi.reset(),
                     util::say("progress.studied", {{"cards", util::counted(static_cast<std::size_t>(seen), "card")}}));
  if (scope.cards) {
    const int unseen = std::max(0, static_cast<int>(scope.questions) - seen);
    out += ", " + util::say("progress.unseen", {{"n", unseen}});
  }
  out += ".\n";
  if (scope.cards) {
    out += util::say("progress.known_share",
                     {{"known", f.known},
                      {"questions", util::counted(scope.questions, "question")},
                      {"percent", scope.questions == 0 ? 0
                                                       : std::lround(100.0 * static_cast<double>(f.known) /
                                                                     static_cast<double>(scope.questions))}}) +
           "\n";
  } else {
    out += util::say("progress.known_count", {{"questions", util::counted(f.known, "question")}}) + "\n";
  }
  out += util::say("progress.due", {{"now", f.due_now}, {"today", f.due_today}, {"week", f.due_week}}) + "\n";
  if (f.retention_total > 0) {
    out += util::say("progress.retention", {{"percent", std::lround(100.0 * f.retention_right / f.retention_total)},
                                            {"right", f.retention_right},
                                            {"total", f.retention_total}}) +
           "\n";
  } else {
    out += util::say("progress.no_retention") + "\n";
  }

  // Heatmap: weeks across, Monday to Sunday down, this week last.
  const util::Time today = util::start_of_local_day(now);
  const int weekday = util::local_weekday(today);
  const util::Time first_monday = today - std::chrono::days(weekday + 7 * (k_weeks - 1));
  std::array<std::array<int, k_weeks>, 7> grid{};
  int total = 0;
  int busiest = 0;
  for (const auto& r : f.reviews) {
    if (r.reviewed < first_monday) continue;
    const auto days = (r.reviewed - first_monday).count() / k_day_ms;
    const auto week = static_cast<std::size_t>(days / 7);
    const auto day = static_cast<std::size_t>(days % 7);
    if (week >= k_weeks) continue;
    busiest = std::max(busiest, ++grid[day][week]);
    ++total;
  }
  out += "\n" + util::say("progress.per_day", {{"weeks", k_weeks}, {"total", total}}) + "\n";
  static constexpr const char* k_shades[] = {"\xC2\xB7", "\xE2\x96\x91", "\xE2\x96\x92", "\xE2\x96\x93",
                                             "\xE2\x96\x88"};  // · ░ ▒ ▓ █
  const auto shade = [&](int n) -> int {
    if (n == 0) return 0;
    if (busiest <= 4) return std::min(4, n);
    return 1 + std::min(3, (n - 1) * 4 / busiest);
  };
  for (std::size_t day = 0; day < 7; ++day) {
    std::string row = fmt::format("  {} ", util::nth_word("when.weekdays", (day + 1) % 7));  // Monday first
    for (std::size_t week = 0; week < k_weeks; ++week) {
      const util::Time cell = first_monday + std::chrono::days(week * 7 + day);
      if (cell > today) {
        row += "  ";
        continue;
      }
      const int s = shade(grid[day][week]);
      row += std::string(s == 0 ? ansi.dim() : ansi.green()) + k_shades[s] + std::string(ansi.reset()) + " ";
    }
    while (!row.empty() && row.back() == ' ') row.pop_back();
    out += row + "\n";
  }
  out += "      " +
         util::say("progress.legend",
                   {{"none", k_shades[0]},
                    {"shades", fmt::format("{} {} {} {}", k_shades[1], k_shades[2], k_shades[3], k_shades[4])},
                    {"busiest", busiest}}) +
         "\n";

  auto levels = store.levels(f.user);
  if (!levels) return tl::unexpected(levels.error());
  out += "\n" + util::say("progress.levels") + "\n";
  if (levels->empty()) out += "  " + util::say("progress.no_levels") + "\n";
  for (const auto& l : *levels) {
    std::string verdict = l.verdict;
    if (!verdict.empty()) verdict[0] = static_cast<char>(verdict[0] - 'a' + 'A');
    out += "  " +
           util::say("progress.level", {{"date", util::local_date(l.taken)},
                                        {"verdict", fmt::format("{:<12}", verdict)},
                                        {"theta", fmt::format("{:5.2f}", l.theta)},
                                        {"error", fmt::format("{:.2f}", l.standard_error)},
                                        {"questions", util::counted(static_cast<std::size_t>(l.items), "question")},
                                        {"scope", l.scope}}) +
           "\n";
  }
  auto attempts = store.quiz_attempts(f.user);
  if (!attempts) return tl::unexpected(attempts.error());
  if (!attempts->empty()) {
    const auto& last = attempts->back();
    std::string verdict = last.verdict;
    if (!verdict.empty()) verdict[0] = static_cast<char>(verdict[0] - 'a' + 'A');
    out +=
        "\n" +
        util::say("progress.quizzes", {{"attempts", util::counted(attempts->size(), "attempt")},
                                       {"quiz", last.quiz},
                                       {"date", util::local_date(last.finished)},
                                       {"score", engine::score_words(last.score, static_cast<std::size_t>(last.items))},
                                       {"verdict", verdict}}) +
        "\n";
  }
  return out;
}

util::Expected<std::string> progress_json(store::Store& store, const ProgressScope& scope, util::Time now) {
  auto figures = gather(store, scope, now);
  if (!figures) return tl::unexpected(figures.error());
  const Figures& f = *figures;
  nlohmann::json cards = nlohmann::json::array();
  for (const auto& c : f.cards) {
    nlohmann::json card = {{"id", c.card_id},
                           {"guide", c.guide},
                           {"state", state_name(c.state.state)},
                           {"due", util::format_iso8601(c.state.due)},
                           {"stability", c.state.stability},
                           {"difficulty", c.state.difficulty},
                           {"reps", c.state.reps},
                           {"lapses", c.state.lapses}};
    card["last_review"] =
        c.state.last_review ? nlohmann::json(util::format_iso8601(*c.state.last_review)) : nlohmann::json(nullptr);
    cards.push_back(std::move(card));
  }
  std::map<std::string, int> per_day;
  for (const auto& r : f.reviews) ++per_day[util::local_date(r.reviewed)];
  nlohmann::json out = {{"now", util::format_iso8601(now)}, {"due_now", f.due_now},       {"due_today", f.due_today},
                        {"due_within_7_days", f.due_week},  {"reviews_per_day", per_day}, {"cards", std::move(cards)}};
  out["known"] = f.known;
  out["questions"] = scope.cards ? nlohmann::json(scope.questions) : nlohmann::json(nullptr);
  out["retention_30_days"] = f.retention_total > 0
                                 ? nlohmann::json(static_cast<double>(f.retention_right) / f.retention_total)
                                 : nlohmann::json(nullptr);
  auto levels = store.levels(f.user);
  if (!levels) return tl::unexpected(levels.error());
  nlohmann::json history = nlohmann::json::array();
  for (const auto& l : *levels) {
    history.push_back({{"taken", util::format_iso8601(l.taken)},
                       {"verdict", l.verdict},
                       {"theta", l.theta},
                       {"standard_error", l.standard_error},
                       {"items", l.items},
                       {"scope", l.scope}});
  }
  out["levels"] = std::move(history);
  return out.dump(2) + "\n";
}

}  // namespace prepdeck::tui
