// Validates a model's `site:` section (the energy system) into a SiteSpec; see docs/model-format.md#site.
#pragma once
#include "core/Errors.hpp"
#include "model/SiteSpec.hpp"
#include "model/YamlValue.hpp"

#include <optional>
#include <vector>

namespace greenfab {

/**
 * Reads `site`, loading the climate, grid zone and carrier files it names from data_dir() (or from
 * paths relative to the model file). Every problem goes to `diagnostics` located at the model key; a
 * problem inside a data file is reported at the key that named it, with the data file's own message.
 * @param start the model's start date-time (the grid and climate years follow the simulated calendar).
 */
std::optional<SiteSpec> read_site(const YamlValue& site, std::vector<Diagnostic>& diagnostics);

} // namespace greenfab
