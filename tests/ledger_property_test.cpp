// The site ledger over generated configurations: every heating supply with every boiler carrier, with and
// without PV, a battery under each dispatch, heat recovery with and without export, green contracts, several
// grid zones, process heat on every carrier (electricity, a heat pump's COP, fuels, district heat) and from
// recovered waste heat. In each, the balance identities hold hour by hour and in total, every emission row is its
// carrier's energy times the factor from the data files (computed here, not read back from the run), and a
// change of one use moves its carrier, its scope and its cost by exactly its factor and price.
#include "core/DataDir.hpp"
#include "energy/Carriers.hpp"
#include "energy/GridFactors.hpp"
#include "energy/SiteBalance.hpp"
#include "kernel/Simulation.hpp"
#include "model/ModelLoader.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace greenfab;

namespace {

constexpr double kWh = 3.6e6;
constexpr int hours  = 48; // Monday 2025-03-03 00:00 to Wednesday 00:00: weekday = hour / 24

/** One generated site, and what the test needs to compute the expected figures independently. */
struct SiteConfig {
  std::string supply;         ///< "", district_heating, boiler, heat_pump
  std::string boiler_carrier; ///< natural_gas, lpg, biomass, diesel, hvo, electricity
  double boiler_efficiency = 1;
  bool dh_network          = false; ///< district heat factor from a named network, else a declared factor
  double dh_factor_g_kWh   = 0;
  double pv_kW             = 0;
  std::string battery;        ///< "", self_consumption, carbon_aware
  double air_recovery      = 0; ///< share of compressor electricity recovered as heat
  double machine_recovery  = 0;
  double heat_loss_kW_K    = 5;
  bool export_heat         = false;
  std::string zone;
  std::string country;
  double grid_scale        = 1;
  double green_share       = 0;
  double base_kW           = 0;
  std::string location;
  // Process heat: the mill draws it from a carrier (none: ""), the washer from the mill's waste heat.
  std::string heat_carrier;   ///< "", electricity, natural_gas, lpg, biomass, hvo, district_heating
  double heat_efficiency   = 1; ///< or the COP of an electric heat pump when heat_cop
  bool heat_cop            = false;
  double heat_processing_kW = 0, heat_idle_kW = 0;
  double waste_heat        = 0;  ///< share of the mill's heat input recovered
  bool washer              = false; ///< a second station on recovered heat (only with waste_heat > 0)
  std::string washer_carrier; ///< its top-up carrier
  double washer_efficiency = 1, washer_processing_kW = 0, washer_idle_kW = 0;
  // Prices, EUR per kWh: given in the model so that the test knows them exactly.
  double electricity_price = 0, fuel_price = 0, dh_price = 0, export_price = 0, heat_export_price = 0;
  std::map<std::string, double> heat_fuel_price; ///< the process-heat fuels other than the boiler's
  double price(const std::string& carrier) const
  {
    if (carrier == "electricity")
      return electricity_price;
    if (carrier == "district_heating")
      return dh_price;
    if (supply == "boiler" and carrier == boiler_carrier)
      return fuel_price;
    return heat_fuel_price.at(carrier);
  }

  // --- carbon price: a CO2 tax on scope 1, EUR per kg (0: none) ---
  double carbon_price = 0;

