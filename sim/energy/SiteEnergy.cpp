#include "energy/SiteEnergy.hpp"
#include "energy/Carriers.hpp"
#include "energy/Climate.hpp"
#include "energy/GridFactors.hpp"
#include "production/ResourceAccount.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace greenfab {
namespace {

constexpr double seconds_per_year = 365.0 * 86400; // annualisation basis (docs/energy-system.md)

DateTime start_of(const ModelSpec& spec) { return parse_date_time(spec.run.start); }

} // namespace

SiteEnergy::SiteEnergy(const ModelSpec& spec, EventCalendar& calendar)
    : spec_(spec), site_(*spec.site), calendar_(calendar), clock_(start_of(spec))
{
  if (site_.pv and site_.climate and site_.pv->peak_W > 0)
    pv_.emplace(*site_.climate, PvArraySpec{site_.pv->peak_W, site_.pv->tilt_deg, site_.pv->azimuth_deg,
                                            site_.pv->losses});
  if (site_.battery)
    battery_J_ = site_.battery->initial_share * site_.battery->capacity_J;
  if (not site_.process_heat.empty()) {
    meters_.process_heat.resize(spec.stations.size());
    process_heat_J_.assign(spec.stations.size(), 0.0);
    station_heat_.assign(spec.stations.size(), ProcessHeatFlow{});
  }
  hourly_.no_summary() // a mean per clock hour over replications is one line of pandas
      .key_column("start_s", "s", "start of the period (simulated time)")
      .column("year", "", "calendar year of the period")
      .column("hour_of_year", "", "clock hour of the year, 0 = Jan 1 00:00-01:00 local standard time")
      .column("duration_s", "s", "length of the period (3600 except at the window's edges)")
      .column("on_shift_share", "1", "share of the period on shift")
      .column("outdoor_temperature_C", "C", "outdoor air temperature (climate profile)")
      .column("grid_factor_kg_per_J", "kg/J", "location-based grid emission factor of the hour (CO2e)")
      .column("battery_J", "J", "energy stored in the battery at the end of the period");
  for (std::size_t k = 0; k < flow_count; ++k)
    hourly_.column(flow_name(static_cast<Flow>(k)),
                   static_cast<Flow>(k) == Flow::cost or static_cast<Flow>(k) == Flow::carbon_cost
                       ? site_.currency
                       : flow_unit(static_cast<Flow>(k)),
                   flow_description(static_cast<Flow>(k)));
}

void SiteEnergy::start(double warmup)
{
  period_start_ = calendar_.now();
  in_window_    = warmup <= 0;
  window_start_ = in_window_ ? period_start_ : warmup;
  calendar_.schedule(clock_.next_hour(period_start_), this, hour_tag);
  if (warmup > 0)
    calendar_.schedule(warmup, this, warmup_tag);
}

void SiteEnergy::on_event(int tag, std::uint64_t)
{
  const double now = calendar_.now();
  close_period(now);
  if (tag == warmup_tag) {
    // The accounts restart with the measured window; the battery's charge carries over.
    in_window_    = true;
    window_start_ = now;
    totals_       = {};
    station_heat_.assign(station_heat_.size(), ProcessHeatFlow{});
    peak_import_W_ = peak_demand_W_ = 0;
    meters_.fuels.clear();
    meters_.bought_transport_upstream_kg = meters_.bought_transport_downstream_kg = 0;
    hourly_.clear_rows();
    return;
  }
  calendar_.schedule(clock_.next_hour(now), this, hour_tag);
}

double SiteEnergy::factor(const ClockHour& h) const
{
  return site_.grid ? site_.grid->factor_kg_per_J(h.year, h.month, h.weekday, h.hour) * site_.grid_scale : 0;
}

