// Pathway studies: intervention arithmetic, the study loader, and end-to-end runs whose results are known
// by hand (a constant load on a grid whose factor follows a straight trajectory).
#include "core/Errors.hpp"
#include "core/Units.hpp"
#include "experiment/PathwayAnalysis.hpp"
#include "experiment/PathwayRunner.hpp"
#include "experiment/PathwaySpec.hpp"
#include "model/Intervention.hpp"
#include "model/ModelLoader.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

using namespace greenfab;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& p, const std::string& text)
{
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

std::string error_of(const std::function<void()>& f)
{
  try {
    f();
  } catch (const ModelError& e) {
    return e.what();
  }
  return "";
}

/** A study directory: a flat grid zone (100 g/kWh in 2025 -> 25 g/kWh in 2040, every hour the annual
 *  mean), a model whose only load is a constant 100 kW base load plus 20 kW lighting, two interventions. */
fs::path make_study(const std::string& name, const std::string& roadmaps, const std::string& extra = "")
{
  const fs::path dir = fs::temp_directory_path() / ("greenfab_pathway_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  write(dir / "flat.yaml", R"(zone: FLAT
source: test
basis: test
annual_mean: 100 g/kWh
year: 2025
monthly: {source: flat, values: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}
hourly:
  source: flat
  weekday: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
  weekend: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
trajectory: {assumption: test straight line, points: [{year: 2040, mean: 25 g/kWh}]}
)");
  write(dir / "model.yaml", R"(name: constant load
run: {start: 2025-01-06T00:00, horizon: 1 w, seed: 1}
products: [{name: p, route: [m]}]
release: {interarrival: exp(1 h)}
stations: [{name: m, process: exp(20 min)}]
site:
  grid: flat.yaml
  country: SE
  carriers: {electricity: {price: 0 EUR/kWh}}
  loads: {base: {on_shift: 100 kW, off_shift: 100 kW}, lighting: {on_shift: 20 kW, off_shift: 20 kW}}
)");
  write(dir / "iv" / "half_base.yaml", R"(id: half_base
category: green_kaizen
description: base load halved
changes: [{path: site.loads.base, multiply: 0.5}]
investment: 100 kEUR
yearly_cost: 0 EUR/a
lifetime: 10 a
assumption: test
)");
  write(dir / "iv" / "no_light.yaml", R"(id: no_light
category: energy_supply
description: lighting off
changes: [{path: site.loads.lighting, set: {on_shift: 0 W, off_shift: 0 W}}]
investment: 10 kEUR
lifetime: 10 a
assumption: test
)");
  write(dir / "study.yaml", R"(name: test study
model: model.yaml
interventions: iv
base_year: 2025
target_year: 2040
year_step: 5 a
targets: {emissions: -60 %, energy: -40 %}
replications: 2
discount_rate: 0 %/a
)" + extra + roadmaps);
  return dir;
}

double cell(const Table& t, const std::string& column, std::size_t row) { return t.find(column)->values.at(row); }

std::size_t row_of(const Table& t, const std::string& roadmap, double year, double rep)
{
  for (std::size_t i = 0; i < t.rows(); ++i)
    if (t.text[0].values[i] == roadmap and cell(t, "year", i) == year and cell(t, "replication", i) == rep)
      return i;
  FAIL("no row " << roadmap << " " << year);
  return 0;
}

} // namespace

TEST_CASE("quantities and distributions scale by their dimensioned numbers", "[pathway]")
{
  CHECK(scale_value_text("20 min", 0.5) == "10 min");
  CHECK(scale_value_text("25 %", 0.4) == "10 %");
  CHECK(scale_value_text("lognormal(20 min, 6 min)", 0.5) == "lognormal(10 min, 3 min)");
  CHECK(scale_value_text("erlang(3, 6 min)", 0.5) == "erlang(3, 3 min)"); // the phase count is a shape
  CHECK(scale_value_text("20", 0.5, true) == "10");
  CHECK(scale_value_text("3", 0.1, true) == "1"); // integers stay >= 1
  CHECK_THROWS_AS(scale_value_text("conwip", 2), UnitError);
  CHECK(parse_quantity("2 %/a", Dimension::annual_rate) == Approx(0.02));
  CHECK(parse_quantity("0.1 1/a", Dimension::annual_rate) == Approx(0.1));
  CHECK_THROWS_AS(parse_quantity("2 %", Dimension::annual_rate), UnitError);
}

TEST_CASE("volume growth makes customers order more often when the model is made to order", "[pathway]")
{
  const fs::path dir = make_study("to_order", "roadmaps: [{name: light, measures: [{intervention: no_light, year: 2030}]}]\n",
                                     "exogenous: {volume_growth: 10 %/a}\n");
  write(dir / "model.yaml", R"yaml(name: made to order
run: {start: 2025-01-06T00:00, horizon: 1 w, seed: 1}
products: [{name: p, route: [m]}]
stations: [{name: m, process: exp(20 min)}]
site:
  grid: flat.yaml
  country: SE
  carriers: {electricity: {price: 0 EUR/kWh}}
  loads: {base: {on_shift: 100 kW, off_shift: 100 kW}, lighting: {on_shift: 20 kW, off_shift: 20 kW}}
transport:
  sites: [{name: plant, role: factory}, {name: a, role: customer}, {name: b, role: customer}]
  distances: [{from: plant, to: a, road: 10 km}, {from: plant, to: b, road: 20 km}]
  loads: {p: {mass: 10 kg}}
  fleets: [{name: vans, type: van, bought: true, intensity: 300 g/tkm}]
  outbound:
    fleet: vans
    customers:
      - {site: a, orders: {interarrival: exp(2 h), quantity: 3}}
      - {site: b, orders: {interarrival: exp(8 h), quantity: 10}}
)yaml");
  const PathwaySpec s = load_pathway((dir / "study.yaml").string());
  const ModelSpec m   = build_pathway_model(s, {}, 2030, s.periods.at(0), "2030");
  REQUIRE(m.release.to_order);
  const double f = std::pow(1.1, 5);
  CHECK(m.transport.outbound.customers[0].orders->interarrival.mean() == Approx(2 * 3600 / f).epsilon(1e-9));
  CHECK(m.transport.outbound.customers[1].orders->interarrival.mean() == Approx(8 * 3600 / f).epsilon(1e-9));
  fs::remove_all(dir);
}

TEST_CASE("ramp-up and fade shape an intervention's effect by year", "[pathway]")
{
  Intervention iv;
  iv.ramp_up_years = 2;
  iv.fade_per_year = 0.1;
  CHECK(effect_share(iv, 2030, 2029) == 0);
  CHECK(effect_share(iv, 2030, 2030) == Approx(0.5));
  CHECK(effect_share(iv, 2030, 2031) == Approx(0.9));       // full ramp x one year of fade
  CHECK(effect_share(iv, 2030, 2033) == Approx(0.729));
  iv.ramp_up_years = 0;
  iv.fade_per_year = 0;
  CHECK(effect_share(iv, 2030, 2030) == 1);
}

TEST_CASE("interventions edit the model tree with wildcards, selectors and clear errors", "[pathway]")
{
  std::vector<Diagnostic> d;
  const YamlValue model = parse_document(R"Y(stations:
  - {name: a, setup: 20 min}
  - {name: b}
  - {name: c, setup: "lognormal(10 min, 2 min)"}
fleets: [{name: x, type: diesel_truck}, {name: y, type: forklift_lpg}]
site: {compressed_air: {leaks: 30 %}}
)Y", "m.yaml", "a model", {}, d);
  REQUIRE(d.empty());
  const Intervention iv = load_intervention_text(R"(id: t
category: lean
description: x
changes:
  - {path: "stations[*].setup", multiply: 0.5}
  - {path: "fleets[type=diesel_truck].type", set: hvo_truck}
  - {path: site.compressed_air.leaks, set: 10 %}
assumption: test
)", "t.yaml");
  YamlValue m = model;
  apply_intervention(m, iv, 1, d);
  INFO((d.empty() ? std::string() : d[0].format()));
  REQUIRE(d.empty());
  CHECK(m.find("stations")->items[0].find("setup")->scalar == "10 min");
  CHECK(m.find("stations")->items[1].find("setup") == nullptr); // no setup: left alone
  CHECK(m.find("stations")->items[2].find("setup")->scalar == "lognormal(5 min, 1 min)");
  CHECK(m.find("fleets")->items[0].find("type")->scalar == "hvo_truck");
  CHECK(m.find("fleets")->items[1].find("type")->scalar == "forklift_lpg");
  // Half the effect: a set of two quantities of one unit is interpolated, a multiply goes half-way.
  YamlValue h = model;
  apply_intervention(h, iv, 0.5, d);
  CHECK(h.find("site")->find("compressed_air")->find("leaks")->scalar == "20 %");
  CHECK(h.find("stations")->items[0].find("setup")->scalar == "15 min");

  const Intervention bad = load_intervention_text(R"(id: pv_big
category: energy_supply
description: x
changes: [{path: "stations[lathe].setup", multiply: 0.5}]
assumption: test
)", "pv.yaml");
  YamlValue b = model;
  apply_intervention(b, bad, 1, d);
  REQUIRE(d.size() == 1);
  CHECK(d[0].file == "pv.yaml");
  CHECK(d[0].message.find("intervention 'pv_big'") != std::string::npos);
  CHECK(d[0].message.find("stations[lathe].setup") != std::string::npos);

  CHECK_THAT(error_of([] { load_intervention_text("id: x\ncategory: lean\ndescription: d\nchanges: [{path: a, multiply: half}]\nassumption: t\n", "x.yaml"); }),
             Catch::Contains("x.yaml:4:31") and Catch::Contains("a plain factor"));
  CHECK_THAT(error_of([] { load_intervention_text("id: x\ncategory: leen\ndescription: d\nchanges: [{path: a, multiply: 2}]\n", "x.yaml"); }),
             Catch::Contains("did you mean 'lean'") and Catch::Contains("missing 'source' or 'assumption'"));
  CHECK_THAT(error_of([] { load_intervention_text("id: x\ncategory: lean\ndescription: d\nchanges: [{path: a, multiply: 2}]\nfade: 5 %\nassumption: t\n", "x.yaml"); }),
             Catch::Contains("fade") and Catch::Contains("%/a"));
}

TEST_CASE("the built-in catalogue loads: at least 20 interventions, every category, each with a source", "[pathway]")
{
  const auto catalogue = load_interventions({builtin_intervention_dir()});
  CHECK(catalogue.size() >= 20);
  for (const auto& category : intervention_categories())
    CHECK(std::count_if(catalogue.begin(), catalogue.end(), [&](const auto& kv) { return kv.second.category == category; }) >= 1);
  for (const auto& [id, iv] : catalogue)
    CHECK(not iv.source.empty()); // (changes are never empty: the loader refuses that)
}

TEST_CASE("Shapley values add up to the total and split an additive game exactly", "[pathway]")
{
  // v(S) = 3 [a in S] + 5 [b in S] + 2 [a and b in S] (an interaction shared equally)
  const std::vector<double> v{0, 3, 5, 10};
  const auto phi = shapley_values(2, v);
  CHECK(phi[0] == Approx(4));
  CHECK(phi[1] == Approx(6));
  std::vector<double> w(8);
  for (std::size_t s = 0; s < 8; ++s)
    w[s] = std::sqrt(static_cast<double>(s)) + (s & 1) * (s & 4) * 0.3;
  const auto p3 = shapley_values(3, w);
  CHECK(p3[0] + p3[1] + p3[2] == Approx(w[7] - w[0]));
  CHECK(yearly_series({2025, 2030}, {10, 0}) == std::vector<double>{10, 8, 6, 4, 2, 0});
  CHECK(first_year_at_or_below({10, 8, 6, 4}, 2025, 6) == 2027);
  CHECK(std::isnan(first_year_at_or_below({10, 8}, 2025, 1)));
  CHECK(capital_recovery_factor(0, 10) == Approx(0.1));
  CHECK(capital_recovery_factor(0.05, 10) == Approx(0.129504575));
}

TEST_CASE("the optimiser finds the known optimum of a small enumerable case", "[pathway]")
{
  // Four options; targets -50 % on both. By hand: {d} alone cuts exactly 50 %/50 % for 15 per year (the
  // optimum); {a, b} cuts 1 - 0.6 x 0.7 = 58 % of emissions and 58 % of energy for 10 + 12 = 22; {b, d}
  // cuts 65 %/70 % for 27; {a, d} is excluded (conflict); {c} meets for 40; every other subset misses.
  OptimiseProblem p;
  p.base_year = 2025;
  p.first_year = p.target_year = 2026; // one start year: npc = annual cost x 1/(1.05)
  p.target_emissions = p.target_energy = -0.5;
  p.options = {{"a", 0.4, 0.3, 0, 10, {}, {3}, {}},
               {"b", 0.3, 0.4, 0, 12, {}, {}, {}},
               {"c", 0.6, 0.6, 0, 40, {}, {}, {}},
               {"d", 0.5, 0.5, 0, 15, {}, {0}, {}}};
  auto best = optimise_roadmap(p, 3);
  REQUIRE(best.size() == 3);
  CHECK(best[0].meets);
  CHECK(best[0].chosen == std::vector<int>{3});
  CHECK(best[0].npc == Approx(15 / 1.05));
  CHECK(best[0].emissions_change == Approx(-0.5));
  CHECK(best[1].chosen == std::vector<int>{0, 1});
  CHECK(best[1].emissions_change == Approx(-0.58));
  CHECK(best[2].chosen == std::vector<int>{3, 1}); // scheduled cheapest abatement first: d, then b
  CHECK(best[2].npc == Approx(27 / 1.05));
  // A budget of 5 per year with investments of 10 each: nothing fits, the empty roadmap is the only one.
  for (auto& o : p.options)
    o.investment = 10;
  p.budget_per_year = 5;
  best = optimise_roadmap(p, 3);
  REQUIRE(best.size() == 1);
  CHECK(best[0].chosen.empty());
  CHECK(not best[0].meets);
}

TEST_CASE("no measures follows the grid trajectory exactly; linear measures give the hand-computed path", "[pathway][validation]")
{
  const fs::path dir = make_study("linear", R"(roadmaps:
  - name: both
    measures: [{intervention: half_base, year: 2030}, {intervention: no_light, year: 2035}]
)");
  const PathwaySpec s = load_pathway((dir / "study.yaml").string());
  REQUIRE(s.years == std::vector<int>{2025, 2030, 2035, 2040});
  auto backend = make_local_backend(2, 0);
  PathwayOptions o;
  o.output = (dir / "out.h5").string();
  const PathwayOutcome r = run_pathway(s, *backend, o);
  REQUIRE(not r.interrupted);
  REQUIRE(r.failed == 0);
  const double year_s = 365 * 86400.0, kW = 1e3, g_per_kWh = 1e-3 / 3.6e6;
  const double factor[] = {100, 75, 50, 25}; // g/kWh: the zone file's straight line
  for (int rep = 0; rep < 2; ++rep)
    for (int k = 0; k < 4; ++k) {
      const int y = 2025 + 5 * k;
      // no_measures: 120 kW all year; emissions = energy x the year's factor, to rounding
      const auto n = row_of(r.years, "no_measures", y, rep);
      CHECK(cell(r.years, "energy_use_per_year_J", n) == Approx(120 * kW * year_s).epsilon(1e-9));
      CHECK(cell(r.years, "emissions_per_year_kg", n) == Approx(120 * kW * year_s * factor[k] * g_per_kWh).epsilon(1e-9));
      // both: half the base load from 2030 (70 kW), no lighting from 2035 (50 kW)
      const double load = y < 2030 ? 120 : y < 2035 ? 70 : 50;
      const auto b      = row_of(r.years, "both", y, rep);
      CHECK(cell(r.years, "energy_use_per_year_J", b) == Approx(load * kW * year_s).epsilon(1e-9));
      CHECK(cell(r.years, "emissions_change", b) == Approx(load * factor[k] / (120 * 100) - 1).epsilon(1e-9));
    }
  // Targets, on the yearly series (linear between simulated years). both: emissions ratio 2030 = 70 x 75 /
  // (120 x 100) = 0.4375, 2035 = 50 x 50 / 12000 = 0.2083, so 2031 = 0.4375 - 0.2292 / 5 = 0.3917 <= 0.4:
  // 2031. Energy ratio 2029 = 1 - 4/5 x (1 - 70/120) = 0.667 > 0.6, 2030 = 0.583: 2030.
  // no_measures: the factor alone falls 5 g/kWh per year and reaches 40 g/kWh (ratio 0.4) in 2037;
  // its energy never falls.
  const Table& rm = r.roadmaps;
  const std::size_t both = 1;
  REQUIRE(rm.text[0].values[both] == "both");
  CHECK(cell(rm, "emissions_target_year_mean", both) == 2031);
  CHECK(cell(rm, "energy_target_year_mean", both) == 2030);
  CHECK(cell(rm, "p_both_by_target_year", both) == 1);
  CHECK(cell(rm, "emissions_target_year_mean", 0) == 2037);
  CHECK(std::isnan(cell(rm, "energy_target_year_mean", 0)));
  CHECK(cell(rm, "p_both_by_target_year", 0) == 0);
  // Attribution (Shapley over the two measures in 2040) adds up to the total reduction in 2040.
  double sum_e = 0, sum_n = 0;
  for (std::size_t i = 0; i < r.attribution.rows(); ++i) {
    sum_e += cell(r.attribution, "emissions_reduction_per_year_kg", i);
    sum_n += cell(r.attribution, "energy_reduction_per_year_J", i);
  }
  CHECK(sum_n == Approx(70 * kW * year_s).epsilon(1e-9));
  CHECK(sum_e == Approx(70 * kW * year_s * 25 * g_per_kWh).epsilon(1e-9));
  // Linear effects: each measure gets exactly its own saving (half_base 50 kW, no_light 20 kW).
  CHECK(cell(r.attribution, "energy_reduction_per_year_J", 0) == Approx(50 * kW * year_s).epsilon(1e-9));
  // Net present cost at 0 %: annualised investments (100 kEUR / 10 a from 2030, 10 kEUR / 10 a from 2035).
  CHECK(cell(rm, "net_present_cost", both) == Approx(10e3 * 11 + 1e3 * 6).epsilon(1e-9));
  fs::remove_all(dir);
}

namespace {

/** Every numeric cell and text cell equal, NaN equal to NaN: "bit for bit" for the tables we compare. */
void require_same(const Table& a, const Table& b)
{
  REQUIRE(a.rows() == b.rows());
  REQUIRE(a.numeric.size() == b.numeric.size());
  for (std::size_t c = 0; c < a.numeric.size(); ++c)
    for (std::size_t i = 0; i < a.rows(); ++i) {
      const double x = a.numeric[c].values[i], y = b.numeric[c].values[i];
      INFO(a.name << "." << a.numeric[c].name << " row " << i);
      CHECK(((std::isnan(x) and std::isnan(y)) or x == y));
    }
  for (std::size_t c = 0; c < a.text.size(); ++c)
    CHECK(a.text[c].values == b.text[c].values);
}

PathwayOutcome run_study(const fs::path& dir, int jobs, const std::vector<std::string>& overrides = {})
{
  const PathwaySpec s = load_pathway((dir / "study.yaml").string(), overrides);
  auto backend        = make_local_backend(jobs, 0);
  PathwayOptions o;
  o.output                 = (dir / ("out" + std::to_string(jobs) + ".h5")).string();
  const PathwayOutcome out = run_pathway(s, *backend, o);
  REQUIRE(not out.interrupted);
  REQUIRE(out.failed == 0);
  return out;
}

const char* const both_roadmap = R"~(roadmaps:
  - name: both
    measures: [{intervention: half_base, year: 2030}, {intervention: no_light, year: 2035}]
)~";

} // namespace

