// Heap operations of the event calendar.
#include "kernel/EventCalendar.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace greenfab {

std::uint64_t EventCalendar::schedule(double at, EventHandler* handler, int tag)
{
  if (at < now_)
    throw std::logic_error("EventCalendar: event scheduled in the past");
  const std::uint64_t seq = next_seq_++;
  heap_.push_back({at, seq, handler, tag});
  std::push_heap(heap_.begin(), heap_.end(), Later{});
  return seq;
}

void EventCalendar::fire_due(double t)
{
  now_ = t;
  if (stopped())
    return;
  while (not heap_.empty() and heap_.front().time <= t) {
    std::pop_heap(heap_.begin(), heap_.end(), Later{});
    const Event e = heap_.back();
    heap_.pop_back();
    ++executed_;
    e.handler->on_event(e.tag, e.seq);
    if (executed_ == next_check_ and not checkpoint()) // one comparison per event: limit, stop and watch
      return;
  }
}

bool EventCalendar::checkpoint()
{
  if (executed_ == next_watch_) {
    next_watch_ += watch_period_;
    watch_();
  }
  next_check_ = std::min(max_events_, next_watch_);
  return not stopped();
}

void EventCalendar::limit_events(std::uint64_t max_events)
{
  max_events_ = max_events;
  next_check_ = std::min(max_events_, next_watch_);
}

void EventCalendar::stop()
{
  max_events_ = executed_;
  next_check_ = executed_;
}

void EventCalendar::watch(std::uint64_t period, std::function<void()> watch)
{
  watch_period_ = period;
  next_watch_   = executed_ + period;
  watch_        = std::move(watch);
  next_check_   = std::min(max_events_, next_watch_);
}

} // namespace greenfab
