// The site's energy system: the hourly balance by hand, emissions = sum(hourly energy x hourly factor),
// the meters against the machine ledgers, heat balance with recovery, battery, annualisation, bad input.
#include "core/CivilTime.hpp"
#include "core/DataDir.hpp"
#include "core/Errors.hpp"
#include "energy/Carriers.hpp"
#include "energy/Climate.hpp"
#include "energy/GridFactors.hpp"
#include "energy/SiteBalance.hpp"
#include "kernel/Simulation.hpp"
#include "model/ModelLoader.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace greenfab;

namespace {

constexpr double kWh = 3.6e6;

std::string load_error(const std::string& text)
{
  try {
    load_model_text(text, "site.yaml");
  } catch (const ModelError& e) {
    return e.what();
  }
  return "";
}

/** A line with one machine that never gets work: a constant idle power, easy to account by hand. */
std::string idle_machine(const std::string& site, const std::string& run = "{start: 2025-03-03T00:00, horizon: 2 d, seed: 1}")
{
  return "name: idle site\nrun: " + run + R"(
products: [{name: p, route: [m]}]
release: {interarrival: 1000 d}
stations:
  - {name: m, process: 1 min, power: {idle: 10 kW}}
site:
)" + site;
}

double flow(const RunResult& r, Flow f) { return r.kpi(flow_name(f)); }

} // namespace

TEST_CASE("one hour's balance adds up by hand: loads, compressor, heat pump, PV, battery and grid", "[site]")
{
  SiteSpec site;
  site.base_load      = {20e3, 5e3};
  site.lighting       = {10e3, 1e3};
  site.compressed_air = CompressedAirSpec{6.5e3 * 60, 0.25, 0.8};
  HeatingSpec h;
  h.heat_loss_W_per_K     = 1000;
  h.set_point_C           = {20, 16};
  h.supply                = HeatingSpec::Supply::heat_pump;
  h.machine_heat_recovery = 0.1;
  site.heating            = h;
  site.battery            = BatterySpec{50 * kWh, 20e3, 0.81, 0.5, BatterySpec::Dispatch::self_consumption};
  site.electricity_price_per_J = 0.1 / kWh;
  site.export_price_per_J      = 0.02 / kWh;

  PeriodInputs in;
  in.duration_s     = 3600;
  in.on_shift_share = 0.5;
  in.machines_J     = 40 * kWh;
  in.air_m3         = 30; // 0.5 m3/min for an hour
  in.outdoor_C      = 0;
  in.pv_power_W     = 10e3;
  in.grid_kg_per_J  = 50e-3 / kWh;
  double battery    = 25 * kWh;
  const Flows f     = balance_period(site, in, battery);

  const double air_J = 30 / 0.75 * 6.5e3 * 60; // 40 m3 delivered x 390 kJ/m3 = 4.333 kWh
  CHECK(at(f, Flow::compressed_air) == Approx(air_J));
  CHECK(at(f, Flow::base_load) == Approx(12.5 * kWh));
  CHECK(at(f, Flow::lighting) == Approx(5.5 * kWh));
  // Heat: set-point 18 C on average, 18 kWh lost; recovered 0.8 x air + 0.1 x machines.
  const double recovered = 0.8 * air_J + 4 * kWh;
  CHECK(at(f, Flow::heat_demand) == Approx(18 * kWh));
  CHECK(at(f, Flow::heat_recovered) == Approx(recovered));
  CHECK(at(f, Flow::heat_recovered_used) + at(f, Flow::heat_supplied) == Approx(at(f, Flow::heat_demand)));
  const double cop = 0.45 * (45 + 273.15) / 45;
  CHECK(heat_pump_cop(h, 0) == Approx(cop));
  CHECK(at(f, Flow::heat_pump) == Approx((18 * kWh - recovered) / cop));
  const double demand = 40 * kWh + air_J + 12.5 * kWh + 5.5 * kWh + at(f, Flow::heat_pump);
  CHECK(at(f, Flow::electricity_demand) == Approx(demand));
  // PV 10 kWh is used; the battery gives its 20 kW limit; the grid the rest.
  CHECK(at(f, Flow::pv_used) == Approx(10 * kWh));
  CHECK(at(f, Flow::battery_discharge) == Approx(20 * kWh));
  CHECK(battery == Approx(25 * kWh - 20 * kWh / 0.9));
  CHECK(at(f, Flow::grid_import) == Approx(demand - 30 * kWh));
  CHECK(at(f, Flow::scope2_location_kg) == Approx((demand - 30 * kWh) * 50e-3 / kWh));
  CHECK(at(f, Flow::cost) == Approx((demand - 30 * kWh) * 0.1 / kWh));
}

