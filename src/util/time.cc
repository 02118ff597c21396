#include "util/time.h"

#include <cstdlib>
#include <ctime>

#include <fmt/format.h>

#include "util/words.h"

namespace prepdeck::util {

namespace {

bool digits(std::string_view text, std::size_t at, std::size_t count, int& value) {
  if (at + count > text.size()) return false;
  value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  return true;
}

}  // namespace

std::optional<Time> parse_iso8601(std::string_view text) {
  int year = 0;
  int month = 0;
  int day = 0;
  if (!digits(text, 0, 4, year) || text.size() < 10 || text[4] != '-' || !digits(text, 5, 2, month) || text[7] != '-' ||
      !digits(text, 8, 2, day))
    return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                                         std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok()) return std::nullopt;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int millis = 0;
  std::size_t at = 10;
  if (at < text.size() && (text[at] == 'T' || text[at] == 't' || text[at] == ' ')) {
    if (!digits(text, at + 1, 2, hour) || at + 3 >= text.size() || text[at + 3] != ':' ||
        !digits(text, at + 4, 2, minute))
      return std::nullopt;
    at += 6;
    if (at < text.size() && text[at] == ':') {
      if (!digits(text, at + 1, 2, second)) return std::nullopt;
      at += 3;
      if (at < text.size() && (text[at] == '.' || text[at] == ',')) {
        ++at;
        int scale = 100;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
          millis += (text[at] - '0') * scale;
          scale /= 10;
          ++at;
        }
      }
    }
    if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
  }
  int offset_minutes = 0;
  if (at < text.size()) {
    if (text[at] == 'Z' || text[at] == 'z') {
      ++at;
    } else if (text[at] == '+' || text[at] == '-') {
      int oh = 0;
      int om = 0;
      if (!digits(text, at + 1, 2, oh)) return std::nullopt;
      std::size_t next = at + 3;
      if (next < text.size() && text[next] == ':') ++next;
      if (!digits(text, next, 2, om)) return std::nullopt;
      offset_minutes = (text[at] == '-' ? -1 : 1) * (oh * 60 + om);
      at = next + 2;
    }
  }
  if (at != text.size()) return std::nullopt;
  const auto midnight = std::chrono::sys_days(date);
  return std::chrono::time_point_cast<std::chrono::milliseconds>(midnight) + std::chrono::hours(hour) +
         std::chrono::minutes(minute - offset_minutes) + std::chrono::seconds(second) +
         std::chrono::milliseconds(millis);
}

std::string format_iso8601(Time t) {
  const auto days = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day date(days);
  const auto in_day = t - days;
  const auto h = std::chrono::duration_cast<std::chrono::hours>(in_day);
  const auto m = std::chrono::duration_cast<std::chrono::minutes>(in_day - h);
  const auto s = std::chrono::duration_cast<std::chrono::seconds>(in_day - h - m);
  const auto ms = (in_day - h - m - s).count();
  std::string out = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", static_cast<int>(date.year()),
                                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()), h.count(),
                                m.count(), s.count());
  if (ms != 0) out += fmt::format(".{:03}", ms);
  return out + "Z";
}

ClockChoice clock_from_environment() {
  const char* now = std::getenv("PREPDECK_NOW");
  if (now == nullptr || now[0] == '\0') {
    return {[] { return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()); },
            {}};
  }
  const auto fixed = parse_iso8601(now);
  if (!fixed) return {{}, fmt::format("PREPDECK_NOW='{}' is not an ISO 8601 time like 2026-12-01T09:00:00Z", now)};
  const Time t = *fixed;
  return {[t] { return t; }, {}};
}

namespace {

std::tm local_tm(Time t) {
  const std::time_t seconds =
      static_cast<std::time_t>(std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count());
  std::tm tm{};
  localtime_r(&seconds, &tm);
  return tm;
}

}  // namespace

Time start_of_local_day(Time t) {
  std::tm tm = local_tm(t);
  tm.tm_hour = 0;
  tm.tm_min = 0;
  tm.tm_sec = 0;
  tm.tm_isdst = -1;
  const std::time_t midnight = std::mktime(&tm);
  return Time(std::chrono::milliseconds(static_cast<std::int64_t>(midnight) * 1000));
}

std::string local_date(Time t) {
  const std::tm tm = local_tm(t);
  return fmt::format("{:04}-{:02}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int local_weekday(Time t) { return (local_tm(t).tm_wday + 6) % 7; }

std::string describe_when(Time t, Time now) {
  if (t <= now) return say("when.now");
  const std::tm when = local_tm(t);
  const std::tm today = local_tm(now);
  const auto day_of = [](Time x) { return start_of_local_day(x); };
  const auto days_ahead = std::chrono::duration_cast<std::chrono::hours>(day_of(t) - day_of(now)).count() / 24;
  const std::string clock = fmt::format("{:02}:{:02}", when.tm_hour, when.tm_min);
  if (days_ahead == 0) return say("when.today", {{"time", clock}});
  if (days_ahead == 1) return say("when.tomorrow", {{"time", clock}});
  const std::string weekday = nth_word("when.weekdays", static_cast<std::size_t>(when.tm_wday));
  if (days_ahead < 7) return say("when.this_week", {{"weekday", weekday}, {"time", clock}});
  const std::string month = nth_word("when.months", static_cast<std::size_t>(when.tm_mon));
  if (when.tm_year == today.tm_year) {
    return say("when.this_year", {{"weekday", weekday}, {"day", when.tm_mday}, {"month", month}});
  }
  return say("when.other_year", {{"day", when.tm_mday}, {"month", month}, {"year", when.tm_year + 1900}});
}

}  // namespace prepdeck::util
