// Purchased goods (scope 3 category 1), per-unit figures and the carbon price: hand-computed lines, a
// variant switched by the model-path rule, the products' rows adding up, and the CO2 tax moving the
// energy cost by exactly tax x scope 1.
#include "core/Errors.hpp"
#include "kernel/Simulation.hpp"
#include "model/ModelLoader.hpp"

#include "support/TableCell.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

using namespace greenfab;

namespace {

/**
 * Brackets released every 10 min (first at 10 min), cut 3 min then washed 2 min, no scrap: in a 606 min
 * window 60 are released and all 60 finish (as in resources_test.cpp). Steel has a factor and a variant;
 * zinc has none, so the purchased-goods total covers 120 of the 126 kg bought.
 */
std::string bracket_line(const std::string& extra = "", const std::string& product_extra = "")
{
  return R"(
name: bracket line
run: {start: 2025-03-03T00:00, horizon: 606 min}
materials:
  steel:
    recycled: 40 %
    cradle_to_gate: 1.91 kg/kg
    source: "test figure"
    variants:
      low_carbon: {cradle_to_gate: 500 g/kg, recycled: 90 %, source: "test figure"}
  zinc: {recycled: 0 %}
products:
  - name: bracket
    route: [cut, wash]
    materials: {steel: 2 kg, zinc: 100 g}
)" + product_extra + R"(
release: {interarrival: 10 min}
stations:
  - {name: cut, process: 3 min, power: {processing: 10 kW, idle: 2 kW}, water: {processing: 1 l/min}, waste: {chips: 0.2 kg}}
  - {name: wash, process: 2 min, water: {per_part: 5 l}}
)" + extra;
}

RunResult run_one(const ModelSpec& spec)
{
  auto runs = run_replications(spec, 1);
  REQUIRE(runs.size() == 1);
  REQUIRE(runs[0].status == "ok");
  return runs[0];
}

RunResult run_text(const std::string& text, const std::vector<std::string>& overrides = {})
{
  return run_one(load_model_text(text, "goods.yaml", overrides));
}

using test::cell;

std::string text_cell(const Table& t, const std::string& key, const std::string& column)
{
  const TextColumn* keys = t.find_text("material");
  const TextColumn* c    = t.find_text(column);
  REQUIRE(keys != nullptr);
  REQUIRE(c != nullptr);
  for (std::size_t row = 0; row < keys->values.size(); ++row)
    if (keys->values[row] == key)
      return c->values[row];
  return "?";
}

std::string load_error(const std::string& text)
{
  try {
    load_model_text(text, "goods.yaml");
  } catch (const ModelError& e) {
    return e.what();
  }
  return "";
}

/** A site heated by a natural-gas boiler, with an idle machine: scope 1 is the boiler's alone. */
std::string gas_site(const std::string& money)
{
  return R"(
name: gas site
run: {start: 2025-03-03T00:00, horizon: 2 d, seed: 1}
products: [{name: p, route: [m]}]
release: {interarrival: 1000 d}
stations:
  - {name: m, process: 1 min, power: {idle: 10 kW}}
site:
  location: umea
  grid: SE1
  currency: SEK
  exchange_rates: {EUR: 11.5 SEK}
  loads: {base: 5 kW}
  heating: {heat_loss: 4 kW/K, supply: boiler, boiler: {carrier: natural_gas, efficiency: 90 %}}
)" + money;
}

} // namespace

