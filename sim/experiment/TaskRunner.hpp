// The one journal loop of every study (sweeps, pathways): resume, torn records, failure counts, Ctrl-C, MPI.
#pragma once
#include "experiment/Journal.hpp"
#include "experiment/TaskBackend.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace greenfab {

/** Progress as the writer sees it: tasks durable in the journal (resumed ones included), failures. */
struct TaskProgress {
  int done    = 0; ///< finished tasks, of `total` (resumed ones included)
  int total   = 0;
  int failed  = 0; ///< of `done`, those whose status is not "ok" (resumed ones included)
  int resumed = 0; ///< tasks taken from the journal at start
};

struct TaskRunOptions {
  std::string journal;           ///< the journal's path
  std::uint64_t fingerprint = 0; ///< of everything that determines the task results
  bool resume = false;           ///< continue `journal` instead of starting over
  /** Called on the writer once at the start, after each journal sync (at least every 0.25 s) and at the
   *  end (may be empty). */
  std::function<void(const TaskProgress&)> on_progress;
  /** Called on the writer for notices ("resuming: ...") (may be empty). */
  std::function<void(const std::string&)> on_notice;
};

/** What run_tasks leaves: on the writer, when complete, every task's record in the journal. */
struct TaskRun {
  bool writer      = true;  ///< false on MPI ranks that only simulated: nothing else is filled in
  bool interrupted = false; ///< stopped by SIGINT/SIGTERM or a task missing: the journal stays for --resume
  TaskProgress progress;
  Journal journal;
  std::vector<JournalEntry> by_task; ///< when complete: the record of task t at index t

  /** Task t's result (decoded from the journal; complete runs only). */
  RunResult result(int task) const;
};

/**
 * Runs `tasks` (ids 0 .. tasks.size() - 1) on `backend`. On the writer: every finished task is appended to
 * the journal (synced at least every 0.25 s and before it is reported as done); with options.resume the
 * tasks already in the journal are skipped (a damaged last record is dropped and its task runs again;
 * JournalMismatch if the journal belongs to another study). A task stopped from outside (Ctrl-C reaching
 * its process) is not journaled, so --resume runs it again. On other processes: simulates what the backend
 * gives it and returns writer = false.
 */
TaskRun run_tasks(const std::vector<Task>& tasks, TaskBackend& backend, const TaskRunOptions& options);

} // namespace greenfab