TEST_CASE("a degenerate uncertainty (constant 100 %) reproduces the study without uncertainty bit for bit", "[pathway]")
{
  const fs::path plain = make_study("plain", both_roadmap);
  const fs::path degen = make_study("degenerate", both_roadmap, R"~(uncertainty:
  samples: 2                                   # = replications
  effects: {half_base: "100 %", no_light: "const(100 %)"}
  volume_growth: "0 %/a"
  scale: [{path: site.loads.base, factor: "100 %"}]
)~");
  const PathwayOutcome a = run_study(plain, 2), b = run_study(degen, 2);
  require_same(a.years, b.years);
  require_same(a.roadmaps, b.roadmaps);
  require_same(a.interventions, b.interventions);
  require_same(a.attribution, b.attribution);
  REQUIRE(b.samples.rows() == 2);
  CHECK(b.samples.find("effects.half_base")->values == std::vector<double>{1, 1});
  CHECK(b.samples.find("scale.site.loads.base")->values == std::vector<double>{1, 1});
  CHECK(b.answer.find("half_base ~ 100 %") != std::string::npos);
  CHECK(a.answer.find("replication noise only") != std::string::npos);
  fs::remove_all(plain);
  fs::remove_all(degen);
}

TEST_CASE("cost multipliers scale each replication's net present cost and leave the plant alone", "[pathway]")
{
  // At 0 % discount the roadmap's NPC is 100 kEUR / 10 a x 11 years + 10 kEUR / 10 a x 6 years (energy is
  // free): with half_base's costs doubled and no_light's halved, 2 x 110 k + 0.5 x 6 k (constant draws
  // keep the check exact; the sampled case is the same sum per replication).
  const fs::path plain = make_study("costs_plain", both_roadmap);
  const fs::path costs = make_study("costs", both_roadmap, R"~(uncertainty:
  samples: 2
  costs: {half_base: "200 %", no_light: "50 %"}
)~");
  const PathwayOutcome a = run_study(plain, 2), b = run_study(costs, 2);
  require_same(a.years, b.years); // the simulated plant is the same
  const std::size_t both = 1;
  REQUIRE(b.roadmaps.text[0].values[both] == "both");
  CHECK(cell(a.roadmaps, "net_present_cost", both) == Approx(110e3 + 6e3).epsilon(1e-12));
  CHECK(cell(b.roadmaps, "net_present_cost", both) == Approx(2 * 110e3 + 0.5 * 6e3).epsilon(1e-12));
  CHECK(cell(b.roadmaps, "investment", both) == Approx(2 * 100e3 + 0.5 * 10e3).epsilon(1e-12));
  CHECK(b.samples.find("costs.half_base")->values == std::vector<double>{2, 2});
  CHECK(b.answer.find("half_base ~ 200 %") != std::string::npos);
  fs::remove_all(plain);
  fs::remove_all(costs);
}

