// One replication of a model on a SimGrid engine; and replications in child processes.
#pragma once
#include "core/Errors.hpp"
#include "model/ModelSpec.hpp"
#include "production/Tracer.hpp"
#include "results/RunResult.hpp"

#include <functional>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace greenfab {

/** How the kernel runs; none of these options changes any result. */
struct KernelOptions {
  /** Let the event calendar run ahead between SimGrid rounds while no actor exists (SimGridDriver). */
  bool run_ahead = true;
};

/**
 * Runs replication `replication` of `spec` in this process: builds the SimGrid platform (one host per
 * station, cores = machines), the line, and runs SimGrid's clock to warm-up + horizon (or `until` if
 * >= 0). SimGrid allows one engine per process and its clock never resets, so call this at most once
 * per process (run_replications forks for you).
 */
RunResult simulate(const ModelSpec& spec, int replication, Tracer* tracer = nullptr, double until = -1,
                   const KernelOptions& options = {});

/** Thrown by run_replications when a run is stopped by SIGINT/SIGTERM (Ctrl-C). */
class Interrupted : public std::runtime_error {
public:
  Interrupted() : std::runtime_error("interrupted") {}
};

/**
 * A replication stopped at one of spec.run.limits (events, wip, memory): the model cannot be run as given,
 * so it is bad input (exit 2). The message names the limit and how to raise it.
 */
class RunLimitError : public ModelError {
public:
  using ModelError::ModelError;
};

/** How a replication stopped by RunLimitError in a task process reports it: this prefix, then the message. */
inline constexpr std::string_view run_limit_status = "failed: run limit reached: ";

/** @throws RunLimitError for the first replication (in order) that stopped at one of spec.run.limits. */
void throw_if_run_limit(const std::vector<RunResult>& runs);

/** Called after each finished replication (in the parent process, in replication order). */
using ProgressCallback = std::function<void(const RunResult&, int done, int total)>;

/**
 * Runs replications [0, spec.run.replications) each in its own child process, `jobs` at a time, and
 * returns them in replication order. Results are byte-identical for any `jobs`. A replication whose
 * process crashes gets status "failed: ..." and the others go on.
 * @throws RunLimitError when a replication reached one of spec.run.limits (the first such, in order).
 */
std::vector<RunResult> run_replications(const ModelSpec& spec, int jobs = 1, const ProgressCallback& progress = {},
                                        const KernelOptions& options = {});

/** The replications run_replications_until_stopped finished. */
struct Replications {
  std::vector<RunResult> runs; ///< the finished ones, in replication order (all of them unless interrupted)
  bool interrupted = false;    ///< SIGINT/SIGTERM stopped the run before every replication finished
};

/**
 * run_replications that keeps what finished when SIGINT/SIGTERM stop it instead of throwing Interrupted:
 * the replications that were running are dropped (never reported as failed), the finished ones are
 * returned, identical to those of an uninterrupted run. Used by `greenfab run` to write a partial file.
 */
Replications run_replications_until_stopped(const ModelSpec& spec, int jobs = 1, const ProgressCallback& progress = {},
                                            const KernelOptions& options = {});

} // namespace greenfab
