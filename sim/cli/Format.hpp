// Number and table formatting for terminal output (SI stays in files; people get readable units).
#pragma once
#include <cstddef>
#include <string>

namespace greenfab::cli {

/** A number with `digits` significant digits; "-" for NaN (no value), "inf" for unlimited. */
std::string fmt(double v, int digits = 4);
/** A share as a percentage with one decimal, "-" for NaN. */
std::string percent(double share);
/** Mean (and 95 % half-width when known) with its unit; durations in a human unit ("4.9 min +/- 10 s"),
 *  energy in kWh and power in kW. */
std::string pm(double mean, double hw, const std::string& unit);
/** `s` padded with spaces to width `w` (at least one space after it). */
std::string pad(const std::string& s, std::size_t w);

} // namespace greenfab::cli