TEST_CASE("a grid factor multiplier scales the zone's factors, 1 in the base year and the draw in the target year",
          "[pathway]")
{
  // The flat zone: 100, 75, 50, 25 g/kWh in 2025..2040. grid_factor 50 %: g(y) = 1 - 0.5 (y - 2025) / 15.
  const fs::path dir = make_study("grid_factor", both_roadmap, R"~(uncertainty:
  samples: 2
  grid_factor: "50 %"
)~");
  const PathwayOutcome r = run_study(dir, 2);
  const double year_s = 365 * 86400.0, kW = 1e3, g_per_kWh = 1e-3 / 3.6e6;
  const int years[]       = {2025, 2030, 2035, 2040};
  const double factor[]   = {100, 75, 50, 25};
  for (int k = 0; k < 4; ++k) {
    const double g = 1 - 0.5 * (years[k] - 2025) / 15.0;
    const auto n   = row_of(r.years, "no_measures", years[k], 1);
    CHECK(cell(r.years, "emissions_per_year_kg", n) ==
          Approx(120 * kW * year_s * factor[k] * g * g_per_kWh).epsilon(1e-9));
  }
  CHECK(r.samples.find("grid_factor")->values == std::vector<double>{0.5, 0.5});
  fs::remove_all(dir);
  // The site key the shorthand scales, as a model states it.
  const ModelSpec m = load_model_text(R"(
name: half grid
run: {horizon: 1 d}
products: [{name: p, route: [m]}]
release: {interarrival: exp(1 h)}
stations: [{name: m, process: exp(20 min)}]
site: {grid: SE3, grid_scale: 50 %, loads: {base: {on_shift: 100 kW, off_shift: 100 kW}}}
)",
                                      "half.yaml");
  REQUIRE(m.site->grid_scale == 0.5);
}

