// Daily departure schedules (outbound daily and milk-run departures, inbound milk runs): the next departure.
#pragma once
#include <cmath>
#include <vector>

namespace greenfab {

/**
 * Simulated time [s] of the first departure strictly after `now` of a schedule repeated every day.
 * @param departures_s clock times, seconds after midnight, sorted and non-empty (as the loader gives them)
 * @param start_week_offset the run's start, seconds since Monday 00:00 (ModelSpec::run), so clock times are local
 */
inline double next_departure(const std::vector<double>& departures_s, double start_week_offset, double now)
{
  const double day = 86400;
  const double tod = std::fmod(start_week_offset + now, day);
  double next      = departures_s.front() + day - tod; // tomorrow's first, unless one is still ahead today
  for (double d : departures_s)
    if (d > tod + 1e-9) {
      next = d - tod;
      break;
    }
  return now + next;
}

} // namespace greenfab
