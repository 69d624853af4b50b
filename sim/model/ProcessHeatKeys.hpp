// Model keys for process heat (stations' `heat`: ovens, furnaces, washers), read apart from the rest of the
// loader because they need the site's carriers, which the site section loads.
#pragma once
#include "core/Errors.hpp"
#include "model/ModelSpec.hpp"
#include "model/YamlValue.hpp"

#include <vector>

namespace greenfab {

/** Station key this module reads (the loader accepts it and leaves it to read_process_heat). */
inline constexpr const char* process_heat_station_keys[] = {"heat"};

/**
 * Reads each station's `heat` into StationSpec::heat (demand per state) and SiteSpec::process_heat (carrier,
 * efficiency or COP, recovered heat, waste heat). Runs after the stations, the calendar and the site are
 * read; every problem goes to `diagnostics` with its location (docs/model-format.md#process-heat).
 */
void read_process_heat(const YamlValue& root, ModelSpec& spec, std::vector<Diagnostic>& diagnostics);

} // namespace greenfab