TEST_CASE("an effect multiplier uniform(0 %, 100 %) on a linear measure gives the analytic P(target met)", "[pathway][validation]")
{
  // half_base from 2030 at multiplier m saves 50 m kW of 120 kW. Energy target -30 %: met by 2040 iff
  // 50 m / 120 >= 0.3, i.e. m >= 0.72, probability 0.28. Emissions (-60 %): the grid alone brings 2040 to
  // 25 % of 2025, so always met; P(both) = 0.28. 200 samples (sampling sd 0.032) keep it under a minute.
  const int n          = 200;
  const fs::path dir   = make_study("uniform", R"~(roadmaps:
  - name: half
    measures: [{intervention: half_base, year: 2030}]
)~", "uncertainty: {samples: " + std::to_string(n) + R"~(, effects: {half_base: "uniform(0 %, 100 %)"}}
)~");
  // Only the base and target years: the answer needs 2040 alone, and the test stays fast.
  const PathwayOutcome r = run_study(dir, 2, {"year_step=15 a", "targets.energy=-30 %", "replications=" + std::to_string(n)});
  const Column* m        = r.samples.find("effects.half_base");
  REQUIRE(m != nullptr);
  REQUIRE(m->values.size() == static_cast<std::size_t>(n));
  int above = 0;
  for (double x : m->values) {
    CHECK((x >= 0 and x <= 1));
    above += x >= 0.72;
  }
  const double year_s = 365 * 86400.0, kW = 1e3;
  // Each replication's 2040 energy is exactly the linear function of its own draw.
  for (int k = 0; k < n; k += 37)
    CHECK(cell(r.years, "energy_use_per_year_J", row_of(r.years, "half", 2040, k)) ==
          Approx((120 - 50 * m->values[static_cast<std::size_t>(k)]) * kW * year_s).epsilon(1e-9));
  const double p = cell(r.roadmaps, "p_both_by_target_year", 1);
  CHECK(p == static_cast<double>(above) / n);               // the share of samples meeting both, exactly
  CHECK(std::abs(p - 0.28) < 4 * std::sqrt(0.28 * 0.72 / n)); // the analytic probability, within sampling error
  CHECK(cell(r.roadmaps, "emissions_target_reached_share", 1) == 1);
  fs::remove_all(dir);
}