  bool linear() const { return pv_kW == 0 and battery.empty(); } ///< without PV and battery the ledger is linear
};

/** The carbon price of configuration `index`, from its own stream so the other draws stay as they were:
 *  none in a third of the configurations, else up to 0.3 EUR/kg. */
double carbon_price_for(int index)
{
  std::mt19937_64 rng(0xC02 + static_cast<std::uint64_t>(index));
  return index % 3 == 0 ? 0 : std::uniform_real_distribution<double>(0, 0.3)(rng);
}

SiteConfig generate(std::mt19937_64& rng, int index)
{
  auto pick = [&rng](const std::vector<std::string>& from) {
    return from[std::uniform_int_distribution<std::size_t>(0, from.size() - 1)(rng)];
  };
  auto uniform = [&rng](double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng); };
  auto chance  = [&rng](double p) { return std::bernoulli_distribution(p)(rng); };
  SiteConfig c;
  // Every supply with every carrier in turn, the rest at random: 500 configurations cover each pair ~20 times.
  const std::vector<std::string> supplies{"", "district_heating", "boiler", "heat_pump"};
  const std::vector<std::string> carriers{"natural_gas", "lpg", "biomass", "diesel", "hvo", "electricity"};
  c.supply         = supplies[static_cast<std::size_t>(index) % supplies.size()];
  c.boiler_carrier = carriers[static_cast<std::size_t>(index / 4) % carriers.size()];
  c.boiler_efficiency = c.boiler_carrier == "electricity" ? uniform(0.95, 1.0) : uniform(0.7, 0.98);
  c.dh_network     = chance(0.5);
  c.dh_factor_g_kWh = uniform(0, 150);
  c.pv_kW          = chance(0.5) ? uniform(5, 400) : 0; // up to several times the load: export
  c.heat_loss_kW_K = std::exp(uniform(std::log(0.05), std::log(5.0))); // a tight hall has heat to spare
  c.battery        = pick({"", "", "self_consumption", "carbon_aware"});
  c.air_recovery   = chance(0.6) ? uniform(0, 0.9) : 0;
  c.machine_recovery = chance(0.5) ? uniform(0, 0.3) : 0;
  c.export_heat    = chance(0.5);
  c.zone           = pick({"SE1", "SE3", "SE4", "DK1", "DK2", "DE"});
  c.country        = c.zone.substr(0, 2);
  c.grid_scale     = chance(0.3) ? uniform(0.5, 1.5) : 1;
  c.green_share    = chance(0.4) ? uniform(0, 1) : 0;
  c.base_kW        = uniform(0, 30);
  c.location       = pick({"umea", "stockholm", "copenhagen", "aarhus"});
  c.electricity_price = uniform(0.05, 0.3);
  c.fuel_price        = uniform(0.03, 0.15);
  c.dh_price          = uniform(0.04, 0.12);
  c.export_price      = uniform(0, 0.1);
  c.heat_export_price = uniform(0, 0.05);
  c.carbon_price      = carbon_price_for(index);
  // Process heat on every carrier in turn (a fifth of the configurations without), the rest at random.
  const std::vector<std::string> heat_carriers{"", "electricity", "natural_gas", "district_heating", "lpg", "biomass", "hvo"};
  c.heat_carrier = heat_carriers[static_cast<std::size_t>(index / 3) % heat_carriers.size()];
  if (not c.heat_carrier.empty()) {
    c.heat_cop          = c.heat_carrier == "electricity" and chance(0.3);
    c.heat_efficiency   = c.heat_cop ? uniform(1.5, 4) : uniform(0.6, 1.0);
    c.heat_processing_kW = uniform(5, 80);
    c.heat_idle_kW      = uniform(0, c.heat_processing_kW);
    c.waste_heat        = chance(0.4) ? uniform(0, 0.6) : 0;
    c.washer            = c.waste_heat > 0 and chance(0.7);
    c.washer_carrier    = pick({"electricity", "natural_gas", "district_heating"});
    c.washer_efficiency = uniform(0.7, 1.0);
    c.washer_processing_kW = uniform(2, 60);
    c.washer_idle_kW    = uniform(0, c.washer_processing_kW);
  }
  for (const char* fuel : {"natural_gas", "lpg", "biomass", "hvo"})
    c.heat_fuel_price[fuel] = uniform(0.03, 0.15);
  return c;
}

std::string number(double x)
{
  std::ostringstream s;
  s.precision(17);
  s << x;
  return s.str();
}

