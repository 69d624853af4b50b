// Materials, water and waste of one run, and the five-indicator summary (resource use, water use,
// energy use, CO2e emissions, waste generation) of the Danish manufacturing baseline.
#pragma once
#include "model/ModelSpec.hpp"
#include "production/Machine.hpp"
#include "results/RunResult.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace greenfab {

/** What the line counted over the statistics window that the resource account needs. */
struct ResourceCounts {
  /** Parts made of each product: every release, components and replacements of scrapped components
   *  included (each brings its own material; an assembly's components count through their own releases). */
  std::vector<std::uint64_t> made_by_product;
  std::vector<std::uint64_t> scrapped_by_product;   ///< parts scrapped, by product (components included)
  std::vector<std::uint64_t> processed_by_station;  ///< parts processed (good and scrapped), by station
  /** Machine time in each state summed over the station's machines [s], by station. */
  std::vector<std::array<double, machine_state_count>> state_time_by_station;
  double good_parts       = 0; ///< finished parts of released products
  double machine_energy_J = 0; ///< electric energy of all machines [J]
};

/**
 * Material of one part of each product including its components, recursively through the BOM [kg],
 * indexed [product][material]: what a scrapped part of it throws away.
 */
std::vector<std::vector<double>> material_per_part(const ModelSpec& spec);

/** Appends the resource KPIs and adds the tables materials, waste, water and indicators to r. */
void add_resource_results(const ModelSpec& spec, const ResourceCounts& counts, RunResult& r);

/**
 * The hook for the site energy balance: overwrites one row of the indicators table ("energy_use" with the site's
 * total energy [J], "co2e_emissions" with kg CO2e) and the per-good-part value, and states what the
 * figure covers. Until it is called, energy_use covers the machines only and co2e_emissions is NaN.
 * @throws std::invalid_argument for an unknown indicator.
 */
void set_indicator(RunResult& r, const std::string& indicator, double total, const std::string& covers);

} // namespace greenfab