TEST_CASE("PV surplus charges the battery up to its power and capacity, then is exported", "[site]")
{
  SiteSpec site;
  site.battery = BatterySpec{10 * kWh, 8e3, 0.64, 0, BatterySpec::Dispatch::self_consumption};
  site.export_price_per_J = 0.05 / kWh;
  PeriodInputs in;
  in.machines_J = 5 * kWh;
  in.pv_power_W = 30e3;
  double battery = 9 * kWh;
  const Flows f  = balance_period(site, in, battery);
  // Room for 1 kWh stored = 1.25 kWh charged at sqrt(0.64) = 0.8.
  CHECK(at(f, Flow::battery_charge) == Approx(1.25 * kWh));
  CHECK(battery == Approx(10 * kWh));
  CHECK(at(f, Flow::grid_export) == Approx(30 * kWh - 5 * kWh - 1.25 * kWh));
  CHECK(at(f, Flow::grid_import) == 0);
  CHECK(at(f, Flow::cost) == Approx(-at(f, Flow::grid_export) * 0.05 / kWh));
  // Electricity balance: demand + charge + export = PV + discharge + import.
  CHECK(at(f, Flow::electricity_demand) + at(f, Flow::battery_charge) + at(f, Flow::grid_export) ==
        Approx(at(f, Flow::pv) + at(f, Flow::battery_discharge) + at(f, Flow::grid_import)));
}

TEST_CASE("carbon-aware dispatch leaves room for the expected PV surplus and spends what the sun will refill",
          "[site]")
{
  SiteSpec site;
  site.battery = BatterySpec{100 * kWh, 50e3, 0.81, 0, BatterySpec::Dispatch::carbon_aware}; // sqrt(0.81) = 0.9
  PeriodInputs in;
  in.machines_J        = 30 * kWh;
  in.pv_headroom_J     = 60 * kWh; // the sun is expected to put 60 kWh into the battery in the next 24 h
  in.cheap_carbon_hour = true;
  // A clean hour, battery empty: grid charging stops at 100 - 60 = 40 kWh stored (44.4 kWh bought).
  double battery = 0;
  Flows f        = balance_period(site, in, battery);
  CHECK(battery == Approx(40 * kWh));
  CHECK(at(f, Flow::battery_charge) == Approx(40 * kWh / 0.9));
  CHECK(at(f, Flow::grid_import) == Approx(30 * kWh + 40 * kWh / 0.9));
  // An ordinary hour with 80 kWh stored: the 40 kWh above 100 - 60 serve the load (30 kWh delivered).
  in.cheap_carbon_hour = false;
  battery              = 80 * kWh;
  f                    = balance_period(site, in, battery);
  CHECK(at(f, Flow::battery_discharge) == Approx(30 * kWh));
  CHECK(battery == Approx(80 * kWh - 30 * kWh / 0.9));
  // Without expected PV, an ordinary hour keeps the charge for the dirty hours.
  in.pv_headroom_J = 0;
  battery          = 80 * kWh;
  f                = balance_period(site, in, battery);
  CHECK(at(f, Flow::battery_discharge) == 0);
  CHECK(battery == 80 * kWh);
}

