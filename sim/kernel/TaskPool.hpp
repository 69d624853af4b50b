// Runs simulation tasks in forked child processes (SimGrid allows one engine per process), N at a time.
#pragma once
#include "kernel/Simulation.hpp"

#include <csignal>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace greenfab {

/** One replication of one (scenario) model: a model built before the run (`spec`, which must outlive
 *  TaskPool::run), or one that the worker builds when the task is dispatched (`build`), so that a study of
 *  thousands of scenarios never holds them all, and the building runs in parallel. */
struct Task {
  Task() = default;
  Task(int id_, const ModelSpec* spec_, int replication_) : id(id_), spec(spec_), replication(replication_) {}

  int id = 0;                     ///< caller's identifier, passed back with the result
  const ModelSpec* spec = nullptr;
  int replication = 0;
  std::function<ModelSpec()> build; ///< used when spec is null; a ModelError becomes a failed result
  std::uint64_t seed = 0;           ///< the master seed, for the result of a task whose model failed to build
  bool kpis_only = false;           ///< return the KPIs and status only, no tables (a study needs only numbers)
  /** The master seed of the task's model. */
  std::uint64_t model_seed() const { return spec != nullptr ? spec->run.seed : seed; }
};

/** The result of a task that did not finish: status "failed: <why>", no KPIs. */
RunResult failed_result(const Task& task, const std::string& why);

/** A task killed by SIGINT or SIGTERM was stopped from outside (Ctrl-C, a scheduler), it did not fail: not
 *  journaled, so --resume runs it again, and not kept by an interrupted `greenfab run`. */
inline bool stopped_from_outside(const RunResult& r)
{
  return r.status.rfind("failed: task process killed by signal " + std::to_string(SIGINT) + " ", 0) == 0 or
         r.status.rfind("failed: task process killed by signal " + std::to_string(SIGTERM) + " ", 0) == 0;
}

/**
 * Each task runs in its own child process; results come back bit-exactly through a pipe. A task whose
 * process crashes, throws or exceeds the time limit yields a RunResult with status "failed: ..."; the
 * others go on. SIGINT/SIGTERM during run() stop it cleanly: running children are killed, no callback
 * is made for them, and run() returns false so the caller can keep what finished.
 */
class TaskPool {
public:
  TaskPool(int jobs, double time_limit_s = 0, KernelOptions options = {});
  /** Calls on_done(task, result) in the parent as each task finishes (completion order). @return false if
   *  interrupted by a signal. */
  bool run(const std::vector<Task>& tasks, const std::function<void(const Task&, RunResult&&)>& on_done);

private:
  int jobs_;
  double time_limit_s_;
  KernelOptions options_;
};

} // namespace greenfab