TEST_CASE("purchased goods are material input x cradle-to-gate factor, per material, per product and in total",
          "[resources][goods]")
{
  const RunResult r = run_text(bracket_line());
  REQUIRE(r.kpi("output_parts") == 60);
  // 60 brackets x 2 kg steel x 1.91 kg CO2e/kg; zinc has no factor: left out, and the share says so.
  CHECK(r.kpi("scope3_cat1_kg") == Approx(60 * 2 * 1.91).epsilon(1e-12));
  CHECK(r.kpi("scope3_cat1_covered_share") == Approx(120.0 / 126.0).epsilon(1e-12));
  CHECK(cell(r.materials(), "material", "steel", "cradle_to_gate_kg_per_kg") == Approx(1.91).epsilon(1e-15));
  CHECK(cell(r.materials(), "material", "steel", "scope3_cat1_kg") == Approx(229.2).epsilon(1e-12));
  CHECK(cell(r.materials(), "material", "steel", "scope3_cat1_per_good_part_kg") == Approx(3.82).epsilon(1e-12));
  CHECK(std::isnan(cell(r.materials(), "material", "zinc", "scope3_cat1_kg")));
  CHECK(text_cell(r.materials(), "steel", "cradle_to_gate_source") == "test figure");
  CHECK(text_cell(r.materials(), "steel", "variant").empty());
  CHECK(cell(r.products(), "product", "bracket", "scope3_cat1_kg") == Approx(229.2).epsilon(1e-12));
  CHECK(cell(r.products(), "product", "bracket", "scope3_cat1_per_part_kg") == Approx(3.82).epsilon(1e-12));
}

TEST_CASE("without any cradle-to-gate factor purchased goods are unknown (NaN), not zero", "[resources][goods]")
{
  const std::string line = R"(
name: no factors
run: {horizon: 606 min}
materials: {steel: {recycled: 40 %}}
products: [{name: bracket, route: [cut], materials: {steel: 2 kg}}]
release: {interarrival: 10 min}
stations: [{name: cut, process: 3 min}]
)";
  const RunResult r = run_text(line);
  CHECK(std::isnan(r.kpi("scope3_cat1_kg")));
  CHECK(r.kpi("scope3_cat1_covered_share") == 0);
  CHECK(std::isnan(r.kpi("scope3_cat1_per_good_part_kg")));
}

TEST_CASE("a material variant replaces the factor, recycled share and source, switched by --set or an intervention",
          "[resources][goods]")
{
  // The model-path rule that interventions and --set share: materials.steel.variant = low_carbon.
  const RunResult r = run_text(bracket_line(), {"materials.steel.variant=low_carbon"});
  CHECK(r.kpi("scope3_cat1_kg") == Approx(60 * 2 * 0.5).epsilon(1e-12));
  CHECK(r.kpi("primary_material_kg") == Approx(60 * (2 * 0.1 + 0.1)).epsilon(1e-12));
  CHECK(text_cell(r.materials(), "steel", "variant") == "low_carbon");
  CHECK(cell(r.materials(), "material", "steel", "recycled_share") == Approx(0.9).epsilon(1e-15));
  // Production is untouched: same parts, same energy (common random numbers; here deterministic anyway).
  const RunResult base = run_text(bracket_line());
  CHECK(r.kpi("output_parts") == base.kpi("output_parts"));
  CHECK(r.kpi("machine_energy_J") == base.kpi("machine_energy_J"));
}

TEST_CASE("products' purchased goods add up to the total and an assembly's per-part footprint goes through the BOM",
          "[resources][goods]")
{
  const std::string line = R"(
name: assembled
run: {horizon: 606 min}
materials:
  steel: {recycled: 50 %, cradle_to_gate: 2 kg/kg, source: "test figure"}
  aluminium: {recycled: 0 %, cradle_to_gate: 15 kg/kg, source: "test figure"}
products:
  - {name: pump, route: [asm], bom: {housing: 1, rotor: 2}, materials: {steel: 1 kg}}
  - {name: housing, route: [cast, asm], materials: {aluminium: 3 kg}}
  - {name: rotor, route: [turn, asm], materials: {steel: 0.5 kg}}
release: {interarrival: 10 min}
stations:
  - {name: cast, process: 2 min}
  - {name: turn, process: 1 min}
  - {name: asm, process: 3 min}
)";
  const RunResult r = run_text(line);
  double rows = 0;
  for (double v : r.products().find("scope3_cat1_kg")->values)
    rows += v;
  CHECK(rows == Approx(r.kpi("scope3_cat1_kg")).epsilon(1e-12));
  // One pump: 1 kg steel + 3 kg aluminium + 2 x 0.5 kg steel = 2 x 2 + 3 x 15 = 49 kg CO2e.
  CHECK(cell(r.products(), "product", "pump", "scope3_cat1_per_part_kg") == Approx(49).epsilon(1e-12));
  CHECK(cell(r.products(), "product", "rotor", "scope3_cat1_per_part_kg") == Approx(1).epsilon(1e-12));
}

