// Quantities typed by people ("90 s", "7.5 kW", "2 %") parsed into SI doubles.
#pragma once
#include <string>
#include <string_view>

namespace greenfab {

/** Physical dimension a quantity must have; the parser rejects a unit of another dimension. */
enum class Dimension { time, power, energy, mass, distance, fraction, volume_flow };

/** Human name of a dimension with an example, for error messages ("a duration such as '90 s'"). */
std::string describe(Dimension d);

/**
 * Parses "<number> <unit>" into SI (s, W, J, kg, m, 1, m3/s). Whitespace between number and unit is
 * optional. A bare number is an error: a person who types a number must say its unit.
 * @throws UnitError with a message naming what was expected.
 */
double parse_quantity(std::string_view text, Dimension dimension);

/** Formats an SI duration for people: "90 s", "12.5 min", "3.2 h", "4.1 d". */
std::string format_duration(double seconds);

} // namespace greenfab