TEST_CASE("sampled studies do not depend on -j; draws are common to all roadmaps", "[pathway]")
{
  const fs::path dir = make_study("sampled_j", both_roadmap, R"~(uncertainty:
  samples: 2
  effects: {half_base: "triangular(60 %, 100 %, 120 %)"}
  scale: [{path: site.loads.lighting, factor: "uniform(50 %, 150 %)"}]
)~");
  const PathwayOutcome a = run_study(dir, 1), b = run_study(dir, 2);
  require_same(a.years, b.years);
  require_same(a.roadmaps, b.roadmaps);
  require_same(a.samples, b.samples);
  // The lighting scale reaches no_measures too (an exogenous input): 2040 load = 100 + 20 x factor.
  const double year_s = 365 * 86400.0, kW = 1e3;
  for (int k = 0; k < 2; ++k) {
    const double f = a.samples.find("scale.site.loads.lighting")->values[static_cast<std::size_t>(k)];
    CHECK(cell(a.years, "energy_use_per_year_J", row_of(a.years, "no_measures", 2040, k)) ==
          Approx((100 + 20 * f) * kW * year_s).epsilon(1e-9));
    CHECK(cell(a.years, "energy_use_per_year_J", row_of(a.years, "no_measures", 2025, k)) ==
          Approx(120 * kW * year_s).epsilon(1e-9));
  }
  fs::remove_all(dir);
}