void SiteEnergy::carbon_rank(PeriodInputs& in) const
{
  // Carbon-aware dispatch: charge in the hours it takes to fill the battery that are the cleanest of the
  // next 24, discharge in as many of the dirtiest. The profile is known ahead (a published forecast).
  const BatterySpec& b = *site_.battery;
  if (b.power_W <= 0 or not site_.grid)
    return;
  const int k = std::clamp(static_cast<int>(std::ceil(b.capacity_J / (b.power_W * 3600))), 1, 12);
  std::vector<double> ahead;
  for (int i = 0; i < 24; ++i)
    ahead.push_back(factor(clock_.at(period_start_ + i * 3600.0)));
  std::vector<double> sorted = ahead;
  std::sort(sorted.begin(), sorted.end());
  const double g = ahead.front();
  in.cheap_carbon_hour = g <= sorted[static_cast<std::size_t>(k - 1)] and g < sorted.back();
  in.dear_carbon_hour  = g >= sorted[sorted.size() - static_cast<std::size_t>(k)] and g > sorted.front();
  if (not pv_)
    return;
  // PV surplus expected in the coming hours, against the smallest load known ahead (base load and
  // lighting at their lower level; machines are not forecast): an upper bound, so the headroom errs on
  // the side of leaving room for the sun. Stored energy: each charged J stores sqrt(efficiency) J.
  const double floor_W = std::min(site_.base_load.on_shift, site_.base_load.off_shift) +
                         std::min(site_.lighting.on_shift, site_.lighting.off_shift);
  double surplus_J = 0;
  for (int i = 1; i < 24; ++i) {
    const ClockHour a = clock_.at(period_start_ + i * 3600.0);
    surplus_J += std::max(0.0, pv_->power_W(a.year, a.hour_of_year) - floor_W) * 3600;
  }
  in.pv_headroom_J = std::min(b.capacity_J, surplus_J * std::sqrt(b.round_trip_efficiency));
}

void SiteEnergy::close_period(double now)
{
  const double dt = now - period_start_;
  if (dt <= 0)
    return;
  const ClockHour h = clock_.at(period_start_);
  PeriodInputs in;
  in.duration_s = dt;
  const double machines = meters_.machine_power.total(now), air = meters_.air_flow.total(now),
               charging = meters_.vehicle_charging.total(now), on_shift = meters_.on_shift_time.total(now);
  in.machines_J     = machines - machines_J_;
  in.air_m3         = air - air_m3_;
  in.charging_J     = charging - charging_J_;
  in.on_shift_share = std::clamp((on_shift - on_shift_s_) / dt, 0.0, 1.0);
  machines_J_ = machines, air_m3_ = air, charging_J_ = charging, on_shift_s_ = on_shift;
  in.process_heat_J.resize(process_heat_J_.size());
  for (std::size_t s = 0; s < process_heat_J_.size(); ++s) {
    const double heat    = meters_.process_heat[s].total(now);
    in.process_heat_J[s] = heat - process_heat_J_[s];
    process_heat_J_[s]   = heat;
  }
  if (site_.climate)
    in.outdoor_C = site_.climate->temperature_C(h.year, h.hour_of_year);
  if (pv_)
    in.pv_power_W = pv_->power_W(h.year, h.hour_of_year);
  in.grid_kg_per_J = factor(h);
  if (site_.battery and site_.battery->dispatch == BatterySpec::Dispatch::carbon_aware)
    carbon_rank(in);

  std::vector<ProcessHeatFlow> heat;
  const Flows f = balance_period(site_, in, battery_J_, &heat);
  period_start_ = now;
  if (not in_window_)
    return;
  for (std::size_t k = 0; k < flow_count; ++k)
    totals_[k] += f[k];
  for (std::size_t s = 0; s < heat.size() and s < station_heat_.size(); ++s) {
    station_heat_[s].delivered += heat[s].delivered;
    station_heat_[s].recovered += heat[s].recovered;
    station_heat_[s].input += heat[s].input;
    station_heat_[s].waste += heat[s].waste;
  }
  // Peaks are hourly means; a partial edge period is not a clock hour's mean, so it does not count.
  if (dt >= 3600 - 1e-6) {
    peak_import_W_ = std::max(peak_import_W_, at(f, Flow::grid_import) / dt);
    peak_demand_W_ = std::max(peak_demand_W_, at(f, Flow::electricity_demand) / dt);
  }
  if (site_.hourly_series) {
    auto row = hourly_.row();
    row.set("start_s", now - dt)
        .set("year", h.year)
        .set("hour_of_year", h.hour_of_year)
        .set("duration_s", dt)
        .set("on_shift_share", in.on_shift_share)
        .set("outdoor_temperature_C", in.outdoor_C)
        .set("grid_factor_kg_per_J", in.grid_kg_per_J)
        .set("battery_J", battery_J_);
    for (std::size_t k = 0; k < flow_count; ++k)
      row.set(flow_name(static_cast<Flow>(k)), f[k]);
  }
}

