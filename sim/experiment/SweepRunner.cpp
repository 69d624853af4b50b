// Sweep orchestration: task list, journal (durability and resume), backend, and the final streamed write.
#include "experiment/SweepRunner.hpp"

#include "core/Errors.hpp"
#include "experiment/Journal.hpp"
#include "results/RunResultCodec.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>

namespace greenfab {

std::uint64_t sweep_fingerprint(const ExperimentSpec& experiment, const std::vector<ModelSpec>& models,
                                const std::vector<std::string>& overrides)
{
  std::uint64_t h = hash_piece(fnv1a64("greenfab sweep journal 1"), experiment.source_text);
  for (const auto& o : experiment.model_overrides)
    h = hash_piece(h, o);
  for (const auto& o : overrides)
    h = hash_piece(h, "--set " + o);
  h = hash_piece(h, std::to_string(experiment.replications) + " " + std::to_string(experiment.seed) + " " +
                        std::to_string(experiment.common_random_numbers));
  for (const auto& s : experiment.scenarios)
    for (const auto& o : s.overrides)
      h = hash_piece(h, std::to_string(s.id) + ":" + o);
  for (const auto& m : models)
    h = hash_piece(hash_piece(h, m.source_text),
                   std::to_string(m.run.seed) + " " + std::to_string(m.run.replications));
  return h;
}

const std::vector<std::string>& reserved_task_columns()
{
  static const std::vector<std::string> names{"task", "scenario", "replication", "seed", "status", "wall_time_s",
                                              "name", "failed"};
  return names;
}

std::string journal_path(const std::string& output) { return output + ".journal"; }

SweepOutcome run_sweep(const ExperimentSpec& experiment, const std::vector<ModelSpec>& models, TaskBackend& backend,
                       const SweepOptions& options)
{
  const auto& reserved = reserved_task_columns();
  for (const auto& f : experiment.factors)
    if (std::find(reserved.begin(), reserved.end(), f.name) != reserved.end())
      throw ModelError(experiment.source_file + ": factor name '" + f.name +
                       "' is a column of the results table; choose another name");
  if (models.size() != experiment.scenarios.size() or models.empty() or experiment.replications < 1)
    throw std::logic_error("run_sweep: " + std::to_string(models.size()) + " models for " +
                           std::to_string(experiment.scenarios.size()) + " scenarios");

  const int reps = experiment.replications;
  // The loader bounds scenarios x replications by max_tasks; the product is checked in 64 bits anyway,
  // as the task ids below are ints.
  const auto tasks = static_cast<long long>(models.size()) * static_cast<long long>(reps);
  if (tasks > max_tasks)
    throw ModelError(experiment.source_file + ": " + std::to_string(models.size()) + " scenarios x " +
                     std::to_string(reps) + " replications is more than the " + std::to_string(max_tasks) +
                     " tasks a sweep runs");
  const int total = static_cast<int>(tasks);
  SweepOutcome outcome;
  outcome.total = total;

  std::vector<Task> all;
  all.reserve(static_cast<std::size_t>(total));
  for (int t = 0; t < total; ++t)
    all.push_back({t, &models[static_cast<std::size_t>(t / reps)], t % reps});

  const bool writer = backend.is_writer();
  if (writer and not options.resume and file_exists(options.output) and options.on_notice)
    options.on_notice("'" + options.output + "' exists and will be replaced when the sweep completes");
  TaskRunOptions run_options;
  run_options.journal     = journal_path(options.output);
  run_options.fingerprint = writer ? sweep_fingerprint(experiment, models, options.overrides) : 0;
  run_options.resume      = options.resume;
  run_options.on_progress = options.on_progress;
  run_options.on_notice   = options.on_notice;
  TaskRun run = run_tasks(all, backend, run_options);
  outcome.writer      = run.writer;
  outcome.interrupted = run.interrupted;
  outcome.done        = run.progress.done;
  if (not run.writer or run.interrupted)
    return outcome;

  outcome.summary = write_sweep(options.output, options.command_line, experiment, models,
                                [&](int t) { return run.result(t); });
  // The results are in the file now; the journal would only make a later --resume rewrite it.
  std::remove(run_options.journal.c_str());
  return outcome;
}

} // namespace greenfab
