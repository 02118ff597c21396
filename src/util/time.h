// Points in time as milliseconds since the Unix epoch (UTC), read from and
// written as ISO 8601, and the clock the programs read (which tests and
// demos can set with PREPDECK_NOW).
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace prepdeck::util {

using Time = std::chrono::sys_time<std::chrono::milliseconds>;
using Clock = std::function<Time()>;

// "2026-12-01", "2026-12-01T09:30", "2026-12-01T09:30:15Z", "...+02:00",
// "2026-12-01 09:30:15.250"; a time without an offset is UTC.
std::optional<Time> parse_iso8601(std::string_view text);

// "2026-12-01T09:30:15Z" (seconds; milliseconds when not zero).
std::string format_iso8601(Time t);

// The system clock, or, when PREPDECK_NOW holds a time, that time standing
// still. A PREPDECK_NOW that is not a time is an error for the caller to report.
struct ClockChoice {
  Clock clock;
  std::string error;  // set when PREPDECK_NOW could not be read
};
ClockChoice clock_from_environment();

// Local midnight (TZ) at or before `t`.
Time start_of_local_day(Time t);

// "2026-12-01": the local date of `t`.
std::string local_date(Time t);

// The local day of the week of `t`, Monday 0 to Sunday 6.
int local_weekday(Time t);

// "today 14:05", "tomorrow 09:00", "Mon 3 Dec", "3 Dec 2027": when `t` is,
// seen from `now`, in local time.
std::string describe_when(Time t, Time now);

}  // namespace prepdeck::util
