// Weekly shift patterns ("Mon-Fri 06:00-14:00") and start dates, as text -> seconds since Monday 00:00.
#pragma once
#include "model/ModelSpec.hpp"

#include <string_view>
#include <vector>

namespace greenfab {

inline constexpr double seconds_per_day  = 86400;
inline constexpr double seconds_per_week = 7 * seconds_per_day;

/**
 * Parses one shift or break: a day set, whitespace, then "HH:MM-HH:MM". Day sets: Mon..Sun (any case),
 * ranges "Mon-Fri" (may wrap: "Fri-Mon"), lists "Mon,Wed,Fri" (items may be ranges), or "daily".
 * An end <= start crosses midnight into the next day; 24:00 is allowed as an end.
 * @return intervals [start, end) in seconds since Monday 00:00 within [0, 604800), one per day (two when
 *         an interval wraps from Sunday into Monday); neither sorted nor merged.
 * @throws UnitError saying what was expected.
 */
std::vector<CalendarSpec::Interval> parse_shift(std::string_view text);

/** Sorts intervals and merges overlapping or touching ones, so the result is disjoint and increasing. */
std::vector<CalendarSpec::Interval> merge_intervals(std::vector<CalendarSpec::Interval> intervals);

/** `from` minus `removed`; both must be merged (see merge_intervals), and so is the result. */
std::vector<CalendarSpec::Interval> subtract_intervals(const std::vector<CalendarSpec::Interval>& from,
                                                       const std::vector<CalendarSpec::Interval>& removed);

/**
 * Parses an ISO date-time "YYYY-MM-DDTHH:MM" or "YYYY-MM-DDTHH:MM:SS" (proleptic Gregorian calendar).
 * @return seconds from the Monday 00:00 of that week to the given time, in [0, 604800).
 * @throws UnitError naming the expected format or the field out of range.
 */
double week_offset(std::string_view iso_date_time);

} // namespace greenfab
