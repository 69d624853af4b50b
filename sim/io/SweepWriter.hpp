// Writes a sweep's HDF5 file by streaming task results in task order: memory independent of the task count.
#pragma once
#include "experiment/ExperimentSpec.hpp"
#include "io/Provenance.hpp" // sweep_format, sweep_format_version
#include "model/ModelSpec.hpp"
#include "results/RunResult.hpp"

#include <functional>
#include <string>
#include <vector>

namespace greenfab {

/** The result of task `task` (0 <= task < scenarios x replications) from wherever it is stored. May be
 *  called more than once for a task; must return the same result each time. */
using TaskResultSource = std::function<RunResult(int task)>;

/** What the writer computed on the way, small enough to print: O(scenarios x KPIs), not O(tasks). */
struct SweepSummary {
  Table scenarios;    ///< as written to /scenarios
  Table main_effects; ///< as written to /main_effects
  int tasks  = 0;
  int failed = 0;
  /** The first failures (task id, status), at most 10, for the terminal. */
  std::vector<std::pair<int, std::string>> first_failures;
};

/**
 * Writes the sweep file `path` (layout in docs/hdf5-schema.md, "Sweep files"): task t is replication
 * t % replications of scenario t / replications, whose model is models[t / replications]. Results are
 * fetched one at a time in task order and appended to chunked, extendible datasets; per-scenario
 * statistics and main effects are accumulated on the way, so memory holds one scenario's KPI values,
 * never all results. Atomic like write_results: built as `path.tmp-<pid>`, synced, renamed onto `path`.
 * @throws std::logic_error if models and experiment.scenarios disagree; std::runtime_error naming `path`
 *         on any I/O or HDF5 failure (the temporary file is removed first).
 */
SweepSummary write_sweep(const std::string& path, const std::string& command_line, const ExperimentSpec& experiment,
                         const std::vector<ModelSpec>& models, const TaskResultSource& source);

/** "full_factorial", "one_factor_at_a_time", "latin_hypercube" or "scenarios". */
const char* design_name(ExperimentSpec::Design design);

} // namespace greenfab