TEST_CASE("location-based emissions are the sum of hourly energy times the hourly grid factor", "[site][validation]")
{
  // Constant 10 kW idle machine + 5 kW base load for 48 h from Monday 2025-03-03 00:00 in DK1.
  const ModelSpec spec = load_model_text(idle_machine("  grid: DK1\n  loads: {base: 5 kW}\n"), "site.yaml");
  const RunResult r    = run_replications(spec, 1).front();
  REQUIRE(r.status == "ok");
  const GridFactors grid = GridFactors::load("DK1", data_dir());
  double expected        = 0;
  for (int h = 0; h < 48; ++h)
    expected += 15e3 * 3600 * grid.factor_kg_per_J(2025, 3, h / 24, h % 24);
  CHECK(flow(r, Flow::scope2_location_kg) == Approx(expected).epsilon(1e-12));
  CHECK(flow(r, Flow::grid_import) == Approx(15e3 * 48 * 3600).epsilon(1e-12));
  // Without a contract, market-based uses the residual mix (DK: the file's factor).
  const CarrierTable carriers = CarrierTable::load(data_dir() + "/carriers.yaml");
  CHECK(flow(r, Flow::scope2_market_kg) == Approx(15e3 * 48 * 3600 * carriers.residual_mix_kg_per_J("DK")).epsilon(1e-12));
  // The hourly table has one row per clock hour and sums to the totals.
  REQUIRE(r.hourly().rows() == 48);
  double sum = 0;
  for (double x : r.hourly().find("scope2_location_kg")->values)
    sum += x;
  CHECK(sum == Approx(expected).epsilon(1e-12));
  CHECK(r.kpi("annualisation_factor") == Approx(365.0 / 2));
}

TEST_CASE("a green contract covers its share of imports at the contract factor", "[site]")
{
  const ModelSpec spec = load_model_text(
      idle_machine("  grid: SE3\n  electricity_contract: {green_share: 60 %, contract: guarantees_of_origin}\n"),
      "site.yaml");
  const RunResult r = run_replications(spec, 1).front();
  const CarrierTable carriers = CarrierTable::load(data_dir() + "/carriers.yaml");
  CHECK(flow(r, Flow::scope2_market_kg) ==
        Approx(10e3 * 48 * 3600 * 0.4 * carriers.residual_mix_kg_per_J("SE")).epsilon(1e-12));
}

TEST_CASE("the site meters equal the machine ledgers, with shifts, failures, standby and switch-off", "[site][energy]")
{
  const ModelSpec spec = load_model_text(R"(
name: meters
run: {warmup: 13 h, horizon: 1 w, replications: 2, seed: 5}
calendar: {shifts: ["Mon-Fri 06:00-22:00"], at_shift_end: resume}
products: [{name: a, mix: 50 %, route: [cut, press]}, {name: b, mix: 50 %, route: [cut, press]}]
release: {interarrival: exp(15 min)}
stations:
  - {name: cut, process: exp(3 min), setup: 5 min, buffer: 2,
     failures: {between: exp(6 h), repair: exp(30 min), clock: calendar},
     power: {standby: 0.5 kW, idle: 2 kW, setup: 3 kW, processing: {a: 7.5 kW, b: 9 kW}, down: 0.3 kW, off_shift: 0.1 kW},
     warm_up: {time: 5 min, power: 4 kW}, policies: {auto_standby: 2 min}}
  - {name: press, machines: 2, process: exp(8 min),
     power: {standby: 1 kW, idle: 4 kW, processing: 15 kW, off_shift: 0.2 kW, off: 0.05 kW},
     warm_up: {time: 2 min, power: 6 kW}, policies: {off_outside_shifts: true, warm_up_before_shift: 1 min}}
site: {loads: {base: {on_shift: 10 kW, off_shift: 2 kW}}}
)",
                                         "meters.yaml");
  for (const RunResult& r : run_replications(spec, 2)) {
    REQUIRE(r.status == "ok");
    CHECK(flow(r, Flow::machines) == Approx(r.kpi("machine_energy_J")).epsilon(1e-9));
    // 80 of the window's 168 h are on shift, minus the 13 h warm-up offset: count it from the hourly table.
    double on_shift_s = 0;
    const auto& share = r.hourly().find("on_shift_share")->values;
    const auto& dur   = r.hourly().find("duration_s")->values;
    for (std::size_t i = 0; i < share.size(); ++i)
      on_shift_s += share[i] * dur[i];
    CHECK(flow(r, Flow::base_load) == Approx(10e3 * on_shift_s + 2e3 * (7 * 86400 - on_shift_s)).epsilon(1e-9));
    CHECK(on_shift_s == Approx(80 * 3600.0).epsilon(1e-12)); // Mon 13:00 + 1 w: five full 16 h shifts
  }
}

