// Small shared pieces of the energy data readers: plain numbers, ratios of two units (file text: core/TextFile.hpp).
#pragma once
#include "core/CivilTime.hpp"
#include "core/Units.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace greenfab {

/** A plain decimal number ("1.25", "-3", "2e-3") with nothing else, or nullopt. */
std::optional<double> parse_plain_number(std::string_view text);

/**
 * "<number> <unit a>/<unit b>" where unit a has dimension `numerator` and unit b `denominator`, e.g.
 * "2.51 kg/l" (mass per volume) or "42.84 MJ/kg" (energy per mass). Returns SI per SI (kg/m3, J/kg).
 * @throws UnitError saying what was expected.
 */
double parse_ratio(std::string_view text, Dimension numerator, Dimension denominator);


} // namespace greenfab
