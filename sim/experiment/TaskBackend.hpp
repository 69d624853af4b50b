// Where sweep tasks run: worker processes on this machine, or MPI ranks on a cluster.
#pragma once
#include "kernel/TaskPool.hpp"

#include <csignal>
#include <functional>
#include <string>
#include <memory>
#include <vector>

namespace greenfab {

/**
 * Runs a list of tasks and hands every result to the single writer process. Every process of a run
 * (every MPI rank) builds the same task list from the same experiment, so tasks travel as ids.
 */
class TaskBackend {
public:
  virtual ~TaskBackend() = default;
  /** True on the one process that receives results and writes the output (always true locally). */
  virtual bool is_writer() const = 0;
  /** Number of processes simulating at once (for progress and logs). */
  virtual int workers() const = 0;
  /** Runs `tasks`; on the writer, calls on_done(task, result) as each finishes (completion order).
   *  @return false if interrupted (SIGINT/SIGTERM); what finished before has been delivered. */
  virtual bool run(const std::vector<Task>& tasks, const std::function<void(const Task&, RunResult&&)>& on_done) = 0;
};

/** Worker processes on this machine (TaskPool): `jobs` at a time. */
std::unique_ptr<TaskBackend> make_local_backend(int jobs, double time_limit_s);

/** True when this process was started by mpirun with more than one rank. */
bool launched_by_mpi();

/** MPI ranks (rank 0 writes, the others simulate). Only when launched_by_mpi(); throws if greenfab was
 *  built without MPI. */
std::unique_ptr<TaskBackend> make_mpi_backend(double time_limit_s);

} // namespace greenfab
