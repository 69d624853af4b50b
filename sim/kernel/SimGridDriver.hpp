// Drives an EventCalendar from SimGrid's clock with kernel timers: simulated time is SimGrid's time.
#pragma once
#include "kernel/EventCalendar.hpp"

namespace greenfab {

/**
 * Keeps one SimGrid kernel timer armed at the calendar's next event date; when it fires, the calendar
 * runs everything due at that date and the timer is re-armed. Kernel timers cost a fraction of an actor
 * context switch (DESIGN.md: ~10x), which is why the station/buffer hot path uses them.
 * Requires an s4u::Engine to exist in this process.
 */
class SimGridDriver {
public:
  explicit SimGridDriver(EventCalendar& calendar) : calendar_(calendar) {}
  /** Runs the simulation until SimGrid's clock reaches `end` (events at `end` itself are not run). */
  void run_until(double end);

private:
  void arm();
  EventCalendar& calendar_;
  double end_ = 0;
};

} // namespace greenfab
