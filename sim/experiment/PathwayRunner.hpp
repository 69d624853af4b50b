// Runs a pathway study: every (roadmap or screening set) x year x period x replication as tasks on a
// backend, journaled for --resume, then the analysis (targets, NPC, MAC, attribution, side effects,
// optimiser) and one HDF5 file.
#pragma once
#include "experiment/PathwaySpec.hpp"
#include "experiment/TaskBackend.hpp"
#include "results/Table.hpp"

#include <functional>
#include <string>
#include <vector>

namespace greenfab {

struct PathwayOptions {
  std::string output;                 ///< the HDF5 file; journals `output.journal` (and `.journal2` for --optimise)
  bool resume   = false;
  bool optimise = false;
  std::string command_line;
  std::function<void(int done, int total, int failed, int resumed)> on_progress;
  std::function<void(const std::string&)> on_notice;
  /** Runs the optimiser's finalists when set (under MPI: worker processes of the writer rank, since only
   *  the writer knows the finalists); nullptr: the study's backend. */
  TaskBackend* finalists_backend = nullptr;
};

struct PathwayOutcome {
  bool writer      = true;  ///< false on MPI ranks that only simulated: nothing else is filled in
  bool interrupted = false;
  int done = 0, total = 0, failed = 0;
  std::string answer; ///< the terminal report (per roadmap: target years, P(both), cost, side effects)
  Table years, roadmaps, interventions, attribution; ///< as written to the file (docs/hdf5-schema.md)
  Table samples; ///< replication x uncertain input: the sampled values (no numeric columns without uncertainty:)
};

/** @throws ModelError if a model cannot be built (every model is built before anything runs);
 *  JournalMismatch; std::runtime_error on I/O. */
PathwayOutcome run_pathway(const PathwaySpec& study, TaskBackend& backend, const PathwayOptions& options);

} // namespace greenfab