void SiteEnergy::finish(double now, RunResult& r)
{
  close_period(now);
  const double span = now - window_start_;
  const double good = r.kpi("output_parts");

  // Own fleet fuels (booked by transport) are scope 1; their upstream and bought transport are scope 3.
  double fleet_J = 0, fleet_scope1 = 0, fleet_scope3 = 0, fleet_cost = 0, fleet_carbon = 0;
  for (const auto& fuel : meters_.fuels) {
    const Carrier& c = site_.carriers->at(fuel.carrier);
    fleet_J += fuel.energy_J;
    fleet_scope1 += fuel.energy_J * c.scope1_kg_per_J;
    fleet_scope3 += fuel.energy_J * c.upstream_kg_per_J;
    const double price = site_.carrier_price_per_J.at(fuel.carrier);
    fleet_cost += fuel.energy_J * std::max(0.0, price);
    fleet_carbon += fuel.energy_J * c.scope1_kg_per_J * site_.co2_tax(fuel.carrier);
  }
  fleet_cost += fleet_carbon; // the CO2 tax on the own fleet's fuel, as on the boiler's (SiteBalance)
  const double scope1 = at(totals_, Flow::scope1_kg) + fleet_scope1;
  const double scope3 = at(totals_, Flow::scope3_kg) + fleet_scope3 + meters_.bought_transport_upstream_kg +
                        meters_.bought_transport_downstream_kg;
  const double s2_loc = at(totals_, Flow::scope2_location_kg), s2_mkt = at(totals_, Flow::scope2_market_kg);
  // An electric boiler's input is already in the electricity demand and the grid import.
  const double boiler_fuel = heats_with_electric_boiler(site_) ? 0 : at(totals_, Flow::boiler_fuel);
  // Process heat on fuels and district heat; electric process heat is in the electricity demand and import.
  const double process_heat = at(totals_, Flow::process_heat_fuel) + at(totals_, Flow::process_heat_district);
  const double energy_use   = at(totals_, Flow::electricity_demand) + boiler_fuel + at(totals_, Flow::district_heating) +
                            process_heat + fleet_J;
  const double purchased = at(totals_, Flow::grid_import) + boiler_fuel + at(totals_, Flow::district_heating) +
                           process_heat + fleet_J;
  const double cost       = at(totals_, Flow::cost) + fleet_cost;
  const double per_year   = span > 0 ? seconds_per_year / span : 0;
  const double nan        = std::numeric_limits<double>::quiet_NaN();
  const double pv         = at(totals_, Flow::pv);
  const Kpi* goods_kpi    = r.find("scope3_cat1_kg"); // purchased goods, from the resource account
  const double goods      = goods_kpi != nullptr ? goods_kpi->value : nan; // no catalogue: unknown

  for (std::size_t k = 0; k < flow_count; ++k) {
    const auto flow = static_cast<Flow>(k);
    if (flow == Flow::scope1_kg or flow == Flow::scope3_kg or flow == Flow::cost or flow == Flow::carbon_cost)
      continue; // reported with the fleet below
    r.kpis.push_back({flow_name(flow), flow_unit(flow), flow_description(flow), totals_[k]});
  }
  // Energy by carrier: what each carrier delivered to the site (electricity includes own PV used).
  std::vector<std::pair<std::string, double>> by_carrier{{"electricity", at(totals_, Flow::electricity_demand)}};
  auto add_carrier = [&](const std::string& name, double J) {
    if (J == 0)
      return;
    for (auto& [n, e] : by_carrier)
      if (n == name) {
        e += J;
        return;
      }
    by_carrier.emplace_back(name, J);
  };
  if (site_.heating)
    add_carrier(site_.heating->boiler_carrier, boiler_fuel);
  add_carrier("district_heating", at(totals_, Flow::district_heating));
  for (std::size_t s = 0; s < station_heat_.size(); ++s)
    if (site_.process_heat[s].used() and site_.process_heat[s].carrier != "electricity")
      add_carrier(site_.process_heat[s].carrier, station_heat_[s].input);
  for (const auto& fuel : meters_.fuels)
    add_carrier(fuel.carrier, fuel.energy_J);
  for (const auto& [name, J] : by_carrier)
    r.kpis.push_back({"carrier_" + name + "_J", "J", "energy delivered by " + name + " (part of energy_use_J)", J});
  const std::string& cur = site_.currency;
  r.kpis.insert(r.kpis.end(), {
      {"fleet_fuel_J", "J", "fuel burnt by the own vehicles (booked by transport)", fleet_J},
      {"energy_use_J", "J", "final energy used: site electricity (incl. own PV) + boiler fuel + district heat + process-heat fuel and district heat + fleet fuel", energy_use},
      {"purchased_energy_J", "J", "energy bought: grid electricity + fuels + district heat (space and process)", purchased},
      {"scope1_kg", "kg", "CO2e burnt on site and by the own fleet (GHG Protocol scope 1)", scope1},
      {"scope3_kg", "kg", "CO2e upstream of fuels and bought transport (scope 3, where modelled)", scope3},
      {"co2e_location_kg", "kg", "scope 1 + scope 2 location-based + scope 3", scope1 + s2_loc + scope3},
      {"co2e_market_kg", "kg", "scope 1 + scope 2 market-based + scope 3", scope1 + s2_mkt + scope3},
      {"energy_cost", cur, "energy cost: purchases + CO2 tax - export revenue, in the site currency", cost},
      {"carbon_cost", cur, "CO2 tax on scope 1 (boiler and own-fleet fuel x co2_tax or site.carbon_price); part of energy_cost",
       at(totals_, Flow::carbon_cost) + fleet_carbon},
      {"energy_per_part_J", "J", "energy_use_J per finished good part", good > 0 ? energy_use / good : nan},
      {"co2e_per_part_kg", "kg", "co2e_location_kg per finished good part", good > 0 ? (scope1 + s2_loc + scope3) / good : nan},
      {"peak_grid_import_W", "W", "highest hourly mean grid import", peak_import_W_},
      {"peak_electricity_demand_W", "W", "highest hourly mean electricity demand", peak_demand_W_},
      {"pv_self_consumption_share", "1", "PV output used on site / PV output", pv > 0 ? at(totals_, Flow::pv_used) / pv : nan},
      {"annualisation_factor", "1", "365 d / measured window: multiplies window totals into the *_per_year KPIs", per_year},
      {"energy_use_per_year_J", "J", "energy_use_J x annualisation_factor", energy_use * per_year},
      {"co2e_location_per_year_kg", "kg", "co2e_location_kg x annualisation_factor", (scope1 + s2_loc + scope3) * per_year},
      {"co2e_market_per_year_kg", "kg", "co2e_market_kg x annualisation_factor", (scope1 + s2_mkt + scope3) * per_year},
      // The value chain (Net Zero Industry counts the materials used): the same totals with purchased goods.
      {"co2e_location_with_goods_kg", "kg", "co2e_location_kg + scope3_cat1_kg (purchased goods)", scope1 + s2_loc + scope3 + goods},
      {"co2e_market_with_goods_kg", "kg", "co2e_market_kg + scope3_cat1_kg (purchased goods)", scope1 + s2_mkt + scope3 + goods},
      {"co2e_location_with_goods_per_year_kg", "kg", "co2e_location_with_goods_kg x annualisation_factor",
       (scope1 + s2_loc + scope3 + goods) * per_year},
      {"co2e_market_with_goods_per_year_kg", "kg", "co2e_market_with_goods_kg x annualisation_factor",
       (scope1 + s2_mkt + scope3 + goods) * per_year},
      {"energy_cost_per_year", cur, "energy_cost x annualisation_factor", cost * per_year},
  });
  set_indicator(r, "energy_use", energy_use,
                "site: electricity (machines, compressed air, base load, lighting, heat pump, charging, electric "
                "process heat) + boiler fuel + district heat + process-heat fuel and district heat + own-fleet fuel");
  set_indicator(r, "co2e_emissions", scope1 + s2_loc + scope3, "scope 1 + scope 2 location-based + scope 3 where modelled");
  report_process_heat(r);
  if (site_.hourly_series)
    r.add_table(hourly_.take());
}