TEST_CASE("heat balance with recovery: demand = recovered heat used + supplied; surplus is exported", "[site][validation]")
{
  // Mild weather (Copenhagen in May) and a large compressor: recovery exceeds demand in some hours.
  const ModelSpec spec = load_model_text(R"(
name: heat recovery
run: {start: 2025-05-05T00:00, horizon: 1 w, seed: 2}
products: [{name: p, route: [m]}]
buffers: {default: 2}
stations:
  - {name: m, process: 2 min, power: {processing: 20 kW}, air: {processing: 4 m3/min}}
site:
  location: copenhagen
  grid: DK2
  compressed_air: {specific_power: 6 kW/(m3/min), leaks: 20 %, heat_recovery: 75 %}
  heating: {heat_loss: 6 kW/K, set_point: {on_shift: 19 C}, supply: boiler, boiler: {carrier: natural_gas, efficiency: 90 %},
            machine_heat_recovery: 10 %, export_surplus: true}
)",
                                         "recovery.yaml");
  const RunResult r = run_replications(spec, 1).front();
  REQUIRE(r.status == "ok");
  const double air_J = 4.0 / 60 * 7 * 86400 / 0.8 * 6e3 * 60;
  CHECK(flow(r, Flow::compressed_air) == Approx(air_J).epsilon(1e-9));
  CHECK(flow(r, Flow::heat_recovered) == Approx(0.75 * air_J + 0.1 * 20e3 * 7 * 86400).epsilon(1e-9));
  CHECK(flow(r, Flow::heat_recovered_used) + flow(r, Flow::heat_supplied) == Approx(flow(r, Flow::heat_demand)).epsilon(1e-12));
  CHECK(flow(r, Flow::heat_recovered_used) + flow(r, Flow::heat_exported) == Approx(flow(r, Flow::heat_recovered)).epsilon(1e-12));
  CHECK(flow(r, Flow::heat_exported) > 0);
  CHECK(flow(r, Flow::boiler_fuel) == Approx(flow(r, Flow::heat_supplied) / 0.9).epsilon(1e-12));
  const CarrierTable carriers = CarrierTable::load(data_dir() + "/carriers.yaml");
  CHECK(r.kpi("scope1_kg") == Approx(flow(r, Flow::boiler_fuel) * carriers.at("natural_gas").scope1_kg_per_J).epsilon(1e-12));
  // Hour by hour too: recovered heat never exceeds what it replaces.
  const auto& demand = r.hourly().find("heat_demand_J")->values;
  const auto& used   = r.hourly().find("heat_recovered_used_J")->values;
  for (std::size_t i = 0; i < demand.size(); ++i)
    CHECK(used[i] <= demand[i] * (1 + 1e-12));
}

