// Per good part and per tonne of product, from the totals already in the run result.
#include "results/PerUnit.hpp"

#include <limits>
#include <string>

namespace greenfab {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

/** x / d, NaN when d is 0, negative or unknown: a per-unit figure of nothing produced is not a number. */
double per(double x, double d) { return d > 0 ? x / d : nan; }

double value_or_nan(const RunResult& r, const char* name)
{
  const Kpi* k = r.find(name);
  return k != nullptr ? k->value : nan;
}

} // namespace

void add_per_unit_kpis(RunResult& r)
{
  const double good   = value_or_nan(r, "output_parts");
  const double tonnes = value_or_nan(r, "product_mass_kg") / 1000;
  const bool site     = r.find("energy_use_J") != nullptr;
  std::vector<Kpi> out;
  // Totals that have a per-good-part KPI already (energy_per_part_J, water_per_good_part_m3,
  // waste_per_good_part_kg) get only their per-tonne figure here.
  const bool masses = r.find("product_mass_kg") != nullptr; // products have a mass
  auto per_tonne = [&](const std::string& name, const char* unit, const std::string& what, double total) {
    if (masses)
      out.push_back({name, unit, what + " per tonne of finished good product (product_mass_kg / 1000)", per(total, tonnes)});
  };
  auto per_part = [&](const std::string& name, const char* unit, const std::string& what, double total) {
    out.push_back({name, unit, what + " per finished good part", per(total, good)});
  };
  if (site) {
    const double s1 = value_or_nan(r, "scope1_kg");
    const double s12_loc = s1 + value_or_nan(r, "scope2_location_kg");
    const double s12_mkt = s1 + value_or_nan(r, "scope2_market_kg");
    per_part("scope12_location_per_good_part_kg", "kg", "scope 1 + scope 2 location-based", s12_loc);
    per_part("scope12_market_per_good_part_kg", "kg", "scope 1 + scope 2 market-based", s12_mkt);
    per_tonne("energy_per_tonne_J", "J/t", "energy_use_J", value_or_nan(r, "energy_use_J"));
    per_tonne("scope12_location_per_tonne_kg", "kg/t", "scope 1 + scope 2 location-based", s12_loc);
    per_tonne("scope12_market_per_tonne_kg", "kg/t", "scope 1 + scope 2 market-based", s12_mkt);
  }
  if (const Kpi* g = r.find("scope3_cat1_kg")) {
    const double goods = g->value;
    per_part("scope3_cat1_per_good_part_kg", "kg", "purchased goods (scope 3 category 1)", goods);
    per_tonne("scope3_cat1_per_tonne_kg", "kg/t", "purchased goods (scope 3 category 1)", goods);
  }
  if (const Kpi* w = r.find("water_m3"))
    per_tonne("water_per_tonne_m3", "m3/t", "water_m3", w->value);
  if (const Kpi* w = r.find("waste_kg"))
    per_tonne("waste_per_tonne_kg", "kg/t", "waste_kg", w->value);
  r.kpis.insert(r.kpis.end(), out.begin(), out.end());
}

} // namespace greenfab
