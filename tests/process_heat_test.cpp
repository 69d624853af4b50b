// Process heat by hand: one period's cascade (a gas oven's waste heat covers a washer, then space heating,
// then export), each carrier into its own scope and price, and a whole run against the state ledger.
#include "core/DataDir.hpp"
#include "energy/Carriers.hpp"
#include "energy/SiteBalance.hpp"
#include "kernel/Simulation.hpp"
#include "model/ModelLoader.hpp"

#include <catch2/catch.hpp>

#include <memory>
#include <vector>

using namespace greenfab;

namespace {

constexpr double kWh = 3.6e6;

/** Oven on natural gas at 80 % with 25 % of its gas recovered; washer on recovered heat, topped up by
 *  electricity; the hall heated from district heat (1 kW/K, 20 C inside, 10 C outside: 10 kWh an hour). */
SiteSpec cascade_site(bool export_surplus)
{
  SiteSpec site;
  site.carriers = std::make_shared<const CarrierTable>(CarrierTable::load(data_dir() + "/carriers.yaml"));
  site.electricity_price_per_J = 0.2 / kWh;
  site.heat_export_price_per_J = 0.03 / kWh;
  site.carrier_price_per_J     = {{"electricity", 0.2 / kWh}, {"natural_gas", 0.06 / kWh}, {"district_heating", 0.08 / kWh}};
  HeatingSpec h;
  h.heat_loss_W_per_K   = 1e3;
  h.set_point_C         = {20, 20};
  h.supply              = HeatingSpec::Supply::district_heating;
  h.export_surplus_heat = export_surplus;
  site.heating          = h;
  site.process_heat     = {{"oven", "natural_gas", 0.8, false, 0.25}, {"washer", "electricity", 1.0, true, 0}};
  return site;
}

} // namespace

TEST_CASE("a station's waste heat covers another station's recovered-heat demand first, then space heating", "[site][heat]")
{
  const SiteSpec site = cascade_site(true);
  const double gas_kg = 0.203 / kWh, dh_kg = site.carriers->at("district_heating").scope2_kg_per_J;
  PeriodInputs in;
  in.outdoor_C = 10;
  double battery = 0;
  std::vector<ProcessHeatFlow> by;

  // Oven 80 kWh of heat = 100 kWh of gas, 25 kWh of waste heat; the washer takes 10 kWh of it, the hall
  // 10 kWh of the 15 kWh left, and 5 kWh are exported.
  in.process_heat_J = {80 * kWh, 10 * kWh};
  Flows f = balance_period(site, in, battery, &by);
  CHECK(by[0].input == Approx(100 * kWh));
  CHECK(by[0].waste == Approx(25 * kWh));
  CHECK(by[1].recovered == Approx(10 * kWh));
  CHECK(by[1].input == 0);
  CHECK(at(f, Flow::process_heat) == Approx(90 * kWh));
  CHECK(at(f, Flow::process_heat_fuel) == Approx(100 * kWh));
  CHECK(at(f, Flow::heat_recovered) == Approx(25 * kWh));
  CHECK(at(f, Flow::heat_recovered_used) == Approx(10 * kWh));
  CHECK(at(f, Flow::heat_exported) == Approx(5 * kWh));
  CHECK(at(f, Flow::district_heating) == 0);
  CHECK(at(f, Flow::electricity_demand) == 0);
  CHECK(at(f, Flow::scope1_kg) == Approx(100 * kWh * gas_kg));
  CHECK(at(f, Flow::cost) == Approx(100 * 0.06 - 5 * 0.03));

  // A washer needing 40 kWh takes all 25 kWh and buys 15 kWh of electricity; the hall buys its 10 kWh.
  in.process_heat_J = {80 * kWh, 40 * kWh};
  f = balance_period(site, in, battery, &by);
  CHECK(by[1].recovered == Approx(25 * kWh));
  CHECK(by[1].input == Approx(15 * kWh));
  CHECK(at(f, Flow::process_heat_electricity) == Approx(15 * kWh));
  CHECK(at(f, Flow::electricity_demand) == Approx(15 * kWh));
  CHECK(at(f, Flow::grid_import) == Approx(15 * kWh));
  CHECK(at(f, Flow::heat_recovered_used) == 0);
  CHECK(at(f, Flow::heat_exported) == 0);
  CHECK(at(f, Flow::district_heating) == Approx(10 * kWh));
  CHECK(at(f, Flow::scope2_location_kg) == Approx(10 * kWh * dh_kg)); // grid factor 0 in this period
  CHECK(at(f, Flow::cost) == Approx(100 * 0.06 + 15 * 0.2 + 10 * 0.08));
}

