// Terminal formatting helpers shared by the subcommands.
#include "cli/Format.hpp"
#include "core/Units.hpp"

#include <cmath>
#include <cstdio>

namespace greenfab::cli {

std::string fmt(double v, int digits)
{
  if (std::isnan(v))
    return "-";
  if (std::isinf(v))
    return "inf";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}

std::string percent(double share)
{
  if (std::isnan(share))
    return "-";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.1f %%", 100 * share);
  return buf;
}

std::string pm(double mean, double hw, const std::string& unit)
{
  if (unit == "s" and std::isfinite(mean))
    return format_duration(mean) + (std::isnan(hw) ? "" : " +/- " + format_duration(hw));
  // Energy and power read best in kWh and kW.
  if (unit == "J")
    return pm(mean / 3.6e6, hw / 3.6e6, "kWh");
  if (unit == "W")
    return pm(mean / 1e3, hw / 1e3, "kW");
  std::string s = fmt(mean);
  if (not std::isnan(hw))
    s += " +/- " + fmt(hw, 2);
  if (not unit.empty() and unit != "1")
    s += " " + unit;
  return s;
}

std::string pad(const std::string& s, std::size_t w) { return s.size() >= w ? s + " " : s + std::string(w - s.size(), ' '); }

} // namespace greenfab::cli
