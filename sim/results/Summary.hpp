// Across-replication statistics: means and Student-t confidence half-widths for every KPI and table cell.
#pragma once
#include "results/RunResult.hpp"

#include <vector>

namespace greenfab {

/** A point estimate with its confidence half-width (NaN when n < 2). */
struct Estimate {
  double mean       = 0;
  double half_width = 0;
  int n             = 0;
};

/** Sample mean and Student-t half-width at `confidence` (two-sided) of independent replications. */
Estimate estimate(const std::vector<double>& xs, double confidence = 0.95);

/** One row per replication: replication, seed, status, wall_time_s, events, then every KPI. */
Table runs_table(const std::vector<RunResult>& runs);

/** One row per KPI ("kpi" index): unit, mean, half_width, n, min, max over the successful runs. */
Table summarise_kpis(const std::vector<RunResult>& runs);

/** Per-entity means across runs of a per-run table (e.g. &RunResult::stations): for every numeric
 *  column c, the columns c (mean) and c_hw (half-width). Rows keep the first text column as index. */
Table summarise_entities(const std::vector<RunResult>& runs, Table RunResult::*which);

/** A per-run table stacked over replications, with a leading "replication" column. */
Table stack_entities(const std::vector<RunResult>& runs, Table RunResult::*which);

} // namespace greenfab
