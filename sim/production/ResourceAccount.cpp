// Resource account of one run: material input from releases and BOMs, water from parts and machine
// state times, waste from processing and scrap, and where the waste goes (industrial symbiosis).
#include "production/ResourceAccount.hpp"
#include "results/TableBuilder.hpp"

#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>

namespace greenfab {
namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

double per(double x, double parts) { return parts > 0 ? x / parts : nan; }

/** Water flow of one machine in `state` [m3/s]; blocked draws the idle rate, as for compressed air. */
double water_rate(const StateRates& w, MachineState state)
{
  switch (state) {
    case MachineState::processing: return w.processing;
    case MachineState::setup: return w.setup;
    case MachineState::idle:
    case MachineState::blocked:
    case MachineState::starved_material: return w.idle;
    case MachineState::down: return w.down;
    case MachineState::off_shift: return w.off_shift;
    case MachineState::standby: return w.standby;
    case MachineState::warm_up: return w.warm_up;
    case MachineState::off: return w.off;
  }
  return 0;
}
} // namespace

std::vector<std::vector<double>> material_per_part(const ModelSpec& spec)
{
  const std::size_t materials = spec.resources.materials.size();
  std::vector<std::vector<double>> mass(spec.products.size());
  // The loader rejects BOM cycles, so the recursion ends; memoised by the non-empty row.
  std::function<const std::vector<double>&(std::size_t)> of = [&](std::size_t p) -> const std::vector<double>& {
    if (not mass[p].empty())
      return mass[p];
    std::vector<double> m(materials, 0.0);
    for (const auto& use : spec.products[p].materials)
      m[static_cast<std::size_t>(use.material)] += use.mass;
    for (const auto& line : spec.products[p].bom) {
      const auto& c = of(static_cast<std::size_t>(line.component));
      for (std::size_t k = 0; k < materials; ++k)
        m[k] += line.quantity * c[k];
    }
    mass[p] = std::move(m);
    return mass[p];
  };
  for (std::size_t p = 0; p < spec.products.size(); ++p)
    of(p);
  return mass;
}