TEST_CASE("per-unit figures are exactly the totals / good parts and / tonnes of product", "[site][goods][per_unit]")
{
  const std::string site = "site: {location: umea, grid: SE1, loads: {base: 5 kW}, heating: {heat_loss: 2 kW/K, supply: "
                           "boiler}}\n";
  const RunResult r = run_text(bracket_line(site, "    mass: 1.8 kg\n"));
  const double good = r.kpi("output_parts");
  REQUIRE(good == 60);
  CHECK(r.kpi("product_mass_kg") == 60 * 1.8);
  const double t = r.kpi("product_mass_kg") / 1000;
  const double s12 = r.kpi("scope1_kg") + r.kpi("scope2_location_kg");
  REQUIRE(r.kpi("scope1_kg") > 0);
  // Exactly: the per-unit figure is the division itself, not a second computation.
  CHECK(r.kpi("scope12_location_per_good_part_kg") == s12 / good);
  CHECK(r.kpi("scope12_market_per_good_part_kg") == (r.kpi("scope1_kg") + r.kpi("scope2_market_kg")) / good);
  CHECK(r.kpi("scope3_cat1_per_good_part_kg") == r.kpi("scope3_cat1_kg") / good);
  CHECK(r.kpi("energy_per_part_J") == r.kpi("energy_use_J") / good);
  CHECK(r.kpi("water_per_good_part_m3") == r.kpi("water_m3") / good);
  CHECK(r.kpi("waste_per_good_part_kg") == r.kpi("waste_kg") / good);
  CHECK(r.kpi("energy_per_tonne_J") == r.kpi("energy_use_J") / t);
  CHECK(r.kpi("scope12_location_per_tonne_kg") == s12 / t);
  CHECK(r.kpi("scope3_cat1_per_tonne_kg") == r.kpi("scope3_cat1_kg") / t);
  CHECK(r.kpi("water_per_tonne_m3") == r.kpi("water_m3") / t);
  CHECK(r.kpi("waste_per_tonne_kg") == r.kpi("waste_kg") / t);
  // And by hand: 60 x 0.2 kg chips per 0.108 t of brackets; 60 x 5 l + 180 min x 1 l/min of water.
  CHECK(r.kpi("waste_per_tonne_kg") == Approx(12 / 0.108).epsilon(1e-12));
  CHECK(r.kpi("water_per_tonne_m3") == Approx((0.3 + 0.18) / 0.108).epsilon(1e-12));
  // The value chain view adds purchased goods to the site's emissions.
  CHECK(r.kpi("co2e_location_with_goods_kg") == Approx(r.kpi("co2e_location_kg") + 229.2).epsilon(1e-12));
}

TEST_CASE("without product masses there are no per-tonne figures, without a catalogue no purchased goods",
          "[goods][per_unit]")
{
  const RunResult r = run_text(bracket_line());
  CHECK(r.find("product_mass_kg") == nullptr);
  CHECK(r.find("waste_per_tonne_kg") == nullptr);
  CHECK(r.find("scope3_cat1_per_tonne_kg") == nullptr);
  CHECK(r.find("scope3_cat1_per_good_part_kg") != nullptr);
  const RunResult bare = run_text(R"(
name: bare
run: {horizon: 60 min}
products: [{name: p, route: [m]}]
release: {interarrival: 10 min}
stations: [{name: m, process: 3 min}]
site: {grid: SE1}
)");
  CHECK(bare.find("scope3_cat1_kg") == nullptr);
  CHECK(bare.find("scope3_cat1_per_good_part_kg") == nullptr);
  CHECK(std::isnan(bare.kpi("co2e_location_with_goods_kg"))); // purchased goods unknown: the sum is too
  CHECK(bare.find("scope12_location_per_good_part_kg") != nullptr);
}

