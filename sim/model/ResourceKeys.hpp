// Model keys for materials, water and waste (the resource side of the five indicators), read apart from
// the rest of the loader so the production keys and these evolve independently.
#pragma once
#include "core/Errors.hpp"
#include "model/ModelSpec.hpp"
#include "model/YamlValue.hpp"

#include <vector>

namespace greenfab {

/** Top-level keys this module reads (the loader accepts them and leaves them to read_resource_keys). */
inline constexpr const char* resource_top_keys[] = {"materials", "waste_handling"};
inline constexpr const char* resource_product_keys[] = {"materials", "mass"};
inline constexpr const char* resource_station_keys[] = {"water", "waste"};

/**
 * Reads the `materials:` catalogue, `waste_handling:`, each product's `materials` and each station's
 * `water` and `waste` from the document into `spec` (whose products and stations must already be read,
 * one per map element of the lists, in order). Every problem goes to `diagnostics` with its location.
 */
void read_resource_keys(const YamlValue& root, ModelSpec& spec, std::vector<Diagnostic>& diagnostics);

} // namespace greenfab