TEST_CASE("an electric boiler's input is electricity: it moves the grid import, its peak and scope 2, not scope 1",
          "[site][validation]")
{
  // The same idle site heated by a gas boiler and by an electric one (both 100 % efficient, no PV):
  // every hour's extra grid import is that hour's heat, and each kWh of it carries that hour's grid factor.
  auto site = [](const std::string& carrier) {
    return idle_machine("  location: umea\n  grid: DK1\n  loads: {base: 5 kW}\n"
                        "  heating: {heat_loss: 4 kW/K, set_point: {on_shift: 19 C, off_shift: 19 C}, supply: boiler,"
                        " boiler: {carrier: " + carrier + ", efficiency: 100 %}}\n");
  };
  const RunResult gas      = run_replications(load_model_text(site("natural_gas"), "gas.yaml"), 1).front();
  const RunResult electric = run_replications(load_model_text(site("electricity"), "electric.yaml"), 1).front();
  REQUIRE(gas.status == "ok");
  REQUIRE(electric.status == "ok");
  const double heat = flow(electric, Flow::heat_supplied);
  REQUIRE(heat > 0);
  CHECK(flow(gas, Flow::heat_supplied) == Approx(heat).epsilon(1e-12));
  CHECK(flow(electric, Flow::electricity_demand) == Approx(flow(gas, Flow::electricity_demand) + heat).epsilon(1e-12));
  CHECK(flow(electric, Flow::grid_import) == Approx(flow(gas, Flow::grid_import) + heat).epsilon(1e-12));
  CHECK(electric.kpi("carrier_electricity_J") == Approx(flow(electric, Flow::electricity_demand)).epsilon(1e-12));
  CHECK(electric.kpi("energy_use_J") == Approx(flow(electric, Flow::electricity_demand)).epsilon(1e-12));
  CHECK(electric.kpi("purchased_energy_J") == Approx(flow(electric, Flow::grid_import)).epsilon(1e-12));
  CHECK(electric.kpi("scope1_kg") == 0);
  CHECK(gas.kpi("scope1_kg") > 0);
  CHECK(electric.kpi("peak_grid_import_W") > gas.kpi("peak_grid_import_W"));
  // Scope 2, hour by hour: sum of (10 kW + 5 kW + that hour's heat) x the hour's factor.
  const GridFactors grid = GridFactors::load("DK1", data_dir());
  const auto& hourly_heat = electric.hourly().find("heat_supplied_J")->values;
  REQUIRE(hourly_heat.size() == 48);
  double expected = 0;
  for (int h = 0; h < 48; ++h)
    expected += (15e3 * 3600 + hourly_heat[static_cast<std::size_t>(h)]) * grid.factor_kg_per_J(2025, 3, h / 24, h % 24);
  CHECK(flow(electric, Flow::scope2_location_kg) == Approx(expected).epsilon(1e-12));
  // The electricity price is charged once, on the import.
  const CarrierTable carriers = CarrierTable::load(data_dir() + "/carriers.yaml");
  CHECK(electric.kpi("energy_cost") ==
        Approx(flow(electric, Flow::grid_import) * carriers.at("electricity").price_per_J).epsilon(1e-9));
}

TEST_CASE("heating follows the outdoor temperature of the site's climate", "[site]")
{
  const ModelSpec spec = load_model_text(
      idle_machine("  location: umea\n  heating: {heat_loss: 10 kW/K, set_point: 20 C, supply: district_heating}\n",
                   "{start: 2025-01-06T00:00, horizon: 1 w, seed: 1}"),
      "site.yaml");
  const RunResult r      = run_replications(spec, 1).front();
  const Climate climate  = load_climate("umea");
  double expected        = 0;
  const int first        = 5 * 24; // Jan 6 00:00 is hour 120 of 2025
  for (int h = first; h < first + 168; ++h)
    expected += 10e3 * std::max(0.0, 20 - climate.temperature_C(2025, h)) * 3600;
  CHECK(flow(r, Flow::heat_demand) == Approx(expected).epsilon(1e-12));
  CHECK(flow(r, Flow::district_heating) == Approx(expected).epsilon(1e-12));
}

TEST_CASE("PV output in the run equals the PV model's hourly output", "[site]")
{
  const ModelSpec spec = load_model_text(
      idle_machine("  location: stockholm\n  grid: SE3\n  pv: {peak: 100 kW, tilt: 35 deg, azimuth: 180 deg}\n",
                   "{start: 2025-06-02T00:00, horizon: 1 w, seed: 1}"),
      "site.yaml");
  const RunResult r = run_replications(spec, 1).front();
  const Climate climate = load_climate("stockholm");
  const PvModel pv(climate, PvArraySpec{100e3, 35, 180});
  double expected = 0;
  const int first = first_hour_of_month(2025, 5) + 24; // June 2 00:00
  for (int h = first; h < first + 168; ++h)
    expected += pv.power_W(2025, h) * 3600;
  CHECK(flow(r, Flow::pv) == Approx(expected).epsilon(1e-12));
  CHECK(flow(r, Flow::pv_used) + flow(r, Flow::grid_export) == Approx(expected).epsilon(1e-12));
  CHECK(r.kpi("pv_self_consumption_share") < 1); // 100 kWp against a 10 kW load exports at noon
}

