// Quantities typed by people ("90 s", "7.5 kW", "2 %") parsed into SI doubles.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace greenfab {

/** Physical dimension a quantity must have; the parser rejects a unit of another dimension. */
enum class Dimension {
  time,
  power,
  energy,
  mass,
  distance,
  fraction,
  volume_flow,
  volume,             ///< m3: water per part
  angle,              ///< stored in degrees (latitude, tilt, azimuth): the unit every PV source quotes
  temperature,        ///< stored in degrees Celsius (an SI derived unit); K is converted
  emission_intensity, ///< kg CO2e per J: "34 g/kWh", "0.183 kg/kWh", "95.1 g/MJ"
  heat_loss,          ///< W/K: a building's heat-loss coefficient (UA)
  specific_energy,    ///< J per m3: a compressor's specific power, "6.5 kW/(m3/min)" or "0.11 kWh/m3"
  annual_rate,        ///< a share per year, "2 %/a": stored as a fraction per year (pathways compound by year)
  count,              ///< whole things such as parts per order: a bare number, or with "parts" / "pcs"
  memory,             ///< bytes of computer memory: "4 GB" (decimal), "4 GiB" (binary); for run.limits.memory
  emission_per_mass,  ///< kg CO2e per kg of material (cradle-to-gate): "1.91 kg/kg", "15.1 t/t", "350 g/kg"
};

/** Human name of a dimension with an example, for error messages ("a duration such as '90 s'"). */
std::string describe(Dimension d);

/**
 * Parses "<number> <unit>" into SI (s, W, J, kg, m, 1, m3/s). Whitespace between number and unit is
 * optional. A bare number is an error: a person who types a number must say its unit.
 * @throws UnitError with a message naming what was expected.
 */
double parse_quantity(std::string_view text, Dimension dimension);

/** A price per unit of something: the amount in the model's currency and the currency as typed. */
struct Price {
  double per_si;        ///< currency units per SI unit of `per` (per J for energy, per kg, per m3, per m)
  std::string currency; ///< three capital letters, e.g. "EUR", "SEK", "DKK"
};

/**
 * Parses a price "0.12 EUR/kWh", "85 SEK/MWh" (per energy), "2 EUR/kg" (per mass), "3 DKK/m3"
 * (per volume), or a bare amount "150 kEUR" / "2.5 MSEK" when `per` is empty.
 * @param per the dimension the price is per, or std::nullopt for an amount of money.
 * @throws UnitError naming what was expected.
 */
Price parse_price(std::string_view text, std::optional<Dimension> per);

/** Formats an SI duration for people: "90 s", "12.5 min", "3.2 h", "4.1 d". */
std::string format_duration(double seconds);

} // namespace greenfab
