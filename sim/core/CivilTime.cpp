#include "core/CivilTime.hpp"
#include "core/Errors.hpp"
#include "core/Text.hpp"

#include <array>
#include <cctype>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <string>

namespace greenfab {

bool is_leap_year(int year) { return std::chrono::year(year).is_leap(); }

int days_in_month(int year, int month)
{
  const std::chrono::year_month_day_last last{std::chrono::year(year) / std::chrono::month(static_cast<unsigned>(month)) /
                                              std::chrono::last};
  return static_cast<int>(static_cast<unsigned>(last.day()));
}

int hours_in_year(int year) { return is_leap_year(year) ? 8784 : 8760; }

int first_hour_of_month(int year, int month)
{
  if (month < 0 or month > 12)
    throw std::out_of_range("month " + std::to_string(month) + " is outside 0..12");
  int days = 0;
  for (int m = 1; m <= month; ++m)
    days += days_in_month(year, m);
  return 24 * days;
}

int month_of_hour(int year, int hour)
{
  if (hour < 0 or hour >= hours_in_year(year))
    throw std::out_of_range("hour " + std::to_string(hour) + " is outside year " + std::to_string(year));
  int month = 0;
  while (first_hour_of_month(year, month + 1) <= hour)
    ++month;
  return month;
}

int weekday_of(int year, int month, int day)
{
  const std::chrono::year_month_day ymd{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                                        std::chrono::day(static_cast<unsigned>(day))};
  return static_cast<int>(std::chrono::weekday(std::chrono::sys_days(ymd)).iso_encoding()) - 1;
}

long long days_from_civil(long long y, unsigned m, unsigned d)
{
  // H. Hinnant's algorithm: exact for any proleptic Gregorian date.
  y -= m <= 2 ? 1 : 0;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe      = static_cast<unsigned>(y - era * 400);
  const unsigned doy  = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe  = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

DateTime parse_date_time(std::string_view iso_date_time)
{
  const std::string s(trim(iso_date_time));
  const std::string expected = "expected an ISO date-time YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS such as "
                               "'2025-01-06T06:00'";
  // Positions of the digits and separators in "YYYY-MM-DDTHH:MM:SS".
  const bool has_seconds = s.size() == 19;
  if (s.size() != 16 and not has_seconds)
    throw UnitError(quote_value(s) + " is not a date-time: " + expected);
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char want = i == 4 or i == 7 ? '-' : i == 10 ? 'T' : i == 13 or i == 16 ? ':' : '0';
    const bool ok   = want == '0' ? std::isdigit(static_cast<unsigned char>(s[i])) != 0
                                  : (s[i] == want or (i == 10 and (s[i] == 't' or s[i] == ' ')));
    if (not ok)
      throw UnitError(quote_value(s) + " is not a date-time: " + expected);
  }
  DateTime t;
  t.year   = std::stoi(s.substr(0, 4));
  t.month  = std::stoi(s.substr(5, 2));
  t.day    = std::stoi(s.substr(8, 2));
  t.hour   = std::stoi(s.substr(11, 2));
  t.minute = std::stoi(s.substr(14, 2));
  t.second = has_seconds ? std::stoi(s.substr(17, 2)) : 0;
  if (t.month < 1 or t.month > 12)
    throw UnitError(quote_value(s) + " is not a date-time: month " + std::to_string(t.month) + " is not in 1..12");
  const int month_length = days_in_month(t.year, t.month);
  if (t.day < 1 or t.day > month_length)
    throw UnitError(quote_value(s) + " is not a date-time: day " + std::to_string(t.day) + " is not in 1.." +
                    std::to_string(month_length) + " for that month");
  if (t.hour > 23 or t.minute > 59 or t.second > 59)
    throw UnitError(quote_value(s) + " is not a date-time: time of day out of range (expected 00:00:00 to 23:59:59)");
  return t;
}

SimClock::SimClock(const DateTime& start)
    : start_day_(days_from_civil(start.year, static_cast<unsigned>(start.month), static_cast<unsigned>(start.day)))
    , start_second_(start.hour * 3600.0 + start.minute * 60.0 + start.second)
{
}

ClockHour SimClock::at(double t) const
{
  const double since_day = start_second_ + t;
  const auto day_offset  = static_cast<long long>(std::floor(since_day / 86400));
  const long long day    = start_day_ + day_offset;
  const int hour         = static_cast<int>(std::floor((since_day - 86400.0 * static_cast<double>(day_offset)) / 3600));
  const std::chrono::year_month_day ymd{std::chrono::sys_days(std::chrono::days(day))};
  const int year  = static_cast<int>(ymd.year());
  const int month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  const long long day_of_year = day - days_from_civil(year, 1, 1);
  const int weekday = static_cast<int>(std::chrono::weekday(std::chrono::sys_days(std::chrono::days(day))).iso_encoding()) - 1;
  return {year, static_cast<int>(day_of_year) * 24 + std::min(hour, 23), month, weekday, std::min(hour, 23)};
}

double SimClock::next_hour(double t) const
{
  const double since = start_second_ + t;
  return (std::floor(since / 3600) + 1) * 3600 - start_second_;
}

} // namespace greenfab
