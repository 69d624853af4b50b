#include "energy/SiteBalance.hpp"
#include "energy/Carriers.hpp"

#include <algorithm>
#include <cmath>

namespace greenfab {
namespace {

struct FlowInfo {
  const char* name;
  const char* unit;
  const char* description;
};

constexpr std::array<FlowInfo, flow_count> flow_info{{
    {"machines_J", "J", "electricity of the machines (power of each state x time)"},
    {"compressed_air_J", "J", "electricity of the compressors: air used / (1 - leaks) x specific power"},
    {"base_load_J", "J", "base load (on/off shift)"},
    {"lighting_J", "J", "lighting (on/off shift)"},
    {"heat_pump_J", "J", "electricity of the heat pump: heat supplied / COP(outdoor temperature)"},
    {"vehicle_charging_J", "J", "electric vehicles charging at the site"},
    {"electricity_demand_J", "J", "all electricity used on site (the uses above, electric process heat and an electric boiler's input)"},
    {"pv_J", "J", "PV output"},
    {"pv_used_J", "J", "PV output used on site directly or through the battery (not exported)"},
    {"battery_charge_J", "J", "energy into the battery (from PV surplus or the grid)"},
    {"battery_discharge_J", "J", "energy out of the battery to the site"},
    {"grid_import_J", "J", "electricity bought from the grid"},
    {"grid_export_J", "J", "electricity sold to the grid"},
    {"heat_demand_J", "J", "space heating: heat-loss coefficient x (set-point - outdoor temperature)+ x time"},
    {"heat_recovered_J", "J", "heat recovered from compressors, machines and stations' process waste heat"},
    {"heat_recovered_used_J", "J", "recovered heat used for space heating"},
    {"heat_exported_J", "J", "recovered heat exported to the district-heating network"},
    {"heat_supplied_J", "J", "heat delivered by the heat supply (demand - recovered heat used)"},
    {"boiler_fuel_J", "J", "energy into the boiler (heat supplied / efficiency), lower heating value; an electric boiler's is electricity, part of electricity_demand_J"},
    {"district_heating_J", "J", "heat bought from the district-heating network for space heating"},
    {"process_heat_J", "J", "process heat delivered to the stations (heat demand of each state x time)"},
    {"process_heat_recovered_J", "J", "process heat drawn from other stations' waste heat (stations on from: recovered)"},
    {"process_waste_heat_J", "J", "stations' waste heat passed to heat recovery (waste_heat x carrier input; part of heat_recovered_J)"},
    {"process_heat_electricity_J", "J", "electricity into process heat (part of electricity_demand_J)"},
    {"process_heat_fuel_J", "J", "fuel burnt for process heat, every fuel carrier, lower heating value"},
    {"process_heat_district_J", "J", "heat bought from the district-heating network for process heat"},
    {"scope1_kg", "kg", "CO2e burnt on site (boiler and process-heat fuel; own vehicles are added in the totals)"},
    {"scope2_location_kg", "kg", "CO2e of bought electricity (hourly grid factor) and heat (network factor)"},
    {"scope2_market_kg", "kg", "CO2e of bought electricity (contracts and residual mix) and heat"},
    {"scope3_kg", "kg", "CO2e upstream of fuels (well-to-tank) where the carrier file gives it"},
    {"cost", "", "energy cost: purchases + CO2 tax - export revenue, in the site currency"},
    {"carbon_cost", "", "CO2 tax on scope 1: each carrier's scope 1 kg x its co2_tax (site.carbon_price by default); part of cost"},
}};

} // namespace

const char* flow_name(Flow k) { return flow_info[static_cast<std::size_t>(k)].name; }
const char* flow_unit(Flow k) { return flow_info[static_cast<std::size_t>(k)].unit; }
const char* flow_description(Flow k) { return flow_info[static_cast<std::size_t>(k)].description; }

bool heats_with_electric_boiler(const SiteSpec& site)
{
  return site.heating and site.heating->supply == HeatingSpec::Supply::boiler and
         site.heating->boiler_carrier == "electricity";
}

double heat_pump_cop(const HeatingSpec& h, double outdoor_C)
{
  const double lift = h.heat_pump_supply_C - outdoor_C;
  if (lift <= 0)
    return h.heat_pump_max_cop;
  return std::min(h.heat_pump_max_cop, h.heat_pump_carnot_efficiency * (h.heat_pump_supply_C + 273.15) / lift);
}

Flows balance_period(const SiteSpec& site, const PeriodInputs& in, double& battery_J,
                     std::vector<ProcessHeatFlow>* by_station)
{
  Flows f{};
  const double dt = in.duration_s;
  const double on = in.on_shift_share;

  at(f, Flow::machines)         = in.machines_J;
  at(f, Flow::vehicle_charging) = in.charging_J;
  at(f, Flow::base_load)        = (on * site.base_load.on_shift + (1 - on) * site.base_load.off_shift) * dt;
  at(f, Flow::lighting)         = (on * site.lighting.on_shift + (1 - on) * site.lighting.off_shift) * dt;
  if (site.compressed_air)
    at(f, Flow::compressed_air) = in.air_m3 / (1 - site.compressed_air->leaks) * site.compressed_air->specific_energy;

  // Process heat: the stations' waste heat covers the `from: recovered` stations first (in proportion to
  // their demand), each station's carrier the rest. One-way cascade: a station on recovered heat passes no
  // waste heat on (the loader refuses it), so the order of the stations does not matter.
  double process_waste = 0, recovered_demand = 0;
  std::vector<ProcessHeatFlow> heat(site.process_heat.size());
  for (std::size_t s = 0; s < heat.size(); ++s) {
    const ProcessHeatSupply& p = site.process_heat[s];
    if (not p.used() or s >= in.process_heat_J.size())
      continue;
    heat[s].delivered = in.process_heat_J[s];
    if (p.from_recovered)
      recovered_demand += heat[s].delivered;
    else {
      heat[s].input = heat[s].delivered / p.efficiency;
      heat[s].waste = p.waste_heat * heat[s].input;
      process_waste += heat[s].waste;
    }
  }
  const double to_processes = std::min(process_waste, recovered_demand);
  double process_electricity = 0, process_fuel = 0, process_district = 0;
  for (std::size_t s = 0; s < heat.size(); ++s) {
    const ProcessHeatSupply& p = site.process_heat[s];
    if (not p.used())
      continue;
    if (p.from_recovered) {
      heat[s].recovered = recovered_demand > 0 ? to_processes * (heat[s].delivered / recovered_demand) : 0;
      heat[s].input     = (heat[s].delivered - heat[s].recovered) / p.efficiency;
    }
    at(f, Flow::process_heat) += heat[s].delivered;
    at(f, Flow::process_heat_recovered) += heat[s].recovered;
    (p.carrier == "electricity"        ? process_electricity
     : p.carrier == "district_heating" ? process_district
                                       : process_fuel) += heat[s].input;
  }
  at(f, Flow::process_waste_heat)       = process_waste;
  at(f, Flow::process_heat_electricity) = process_electricity;
  at(f, Flow::process_heat_fuel)        = process_fuel;
  at(f, Flow::process_heat_district)    = process_district;
  const double waste_left = process_waste - to_processes; // then space heating, then export, like all recovered heat

  // Space heat: recovered heat first, then the supply.
  if (site.heating) {
    const HeatingSpec& h = *site.heating;
    const double set_point = on * h.set_point_C.on_shift + (1 - on) * h.set_point_C.off_shift;
    const double demand    = h.heat_loss_W_per_K * std::max(0.0, set_point - in.outdoor_C) * dt;
    const double air_heat  = site.compressed_air ? site.compressed_air->heat_recovery * at(f, Flow::compressed_air) : 0;
    // Machine heat: a share of all the energy the stations draw, electricity and process-heat carriers alike,
    // so that moving a furnace's elements from `power` to `heat` does not change what the hall recovers.
    const double low_grade = air_heat + h.machine_heat_recovery * (in.machines_J + process_electricity + process_fuel +
                                                                   process_district);
    const double available = low_grade + waste_left;
    const double used      = std::min(available, demand);
    const double supplied  = demand - used;
    at(f, Flow::heat_demand)         = demand;
    at(f, Flow::heat_recovered)      = low_grade + process_waste;
    at(f, Flow::heat_recovered_used) = used;
    at(f, Flow::heat_exported)       = h.export_surplus_heat ? available - used : 0;
    at(f, Flow::heat_supplied)       = supplied;
    switch (h.supply) {
      case HeatingSpec::Supply::district_heating: at(f, Flow::district_heating) = supplied; break;
      case HeatingSpec::Supply::boiler: at(f, Flow::boiler_fuel) = supplied / h.boiler_efficiency; break;
      case HeatingSpec::Supply::heat_pump: at(f, Flow::heat_pump) = supplied / heat_pump_cop(h, in.outdoor_C); break;
    }
  } else {
    at(f, Flow::heat_recovered) = process_waste; // without space heating, what processes leave is lost
  }

  // An electric boiler's input is electricity: it meets PV, battery and grid like every other use, so that
  // it moves the import, its peak and scope 2 (and not a fuel's scope 1 and price).
  const double electric_boiler = heats_with_electric_boiler(site) ? at(f, Flow::boiler_fuel) : 0;
  const double demand = at(f, Flow::machines) + at(f, Flow::compressed_air) + at(f, Flow::base_load) +
                        at(f, Flow::lighting) + at(f, Flow::heat_pump) + at(f, Flow::vehicle_charging) + electric_boiler +
                        process_electricity;
  at(f, Flow::electricity_demand) = demand;

  // Electricity: PV, battery, grid. Charging and discharging each lose sqrt(round-trip efficiency).
  const double pv = in.pv_power_W * dt;
  at(f, Flow::pv) = pv;
  double surplus  = pv - demand; // > 0: PV left over; < 0: still to cover
  double charge = 0, discharge = 0, grid_charge = 0;
  if (site.battery and site.battery->capacity_J > 0) {
    const BatterySpec& b = *site.battery;
    const double eta     = std::sqrt(b.round_trip_efficiency);
    const double limit   = b.power_W * dt;
    if (surplus > 0) {
      charge = std::min({surplus, limit, (b.capacity_J - battery_J) / eta});
      battery_J += charge * eta;
      surplus -= charge;
    } else {
      // Carbon-aware dispatch keeps the charge for the dirtiest hours ahead, except what the PV surplus
      // expected in the next 24 h will put back (the headroom): that part serves the load now.
      const bool all = b.dispatch == BatterySpec::Dispatch::self_consumption or in.dear_carbon_hour;
      const double spare = all ? battery_J : std::max(0.0, battery_J - (b.capacity_J - in.pv_headroom_J));
      discharge = std::min({-surplus, limit, spare * eta});
      battery_J -= discharge / eta;
      surplus += discharge;
    }
    if (b.dispatch == BatterySpec::Dispatch::carbon_aware and in.cheap_carbon_hour) {
      const double room = std::max(0.0, b.capacity_J - in.pv_headroom_J - battery_J);
      grid_charge       = std::max(0.0, std::min(limit - charge, room / eta));
      battery_J += grid_charge * eta;
    }
    battery_J = std::clamp(battery_J, 0.0, b.capacity_J);
  }
  at(f, Flow::battery_charge)    = charge + grid_charge;
  at(f, Flow::battery_discharge) = discharge;
  at(f, Flow::grid_export)       = std::max(0.0, surplus);
  at(f, Flow::grid_import)       = std::max(0.0, -surplus) + grid_charge;
  at(f, Flow::pv_used)           = pv - at(f, Flow::grid_export);

  // Emissions and cost. The market-based residual factor is the location factor where no residual mix is known.
  const double imported  = at(f, Flow::grid_import);
  const double residual  = site.residual_factor_kg_per_J >= 0 ? site.residual_factor_kg_per_J : in.grid_kg_per_J;
  const double market    = site.green_electricity_share * site.contract_factor_kg_per_J +
                        (1 - site.green_electricity_share) * residual;
  double scope1 = 0, scope2_heat = 0, scope3 = 0, cost = imported * site.electricity_price_per_J, carbon = 0;
  if (site.carriers) {
    if (at(f, Flow::boiler_fuel) > 0 and electric_boiler == 0) {
      const Carrier& c = site.carriers->at(site.heating->boiler_carrier);
      const double burnt_kg = at(f, Flow::boiler_fuel) * c.scope1_kg_per_J;
      scope1 += burnt_kg;
      scope3 += at(f, Flow::boiler_fuel) * c.upstream_kg_per_J;
      cost += at(f, Flow::boiler_fuel) * site.carrier_price_per_J.at(c.name);
      carbon += burnt_kg * site.co2_tax(c.name);
    }
    if (at(f, Flow::district_heating) > 0) {
      const Carrier& c = site.carriers->at("district_heating");
      scope2_heat += at(f, Flow::district_heating) * c.scope2_kg_per_J;
      scope3 += at(f, Flow::district_heating) * c.upstream_kg_per_J;
      cost += at(f, Flow::district_heating) * site.carrier_price_per_J.at("district_heating");
    }
    // Process heat on carriers other than electricity (electric heat is in the grid import above): every
    // carrier's own factors, so a fuel is scope 1 and district heat scope 2 (its network's factor).
    for (std::size_t s = 0; s < heat.size(); ++s) {
      const ProcessHeatSupply& p = site.process_heat[s];
      if (not p.used() or p.carrier == "electricity" or heat[s].input == 0)
        continue;
      const Carrier& c = site.carriers->at(p.carrier);
      const double burnt_kg = heat[s].input * c.scope1_kg_per_J;
      scope1 += burnt_kg;
      carbon += burnt_kg * site.co2_tax(c.name); // the tax is on what is burnt on site, whatever burns it
      scope2_heat += heat[s].input * c.scope2_kg_per_J;
      scope3 += heat[s].input * c.upstream_kg_per_J;
      cost += heat[s].input * site.carrier_price_per_J.at(c.name);
    }
  }
  cost += carbon;
  cost -= at(f, Flow::grid_export) * site.export_price_per_J + at(f, Flow::heat_exported) * site.heat_export_price_per_J;
  at(f, Flow::scope1_kg)          = scope1;
  at(f, Flow::scope2_location_kg) = imported * in.grid_kg_per_J + scope2_heat;
  at(f, Flow::scope2_market_kg)   = imported * market + scope2_heat;
  at(f, Flow::scope3_kg)          = scope3;
  at(f, Flow::cost)               = cost;
  at(f, Flow::carbon_cost)        = carbon;
  if (by_station)
    *by_station = std::move(heat);
  return f;
}

} // namespace greenfab