TEST_CASE("carbon-aware dispatch cuts location-based emissions compared with self-consumption", "[site]")
{
  auto run = [](const char* dispatch) {
    const ModelSpec spec = load_model_text(
        idle_machine(std::string("  grid: DE\n  battery: {capacity: 100 kWh, power: 25 kW, efficiency: 95 %, dispatch: ") +
                         dispatch + "}\n",
                     "{start: 2025-03-03T00:00, horizon: 2 w, seed: 1}"),
        "site.yaml");
    return run_replications(spec, 1).front();
  };
  const RunResult plain = run("self_consumption"), aware = run("carbon_aware");
  CHECK(flow(plain, Flow::battery_discharge) == Approx(50 * 3.6e6 * std::sqrt(0.95)).epsilon(1e-9)); // initial 50 % only
  CHECK(flow(aware, Flow::scope2_location_kg) < flow(plain, Flow::scope2_location_kg));
  CHECK(flow(aware, Flow::grid_import) > flow(plain, Flow::grid_import)); // losses: the saving is in carbon, not energy
}

TEST_CASE("on a PV site in summer carbon-aware dispatch is no worse than self-consumption", "[site]")
{
  // The sun refills the battery every day, so grid charging would only displace free PV: the headroom
  // rule stops it, and the stored energy the sun will replace serves the load.
  auto run = [](const char* dispatch) {
    const ModelSpec spec = load_model_text(
        idle_machine(std::string("  location: copenhagen\n  grid: DK2\n  pv: {peak: 60 kW, tilt: 35 deg, azimuth: 180 deg}\n"
                                 "  battery: {capacity: 100 kWh, power: 25 kW, efficiency: 90 %, dispatch: ") +
                         dispatch + "}\n",
                     "{start: 2025-06-02T00:00, horizon: 2 w, seed: 1}"),
        "site.yaml");
    return run_replications(spec, 1).front();
  };
  const RunResult plain = run("self_consumption"), aware = run("carbon_aware");
  CHECK(flow(aware, Flow::scope2_location_kg) <= flow(plain, Flow::scope2_location_kg) * (1 + 1e-9));
  CHECK(flow(aware, Flow::grid_export) <= flow(plain, Flow::grid_export) * (1 + 1e-9));
}

TEST_CASE("bad site inputs are refused with the key and what was expected", "[site]")
{
  CHECK_THAT(load_error(idle_machine("  grid: SE9\n")), Catch::Contains("site.grid") && Catch::Contains("SE1"));
  CHECK_THAT(load_error(idle_machine("  location: umeaa\n")), Catch::Contains("site.location"));
  CHECK_THAT(load_error(idle_machine("  carriers: {electrcity: {price: 0.1 EUR/kWh}}\n")),
             Catch::Contains("site.carriers.electrcity") && Catch::Contains("electricity"));
  CHECK_THAT(load_error(idle_machine("  carriers: {electricity: {price: 0.1 SEK/kWh}}\n")),
             Catch::Contains("site.carriers.electricity.price") && Catch::Contains("exchange_rates"));
  CHECK_THAT(load_error(idle_machine("  loads: {base: -5 kW}\n")), Catch::Contains("site.loads.base"));
  CHECK_THAT(load_error(idle_machine("  battery: {capacity: 100 kW, power: 50 kW}\n")),
             Catch::Contains("site.battery.capacity") && Catch::Contains("kWh"));
  CHECK_THAT(load_error(idle_machine("  heating: {heat_loss: 5 kW/K}\n")), Catch::Contains("location"));
  CHECK_THAT(load_error(idle_machine("  location: umea\n  heating: {heat_loss: 5 kW/K, supply: boiler, boiler: {carrier: coal}}\n")),
             Catch::Contains("site.heating.boiler.carrier") && Catch::Contains("coal"));
  CHECK_THAT(load_error(idle_machine("  weather_file: nowhere.csv\n  location: umea\n")), Catch::Contains("site.weather_file"));
  CHECK_THAT(load_error(idle_machine("  pv: {peak: 100 kW, tilt: 120 deg}\n  location: umea\n")), Catch::Contains("site.pv.tilt"));
}
