// Shift strings and ISO dates to week offsets; interval algebra for calendars.
#include "core/Text.hpp"
#include "model/Calendar.hpp"
#include "core/CivilTime.hpp"
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
  const DateTime t      = parse_date_time(iso_date_time);
  const long long days  = days_from_civil(t.year, static_cast<unsigned>(t.month), static_cast<unsigned>(t.day));
  const long long weekday = ((days + 3) % 7 + 7) % 7; // 1970-01-01 was a Thursday (Monday = 0)
  return static_cast<double>(weekday) * seconds_per_day + t.hour * 3600.0 + t.minute * 60.0 + t.second;
}

} // namespace greenfab
