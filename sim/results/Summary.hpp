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

/** Per-row means across the successful runs of the per-run table `name` (e.g. "stations"): for every
 *  numeric column c, the columns c (mean) and c_hw (half-width); text columns and index as in the first
 *  successful run. No columns if no successful run has the table.
 *  @throws std::logic_error if successful runs disagree on its rows or columns, or some lack it. */
Table summarise_entities(const std::vector<RunResult>& runs, const std::string& name);

/** The per-run table `name` of every successful run, stacked, with a leading "replication" column.
 *  @throws std::logic_error as summarise_entities. */
Table stack_entities(const std::vector<RunResult>& runs, const std::string& name);

/** Names of the tables of the successful runs, in order of first appearance. */
std::vector<std::string> table_names(const std::vector<RunResult>& runs);

} // namespace greenfab
