// Per-unit figures of a run: energy, emissions, purchased goods, water and waste per good part and per
// tonne of product, from the run's totals (so they follow every total the run has, and nothing else).
#pragma once
#include "results/RunResult.hpp"

namespace greenfab {

/**
 * Appends the per-good-part and per-tonne KPIs (docs/kpis.md#per-unit-figures) of the totals present in
 * `r`: a per-unit figure is exactly its total / `output_parts` or / (`product_mass_kg` / 1000), NaN when
 * the divisor is 0. Per-tonne figures exist only when `product_mass_kg` does (products have a mass), site
 * figures (energy, scope 1 + 2) only with a site section. Call it after the line's and the site's results.
 */
void add_per_unit_kpis(RunResult& r);

} // namespace greenfab
