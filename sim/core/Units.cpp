// Unit tables and the quantity parser. Tables list every spelling accepted, so docs and code agree.
#include "core/Units.hpp"
#include "core/Text.hpp"
#include "core/Errors.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <utility>

namespace greenfab {
namespace {

struct UnitEntry {
  std::string_view symbol;
  double to_si;
};

constexpr std::array time_units{UnitEntry{"ms", 1e-3}, UnitEntry{"s", 1},        UnitEntry{"sec", 1},
                                UnitEntry{"min", 60},   UnitEntry{"h", 3600},     UnitEntry{"hr", 3600},
                                UnitEntry{"d", 86400},  UnitEntry{"day", 86400},  UnitEntry{"days", 86400},
                                UnitEntry{"w", 604800}, UnitEntry{"wk", 604800},  UnitEntry{"y", 365 * 86400.0},
                                UnitEntry{"a", 365 * 86400.0}};
constexpr std::array power_units{UnitEntry{"W", 1}, UnitEntry{"kW", 1e3}, UnitEntry{"MW", 1e6}};
constexpr std::array energy_units{UnitEntry{"J", 1},      UnitEntry{"kJ", 1e3},     UnitEntry{"MJ", 1e6},
                                  UnitEntry{"GJ", 1e9},   UnitEntry{"Wh", 3600},    UnitEntry{"kWh", 3.6e6},
                                  UnitEntry{"MWh", 3.6e9}, UnitEntry{"GWh", 3.6e12}};
constexpr std::array mass_units{UnitEntry{"g", 1e-3}, UnitEntry{"kg", 1}, UnitEntry{"t", 1e3}};
constexpr std::array distance_units{UnitEntry{"mm", 1e-3}, UnitEntry{"m", 1}, UnitEntry{"km", 1e3}};
constexpr std::array fraction_units{UnitEntry{"%", 1e-2}};
constexpr std::array volume_flow_units{UnitEntry{"m3/s", 1}, UnitEntry{"m3/min", 1.0 / 60},
                                       UnitEntry{"m3/h", 1.0 / 3600}, UnitEntry{"l/s", 1e-3},
                                       UnitEntry{"l/min", 1e-3 / 60}};
constexpr std::array volume_units{UnitEntry{"m3", 1}, UnitEntry{"l", 1e-3}, UnitEntry{"L", 1e-3},
                                  UnitEntry{"ml", 1e-6}};
constexpr std::array angle_units{UnitEntry{"deg", 1}, UnitEntry{"°", 1}};
constexpr std::array emission_units{UnitEntry{"g/kWh", 1e-3 / 3.6e6}, UnitEntry{"kg/kWh", 1 / 3.6e6},
                                    UnitEntry{"kg/MWh", 1 / 3.6e9},   UnitEntry{"t/MWh", 1e3 / 3.6e9},
                                    UnitEntry{"g/MJ", 1e-3 / 1e6},    UnitEntry{"kg/GJ", 1 / 1e9},
                                    UnitEntry{"kg/J", 1}};
constexpr std::array heat_loss_units{UnitEntry{"W/K", 1}, UnitEntry{"kW/K", 1e3}};
constexpr std::array specific_energy_units{UnitEntry{"kW/(m3/min)", 1e3 * 60}, UnitEntry{"kWh/m3", 3.6e6},
                                           UnitEntry{"J/m3", 1}};
// Pathways step in whole years and compound by year, so a yearly rate stays a fraction per year.
constexpr std::array annual_rate_units{UnitEntry{"%/a", 1e-2}, UnitEntry{"%/y", 1e-2}, UnitEntry{"1/a", 1},
                                       UnitEntry{"1/y", 1}};
// A count is the one quantity whose unit may be left out: "12" and "12 parts" are the same order size.
constexpr std::array count_units{UnitEntry{"parts", 1}, UnitEntry{"part", 1}, UnitEntry{"pcs", 1},
                                 UnitEntry{"pc", 1}, UnitEntry{"units", 1}};
constexpr std::array memory_units{UnitEntry{"B", 1},      UnitEntry{"kB", 1e3},           UnitEntry{"MB", 1e6},
                                  UnitEntry{"GB", 1e9},   UnitEntry{"TB", 1e12},          UnitEntry{"KiB", 1024.0},
                                  UnitEntry{"MiB", 1048576.0}, UnitEntry{"GiB", 1073741824.0},
                                  UnitEntry{"TiB", 1099511627776.0}};
// kg CO2e per kg: the "CO2e" may be written out, as suppliers' declarations do.
constexpr std::array emission_per_mass_units{
    UnitEntry{"kg/kg", 1},         UnitEntry{"g/kg", 1e-3},        UnitEntry{"t/t", 1},
    UnitEntry{"kg/t", 1e-3},       UnitEntry{"kg CO2e/kg", 1},     UnitEntry{"g CO2e/kg", 1e-3},
    UnitEntry{"t CO2e/t", 1},      UnitEntry{"kg CO2e/t", 1e-3}};

template <std::size_t N>
bool lookup(const std::array<UnitEntry, N>& table, std::string_view unit, double& factor)
{
  for (const auto& e : table)
    if (e.symbol == unit) {
      factor = e.to_si;
      return true;
    }
  return false;
}

template <std::size_t N> std::string list(const std::array<UnitEntry, N>& table)
{
  std::string out;
  for (const auto& e : table)
    out += (out.empty() ? "" : ", ") + std::string(e.symbol);
  return out;
}

std::string unit_list(Dimension d)
{
  switch (d) {
    case Dimension::time: return list(time_units);
    case Dimension::power: return list(power_units);
    case Dimension::energy: return list(energy_units);
    case Dimension::mass: return list(mass_units);
    case Dimension::distance: return list(distance_units);
    case Dimension::fraction: return list(fraction_units);
    case Dimension::volume_flow: return list(volume_flow_units);
    case Dimension::volume: return list(volume_units);
    case Dimension::angle: return list(angle_units);
    case Dimension::temperature: return "C, degC, °C, K";
    case Dimension::emission_intensity: return list(emission_units);
    case Dimension::heat_loss: return list(heat_loss_units);
    case Dimension::specific_energy: return list(specific_energy_units);
    case Dimension::annual_rate: return list(annual_rate_units);
    case Dimension::count: return list(count_units);
    case Dimension::memory: return list(memory_units);
    case Dimension::emission_per_mass: return list(emission_per_mass_units);
  }
  return {};
}

bool unit_factor(Dimension d, std::string_view unit, double& factor)
{
  switch (d) {
    case Dimension::time: return lookup(time_units, unit, factor);
    case Dimension::power: return lookup(power_units, unit, factor);
    case Dimension::energy: return lookup(energy_units, unit, factor);
    case Dimension::mass: return lookup(mass_units, unit, factor);
    case Dimension::distance: return lookup(distance_units, unit, factor);
    case Dimension::fraction: return lookup(fraction_units, unit, factor);
    case Dimension::volume_flow: return lookup(volume_flow_units, unit, factor);
    case Dimension::volume: return lookup(volume_units, unit, factor);
    case Dimension::angle: return lookup(angle_units, unit, factor);
    case Dimension::temperature: // offsets are applied by parse_quantity; the factor is 1 for both
      factor = 1;
      return unit == "C" or unit == "degC" or unit == "°C" or unit == "K";
    case Dimension::emission_intensity: return lookup(emission_units, unit, factor);
    case Dimension::heat_loss: return lookup(heat_loss_units, unit, factor);
    case Dimension::specific_energy: return lookup(specific_energy_units, unit, factor);
    case Dimension::annual_rate: return lookup(annual_rate_units, unit, factor);
    case Dimension::count: return lookup(count_units, unit, factor);
    case Dimension::memory: return lookup(memory_units, unit, factor);
    case Dimension::emission_per_mass: return lookup(emission_per_mass_units, unit, factor);
  }
  return false;
}


} // namespace

std::string describe(Dimension d)
{
  switch (d) {
    case Dimension::time: return "a duration such as '90 s' or '1.5 h' (units: " + unit_list(d) + ")";
    case Dimension::power: return "a power such as '7.5 kW' (units: " + unit_list(d) + ")";
    case Dimension::energy: return "an energy such as '12 kWh' (units: " + unit_list(d) + ")";
    case Dimension::mass: return "a mass such as '2.5 kg' (units: " + unit_list(d) + ")";
    case Dimension::distance: return "a distance such as '120 km' (units: " + unit_list(d) + ")";
    case Dimension::fraction: return "a percentage such as '2 %'";
    case Dimension::volume_flow: return "a volume flow such as '1.2 m3/min' (units: " + unit_list(d) + ")";
    case Dimension::volume: return "a volume such as '2.5 l' (units: " + unit_list(d) + ")";
    case Dimension::angle: return "an angle such as '35 deg' (units: " + unit_list(d) + ")";
    case Dimension::temperature: return "a temperature such as '20 C' (units: " + unit_list(d) + ")";
    case Dimension::emission_intensity:
      return "an emission factor such as '34 g/kWh' (CO2e; units: " + unit_list(d) + ")";
    case Dimension::heat_loss: return "a heat-loss coefficient such as '12 kW/K' (units: " + unit_list(d) + ")";
    case Dimension::specific_energy:
      return "a specific power such as '6.5 kW/(m3/min)' (units: " + unit_list(d) + ")";
    case Dimension::annual_rate: return "a yearly rate such as '2 %/a' (units: " + unit_list(d) + ")";
    case Dimension::count: return "a number of parts such as '12' or '12 parts'";
    case Dimension::memory: return "an amount of memory such as '4 GB' or '512 MiB' (units: " + unit_list(d) + ")";
    case Dimension::emission_per_mass:
      return "a cradle-to-gate factor such as '1.91 kg/kg' (kg CO2e per kg of material; units: " + unit_list(d) + ")";
  }
  return "a quantity";
}

double parse_quantity(std::string_view text, Dimension dimension)
{
  const std::string_view s = trim(text);
  double value             = 0;
  const auto* first        = s.data();
  const auto* last         = s.data() + s.size();
  auto [ptr, ec]           = std::from_chars(first, last, value);
  if (ec != std::errc() or ptr == first)
    throw UnitError(quote_value(s) + " is not " + describe(dimension));
  if (not std::isfinite(value))
    throw UnitError(quote_value(s) + " is not a finite number");
  const std::string_view unit = trim(std::string_view(ptr, static_cast<std::size_t>(last - ptr)));
  if (unit.empty() and dimension == Dimension::count)
    return value;
  if (unit.empty())
    throw UnitError(quote_value(s) + " has no unit: expected " + describe(dimension));
  double factor = 0;
  if (not unit_factor(dimension, unit, factor))
    throw UnitError("unknown unit " + quote_value(unit) + " in " + quote_value(s) + ": expected " +
                    describe(dimension));
  if (dimension == Dimension::temperature and unit == "K") {
    if (value < 0)
      throw UnitError(quote_value(s) + " is below absolute zero");
    return value - 273.15;
  }
  const double si = value * factor;
  // "1e308 y" is a finite number of a unit but no finite number of seconds.
  if (not std::isfinite(si))
    throw UnitError("'" + std::string(s) + "' is too large to compute with");
  return si;
}

Price parse_price(std::string_view text, std::optional<Dimension> per)
{
  const std::string_view s = trim(text);
  const std::string expected =
      per ? std::string("a price such as ") +
                (*per == Dimension::mass ? "'0.9 EUR/kg'" : *per == Dimension::volume ? "'3 DKK/m3'" : "'0.12 EUR/kWh'") +
                " (a currency code, '/', then a unit of " + describe(*per) + ")"
          : "an amount of money such as '150 kEUR' or '2.5 MSEK'";
  double value      = 0;
  const auto* first = s.data();
  const auto* last  = s.data() + s.size();
  auto [ptr, ec]    = std::from_chars(first, last, value);
  if (ec != std::errc() or ptr == first or not std::isfinite(value))
    throw UnitError(quote_value(s) + " is not " + expected);
  std::string_view unit = trim(std::string_view(ptr, static_cast<std::size_t>(last - ptr)));
  const auto slash      = unit.find('/');
  std::string_view money = per ? unit.substr(0, slash) : unit;
  if (per and slash == std::string_view::npos)
    throw UnitError(quote_value(s) + " is not " + expected);
  double scale = 1;
  if (money.size() == 4 and (money[0] == 'k' or money[0] == 'M')) {
    scale = money[0] == 'k' ? 1e3 : 1e6;
    money.remove_prefix(1);
  }
  const bool code = money.size() == 3 and std::isupper(static_cast<unsigned char>(money[0])) and
                    std::isupper(static_cast<unsigned char>(money[1])) and
                    std::isupper(static_cast<unsigned char>(money[2]));
  if (not code)
    throw UnitError(quote_value(s) + " has no currency code: expected " + expected);
  double per_factor = 1;
  if (per) {
    const std::string_view per_unit = trim(unit.substr(slash + 1));
    // "/m3" means per 1 m3: the unit tables hold "1 unit" factors, so the lookup is the same
    if (not unit_factor(*per, per_unit, per_factor) or *per == Dimension::temperature)
      throw UnitError("unknown unit " + quote_value(per_unit) + " in " + quote_value(s) + ": expected " +
                      expected);
  }
  return {value * scale / per_factor, std::string(money)};
}

std::string format_duration(double seconds)
{
  const double a = std::abs(seconds);
  char buf[64];
  if (a < 120)
    std::snprintf(buf, sizeof buf, "%.4g s", seconds);
  else if (a < 2 * 3600)
    std::snprintf(buf, sizeof buf, "%.4g min", seconds / 60);
  else if (a < 2 * 86400)
    std::snprintf(buf, sizeof buf, "%.4g h", seconds / 3600);
  else
    std::snprintf(buf, sizeof buf, "%.4g d", seconds / 86400);
  return buf;
}

} // namespace greenfab
