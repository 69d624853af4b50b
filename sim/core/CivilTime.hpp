// Civil calendar arithmetic (proleptic Gregorian, local standard time, no daylight saving): one place
// for leap years, month lengths and hours of the year, used by shifts, weather, PV and grid profiles.
#pragma once
#include <string_view>

namespace greenfab {

bool is_leap_year(int year);
int days_in_month(int year, int month);       ///< month 1..12
int hours_in_year(int year);                  ///< 8760 or 8784
int first_hour_of_month(int year, int month); ///< month 0..12 (0 = January; 12 gives hours_in_year)
int month_of_hour(int year, int hour);        ///< 0 = January
int weekday_of(int year, int month, int day); ///< 0 = Monday .. 6 = Sunday
long long days_from_civil(long long year, unsigned month, unsigned day); ///< days since 1970-01-01

/** A date-time split into fields, as read from "YYYY-MM-DDTHH:MM[:SS]". */
struct DateTime {
  int year = 2025, month = 1, day = 1, hour = 0, minute = 0, second = 0;
};
/** @throws UnitError naming the expected format or the field out of range. */
DateTime parse_date_time(std::string_view iso_date_time);

/** Where a moment of simulated time falls in the civil calendar. */
struct ClockHour {
  int year;
  int hour_of_year; ///< 0 = Jan 1 00:00-01:00
  int month;        ///< 1..12
  int weekday;      ///< 0 = Monday
  int hour;         ///< 0..23
};

/** Maps simulated seconds (0 = the model's start) to the civil calendar. */
class SimClock {
public:
  explicit SimClock(const DateTime& start);
  /** The clock hour containing simulated time `t` [s]. */
  ClockHour at(double t) const;
  /** Simulated time [s] of the next whole clock hour strictly after `t`. */
  double next_hour(double t) const;

private:
  long long start_day_;  ///< days since 1970-01-01 of the start date
  double start_second_;  ///< seconds into that day
};

} // namespace greenfab
