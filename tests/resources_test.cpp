// Materials, water and waste: hand-computed deterministic lines, BOM roll-up, scrap identities, and
// the loader's reading of the resource keys.
#include "core/Errors.hpp"
#include "kernel/Simulation.hpp"
#include "model/ModelLoader.hpp"
#include "production/ResourceAccount.hpp"

#include "support/TableCell.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace greenfab;

namespace {
/**
 * Brackets released every 10 min (first at 10 min), cut 3 min then washed 2 min, no scrap: in a
 * 606 min window 60 are released and all 60 finish (the last at 605 min), the line ends empty.
 * Machine time: cut processes 180 min and idles 426 min; wash processes 120 min and idles 486 min.
 */
std::string wash_line(const std::string& run, const std::string& wash_scrap = "")
{
  return R"(
name: wash line
run: )" + run + R"(
materials:
  steel: {recycled: 40 %, price: 1 EUR/kg, waste_type: steel_scrap}
  zinc: {recycled: 0 %, price: 3 EUR/kg}
waste_handling:
  chips: {reused: 50 %, sold: 25 %, disposal_cost: 0.1 EUR/kg}
  steel_scrap: {sold: 90 %, sale_price: 0.2 EUR/kg}
products:
  - name: bracket
    route: [cut, wash]
    materials: {steel: 2 kg, zinc: 100 g}
release: {interarrival: 10 min}
stations:
  - name: cut
    process: 3 min
    water: {processing: 1 l/min}
    waste: {chips: 0.2 kg}
  - name: wash
    process: 2 min
    water: {per_part: 5 l, processing: 2 l/min, idle: 0.5 l/min}
)" + wash_scrap;
}

RunResult run_one(const std::string& text)
{
  const auto runs = run_replications(load_model_text(text, "resources.yaml"), 1);
  REQUIRE(runs.size() == 1);
  REQUIRE(runs[0].status == "ok");
  return runs[0];
}

using test::cell;
} // namespace

TEST_CASE("a deterministic line: material, primary material, water by part and state, waste and its handling",
          "[resources]")
{
  const RunResult r = run_one(wash_line("{horizon: 606 min}"));
  REQUIRE(r.kpi("output_parts") == 60);
  REQUIRE(r.kpi("released_parts") == 60);

  // 60 brackets x (2 kg steel + 0.1 kg zinc); primary: 60 % of the steel, all of the zinc.
  CHECK(r.kpi("material_input_kg") == Approx(126).epsilon(1e-12));
  CHECK(r.kpi("material_input_per_good_part_kg") == Approx(2.1).epsilon(1e-12));
  CHECK(r.kpi("primary_material_kg") == Approx(60 * (2 * 0.6 + 0.1)).epsilon(1e-12));
  CHECK(r.kpi("primary_material_per_good_part_kg") == Approx(1.3).epsilon(1e-12));
  CHECK(r.kpi("material_cost_per_good_part") == Approx(2 * 1 + 0.1 * 3).epsilon(1e-12));
  CHECK(cell(r.materials(), "material", "steel", "secondary_kg") == Approx(48).epsilon(1e-12));
  CHECK(r.materials().find_text("waste_type")->values == std::vector<std::string>{"steel_scrap", "zinc_scrap"});

  // Water [l]: wash 60 x 5 per part + 120 min x 2 processing + 486 min x 0.5 idle; cut 180 min x 1.
  CHECK(cell(r.water(), "station", "wash", "parts_water_m3") == Approx(0.300).epsilon(1e-12));
  CHECK(cell(r.water(), "station", "wash", "processing_water_m3") == Approx(0.240).epsilon(1e-12));
  CHECK(cell(r.water(), "station", "wash", "idle_water_m3") == Approx(0.243).epsilon(1e-12));
  CHECK(cell(r.water(), "station", "cut", "processing_water_m3") == Approx(0.180).epsilon(1e-12));
  CHECK(cell(r.water(), "station", "cut", "idle_water_m3") == 0);
  CHECK(r.kpi("water_m3") == Approx(0.963).epsilon(1e-12));
  CHECK(r.kpi("water_per_good_part_m3") == Approx(0.963 / 60).epsilon(1e-12));

  // Waste: 60 x 0.2 kg chips, no scrap; 50 % reused, 25 % sold, 25 % disposed at 0.1 EUR/kg.
  CHECK(cell(r.waste(), "waste_type", "chips", "generated_kg") == Approx(12).epsilon(1e-12));
  CHECK(cell(r.waste(), "waste_type", "steel_scrap", "generated_kg") == 0);
  CHECK(r.kpi("waste_kg") == Approx(12).epsilon(1e-12));
  CHECK(r.kpi("waste_per_good_part_kg") == Approx(0.2).epsilon(1e-12));
  CHECK(r.kpi("waste_reused_share") == Approx(0.5).epsilon(1e-12));
  CHECK(r.kpi("waste_reused_or_sold_share") == Approx(0.75).epsilon(1e-12));
  CHECK(r.kpi("waste_net_cost_per_good_part") == Approx(3 * 0.1 / 60).epsilon(1e-12));

  // The indicator summary repeats the KPIs; CO2e waits for the site energy balance.
  CHECK(cell(r.indicators(), "indicator", "resource_use", "per_good_part") == Approx(2.1).epsilon(1e-12));
  CHECK(cell(r.indicators(), "indicator", "primary_resource_use", "total") == Approx(78).epsilon(1e-12));
  CHECK(cell(r.indicators(), "indicator", "water_use", "total") == Approx(0.963).epsilon(1e-12));
  CHECK(cell(r.indicators(), "indicator", "waste_generation", "total") == Approx(12).epsilon(1e-12));
  CHECK(std::isnan(cell(r.indicators(), "indicator", "co2e_emissions", "total")));
}

