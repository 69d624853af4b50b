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
namespace {
using Clock = std::chrono::steady_clock;

} // namespace

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

  if (not backend.is_writer()) {
    // Other ranks get tasks by id from the writer; they need the full list to look them up.
    outcome.writer      = false;
    outcome.interrupted = not backend.run(all, [](const Task&, RunResult&&) {});
    return outcome;
  }

  auto notice = [&](const std::string& s) {
    if (options.on_notice)
      options.on_notice(s);
  };
  const std::string jpath         = journal_path(options.output);
  const std::uint64_t fingerprint = sweep_fingerprint(experiment, models, options.overrides);
  Journal journal;
  SweepProgress progress;
  progress.total = total;
  if (options.resume and file_exists(jpath)) {
    journal = Journal::resume(jpath, fingerprint, static_cast<std::uint64_t>(total));
    if (journal.truncated_bytes() > 0)
      notice("journal '" + jpath + "': dropped a damaged last record (" + std::to_string(journal.truncated_bytes()) +
             " bytes); that task runs again");
    for (const auto& entry : journal.entries())
      if (decode_run_result(journal.read(entry)).status != "ok")
        ++progress.failed;
    progress.resumed = progress.done = static_cast<int>(journal.entries().size());
    notice("resuming: " + std::to_string(progress.done) + " of " + std::to_string(total) +
           " tasks already done (from '" + jpath + "')");
  } else {
    if (options.resume)
      notice("no journal '" + jpath + "' to resume from: running all tasks");
    else if (file_exists(jpath))
      notice("replacing the journal of an earlier sweep '" + jpath + "' (use --resume to continue it)");
    if (file_exists(options.output))
      notice("'" + options.output + "' exists and will be replaced when the sweep completes");
    journal = Journal::create(jpath, fingerprint, static_cast<std::uint64_t>(total));
  }

  std::vector<bool> have(static_cast<std::size_t>(total), false);
  for (const auto& entry : journal.entries())
    have[static_cast<std::size_t>(entry.task)] = true;
  std::vector<Task> todo;
  for (const auto& task : all)
    if (not have[static_cast<std::size_t>(task.id)])
      todo.push_back(task);

  if (options.on_progress)
    options.on_progress(progress);
  int failed_appended = progress.failed;
  auto last_sync      = Clock::now();
  auto sync           = [&] {
    journal.sync();
    last_sync       = Clock::now();
    progress.done   = static_cast<int>(journal.synced());
    progress.failed = failed_appended;
    if (options.on_progress)
      options.on_progress(progress);
  };
  const bool completed = backend.run(todo, [&](const Task& task, RunResult&& result) {
    if (stopped_from_outside(result))
      return;
    journal.append(task.id, encode(result));
    if (result.status != "ok")
      ++failed_appended;
    // Syncing after every task costs a disk flush each; a quarter second bounds what a power cut can lose.
    if (Clock::now() - last_sync >= std::chrono::milliseconds(250))
      sync();
  });
  sync();
  outcome.done = progress.done;
  if (not completed or outcome.done < total) {
    outcome.interrupted = true;
    return outcome;
  }

  // Index by task id, so the file is written in task order whatever order tasks finished in.
  std::vector<JournalEntry> by_task(static_cast<std::size_t>(total));
  for (const auto& entry : journal.entries())
    by_task[static_cast<std::size_t>(entry.task)] = entry;
  outcome.summary = write_sweep(options.output, options.command_line, experiment, models, [&](int t) {
    return decode_run_result(journal.read(by_task[static_cast<std::size_t>(t)]));
  });
  // The results are in the file now; the journal would only make a later --resume rewrite it.
  std::remove(jpath.c_str());
  return outcome;
}

} // namespace greenfab