/** The model text of a configuration: one machine with compressed air, making a part every 3 minutes. */
std::string model_text(const SiteConfig& c, double extra_base_kW = 0, double extra_heat_kW = 0)
{
  std::ostringstream m;
  m << "name: ledger property\n"
       "run: {start: 2025-03-03T00:00, horizon: 2 d, seed: 7}\n"
       "products: [{name: p, route: [mill" << (c.washer ? ", washer" : "") << "]}]\n"
       "release: {interarrival: 3 min}\n"
       "stations:\n"
       "  - {name: mill, process: 2 min, power: {processing: 40 kW, idle: 12 kW}, air: {processing: 2 m3/min}";
  if (not c.heat_carrier.empty())
    m << ",\n     heat: {carrier: " << c.heat_carrier << ", "
      << (c.heat_cop ? "cop: " + number(c.heat_efficiency) : "efficiency: " + number(c.heat_efficiency * 100) + " %")
      << ", processing: " << number(c.heat_processing_kW + extra_heat_kW) << " kW, idle: "
      << number(c.heat_idle_kW + extra_heat_kW) << " kW, waste_heat: " << number(c.waste_heat * 100) << " %}";
  m << "}\n";
  if (c.washer)
    m << "  - {name: washer, process: 1 min, heat: {from: recovered, carrier: " << c.washer_carrier
      << ", efficiency: " << number(c.washer_efficiency * 100) << " %, processing: " << number(c.washer_processing_kW)
      << " kW, idle: " << number(c.washer_idle_kW) << " kW}}\n";
  m << "site:\n"
       "  location: " << c.location << "\n"
       "  grid: " << c.zone << "\n"
       "  grid_scale: " << number(c.grid_scale * 100) << " %\n"
       "  currency: EUR\n"
       "  carriers:\n"
       "    electricity: {price: " << number(c.electricity_price) << " EUR/kWh}\n";
  for (const auto& [fuel, price] : c.heat_fuel_price)
    m << "    " << fuel << ": {price: " << number(c.price(fuel)) << " EUR/kWh}\n";
  if (c.supply == "boiler" and c.boiler_carrier != "electricity" and not c.heat_fuel_price.contains(c.boiler_carrier))
    m << "    " << c.boiler_carrier << ": {price: " << number(c.fuel_price) << " EUR/kWh}\n";
  m << "    district_heating: {price: " << number(c.dh_price) << " EUR/kWh, ";
  m << (c.dh_network ? std::string("network: Umeå}") : "factor: " + number(c.dh_factor_g_kWh) + " g/kWh}") << "\n";
  if (c.carbon_price > 0) // --- carbon price ---
    m << "  carbon_price: " << number(c.carbon_price) << " EUR/kg\n";
  m << "  export_prices: {electricity: " << number(c.export_price) << " EUR/kWh, heat: " << number(c.heat_export_price)
    << " EUR/kWh}\n";
  if (c.green_share > 0)
    m << "  electricity_contract: {green_share: " << number(c.green_share * 100) << " %, contract: guarantees_of_origin}\n";
  m << "  loads: {base: " << number(c.base_kW + extra_base_kW) << " kW, lighting: {on_shift: 6 kW, off_shift: 1 kW}}\n"
    << "  compressed_air: {specific_power: 6.5 kW/(m3/min), leaks: 25 %, heat_recovery: " << number(c.air_recovery * 100)
    << " %}\n";
  if (not c.supply.empty()) {
    m << "  heating:\n"
         "    heat_loss: " << number(c.heat_loss_kW_K) << " kW/K\n"
         "    set_point: {on_shift: 19 C, off_shift: 16 C}\n"
         "    supply: " << c.supply << "\n"
         "    boiler: {carrier: " << c.boiler_carrier << ", efficiency: " << number(c.boiler_efficiency * 100) << " %}\n"
         "    heat_pump: {carnot_efficiency: 45 %, supply_temperature: 45 C, max_cop: 5}\n"
         "    machine_heat_recovery: " << number(c.machine_recovery * 100) << " %\n"
         "    export_surplus: " << (c.export_heat ? "true" : "false") << "\n";
  }
  if (c.pv_kW > 0)
    m << "  pv: {peak: " << number(c.pv_kW) << " kW, tilt: 35 deg, azimuth: 180 deg, losses: 14 %}\n";
  if (not c.battery.empty())
    m << "  battery: {capacity: 60 kWh, power: 25 kW, efficiency: 90 %, dispatch: " << c.battery << ", initial: 50 %}\n";
  return m.str();
}

double flow(const RunResult& r, Flow f) { return r.kpi(flow_name(f)); }

const std::vector<double>& hourly(const RunResult& r, Flow f) { return r.hourly().find(flow_name(f))->values; }

/** a == b to 1e-9 of the larger of |a|, |b| and `scale` (the size of the flows being compared). */
bool same(double a, double b, double scale) { return std::abs(a - b) <= 1e-9 * std::max({std::abs(a), std::abs(b), scale}); }

} // namespace