TEST_CASE("uncertainty blocks are checked", "[pathway]")
{
  const fs::path dir = make_study("bad_uncertainty", both_roadmap, R"~(uncertainty:
  samples: 5
  effects: {half_bas: "uniform(0 %, 100 %)", no_light: "uniform(1 min, 2 min)"}
)~");
  const std::string e = error_of([&] { load_pathway((dir / "study.yaml").string()); });
  CHECK(e.find("samples sets the replications") != std::string::npos);
  CHECK(e.find("unknown intervention 'half_bas'") != std::string::npos);
  CHECK(e.find("uncertainty.effects.no_light") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("a roadmap whose measures start on grid years has identical values at the common years of both grids",
          "[pathway][years]")
{
  const fs::path dir        = make_study("grids", both_roadmap);
  const PathwayOutcome five = run_study(dir, 2);
  const PathwayOutcome one  = run_study(dir, 2, {"year_step=1 a"});
  for (const char* roadmap : {"no_measures", "both"})
    for (int y = 2025; y <= 2040; y += 5)
      for (int rep = 0; rep < 2; ++rep) {
        const std::size_t a = row_of(five.years, roadmap, y, rep), b = row_of(one.years, roadmap, y, rep);
        for (const auto& c : five.years.numeric) {
          INFO(roadmap << " " << y << " " << c.name);
          const double x = c.values[a], z = one.years.find(c.name)->values[b];
          CHECK(((std::isnan(x) and std::isnan(z)) or x == z));
        }
      }
  // The yearly grid simulates every year, so there is no interpolation to check.
  CHECK(one.years.rows() == 2 * 16 * 2);
  CHECK(cell(one.roadmaps, "interpolation_check_year", 1) == 0);
  CHECK(std::isnan(cell(one.roadmaps, "interpolation_error_energy", 1)));
  CHECK_THAT(one.answer, Catch::Contains("every year simulated"));
  fs::remove_all(dir);
}

TEST_CASE("a coarse grid measures its interpolation error at an off-grid year, by hand", "[pathway][years]")
{
  // half_base starts in 2027, between the grid years 2025 and 2030. Simulated, 2027 runs at 70 kW; the
  // 5-year grid interpolates 120 + 2/5 x (70 - 120) = 100 kW: off by 30 kW = 25 % of the base year's 120 kW.
  const fs::path dir = make_study("check", R"(roadmaps:
  - name: late
    measures: [{intervention: half_base, year: 2027}]
)");
  const PathwayOutcome r = run_study(dir, 2);
  CHECK(cell(r.roadmaps, "interpolation_check_year", 1) == 2027);
  CHECK(cell(r.roadmaps, "interpolation_error_energy", 1) == Approx(30.0 / 120).epsilon(1e-9));
  // no_measures: a constant load on a straight grid trajectory interpolates exactly (its check is 2026).
  CHECK(cell(r.roadmaps, "interpolation_check_year", 0) == 2026);
  CHECK(cell(r.roadmaps, "interpolation_error_energy", 0) == Approx(0).margin(1e-12));
  CHECK(cell(r.roadmaps, "interpolation_error_emissions", 0) == Approx(0).margin(1e-9));
  CHECK_THAT(r.answer, Catch::Contains("off by up to 25 points") and Catch::Contains("(late, 2027)"));
  fs::remove_all(dir);
}

TEST_CASE("a carbon price follows an exogenous trajectory year by year, like any model value", "[pathway][carbon_price]")
{
  const fs::path dir = make_study("carbon_price", "roadmaps: [{name: light, measures: [{intervention: no_light, year: 2030}]}]\n",
                                  "exogenous:\n  trajectories:\n    - {path: site.carbon_price, values: {2025: 0 EUR/kg, 2035: 0.2 EUR/kg}}\n");
  const PathwaySpec s = load_pathway((dir / "study.yaml").string());
  // The model does not state a carbon price: the trajectory adds the key (linear between points, flat after).
  CHECK(build_pathway_model(s, {}, 2025, s.periods.at(0), "2025").site->carbon_price_per_kg == 0);
  CHECK(build_pathway_model(s, {}, 2030, s.periods.at(0), "2030").site->carbon_price_per_kg == Approx(0.1).epsilon(1e-12));
  CHECK(build_pathway_model(s, {}, 2040, s.periods.at(0), "2040").site->carbon_price_per_kg == Approx(0.2).epsilon(1e-12));
  fs::remove_all(dir);
}

TEST_CASE("a study can count purchased goods in its emissions target", "[pathway][goods]")
{
  const fs::path dir = make_study("with_goods", "roadmaps: [{name: light, measures: [{intervention: no_light, year: 2030}]}]\n",
                                  "emissions: co2e_location_with_goods\n");
  CHECK(load_pathway((dir / "study.yaml").string()).emissions_kpi == "co2e_location_with_goods_per_year_kg");
  fs::remove_all(dir);
}

TEST_CASE("a pathway carries the run's steady-state warning into the roadmap that causes it", "[pathway][warnings]")
{
  // From 2030 the measure raises the order rate of a station that serves one order in 20 min on average
  // from 1.5/h (rho = 0.5) to 4/h against a capacity of 3/h: the queue is overloaded, its WIP grows through
  // the window and Little's law no longer holds on it; before 2030 it does.
  const fs::path dir = make_study("warnings", R"(roadmaps:
  - name: rush
    measures: [{intervention: double_orders, year: 2030}]
)", "set: {release.interarrival: exp(40 min), run.warmup: 1 d}\n");
  write(dir / "iv" / "double_orders.yaml", R"(id: double_orders
category: lean
description: more orders than the station can serve
changes: [{path: release.interarrival, set: exp(15 min)}]
investment: 0 EUR
lifetime: 10 a
assumption: test
)");
  const PathwayOutcome r = run_study(dir, 2);
  const std::string& rush = r.roadmaps.find_text("warnings")->values.at(1);
  CHECK_THAT(rush, Catch::StartsWith("Little's law off") and Catch::Contains("in 2030-2040"));
  CHECK(r.roadmaps.find_text("warnings")->values.at(0).empty()); // no_measures: rho = 0.5 all along
  CHECK_THAT(r.answer, Catch::Contains("warnings (what `greenfab run` would say") and Catch::Contains("rush: Little's law off"));
  fs::remove_all(dir);
}

TEST_CASE("a measure whose abatement is within noise is labelled so and not ranked by abatement cost", "[pathway][mac]")
{
  // The site's only loads are constant: half_base cuts exactly 50 kW in every replication (half-width 0,
  // ranked), a faster machine changes production but not a joule (abatement exactly 0: within noise).
  const fs::path dir = make_study("noise", R"(roadmaps:
  - name: mixed
    measures: [{intervention: half_base, year: 2030}, {intervention: faster, year: 2030}]
)");
  write(dir / "iv" / "faster.yaml", R"(id: faster
category: lean
description: shorter cycle
changes: [{path: "stations[m].process", set: exp(10 min)}]
investment: 1 kEUR
lifetime: 10 a
assumption: test
)");
  const PathwayOutcome r = run_study(dir, 2);
  const Table& iv        = r.interventions;
  auto row               = [&](const std::string& id) {
    const auto& names = iv.text[0].values;
    return static_cast<std::size_t>(std::find(names.begin(), names.end(), id) - names.begin());
  };
  const std::size_t half = row("half_base"), faster = row("faster");
  REQUIRE(faster < iv.rows());
  CHECK(cell(iv, "abatement_hw_kg", half) == Approx(0).margin(1e-6));
  CHECK(cell(iv, "within_noise", half) == 0);
  CHECK(std::isfinite(cell(iv, "mac_per_t", half)));
  CHECK(cell(iv, "abatement_per_year_kg", faster) == 0);
  CHECK(cell(iv, "within_noise", faster) == 1);
  CHECK(std::isnan(cell(iv, "mac_per_t", faster)));
  CHECK_THAT(r.answer, Catch::Contains("within noise"));
  fs::remove_all(dir);
}
