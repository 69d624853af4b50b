// Shift strings and ISO dates to week offsets; interval algebra for calendars.
#include "core/Text.hpp"
#include "model/Calendar.hpp"
#include "core/Errors.hpp"
#include "model/Suggest.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace greenfab {
namespace {

constexpr std::array<std::string_view, 7> day_names{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

const char* const shift_syntax = "expected '<days> HH:MM-HH:MM' such as 'Mon-Fri 06:00-14:00'; days are Mon, Tue, "
                                 "Wed, Thu, Fri, Sat, Sun, ranges such as Mon-Fri, lists such as Mon,Wed,Fri, or daily";


std::string lower(std::string_view s)
{
  std::string out(s);
  for (auto& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

/** Day index, Monday = 0; throws with a suggestion for a misspelt day. */
int parse_day(std::string_view name, std::string_view whole)
{
  for (std::size_t d = 0; d < day_names.size(); ++d)
    if (lower(name) == lower(day_names[d]))
      return static_cast<int>(d);
  std::vector<std::string> candidates(day_names.begin(), day_names.end());
  candidates.emplace_back("daily");
  throw UnitError("'" + std::string(whole) + "' is not a shift: unknown day '" + std::string(name) + "'" +
                  did_you_mean(name, candidates) + "; " + shift_syntax);
}

std::array<bool, 7> parse_days(std::string_view spec, std::string_view whole)
{
  std::array<bool, 7> days{};
  std::string compact;
  for (char c : spec)
    if (not std::isspace(static_cast<unsigned char>(c)))
      compact += c;
  std::size_t start = 0;
  while (start <= compact.size()) {
    const std::size_t comma = std::min(compact.find(',', start), compact.size());
    const std::string_view item(compact.data() + start, comma - start);
    if (item.empty())
      throw UnitError("'" + std::string(whole) + "' is not a shift: empty day in the day list; " + shift_syntax);
    if (lower(item) == "daily") {
      days.fill(true);
    } else if (const auto dash = item.find('-'); dash != std::string_view::npos) {
      const int first = parse_day(item.substr(0, dash), whole);
      const int last  = parse_day(item.substr(dash + 1), whole);
      for (int d = first;; d = (d + 1) % 7) { // a range may wrap past Sunday: Fri-Mon
        days[static_cast<std::size_t>(d)] = true;
        if (d == last)
          break;
      }
    } else {
      days[static_cast<std::size_t>(parse_day(item, whole))] = true;
    }
    start = comma + 1;
  }
  return days;
}

/** "HH:MM" -> seconds after midnight; hour 24 only when `allow_24` and minutes are 00. */
bool parse_clock(std::string_view s, bool allow_24, double& seconds)
{
  const auto colon = s.find(':');
  if (colon == std::string_view::npos or colon == 0 or colon > 2 or s.size() != colon + 3)
    return false;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (i != colon and not std::isdigit(static_cast<unsigned char>(s[i])))
      return false;
  const int h = std::stoi(std::string(s.substr(0, colon)));
  const int m = std::stoi(std::string(s.substr(colon + 1)));
  if (m > 59 or h > 24 or (h == 24 and (not allow_24 or m != 0)))
    return false;
  seconds = h * 3600.0 + m * 60.0;
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
long long days_from_civil(long long y, unsigned m, unsigned d)
{
  y -= m <= 2 ? 1 : 0;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe      = static_cast<unsigned>(y - era * 400);
  const unsigned doy  = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe  = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

bool leap(long long y) { return (y % 4 == 0 and y % 100 != 0) or y % 400 == 0; }

} // namespace

std::vector<CalendarSpec::Interval> parse_shift(std::string_view text)
{
  const std::string_view s = trim(text);
  std::size_t split        = s.size();
  while (split > 0 and not std::isspace(static_cast<unsigned char>(s[split - 1])))
    --split;
  if (split == 0)
    throw UnitError("'" + std::string(s) + "' is not a shift: " + shift_syntax);
  const auto days  = parse_days(s.substr(0, split), s);
  const auto times = s.substr(split);
  const auto dash  = times.find('-');
  double begin = 0, end = 0;
  if (dash == std::string_view::npos or not parse_clock(times.substr(0, dash), false, begin) or
      not parse_clock(times.substr(dash + 1), true, end))
    throw UnitError("'" + std::string(s) + "' is not a shift: bad time range '" + std::string(times) +
                    "' (expected HH:MM-HH:MM with hours 00-23, or 24:00 as the end)");
  if (end <= begin)
    end += seconds_per_day; // crosses midnight into the next day
  std::vector<CalendarSpec::Interval> out;
  for (std::size_t d = 0; d < days.size(); ++d) {
    if (not days[d])
      continue;
    const double a = static_cast<double>(d) * seconds_per_day + begin;
    const double b = static_cast<double>(d) * seconds_per_day + end;
    if (b <= seconds_per_week) {
      out.push_back({a, b});
    } else { // Sunday night into Monday morning: the week pattern repeats
      out.push_back({a, seconds_per_week});
      out.push_back({0, b - seconds_per_week});
    }
  }
  return out;
}

std::vector<CalendarSpec::Interval> merge_intervals(std::vector<CalendarSpec::Interval> intervals)
{
  std::sort(intervals.begin(), intervals.end(), [](const auto& x, const auto& y) { return x.start < y.start; });
  std::vector<CalendarSpec::Interval> out;
  for (const auto& iv : intervals) {
    if (iv.end <= iv.start)
      continue;
    if (not out.empty() and iv.start <= out.back().end)
      out.back().end = std::max(out.back().end, iv.end);
    else
      out.push_back(iv);
  }
  return out;
}

std::vector<CalendarSpec::Interval> subtract_intervals(const std::vector<CalendarSpec::Interval>& from,
                                                       const std::vector<CalendarSpec::Interval>& removed)
{
  std::vector<CalendarSpec::Interval> out;
  for (auto iv : from) {
    for (const auto& r : removed) {
      if (r.end <= iv.start or r.start >= iv.end)
        continue;
      if (r.start > iv.start)
        out.push_back({iv.start, r.start});
      iv.start = std::max(iv.start, r.end);
      if (iv.start >= iv.end)
        break;
    }
    if (iv.start < iv.end)
      out.push_back(iv);
  }
  return out;
}

double week_offset(std::string_view iso_date_time)
{
  const std::string s(trim(iso_date_time));
  const std::string expected = "expected an ISO date-time YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS such as "
                               "'2025-01-06T06:00'";
  // Positions of the digits and separators in "YYYY-MM-DDTHH:MM:SS".
  const bool has_seconds = s.size() == 19;
  if (s.size() != 16 and not has_seconds)
    throw UnitError("'" + s + "' is not a date-time: " + expected);
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char want = i == 4 or i == 7 ? '-' : i == 10 ? 'T' : i == 13 or i == 16 ? ':' : '0';
    const bool ok   = want == '0' ? std::isdigit(static_cast<unsigned char>(s[i])) != 0
                                  : (s[i] == want or (i == 10 and (s[i] == 't' or s[i] == ' ')));
    if (not ok)
      throw UnitError("'" + s + "' is not a date-time: " + expected);
  }
  const long long year = std::stoll(s.substr(0, 4));
  const int month = std::stoi(s.substr(5, 2)), day = std::stoi(s.substr(8, 2));
  const int hour = std::stoi(s.substr(11, 2)), minute = std::stoi(s.substr(14, 2));
  const int second = has_seconds ? std::stoi(s.substr(17, 2)) : 0;
  constexpr std::array<int, 12> month_days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 or month > 12)
    throw UnitError("'" + s + "' is not a date-time: month " + std::to_string(month) + " is not in 1..12");
  const int days_in_month = month_days[static_cast<std::size_t>(month - 1)] + (month == 2 and leap(year) ? 1 : 0);
  if (day < 1 or day > days_in_month)
    throw UnitError("'" + s + "' is not a date-time: day " + std::to_string(day) + " is not in 1.." +
                    std::to_string(days_in_month) + " for that month");
  if (hour > 23 or minute > 59 or second > 59)
    throw UnitError("'" + s + "' is not a date-time: time of day out of range (expected 00:00:00 to 23:59:59)");
  const long long days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  const long long weekday = ((days + 3) % 7 + 7) % 7; // 1970-01-01 was a Thursday (Monday = 0)
  return static_cast<double>(weekday) * seconds_per_day + hour * 3600.0 + minute * 60.0 + second;
}

} // namespace greenfab