TEST_CASE("the site ledger adds up in 500 generated configurations: balances, factors, prices, one use at a time",
          "[site][validation][property]")
{
  const CarrierTable table = CarrierTable::load(data_dir() + "/carriers.yaml");
  std::map<std::string, GridFactors> zones;
  std::mt19937_64 rng(20261204);
  int linear_configs = 0;
  std::map<std::string, int> heat_perturbations; // by carrier
  std::map<std::string, int> exercised; // configurations in which each flow was non-zero
  for (int i = 0; i < 500; ++i) {
    const SiteConfig c = generate(rng, i);
    const std::string text = model_text(c);
    INFO("configuration " << i << ":\n" << text);
    const RunResult r = run_replications(load_model_text(text, "generated.yaml"), 1).front();
    REQUIRE(r.status == "ok");
    REQUIRE(r.hourly().rows() == hours);
    if (not zones.contains(c.zone))
      zones.emplace(c.zone, GridFactors::load(c.zone, data_dir()));
    const GridFactors& grid = zones.at(c.zone);
    auto factor = [&](int h) { return grid.factor_kg_per_J(2025, 3, h / 24, h % 24) * c.grid_scale; };
    const double scale = flow(r, Flow::electricity_demand) + flow(r, Flow::heat_demand) + kWh;
    for (Flow f : {Flow::heat_pump, Flow::boiler_fuel, Flow::district_heating, Flow::heat_exported, Flow::grid_export,
                   Flow::battery_charge, Flow::battery_discharge, Flow::heat_recovered_used, Flow::process_heat_electricity,
                   Flow::process_heat_fuel, Flow::process_heat_district, Flow::process_heat_recovered})
      exercised[flow_name(f)] += flow(r, f) > 0;

    // Process heat, per station, from its state ledger: delivered = sum over states of time x demand (blocked
    // and starved draw the idle demand); the carrier's input = (delivered - recovered) / efficiency.
    auto share = [&](const std::string& station, const char* column) {
      const Table& st = r.stations();
      const auto& names = st.find_text("station")->values;
      const auto row = static_cast<std::size_t>(std::find(names.begin(), names.end(), station) - names.begin());
      return st.find(column)->values.at(row);
    };
    const double window_s = hours * 3600.0;
    auto heat_of = [&](const std::string& station, double processing_kW, double idle_kW) {
      const double idle_share = share(station, "idle_share") + share(station, "blocked_share") +
                                share(station, "starved_material_share");
      return 1e3 * window_s * (share(station, "processing_share") * processing_kW + idle_share * idle_kW);
    };
    std::map<std::string, double> heat_input; // by carrier
    double mill_input = 0, washer_recovered = 0, waste = 0;
    if (not c.heat_carrier.empty()) {
      const double delivered = heat_of("mill", c.heat_processing_kW, c.heat_idle_kW);
      CHECK(same(share("mill", "process_heat_J"), delivered, scale));
      mill_input = delivered / c.heat_efficiency;
      CHECK(same(share("mill", "process_heat_input_J"), mill_input, scale));
      waste = c.waste_heat * mill_input;
      CHECK(same(share("mill", "process_waste_heat_J"), waste, scale));
      heat_input[c.heat_carrier] += mill_input;
      double washer_delivered = 0;
      if (c.washer) {
        washer_delivered = heat_of("washer", c.washer_processing_kW, c.washer_idle_kW);
        CHECK(same(share("washer", "process_heat_J"), washer_delivered, scale));
        // Hour by hour the washer takes what the mill's waste heat covers: min(waste, washer demand).
        const auto &all = hourly(r, Flow::process_heat), &waste_h = hourly(r, Flow::process_waste_heat),
                   &recovered_h = hourly(r, Flow::process_heat_recovered);
        for (std::size_t h = 0; h < hours; ++h) {
          const double mill_h = waste_h[h] / c.waste_heat * c.heat_efficiency;
          CHECK(same(recovered_h[h], std::min(waste_h[h], all[h] - mill_h), scale / hours));
          washer_recovered += recovered_h[h];
        }
        CHECK(same(share("washer", "process_heat_recovered_J"), washer_recovered, scale));
        const double washer_input = (washer_delivered - washer_recovered) / c.washer_efficiency;
        CHECK(same(share("washer", "process_heat_input_J"), washer_input, scale));
        heat_input[c.washer_carrier] += washer_input;
      }
      CHECK(same(flow(r, Flow::process_heat), delivered + washer_delivered, scale));
      CHECK(same(flow(r, Flow::process_heat_recovered), washer_recovered, scale));
    } else {
      CHECK(flow(r, Flow::process_heat) == 0);
    }
    const double heat_electricity = heat_input.contains("electricity") ? heat_input.at("electricity") : 0;
    const double heat_dh          = heat_input.contains("district_heating") ? heat_input.at("district_heating") : 0;
    double heat_fuel = 0;
    for (const auto& [name, J] : heat_input)
      if (name != "electricity" and name != "district_heating")
        heat_fuel += J;
    CHECK(same(flow(r, Flow::process_heat_electricity), heat_electricity, scale));
    CHECK(same(flow(r, Flow::process_heat_district), heat_dh, scale));
    CHECK(same(flow(r, Flow::process_heat_fuel), heat_fuel, scale));
    for (const auto& [name, J] : heat_input)
      CHECK(same(r.kpi("process_heat_input_" + name + "_J"), J, scale));

    // Electricity, hour by hour: used = import + PV - export + discharge - charge.
    const auto &demand = hourly(r, Flow::electricity_demand), &import = hourly(r, Flow::grid_import),
               &pv = hourly(r, Flow::pv), &exported = hourly(r, Flow::grid_export),
               &charge = hourly(r, Flow::battery_charge), &discharge = hourly(r, Flow::battery_discharge);
    double expected_scope2 = 0, import_sum = 0;
    for (std::size_t h = 0; h < hours; ++h) {
      CHECK(same(demand[h], import[h] + pv[h] - exported[h] + discharge[h] - charge[h], scale / hours));
      expected_scope2 += import[h] * factor(static_cast<int>(h));
      import_sum += import[h];
    }
    CHECK(same(flow(r, Flow::grid_import), import_sum, scale));
    CHECK(same(flow(r, Flow::pv_used), flow(r, Flow::pv) - flow(r, Flow::grid_export), scale));
    // Every electricity use is in the demand, an electric boiler's input included.
    const bool electric_boiler = c.supply == "boiler" and c.boiler_carrier == "electricity";
    const double boiler_in     = flow(r, Flow::heat_supplied) / c.boiler_efficiency;
    CHECK(same(flow(r, Flow::electricity_demand),
               flow(r, Flow::machines) + flow(r, Flow::compressed_air) + flow(r, Flow::base_load) +
                   flow(r, Flow::lighting) + flow(r, Flow::heat_pump) + flow(r, Flow::vehicle_charging) +
                   (electric_boiler ? boiler_in : 0) + heat_electricity,
               scale));

    // Heat: demand = recovered heat used + supplied; the supply's input by its efficiency or COP.
    CHECK(same(flow(r, Flow::heat_demand), flow(r, Flow::heat_recovered_used) + flow(r, Flow::heat_supplied), scale));
    CHECK(same(flow(r, Flow::heat_exported),
               c.export_heat and not c.supply.empty()
                   ? flow(r, Flow::heat_recovered) - flow(r, Flow::process_heat_recovered) - flow(r, Flow::heat_recovered_used)
                   : 0,
               scale));
    CHECK(same(flow(r, Flow::heat_recovered),
               waste + (c.supply.empty() ? 0
                                         : c.air_recovery * flow(r, Flow::compressed_air) +
                                               c.machine_recovery * (flow(r, Flow::machines) + heat_electricity + heat_fuel + heat_dh)),
               scale));
    CHECK(same(flow(r, Flow::boiler_fuel), c.supply == "boiler" ? boiler_in : 0, scale));
    CHECK(same(flow(r, Flow::district_heating), c.supply == "district_heating" ? flow(r, Flow::heat_supplied) : 0, scale));
    if (c.supply != "heat_pump")
      CHECK(flow(r, Flow::heat_pump) == 0);

    // Emissions: each carrier's energy x its factor from the data files.
    const double fuel_J = c.supply == "boiler" and not electric_boiler ? boiler_in : 0;
    const Carrier* fuel = fuel_J > 0 ? &table.at(c.boiler_carrier) : nullptr;
    const double dh_J   = flow(r, Flow::district_heating);
    const double dh_kg_per_J = c.dh_network ? table.district_heating_network("Umeå") : c.dh_factor_g_kWh * 1e-3 / kWh;
    double heat_scope1 = 0, heat_scope3 = 0, heat_cost = 0;
    for (const auto& [name, J] : heat_input) {
      if (name == "electricity")
        continue; // in the grid import, its scope 2 and its price above
      heat_scope1 += J * table.at(name).scope1_kg_per_J;
      heat_scope3 += J * table.at(name).upstream_kg_per_J;
      heat_cost += J * c.price(name);
    }
    CHECK(same(flow(r, Flow::scope2_location_kg), expected_scope2 + (dh_J + heat_dh) * dh_kg_per_J, 1e-3));
    const double residual = table.residual_mix_kg_per_J(c.country) * c.grid_scale;
    const double market   = c.green_share * table.contract_kg_per_J("guarantees_of_origin") + (1 - c.green_share) * residual;
    CHECK(same(flow(r, Flow::scope2_market_kg), import_sum * market + (dh_J + heat_dh) * dh_kg_per_J, 1e-3));
    // Energies agree to 1e-9 of `scale`; times a factor (at most ~0.3 kg/kWh) that is the emissions' scale. It
    // matters where recovered heat covers nearly all of the washer: its top-up is a difference of large terms.
    const double kg_scale = std::max(1e-3, scale * 1e-7);
    CHECK(same(r.kpi("scope1_kg"), (fuel ? fuel_J * fuel->scope1_kg_per_J : 0) + heat_scope1, kg_scale));
    CHECK(same(r.kpi("scope3_kg"),
               (fuel ? fuel_J * fuel->upstream_kg_per_J : 0) + dh_J * table.at("district_heating").upstream_kg_per_J +
                   heat_scope3,
               kg_scale));
    CHECK(same(r.kpi("co2e_location_kg"),
               r.kpi("scope1_kg") + flow(r, Flow::scope2_location_kg) + r.kpi("scope3_kg"), 1e-3));

    // Energy: the sum over carriers; electricity is the whole electricity demand, once.
    double by_carrier = 0;
    for (const Kpi& k : r.kpis)
      if (k.name.starts_with("carrier_") and k.name.ends_with("_J"))
        by_carrier += k.value;
    CHECK(same(r.kpi("energy_use_J"), by_carrier, scale));
    CHECK(same(r.kpi("carrier_electricity_J"), flow(r, Flow::electricity_demand), scale));
    CHECK(same(r.kpi("energy_use_J"), flow(r, Flow::electricity_demand) + fuel_J + dh_J + heat_fuel + heat_dh, scale));
    CHECK(same(r.kpi("purchased_energy_J"), import_sum + fuel_J + dh_J + heat_fuel + heat_dh, scale));

    // Cost: every purchase at its price, exports at theirs.
    const double expected_cost = (import_sum * c.electricity_price + fuel_J * c.fuel_price + dh_J * c.dh_price + heat_cost -
                                  flow(r, Flow::grid_export) * c.export_price -
                                  flow(r, Flow::heat_exported) * c.heat_export_price) / kWh;
    // --- carbon price: cost = sum of carrier energy x price + sum of tax x scope 1 emissions ---
    const double expected_scope1 = (fuel ? fuel_J * fuel->scope1_kg_per_J : 0) + heat_scope1;
    CHECK(same(r.kpi("carbon_cost"), c.carbon_price * expected_scope1, 1e-3));
    CHECK(same(r.kpi("energy_cost"), expected_cost + c.carbon_price * expected_scope1, 1e-3));
    exercised["carbon_cost"] += r.kpi("carbon_cost") > 0;

    // One use at a time: 1 kW more base load moves electricity, scope 2 and cost by exactly its factor and
    // price (without PV and battery, where the ledger is linear).
    if (c.linear()) {
      ++linear_configs;
      const RunResult more = run_replications(load_model_text(model_text(c, 1.0), "generated.yaml"), 1).front();
      REQUIRE(more.status == "ok");
      const double added_J = 1e3 * hours * 3600;
      double added_kg      = 0;
      for (int h = 0; h < hours; ++h)
        added_kg += 1e3 * 3600 * factor(h);
      CHECK(same(flow(more, Flow::grid_import) - flow(r, Flow::grid_import), added_J, scale));
      CHECK(same(more.kpi("carrier_electricity_J") - r.kpi("carrier_electricity_J"), added_J, scale));
      CHECK(same(more.kpi("energy_use_J") - r.kpi("energy_use_J"), added_J, scale));
      CHECK(same(flow(more, Flow::scope2_location_kg) - flow(r, Flow::scope2_location_kg), added_kg, flow(r, Flow::scope2_location_kg) + 1));
      CHECK(same(flow(more, Flow::scope2_market_kg) - flow(r, Flow::scope2_market_kg), added_J * market, flow(r, Flow::scope2_market_kg) + 1));
      CHECK(same(more.kpi("scope1_kg"), r.kpi("scope1_kg"), 1e-3));
      CHECK(same(more.kpi("energy_cost") - r.kpi("energy_cost"), added_J * c.electricity_price / kWh, std::abs(r.kpi("energy_cost")) + 1));
    }
    // 1 kW more process heat at the mill in every state moves its carrier by 1 kW / efficiency, and that
    // carrier's scope and cost by exactly its factor and price (without waste heat, which would pass part of
    // it on to the washer and the space heating, nor with machine heat recovery, which recovers a share of it).
    if (c.linear() and not c.heat_carrier.empty() and c.waste_heat == 0 and (c.machine_recovery == 0 or c.supply.empty())) {
      ++heat_perturbations[c.heat_carrier];
      const RunResult more = run_replications(load_model_text(model_text(c, 0, 1.0), "generated.yaml"), 1).front();
      REQUIRE(more.status == "ok");
      const double added_J = 1e3 * hours * 3600 / c.heat_efficiency;
      // The carbon price falls on what the extra heat burns on site (scope 1), at the same rate.
      const double burnt_kg = c.heat_carrier == "electricity" ? 0 : added_J * table.at(c.heat_carrier).scope1_kg_per_J;
      const double cost     = added_J * c.price(c.heat_carrier) / kWh + c.carbon_price * burnt_kg;
      const std::string carrier = "carrier_" + c.heat_carrier + "_J";
      CHECK(same(more.kpi(carrier) - r.kpi(carrier), added_J, scale));
      CHECK(same(more.kpi("energy_use_J") - r.kpi("energy_use_J"), added_J, scale));
      CHECK(same(more.kpi("energy_cost") - r.kpi("energy_cost"), cost, std::abs(r.kpi("energy_cost")) + 1));
      const double d_scope1 = more.kpi("scope1_kg") - r.kpi("scope1_kg");
      const double d_scope2 = flow(more, Flow::scope2_location_kg) - flow(r, Flow::scope2_location_kg);
      const double s2       = flow(r, Flow::scope2_location_kg) + 1;
      if (c.heat_carrier == "electricity") {
        double added_kg = 0;
        for (int h = 0; h < hours; ++h)
          added_kg += 1e3 * 3600 / c.heat_efficiency * factor(h);
        CHECK(same(flow(more, Flow::grid_import) - flow(r, Flow::grid_import), added_J, scale));
        CHECK(same(d_scope2, added_kg, s2));
        CHECK(same(d_scope1, 0, 1e-3));
      } else if (c.heat_carrier == "district_heating") {
        CHECK(same(d_scope2, added_J * dh_kg_per_J, s2));
        CHECK(same(d_scope1, 0, 1e-3));
      } else {
        CHECK(same(d_scope1, added_J * table.at(c.heat_carrier).scope1_kg_per_J, r.kpi("scope1_kg") + 1));
        CHECK(same(d_scope2, 0, s2));
      }
    }
  }
  // The generator reached every path often enough to mean something.
  CHECK(linear_configs > 100);
  for (const char* carrier : {"electricity", "natural_gas", "district_heating", "lpg", "biomass", "hvo"}) {
    CAPTURE(carrier);
    CHECK(heat_perturbations[carrier] >= 3);
  }
  int perturbed = 0;
  for (const auto& [carrier, n] : heat_perturbations)
    perturbed += n;
  CHECK(perturbed >= 30);
  for (const auto& [name, configs] : exercised) {
    CAPTURE(name, configs);
    CHECK(configs >= 20);
  }
}
