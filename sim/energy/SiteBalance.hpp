// One period's energy balance of a site (a clock hour, or the part of one inside the measured window):
// demands by use, heat, PV, battery, grid exchange, emissions and cost. Pure functions: tested by hand.
#pragma once
#include "model/SiteSpec.hpp"

#include <array>
#include <cstddef>
#include <vector>

namespace greenfab {

/** What the production and transport entities drew during the period, and the period's conditions. */
struct PeriodInputs {
  double duration_s      = 3600;
  double on_shift_share  = 0; ///< share of the period the site was on shift
  double machines_J      = 0;
  double air_m3          = 0; ///< free air the stations used
  double charging_J      = 0; ///< electric vehicles charging at the site
  double outdoor_C       = 10;
  double pv_power_W      = 0; ///< mean AC output of the array over the clock hour
  double grid_kg_per_J   = 0; ///< location-based factor of the hour
  /** Carbon-aware dispatch: the hour's factor is among the cheapest/dirtiest hours ahead. */
  bool cheap_carbon_hour = false, dear_carbon_hour = false;
  /** Carbon-aware dispatch: stored energy [J] to keep free for the PV surplus expected in the next 24 h,
   *  so that grid charging does not fill the room the sun would fill for free. */
  double pv_headroom_J = 0;
  /** Process heat delivered to each station in the period [J], indexed like SiteSpec::process_heat. */
  std::vector<double> process_heat_J;
};

/** One station's process heat in a period [J]. */
struct ProcessHeatFlow {
  double delivered = 0; ///< heat delivered to the process (the demand)
  double recovered = 0; ///< of it, drawn from other stations' waste heat
  double input     = 0; ///< energy of the station's carrier: (delivered - recovered) / efficiency
  double waste     = 0; ///< passed to heat recovery: waste_heat x input
};

/** Columns of the balance, in J unless named otherwise; also the hourly series' columns. */
enum class Flow : std::size_t {
  machines, compressed_air, base_load, lighting, heat_pump, vehicle_charging, electricity_demand,
  pv, pv_used, battery_charge, battery_discharge, grid_import, grid_export,
  heat_demand, heat_recovered, heat_recovered_used, heat_exported, heat_supplied, boiler_fuel, district_heating,
  process_heat, process_heat_recovered, process_waste_heat, process_heat_electricity, process_heat_fuel,
  process_heat_district,
  scope1_kg, scope2_location_kg, scope2_market_kg, scope3_kg, cost,
  carbon_cost, ///< CO2 tax on scope 1 (site.carbon_price, carriers' co2_tax); already inside cost
  count
};
inline constexpr std::size_t flow_count = static_cast<std::size_t>(Flow::count);
using Flows = std::array<double, flow_count>;
inline double& at(Flows& f, Flow k) { return f[static_cast<std::size_t>(k)]; }
inline double at(const Flows& f, Flow k) { return f[static_cast<std::size_t>(k)]; }
const char* flow_name(Flow k);        ///< column name, e.g. "grid_import_J"
const char* flow_unit(Flow k);        ///< "J", "kg", or "" for money (the currency is an attribute)
const char* flow_description(Flow k);

/** True when the site's heat comes from a boiler on the electricity carrier: its input is then an
 *  electricity use (grid, PV, battery, scope 2), not a fuel. */
bool heats_with_electric_boiler(const SiteSpec& site);

/** Coefficient of performance of the heat pump at an outdoor temperature (Carnot fraction, capped). */
double heat_pump_cop(const HeatingSpec& h, double outdoor_C);

/**
 * The balance of one period. `battery_J` is the stored energy, updated in place.
 * Order (documented in docs/energy-system.md): demands; process heat (stations' waste heat covers the
 * `from: recovered` stations first, in proportion to their demand); recovered heat covers space heating and
 * the surplus is exported if allowed; the rest of the heat comes from the supply; PV covers the
 * electricity demand, its surplus charges the battery and then is exported; the battery covers the
 * remaining demand (self-consumption), or under carbon-aware dispatch also charges from the grid in cheap
 * hours and holds its charge for dear ones; the grid covers the rest.
 */
Flows balance_period(const SiteSpec& site, const PeriodInputs& in, double& battery_J,
                     std::vector<ProcessHeatFlow>* by_station = nullptr);

} // namespace greenfab
