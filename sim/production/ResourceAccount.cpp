// Resource account of one run: material input from releases and BOMs, water from parts and machine
// state times, waste from processing and scrap, and where the waste goes (industrial symbiosis).
#include "production/ResourceAccount.hpp"

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
  Table& mt  = r.materials;
  mt.name    = "materials";
  mt.index   = {"material"};
  mt.text    = {{"material", {}}, {"waste_type", {}}};
  mt.numeric = {{"recycled_share", "1", "share of recycled (secondary) material in what is bought", {}},
                {"input_kg", "kg", "material in every part made in the window (good and scrapped, through BOMs)", {}},
                {"primary_kg", "kg", "primary (virgin) part of the input: input x (1 - recycled share)", {}},
                {"secondary_kg", "kg", "recycled part of the input", {}},
                {"scrapped_kg", "kg", "material in scrapped parts (becomes waste of the material's waste type)", {}},
                {"input_per_good_part_kg", "kg", "input / finished good parts", {}},
                {"primary_per_good_part_kg", "kg", "primary input / finished good parts", {}},
                {"cost", cur, "input x price", {}},
                {"cradle_to_gate_kg_per_kg", "kg/kg", "cradle-to-gate footprint of the material as bought, kg CO2e per kg (NaN: not given)", {}},
                {"scope3_cat1_kg", "kg", "purchased goods (scope 3 category 1): input x cradle-to-gate factor (NaN: no factor)", {}},
                {"scope3_cat1_per_good_part_kg", "kg", "scope3_cat1_kg / finished good parts", {}}};
  mt.text.push_back({"variant", {}});
  mt.text.push_back({"cradle_to_gate_source", {}});
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
    mt.text[0].values.push_back(m.name);
    mt.text[1].values.push_back(res.waste_types[static_cast<std::size_t>(m.waste_type)].name);
    const double goods = input[k] * m.cradle_to_gate; // NaN without a factor
    if (not std::isnan(goods)) {
      goods_total += goods;
      covered_input += input[k];
    }
    mt.text[2].values.push_back(m.variant);
    mt.text[3].values.push_back(m.source);
    std::size_t col = 0;
    for (double v : {m.recycled, input[k], primary, input[k] - primary, scrapped[k], per(input[k], good),
                     per(primary, good), input[k] * m.price, m.cradle_to_gate, goods, per(goods, good)})
      mt.numeric[col++].values.push_back(v);
  }

  // Purchased goods by product: the material of the parts of this product made in the window (its own
  // material; components count under their own rows, so the rows add up to the total), and the footprint
  // of one finished part with its components through the BOM (what a product carbon footprint starts from).
  Table& pt = r.products;
  const Column* product_output = pt.find("output_parts");
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
  if (pt.rows() == spec.products.size()) { // the line's products table, one row per product
    pt.numeric.push_back({"scope3_cat1_kg", "kg",
                          "purchased goods in the parts of this product made in the window (own material; components "
                          "in their own rows): the rows add up to the scope3_cat1_kg KPI", goods_made});
    pt.numeric.push_back({"scope3_cat1_per_part_kg", "kg",
                          "cradle-to-gate footprint of the purchased material in one finished part, components "
                          "included through the BOM, scrap excluded", goods_per_part});
  }

  // Water per station: per part processed, plus each state's flow x machine time in that state.
  Table& wt = r.water;
  wt.name   = "water";
  wt.index  = {"station"};
  wt.text   = {{"station", {}}};
  wt.numeric.push_back({"parts_water_m3", "m3", "water per part processed x parts processed", {}});
  for (std::size_t k = 0; k < machine_state_count; ++k) {
    const char* state = to_string(static_cast<MachineState>(k));
    wt.numeric.push_back({std::string(state) + "_water_m3", "m3",
                          std::string("water drawn while ") + state + " (flow of the state x machine time in it)", {}});
  }
  wt.numeric.push_back({"water_m3", "m3", "all water of the station", {}});
  wt.numeric.push_back({"water_per_good_part_m3", "m3", "the station's water / finished good parts of the line", {}});
  double water_total = 0;
  std::vector<double> process_waste(res.waste_types.size(), 0.0);
  for (std::size_t s = 0; s < spec.stations.size(); ++s) {
    const StationSpec& st  = spec.stations[s];
    const double processed = static_cast<double>(c.processed_by_station[s]);
    std::size_t col        = 0;
    double station_water   = processed * st.water.per_part;
    wt.text[0].values.push_back(st.name);
    wt.numeric[col++].values.push_back(station_water);
    for (std::size_t k = 0; k < machine_state_count; ++k) {
      const double v = water_rate(st.water.by_state, static_cast<MachineState>(k)) * c.state_time_by_station[s][k];
      station_water += v;
      wt.numeric[col++].values.push_back(v);
    }
    wt.numeric[col++].values.push_back(station_water);
    wt.numeric[col++].values.push_back(per(station_water, good));
    water_total += station_water;
    for (const auto& w : st.waste)
      process_waste[static_cast<std::size_t>(w.waste_type)] += processed * w.mass;
  }

  // Waste by type and where it goes.
  std::vector<double> scrap_waste(res.waste_types.size(), 0.0);
  for (std::size_t k = 0; k < res.materials.size(); ++k)
    scrap_waste[static_cast<std::size_t>(res.materials[k].waste_type)] += scrapped[k];
  Table& xt  = r.waste;
  xt.name    = "waste";
  xt.index   = {"waste_type"};
  xt.text    = {{"waste_type", {}}};
  xt.numeric = {{"process_kg", "kg", "process waste of stations: mass per part processed x parts processed", {}},
                {"scrap_kg", "kg", "material of scrapped parts whose material has this waste type", {}},
                {"generated_kg", "kg", "process + scrap", {}},
                {"reused_kg", "kg", "generated x reused share (waste_handling)", {}},
                {"sold_kg", "kg", "generated x sold share (waste_handling)", {}},
                {"disposed_kg", "kg", "generated - reused - sold", {}},
                {"per_good_part_kg", "kg", "generated / finished good parts", {}},
                {"sale_revenue", cur, "sold x sale price", {}},
                {"disposal_cost", cur, "disposed x disposal cost", {}}};
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
    xt.text[0].values.push_back(w.name);
    std::size_t col = 0;
    for (double v : {process_waste[t], scrap_waste[t], generated, reused, sold, disposed, per(generated, good),
                     sold * w.sale_price, disposed * w.disposal_cost})
      xt.numeric[col++].values.push_back(v);
  }

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
  Table& it  = r.indicators;
  it.name    = "indicators";
  it.index   = {"indicator"};
  it.text    = {{"indicator", {}}, {"unit", {}}, {"covers", {}}};
  it.numeric = {{"total", "", "amount in the window, in the row's unit", {}},
                {"per_good_part", "", "total / finished good parts, in the row's unit", {}}};
  auto row = [&](const char* name, const char* unit, double total, const char* covers) {
    it.text[0].values.push_back(name);
    it.text[1].values.push_back(unit);
    it.text[2].values.push_back(covers);
    it.numeric[0].values.push_back(total);
    it.numeric[1].values.push_back(per(total, good));
  };
  row("resource_use", "kg", input_total, "material input of every part made, through BOMs, scrapped parts included");
  row("primary_resource_use", "kg", primary_total, "primary (virgin) part of the material input");
  row("water_use", "m3", water_total, "stations: per part processed and per machine state time");
  row("energy_use", "J", c.machine_energy_J,
      "machines only (power of each state x time); site loads, air, heating are not included");
  row("co2e_emissions", "kg", nan, "not computed: filled by the site energy balance (set_indicator)");
  row("waste_generation", "kg", waste_total, "process waste of stations and material of scrapped parts");
}

void set_indicator(RunResult& r, const std::string& indicator, double total, const std::string& covers)
{
  Table& it         = r.indicators;
  const auto* names = it.find_text("indicator");
  if (names != nullptr)
    for (std::size_t row = 0; row < names->values.size(); ++row)
      if (names->values[row] == indicator) {
        const Kpi* out = r.find("output_parts");
        const double good = out != nullptr ? out->value : nan;
        it.numeric[0].values[row] = total;
        it.numeric[1].values[row] = per(total, good);
        it.text[2].values[row]    = covers;
        return;
      }
  throw std::invalid_argument("no indicator '" + indicator + "' in the indicators table");
}

} // namespace greenfab
