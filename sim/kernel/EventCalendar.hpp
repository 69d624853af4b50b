// The future-event list of one simulation: (time, sequence) ordered, so simultaneous events run in the
// order they were scheduled (FIFO), which keeps runs deterministic and traces readable.
#pragma once
#include <cstdint>
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
  /** Runs, in (time, seq) order, every event due at or before t, including those they schedule at t. */
  void fire_due(double t);
  std::uint64_t executed() const { return executed_; }

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
};

} // namespace greenfab