void SiteEnergy::report_process_heat(RunResult& r) const
{
  if (station_heat_.empty())
    return;
  // Per carrier: the carrier energy into process heat (electricity included: part of carrier_electricity_J).
  std::vector<std::pair<std::string, double>> by_carrier;
  for (std::size_t s = 0; s < station_heat_.size(); ++s) {
    const ProcessHeatSupply& p = site_.process_heat[s];
    if (not p.used())
      continue;
    auto it = std::find_if(by_carrier.begin(), by_carrier.end(), [&](const auto& e) { return e.first == p.carrier; });
    if (it == by_carrier.end())
      by_carrier.emplace_back(p.carrier, station_heat_[s].input);
    else
      it->second += station_heat_[s].input;
  }
  for (const auto& [name, J] : by_carrier)
    r.kpis.push_back({"process_heat_input_" + name + "_J", "J",
                      "energy of " + name + " into process heat (part of carrier_" + name + "_J)", J});

  // Per station, by name (the stations table is the line's; these columns come from the site's balance).
  Table* stations = r.find_table("stations");
  if (stations == nullptr)
    return;
  Table& st               = *stations;
  const TextColumn* names = st.find_text("station");
  if (names == nullptr)
    return;
  TextColumn carrier{"process_heat_carrier", {}};
  Column delivered{"process_heat_J", "J", "process heat delivered to the station's machines (heat demand per state x time)", {}};
  Column recovered{"process_heat_recovered_J", "J", "of it, drawn from other stations' waste heat (from: recovered)", {}};
  Column input{"process_heat_input_J", "J", "energy of the station's heat carrier: (delivered - recovered) / efficiency or COP", {}};
  Column waste{"process_waste_heat_J", "J", "waste heat the station passes to heat recovery (waste_heat x input)", {}};
  for (const std::string& name : names->values) {
    const auto s = static_cast<std::size_t>(spec_.station_id(name));
    const bool used = s < station_heat_.size() and site_.process_heat[s].used();
    const ProcessHeatFlow h = used ? station_heat_[s] : ProcessHeatFlow{};
    carrier.values.push_back(used ? (site_.process_heat[s].from_recovered ? "recovered+" : "") + site_.process_heat[s].carrier : "");
    delivered.values.push_back(h.delivered);
    recovered.values.push_back(h.recovered);
    input.values.push_back(h.input);
    waste.values.push_back(h.waste);
  }
  st.text.push_back(std::move(carrier));
  for (Column* c : {&delivered, &recovered, &input, &waste})
    st.numeric.push_back(std::move(*c));
}

} // namespace greenfab