TEST_CASE("resource counts restart at the end of the warm-up", "[resources]")
{
  // Window [5 min, 611 min]: releases at 10 ... 610 min (61), the one at 610 still in the cut at the end.
  const RunResult r = run_one(wash_line("{warmup: 5 min, horizon: 606 min}"));
  CHECK(r.kpi("material_input_kg") == Approx(61 * 2.1).epsilon(1e-12));
  CHECK(cell(r.waste(), "waste_type", "chips", "process_kg") == Approx(60 * 0.2).epsilon(1e-12));
}

TEST_CASE("scrapped parts are waste of their material's waste type", "[resources]")
{
  const RunResult r = run_one(wash_line("{horizon: 606 min, seed: 7}", "    scrap: 30 %\n"));
  const double scrapped = r.kpi("scrapped_parts");
  REQUIRE(scrapped > 0); // 60 draws at 30 %: none scrapped has probability 5e-10
  REQUIRE(r.kpi("output_parts") + scrapped == 60);
  // Scrapped brackets still took their material in.
  CHECK(r.kpi("material_input_kg") == Approx(126).epsilon(1e-12));
  CHECK(r.kpi("material_input_per_good_part_kg") == Approx(126 / r.kpi("output_parts")).epsilon(1e-12));
  CHECK(cell(r.waste(), "waste_type", "steel_scrap", "scrap_kg") == Approx(2 * scrapped).epsilon(1e-12));
  CHECK(cell(r.waste(), "waste_type", "zinc_scrap", "scrap_kg") == Approx(0.1 * scrapped).epsilon(1e-12));
  CHECK(cell(r.materials(), "material", "steel", "scrapped_kg") == Approx(2 * scrapped).epsilon(1e-12));
  // Scrap leaves the wash, so the wash still processed (and watered) all 60.
  CHECK(cell(r.water(), "station", "wash", "parts_water_m3") == Approx(0.300).epsilon(1e-12));
  const double waste = 12 + 2.1 * scrapped;
  CHECK(r.kpi("waste_kg") == Approx(waste).epsilon(1e-12));
  // chips: 75 % reused or sold; steel scrap: 90 % sold; zinc scrap has no handling: all disposed.
  CHECK(r.kpi("waste_reused_or_sold_share") == Approx((12 * 0.75 + 2 * scrapped * 0.9) / waste).epsilon(1e-12));
  CHECK(cell(r.waste(), "waste_type", "zinc_scrap", "disposed_kg") == Approx(0.1 * scrapped).epsilon(1e-12));
  CHECK(cell(r.waste(), "waste_type", "steel_scrap", "sale_revenue") == Approx(2 * scrapped * 0.9 * 0.2).epsilon(1e-12));
}

namespace {
/** A pump assembled from a housing and two impellers, one order every hour (the first at 60 min); every
 *  step takes a minute, so in 570 min 9 orders are released and finished and the line ends empty. */
std::string pump_line(const std::string& test_scrap)
{
  return R"(
name: pump assembly
run: {horizon: 570 min, seed: 12}
materials:
  cast_iron: {recycled: 80 %}
  bronze: {recycled: 50 %, waste_type: bronze_chips}
  copper: {recycled: 0 %}
products:
  - name: pump
    route: [assembly, test]
    bom: {housing: 1, impeller: 2}
    materials: {copper: 1 kg}
  - name: housing
    route: [foundry, assembly]
    materials: {cast_iron: 8 kg}
  - name: impeller
    route: [machining, assembly]
    materials: {bronze: 0.5 kg}
release: {interarrival: 60 min}
stations:
  - {name: foundry, process: 1 min}
  - {name: machining, process: 1 min, waste: {bronze_chips: 0.1 kg}}
  - {name: assembly, process: 1 min}
  - name: test
    process: 1 min
    water: {per_part: 20 l}
)" + test_scrap;
}
} // namespace