TEST_CASE("a carbon price moves the energy cost by exactly the tax x scope 1 kg", "[site][carbon_price]")
{
  const RunResult none  = run_text(gas_site(""));
  const RunResult taxed = run_text(gas_site("  carbon_price: 1.2 SEK/kg\n"));
  const double kg = taxed.kpi("scope1_kg");
  REQUIRE(kg > 0);
  CHECK(none.kpi("scope1_kg") == kg);
  CHECK(none.kpi("carbon_cost") == 0);
  CHECK(taxed.kpi("carbon_cost") == Approx(1.2 * kg).epsilon(1e-12));
  CHECK(taxed.kpi("energy_cost") - none.kpi("energy_cost") == Approx(1.2 * kg).epsilon(1e-9));
  // The hourly rows carry it too, and add up to the total.
  double hours = 0;
  for (double v : taxed.hourly().find("carbon_cost")->values)
    hours += v;
  CHECK(hours == Approx(taxed.kpi("carbon_cost")).epsilon(1e-12));
  // Scope 2 is not taxed: an electric boiler's site pays no CO2 tax.
  const std::string electric = gas_site("  carbon_price: 1.2 SEK/kg\n");
  const RunResult e = run_text(electric, {"site.heating.boiler.carrier=electricity"});
  CHECK(e.kpi("carbon_cost") == 0);
}

TEST_CASE("a carrier's co2_tax wins over site.carbon_price for that carrier, other currencies are converted",
          "[site][carbon_price]")
{
  const RunResult none = run_text(gas_site(""));
  const RunResult r = run_text(gas_site("  carbon_price: 1.2 SEK/kg\n  carriers: {natural_gas: {co2_tax: 0.2 EUR/kg}}\n"));
  const double kg = r.kpi("scope1_kg");
  CHECK(r.kpi("carbon_cost") == Approx(0.2 * 11.5 * kg).epsilon(1e-12));
  CHECK(r.kpi("energy_cost") - none.kpi("energy_cost") == Approx(0.2 * 11.5 * kg).epsilon(1e-9));
}

TEST_CASE("the carbon price taxes the own fleet's fuel as scope 1 too", "[site][carbon_price][transport]")
{
  const std::vector<std::string> short_run{"run.warmup=1 d", "run.horizon=2 d", "run.replications=1"};
  std::vector<std::string> taxed = short_run;
  taxed.push_back("site.carbon_price=0.1 EUR/kg");
  const RunResult a = run_one(load_model(std::string(GREENFAB_SOURCE_DIR) + "/models/industrial/pump_factory.yaml", short_run));
  const RunResult b = run_one(load_model(std::string(GREENFAB_SOURCE_DIR) + "/models/industrial/pump_factory.yaml", taxed));
  REQUIRE(b.kpi("fleet_fuel_J") > 0);
  CHECK(b.kpi("scope1_kg") == a.kpi("scope1_kg"));
  CHECK(b.kpi("carbon_cost") == Approx(0.1 * b.kpi("scope1_kg")).epsilon(1e-12));
  CHECK(b.kpi("energy_cost") - a.kpi("energy_cost") == Approx(0.1 * b.kpi("scope1_kg")).epsilon(1e-9));
}

TEST_CASE("purchased-goods, mass and carbon-price keys are checked with the key and what was expected",
          "[goods][carbon_price]")
{
  CHECK_THAT(load_error(bracket_line("", "    mass: -2 kg\n")),
             Catch::Contains("products[bracket].mass: must not be negative"));
  CHECK_THAT(load_error(bracket_line() + "site: {carbon_price: 1.2}\n"), Catch::Contains("site.carbon_price"));
  CHECK_THAT(load_error(bracket_line() + "site: {carriers: {electricity: {co2_tax: 1 EUR/kg}}}\n"),
             Catch::Contains("site.carriers.electricity.co2_tax: electricity has no scope 1 emissions"));
}
