// Drives an EventCalendar from SimGrid's clock with kernel timers: simulated time is SimGrid's time.
#pragma once
#include "kernel/EventCalendar.hpp"

namespace greenfab {

/**
 * Keeps one SimGrid kernel timer armed at the calendar's next event date; when SimGrid fires it, the
 * calendar runs everything due at that date and the timer is re-armed. Kernel timers cost a fraction of
 * an actor context switch (DESIGN.md: ~10x), which is why the station/buffer hot path uses them.
 *
 * Run-ahead (on by default): a SimGrid scheduling round costs ~170 ns whatever happens in it
 * (docs/benchmarks.md). While the engine has no actor, nothing but kernel timers can act in SimGrid, so
 * after a round the calendar may also run the dates that come before SimGrid's next timer (and before
 * the end) without anything being able to observe the difference; SimGrid's clock catches up at the
 * next round. Entities read the calendar's clock, which always equals the time of the event being run.
 * Results are bit-identical with and without run-ahead (tested); turn it off to have one SimGrid round
 * per event date, e.g. to debug with SimGrid's own tools.
 * Requires an s4u::Engine to exist in this process.
 */
class SimGridDriver {
public:
  explicit SimGridDriver(EventCalendar& calendar, bool run_ahead = true) : calendar_(calendar), run_ahead_(run_ahead)
  {
  }
  /** Runs the simulation until SimGrid's clock reaches `end` (events at `end` itself are not run). */
  void run_until(double end);

private:
  void arm();
  void run_ahead();
  EventCalendar& calendar_;
  bool run_ahead_;
  double end_ = 0;
};

} // namespace greenfab