TEST_CASE("an assembled part's material is its own plus its components', through the BOM", "[resources]")
{
  const ModelSpec spec = load_model_text(pump_line(""), "pump.yaml");
  const auto per_part  = material_per_part(spec);
  // Materials in catalogue order: cast_iron, bronze, copper; products: pump, housing, impeller.
  CHECK(per_part[0] == std::vector<double>{8, 1, 1});
  CHECK(per_part[1] == std::vector<double>{8, 0, 0});
  CHECK(per_part[2] == std::vector<double>{0, 0.5, 0});

  const RunResult r = run_one(pump_line(""));
  REQUIRE(r.kpi("output_parts") == 9);
  CHECK(r.kpi("material_input_kg") == Approx(90).epsilon(1e-12));
  CHECK(r.kpi("material_input_per_good_part_kg") == Approx(10).epsilon(1e-12));
  CHECK(r.kpi("primary_material_per_good_part_kg") == Approx(8 * 0.2 + 1 * 0.5 + 1).epsilon(1e-12));
  // Impellers: 18 machined x 0.1 kg chips, which share the bronze scrap's waste type.
  CHECK(cell(r.waste(), "waste_type", "bronze_chips", "process_kg") == Approx(1.8).epsilon(1e-12));
  CHECK(r.kpi("water_per_good_part_m3") == Approx(0.020).epsilon(1e-12));
}

TEST_CASE("a scrapped assembly throws away its components' material too", "[resources]")
{
  const RunResult r     = run_one(pump_line("    scrap: 40 %\n"));
  const double scrapped = r.kpi("scrapped_parts");
  REQUIRE(scrapped > 0);
  REQUIRE(r.kpi("output_parts") + scrapped == 9);
  CHECK(cell(r.waste(), "waste_type", "cast_iron_scrap", "scrap_kg") == Approx(8 * scrapped).epsilon(1e-12));
  CHECK(cell(r.waste(), "waste_type", "bronze_chips", "scrap_kg") == Approx(1 * scrapped).epsilon(1e-12));
  CHECK(cell(r.waste(), "waste_type", "copper_scrap", "scrap_kg") == Approx(1 * scrapped).epsilon(1e-12));
  CHECK(r.kpi("material_input_kg") == Approx(90).epsilon(1e-12));
}

TEST_CASE("set_indicator fills the energy and CO2e rows for the site energy balance", "[resources]")
{
  RunResult r = run_one(wash_line("{horizon: 606 min}"));
  set_indicator(r, "co2e_emissions", 30, "scope 1 and 2 (location-based)");
  CHECK(cell(r.indicators(), "indicator", "co2e_emissions", "total") == 30);
  CHECK(cell(r.indicators(), "indicator", "co2e_emissions", "per_good_part") == Approx(0.5).epsilon(1e-12));
  CHECK_THROWS_AS(set_indicator(r, "co2", 1, ""), std::invalid_argument);
}

TEST_CASE("resource keys: defaults, units and messages", "[resources]")
{
  const ModelSpec spec = load_model_text(wash_line("{horizon: 606 min}"), "wash.yaml");
  REQUIRE(spec.resources.materials.size() == 2);
  CHECK(spec.resources.materials[0].recycled == Approx(0.4));
  CHECK(spec.resources.materials[1].price == Approx(3));
  CHECK(spec.resources.currency == "EUR");
  CHECK(spec.products[0].materials[1].mass == Approx(0.1));
  CHECK(spec.stations[1].water.per_part == Approx(0.005));
  CHECK(spec.stations[1].water.by_state.idle == Approx(0.5e-3 / 60));

  auto message = [](const std::string& text) {
    try {
      load_model_text(text, "m.yaml");
    } catch (const ModelError& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  // A material without a catalogue entry, and a recycled share that is not stated.
  const std::string base = "name: m\nproducts: [{name: p, route: [s], materials: {steel: 1 kg}}]\n"
                           "release: {interarrival: 1 min}\nstations: [{name: s, process: 1 min}]\n";
  CHECK_THAT(message(base), Catch::Contains("unknown material 'steel'") && Catch::Contains("materials catalogue"));
  CHECK_THAT(message(base + "materials: {steel: {price: 1 EUR/kg}}\n"),
             Catch::Contains("missing required key 'recycled'"));
  CHECK_THAT(message(base + "materials: {steel: {recycled: 10 %, price: 1 EUR/kg}}\n"
                            "waste_handling: {steel_scrap: {reused: 60 %, sold: 50 %}}\n"),
             Catch::Contains("reused + sold must be at most 100 %"));
  CHECK_THAT(message(base + "materials: {steel: {recycled: 10 %, price: 1 EUR/kg}}\n"
                            "waste_handling: {steel_scrap: {sold: 50 %, sale_price: 0.1 SEK/kg}}\n"),
             Catch::Contains("in one currency"));
}
