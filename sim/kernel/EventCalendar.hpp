// The future-event list of one simulation: (time, sequence) ordered, so simultaneous events run in the
// order they were scheduled (FIFO), which keeps runs deterministic and traces readable.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

namespace greenfab {

/** Something that reacts to its own scheduled events. `tag` says which kind; `seq` identifies the event
 *  so the handler can ignore one it has since cancelled (lazy cancellation: no heap search). */
class EventHandler {
public:
  virtual void on_event(int tag, std::uint64_t seq) = 0;

protected:
  ~EventHandler() = default;
};

/**
 * A binary heap of pending events. It does not advance time itself: a driver does (SimGridDriver in
 * the simulator, where time is SimGrid's clock; a bare loop in bench/ for comparison), by calling
 * fire_due(t) with the next event time.
 */
class EventCalendar {
public:
  /** Schedules handler->on_event(tag, seq) at absolute time `at` (>= now). @return seq */
  std::uint64_t schedule(double at, EventHandler* handler, int tag);
  double now() const { return now_; }
  bool empty() const { return heap_.empty(); }
  double next_time() const { return heap_.front().time; }
  /** Runs, in (time, seq) order, every event due at or before t, including those they schedule at t;
   *  none once stopped. */
  void fire_due(double t);
  std::uint64_t executed() const { return executed_; }

  /** At most `max_events` events fire in all (run.limits.events); then the calendar is stopped. */
  void limit_events(std::uint64_t max_events);
  /** Calls `watch` after every `period`-th event: for checks too costly to make per event (memory). */
  void watch(std::uint64_t period, std::function<void()> watch);
  /** No further event fires; the driver stops arming SimGrid, so the run ends at once and cleanly. */
  void stop();
  /** Stopped, by stop() or by reaching the event limit. */
  bool stopped() const { return executed_ >= max_events_; }

private:
  struct Event {
    double time;
    std::uint64_t seq;
    EventHandler* handler;
    int tag;
  };
  /** A function object (not a function pointer) so the heap algorithms inline the comparison. */
  struct Later {
    bool operator()(const Event& a, const Event& b) const
    {
      return a.time > b.time or (a.time == b.time and a.seq > b.seq);
    }
  };
  std::vector<Event> heap_;
  double now_              = 0;
  std::uint64_t next_seq_  = 1;
  std::uint64_t executed_  = 0;
  /** At the event limit, after stop() or at a watch point: updates next_check_; false once stopped. */
  bool checkpoint();

  std::uint64_t max_events_ = UINT64_MAX;
  std::uint64_t watch_period_ = 0, next_watch_ = UINT64_MAX;
  std::uint64_t next_check_ = UINT64_MAX; ///< min(max_events_, next_watch_): the only test in the event loop
  std::function<void()> watch_;
};

} // namespace greenfab