TEST_CASE("process heat from district heat is scope 2 at the network's factor, from a heat pump electricity / COP",
          "[site][heat]")
{
  SiteSpec site = cascade_site(false);
  site.process_heat = {{"washer", "district_heating", 0.95, false, 0}, {"dryer", "electricity", 3.0, false, 0}};
  PeriodInputs in;
  in.outdoor_C      = 25; // no space heating
  in.grid_kg_per_J  = 0.05 / kWh;
  in.process_heat_J = {19 * kWh, 30 * kWh};
  double battery    = 0;
  const Flows f     = balance_period(site, in, battery);
  const double dh_kg = site.carriers->at("district_heating").scope2_kg_per_J;
  CHECK(at(f, Flow::process_heat_district) == Approx(20 * kWh));
  CHECK(at(f, Flow::process_heat_electricity) == Approx(10 * kWh));
  CHECK(at(f, Flow::grid_import) == Approx(10 * kWh));
  CHECK(at(f, Flow::scope1_kg) == 0);
  CHECK(at(f, Flow::scope2_location_kg) == Approx(20 * kWh * dh_kg + 10 * kWh * 0.05 / kWh));
  CHECK(at(f, Flow::cost) == Approx(20 * 0.08 + 10 * 0.2));
}

TEST_CASE("a station's process heat over a run is its heat demand per state x the time in that state", "[site][heat]")
{
  // A furnace held at 30 kW between charges and 60 kW while processing, off shift 20 kW; one shift a day.
  const RunResult r = run_replications(load_model_text(R"(
name: furnace
run: {start: 2025-03-03T00:00, horizon: 1 w, seed: 3}
products: [{name: p, route: [furnace]}]
release: {interarrival: exp(40 min)}
calendar: {shifts: ["Mon-Fri 06:00-14:00"]}
stations:
  - {name: furnace, process: 30 min, heat: {carrier: natural_gas, efficiency: 75 %, processing: 60 kW, idle: 30 kW, off_shift: 20 kW}}
site: {currency: EUR, carriers: {natural_gas: {price: 0.06 EUR/kWh}}}
)", "furnace.yaml"), 1).front();
  REQUIRE(r.status == "ok");
  const double week = 7 * 86400;
  auto share = [&](const char* c) { return r.stations().find(c)->values.at(0); };
  const double delivered = week * (60e3 * share("processing_share") +
                                   30e3 * (share("idle_share") + share("blocked_share")) + 20e3 * share("off_shift_share"));
  CHECK(share("process_heat_J") == Approx(delivered).epsilon(1e-12));
  CHECK(share("process_heat_input_J") == Approx(delivered / 0.75).epsilon(1e-12));
  CHECK(r.kpi("carrier_natural_gas_J") == Approx(delivered / 0.75).epsilon(1e-12));
  CHECK(r.kpi("scope1_kg") == Approx(delivered / 0.75 * 0.203 / kWh).epsilon(1e-12));
  CHECK(r.kpi("energy_cost") == Approx(delivered / 0.75 * 0.06 / kWh).epsilon(1e-12));
  CHECK(r.stations().find_text("process_heat_carrier")->values.at(0) == "natural_gas");
}

TEST_CASE("machine heat recovery takes its share of process-heat input as well as of machine electricity", "[site][heat]")
{
  SiteSpec site = cascade_site(false);
  site.heating->machine_heat_recovery = 0.1;
  site.process_heat = {{"furnace", "electricity", 1.0, false, 0}};
  PeriodInputs in;
  in.outdoor_C      = 0; // 20 kWh of space heat in the hour
  in.machines_J     = 12 * kWh;
  in.process_heat_J = {78 * kWh};
  double battery    = 0;
  const Flows f     = balance_period(site, in, battery);
  // The same furnace with its elements in `power` (90 kWh of machine electricity) recovers the same 9 kWh.
  CHECK(at(f, Flow::heat_recovered) == Approx(9 * kWh));
  CHECK(at(f, Flow::district_heating) == Approx(11 * kWh));
  CHECK(at(f, Flow::electricity_demand) == Approx(90 * kWh));
}
