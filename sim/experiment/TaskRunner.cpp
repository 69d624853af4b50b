// The journal loop shared by sweeps and pathways.
#include "experiment/TaskRunner.hpp"
#include "results/RunResultCodec.hpp"

#include <chrono>

namespace greenfab {

RunResult TaskRun::result(int task) const
{
  return decode_run_result(journal.read(by_task.at(static_cast<std::size_t>(task))));
}

TaskRun run_tasks(const std::vector<Task>& tasks, TaskBackend& backend, const TaskRunOptions& options)
{
  using Clock = std::chrono::steady_clock;
  TaskRun run;
  const int total = static_cast<int>(tasks.size());
  if (not backend.is_writer()) {
    // Other ranks get tasks by id from the writer; they need the full list to look them up.
    run.writer      = false;
    run.interrupted = not backend.run(tasks, [](const Task&, RunResult&&) {});
    return run;
  }
  auto notice = [&](const std::string& s) {
    if (options.on_notice)
      options.on_notice(s);
  };
  TaskProgress& progress = run.progress;
  progress.total         = total;
  Journal& journal       = run.journal;
  if (options.resume and file_exists(options.journal)) {
    journal = Journal::resume(options.journal, options.fingerprint, static_cast<std::uint64_t>(total));
    if (journal.truncated_bytes() > 0)
      notice("journal '" + options.journal + "': dropped a damaged last record (" +
             std::to_string(journal.truncated_bytes()) + " bytes); that task runs again");
    for (const auto& entry : journal.entries())
      if (decode_run_result(journal.read(entry)).status != "ok")
        ++progress.failed;
    progress.resumed = progress.done = static_cast<int>(journal.entries().size());
    notice("resuming: " + std::to_string(progress.done) + " of " + std::to_string(total) +
           " tasks already done (from '" + options.journal + "')");
  } else {
    if (options.resume)
      notice("no journal '" + options.journal + "' to resume from: running all tasks");
    else if (file_exists(options.journal))
      notice("replacing the journal of an earlier run '" + options.journal + "' (use --resume to continue it)");
    journal = Journal::create(options.journal, options.fingerprint, static_cast<std::uint64_t>(total));
  }

  std::vector<bool> have(static_cast<std::size_t>(total), false);
  for (const auto& entry : journal.entries())
    have[static_cast<std::size_t>(entry.task)] = true;
  std::vector<Task> todo;
  for (const auto& task : tasks)
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
  if (not completed or progress.done < total) {
    run.interrupted = true;
    return run;
  }
  // Index by task id, so results are read in task order whatever order tasks finished in.
  run.by_task.resize(static_cast<std::size_t>(total));
  for (const auto& entry : journal.entries())
    run.by_task[static_cast<std::size_t>(entry.task)] = entry;
  return run;
}

} // namespace greenfab
