// Plain-text KPI tables for the terminal.
#pragma once
#include "results/RunResult.hpp"

#include <ostream>

namespace greenfab::cli {

/** KPIs (mean +/- half-width), then per-station and per-buffer tables, averaged over replications. */
void print_report(std::ostream& out, const ResultsFile& results);

} // namespace greenfab::cli
