// Runs a sweep: scenarios x replications as tasks on a backend, journaled for resume, then one HDF5 file.
#pragma once
#include "experiment/ExperimentSpec.hpp"
#include "experiment/TaskBackend.hpp"
#include "experiment/TaskRunner.hpp"
#include "io/SweepWriter.hpp"
#include "model/ModelSpec.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace greenfab {

/** Progress of a sweep: TaskRunner.hpp. */
using SweepProgress = TaskProgress;

struct SweepOptions {
  std::string output;                  ///< the HDF5 file; the journal is `output + ".journal"`
  bool resume = false;                 ///< continue `output.journal` instead of starting over
  std::string command_line;            ///< stored in the file
  std::vector<std::string> overrides;  ///< --set values given to the loader (part of the fingerprint)
  /** Called on the writer after each durable task and once at the start (may be empty). */
  std::function<void(const SweepProgress&)> on_progress;
  /** Called on the writer for notices ("replacing existing journal ...") (may be empty). */
  std::function<void(const std::string&)> on_notice;
};

struct SweepOutcome {
  bool writer      = true;  ///< false on processes that only simulated (MPI ranks other than 0)
  bool interrupted = false; ///< stopped by SIGINT/SIGTERM; the journal is kept for --resume
  int total        = 0;
  int done         = 0;     ///< durable tasks when the run stopped
  SweepSummary summary;     ///< filled when the file was written
};

/** Fingerprint of everything that determines the task results: experiment text, every scenario model's
 *  source text and overrides, replications, seeds and the overrides given on the command line. */
std::uint64_t sweep_fingerprint(const ExperimentSpec& experiment, const std::vector<ModelSpec>& models,
                                const std::vector<std::string>& overrides);

/** Column names of /tasks that a factor may not take. */
const std::vector<std::string>& reserved_task_columns();

/** Journal path of a sweep output. */
std::string journal_path(const std::string& output);

/**
 * Runs task t = scenario x replications + replication as simulate(models[scenario], replication) on
 * `backend`. On the writer: every finished task is appended to the journal (synced at least every
 * 0.25 s and before it is reported as done); with options.resume the tasks already in the journal are
 * skipped (JournalMismatch if it belongs to another experiment). When all tasks are in, the file is
 * written from the journal in task order (so it does not depend on the backend, the number of workers
 * or interruptions) and the journal is deleted. If interrupted, the journal stays and nothing is
 * written. On other processes: simulates what the backend gives it and returns writer = false.
 * `models` must hold one model per experiment scenario, in order, each with run.replications and
 * run.seed set.
 * @throws ModelError for a factor named like a /tasks column; JournalMismatch; std::runtime_error on I/O.
 */
SweepOutcome run_sweep(const ExperimentSpec& experiment, const std::vector<ModelSpec>& models, TaskBackend& backend,
                       const SweepOptions& options);

} // namespace greenfab
