// Progress of a long batch of tasks on stderr: a live bar on a terminal, plain periodic lines in logs.
#pragma once
#include <chrono>
#include <cstdio>
#include <string>

namespace greenfab::cli {

/**
 * Shows tasks done, rate, ETA and failures. On a terminal it redraws one line at most 5 times a second;
 * otherwise (a cluster log, a pipe) it prints a line every 10 s or every 10 % of the tasks, whichever
 * comes first, so logs stay short but show the sweep is alive.
 */
class Progress {
public:
  /** `out` is usually stderr; `enabled` false makes every call a no-op (--quiet). */
  Progress(std::FILE* out, bool enabled);
  /** `resumed` tasks were done before this process started: they do not count towards the rate. The rate
   *  counts from the first update of a batch (a new `total` starts a new batch). */
  void update(int done, int total, int failed, int resumed);
  /** Ends the live line (if any) so that what follows starts on a fresh line. */
  void finish();
  /** The one-line text for these numbers (no newline); `rate` in tasks/s, negative if unknown. */
  static std::string line(int done, int total, int failed, double rate, bool bar);

private:
  using Clock = std::chrono::steady_clock;
  std::FILE* out_;
  bool enabled_;
  bool tty_;
  bool drawn_ = false;
  Clock::time_point start_ = Clock::now(), last_ = Clock::time_point::min();
  int last_decile_         = -1;
  int last_done_           = -1;
  int total_               = -1; ///< of the current batch
};

} // namespace greenfab::cli
