// `greenfab report` on a pathway file: the stored answer and a compact roadmap table.
#pragma once
#include "io/PathwayReader.hpp"

#include <ostream>

namespace greenfab::cli {

/**
 * The answer `greenfab pathway` printed (the file's `answer` dataset, verbatim), then one row per /roadmaps
 * row: name, the years the emissions and energy targets are reached, P(both) with its Wilson interval
 * (p_both_low, p_both_high), the net present cost with its half-width, whether the roadmap is on the Pareto
 * front of (net present cost, target-year emissions, target-year energy) (the file's `dominated` column
 * when it has one), and its measures. Columns are found by name; one the file lacks prints "-".
 */
void print_pathway(std::ostream& out, const StoredPathway& file);

} // namespace greenfab::cli