void add_resource_results(const ModelSpec& spec, const ResourceCounts& c, RunResult& r)
{
  const ResourceSpec& res = spec.resources;
  const double good       = c.good_parts;
  const std::string& cur  = res.currency;

  // Materials: input from every part made (own material only: components are made parts themselves),
  // scrap from every part scrapped (with the material of its components).
  const auto rolled = material_per_part(spec);
  std::vector<double> input(res.materials.size(), 0.0), scrapped(res.materials.size(), 0.0);
  for (std::size_t p = 0; p < spec.products.size(); ++p) {
    for (const auto& use : spec.products[p].materials)
      input[static_cast<std::size_t>(use.material)] += static_cast<double>(c.made_by_product[p]) * use.mass;
    for (std::size_t k = 0; k < res.materials.size(); ++k)
      scrapped[k] += static_cast<double>(c.scrapped_by_product[p]) * rolled[p][k];
  }
  TableBuilder mt("materials", "material");
  mt.key("material")
      .text("waste_type")
      .text("variant")
      .text("cradle_to_gate_source")
      .column("recycled_share", "1", "share of recycled (secondary) material in what is bought")
      .column("input_kg", "kg", "material in every part made in the window (good and scrapped, through BOMs)")
      .column("primary_kg", "kg", "primary (virgin) part of the input: input x (1 - recycled share)")
      .column("secondary_kg", "kg", "recycled part of the input")
      .column("scrapped_kg", "kg", "material in scrapped parts (becomes waste of the material's waste type)")
      .column("input_per_good_part_kg", "kg", "input / finished good parts")
      .column("primary_per_good_part_kg", "kg", "primary input / finished good parts")
      .column("cost", cur, "input x price")
      .column("cradle_to_gate_kg_per_kg", "kg/kg", "cradle-to-gate footprint of the material as bought, kg CO2e per kg (NaN: not given)")
      .column("scope3_cat1_kg", "kg", "purchased goods (scope 3 category 1): input x cradle-to-gate factor (NaN: no factor)")
      .column("scope3_cat1_per_good_part_kg", "kg", "scope3_cat1_kg / finished good parts");
  double input_total = 0, primary_total = 0, material_cost = 0;
  // Purchased goods: only materials with a factor add to the total; the covered share says how much of
  // the input that is (a missing factor is unknown, not zero).
  double goods_total = 0, covered_input = 0;
  bool covered_any = false;
  for (const auto& m : res.materials)
    covered_any = covered_any or not std::isnan(m.cradle_to_gate);
  for (std::size_t k = 0; k < res.materials.size(); ++k) {
    const MaterialSpec& m = res.materials[k];
    const double primary  = input[k] * (1 - m.recycled);
    input_total += input[k];
    primary_total += primary;
    material_cost += input[k] * m.price;
    const double goods = input[k] * m.cradle_to_gate; // NaN without a factor
    if (not std::isnan(goods)) {
      goods_total += goods;
      covered_input += input[k];
    }
    mt.row()
        .set("material", m.name)
        .set("waste_type", res.waste_types[static_cast<std::size_t>(m.waste_type)].name)
        .set("variant", m.variant)
        .set("cradle_to_gate_source", m.source)
        .set("recycled_share", m.recycled)
        .set("input_kg", input[k])
        .set("primary_kg", primary)
        .set("secondary_kg", input[k] - primary)
        .set("scrapped_kg", scrapped[k])
        .set("input_per_good_part_kg", per(input[k], good))
        .set("primary_per_good_part_kg", per(primary, good))
        .set("cost", input[k] * m.price)
        .set("cradle_to_gate_kg_per_kg", m.cradle_to_gate)
        .set("scope3_cat1_kg", goods)
        .set("scope3_cat1_per_good_part_kg", per(goods, good));
  }
  r.add_table(mt.take());

  // Purchased goods by product: the material of the parts of this product made in the window (its own
  // material; components count under their own rows, so the rows add up to the total), and the footprint
  // of one finished part with its components through the BOM (what a product carbon footprint starts from).
  Table* products              = r.find_table("products");
  const Column* product_output = products != nullptr ? products->find("output_parts") : nullptr;
  std::vector<double> goods_made(spec.products.size(), 0.0), goods_per_part(spec.products.size(), 0.0);
  double product_mass = 0;
  bool any_mass = false;
  for (std::size_t p = 0; p < spec.products.size(); ++p) {
    for (const auto& use : spec.products[p].materials) {
      const double f = res.materials[static_cast<std::size_t>(use.material)].cradle_to_gate;
      if (not std::isnan(f))
        goods_made[p] += static_cast<double>(c.made_by_product[p]) * use.mass * f;
    }
    for (std::size_t k = 0; k < res.materials.size(); ++k)
      if (not std::isnan(res.materials[k].cradle_to_gate))
        goods_per_part[p] += rolled[p][k] * res.materials[k].cradle_to_gate;
    if (spec.products[p].released and not std::isnan(spec.products[p].mass) and product_output != nullptr) {
      product_mass += product_output->values[p] * spec.products[p].mass;
      any_mass = true;
    }
  }
  if (not covered_any) { // no factor anywhere: unknown, not zero
    goods_made.assign(goods_made.size(), nan);
    goods_per_part.assign(goods_per_part.size(), nan);
  }
  if (products != nullptr and products->rows() == spec.products.size()) { // the line's, one row per product
    Table& pt = *products;
    pt.numeric.push_back({"scope3_cat1_kg", "kg",
                          "purchased goods in the parts of this product made in the window (own material; components "
                          "in their own rows): the rows add up to the scope3_cat1_kg KPI", goods_made});
    pt.numeric.push_back({"scope3_cat1_per_part_kg", "kg",
                          "cradle-to-gate footprint of the purchased material in one finished part, components "
                          "included through the BOM, scrap excluded", goods_per_part});
  }

  // Water per station: per part processed, plus each state's flow x machine time in that state.
  TableBuilder wt("water", "station");
  wt.key("station").column("parts_water_m3", "m3", "water per part processed x parts processed");
  const auto state_name = [](std::size_t k) { return std::string(to_string(static_cast<MachineState>(k))); };
  for (std::size_t k = 0; k < machine_state_count; ++k) {
    std::string what = "water drawn while ";
    what += state_name(k);
    what += " (flow of the state x machine time in it)";
    wt.column(state_name(k) + "_water_m3", "m3", what);
  }
  wt.column("water_m3", "m3", "all water of the station")
      .column("water_per_good_part_m3", "m3", "the station's water / finished good parts of the line");
  double water_total = 0;
  std::vector<double> process_waste(res.waste_types.size(), 0.0);
  for (std::size_t s = 0; s < spec.stations.size(); ++s) {
    const StationSpec& st  = spec.stations[s];
    const double processed = static_cast<double>(c.processed_by_station[s]);
    double station_water   = processed * st.water.per_part;
    auto row               = wt.row();
    row.set("station", st.name).set("parts_water_m3", station_water);
    for (std::size_t k = 0; k < machine_state_count; ++k) {
      const double v = water_rate(st.water.by_state, static_cast<MachineState>(k)) * c.state_time_by_station[s][k];
      station_water += v;
      row.set(state_name(k) + "_water_m3", v);
    }
    row.set("water_m3", station_water).set("water_per_good_part_m3", per(station_water, good));
    water_total += station_water;
    for (const auto& w : st.waste)
      process_waste[static_cast<std::size_t>(w.waste_type)] += processed * w.mass;
  }
  r.add_table(wt.take());

  // Waste by type and where it goes.
  std::vector<double> scrap_waste(res.waste_types.size(), 0.0);
  for (std::size_t k = 0; k < res.materials.size(); ++k)
    scrap_waste[static_cast<std::size_t>(res.materials[k].waste_type)] += scrapped[k];
  TableBuilder xt("waste", "waste type");
  xt.key("waste_type")
      .column("process_kg", "kg", "process waste of stations: mass per part processed x parts processed")
      .column("scrap_kg", "kg", "material of scrapped parts whose material has this waste type")
      .column("generated_kg", "kg", "process + scrap")
      .column("reused_kg", "kg", "generated x reused share (waste_handling)")
      .column("sold_kg", "kg", "generated x sold share (waste_handling)")
      .column("disposed_kg", "kg", "generated - reused - sold")
      .column("per_good_part_kg", "kg", "generated / finished good parts")
      .column("sale_revenue", cur, "sold x sale price")
      .column("disposal_cost", cur, "disposed x disposal cost");
  double waste_total = 0, reused_total = 0, sold_total = 0, waste_net_cost = 0;
  for (std::size_t t = 0; t < res.waste_types.size(); ++t) {
    const WasteTypeSpec& w = res.waste_types[t];
    const double generated = process_waste[t] + scrap_waste[t];
    const double reused = generated * w.reused, sold = generated * w.sold;
    const double disposed = generated - reused - sold;
    waste_total += generated;
    reused_total += reused;
    sold_total += sold;
    waste_net_cost += disposed * w.disposal_cost - sold * w.sale_price;
    xt.row()
        .set("waste_type", w.name)
        .set("process_kg", process_waste[t])
        .set("scrap_kg", scrap_waste[t])
        .set("generated_kg", generated)
        .set("reused_kg", reused)
        .set("sold_kg", sold)
        .set("disposed_kg", disposed)
        .set("per_good_part_kg", per(generated, good))
        .set("sale_revenue", sold * w.sale_price)
        .set("disposal_cost", disposed * w.disposal_cost);
  }
  r.add_table(xt.take());

  // Purchased goods only with a materials catalogue, the product mass only when products have one: a
  // model that describes neither gets no rows of unknowns (docs/kpis.md).
  if (not res.materials.empty())
    r.kpis.insert(r.kpis.end(),
                  {{"scope3_cat1_kg", "kg",
                    "purchased goods (scope 3 category 1): material input x cradle-to-gate factor, over the materials "
                    "that have one (NaN: none has)",
                    covered_any ? goods_total : nan},
                   {"scope3_cat1_covered_share", "1",
                    "share of the material input (kg) that has a cradle-to-gate factor (1: scope3_cat1_kg is complete)",
                    input_total > 0 ? covered_input / input_total : nan}});
  if (any_mass)
    r.kpis.push_back({"product_mass_kg", "kg", "finished good parts x their product's mass", product_mass});
  const double share_base = waste_total > 0 ? waste_total : nan;
  r.kpis.insert(
      r.kpis.end(),
      {
          {"material_input_kg", "kg", "material in every part made (good and scrapped, through BOMs)", input_total},
          {"material_input_per_good_part_kg", "kg", "material input / finished good parts", per(input_total, good)},
          {"primary_material_kg", "kg", "primary (virgin) material input: input x (1 - recycled share)", primary_total},
          {"primary_material_per_good_part_kg", "kg", "primary material input / finished good parts (Net Zero Industry)",
           per(primary_total, good)},
          {"material_cost_per_good_part", cur, "material input x price / finished good parts", per(material_cost, good)},
          {"water_m3", "m3", "water of all stations: per part processed and per machine state time", water_total},
          {"water_per_good_part_m3", "m3", "water / finished good parts", per(water_total, good)},
          {"waste_kg", "kg", "waste generated: process waste and scrapped material", waste_total},
          {"waste_per_good_part_kg", "kg", "waste generated / finished good parts", per(waste_total, good)},
          {"waste_reused_share", "1", "share of the waste reused (industrial symbiosis)", reused_total / share_base},
          {"waste_sold_share", "1", "share of the waste sold on", sold_total / share_base},
          {"waste_reused_or_sold_share", "1", "share of the waste reused or sold on",
           (reused_total + sold_total) / share_base},
          {"waste_net_cost_per_good_part", cur, "(disposal cost - sale revenue of waste) / finished good parts",
           per(waste_net_cost, good)},
      });

  // The five indicators of the Danish baseline, plus Net Zero Industry's primary resource use.
  TableBuilder it("indicators", "indicator");
  it.key("indicator")
      .text("unit")
      .text("covers")
      .column("total", "", "amount in the window, in the row's unit")
      .column("per_good_part", "", "total / finished good parts, in the row's unit");
  auto row = [&](const char* name, const char* unit, double total, const char* covers) {
    it.row()
        .set("indicator", name)
        .set("unit", unit)
        .set("covers", covers)
        .set("total", total)
        .set("per_good_part", per(total, good));
  };
  row("resource_use", "kg", input_total, "material input of every part made, through BOMs, scrapped parts included");
  row("primary_resource_use", "kg", primary_total, "primary (virgin) part of the material input");
  row("water_use", "m3", water_total, "stations: per part processed and per machine state time");
  row("energy_use", "J", c.machine_energy_J,
      "machines only (power of each state x time); site loads, air, heating are not included");
  row("co2e_emissions", "kg", nan, "not computed: filled by the site energy balance (set_indicator)");
  row("waste_generation", "kg", waste_total, "process waste of stations and material of scrapped parts");
  r.add_table(it.take());
}

void set_indicator(RunResult& r, const std::string& indicator, double total, const std::string& covers)
{
  Table* it         = r.find_table("indicators");
  const auto* names = it ? it->find_text("indicator") : nullptr;
  if (names != nullptr)
    for (std::size_t row = 0; row < names->values.size(); ++row)
      if (names->values[row] == indicator) {
        const Kpi* out = r.find("output_parts");
        const double good = out != nullptr ? out->value : nan;
        it->find("total")->values.at(row)         = total;
        it->find("per_good_part")->values.at(row) = per(total, good);
        for (auto& c : it->text)
          if (c.name == "covers")
            c.values.at(row) = covers;
        return;
      }
  throw std::invalid_argument("no indicator '" + indicator + "' in the indicators table");
}

} // namespace greenfab
