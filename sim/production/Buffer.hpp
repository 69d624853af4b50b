// A finite (or unlimited) FIFO of parts waiting in front of a station, with blocking of whoever cannot enter.
#pragma once
#include "core/Statistics.hpp"
#include "production/Part.hpp"

#include <deque>
#include <string>

namespace greenfab {

class Buffer;
class Line;
class Station;

/** An entity waiting for a place in a full buffer: a blocked machine, the source, a release queue. */
class SpaceWaiter {
public:
  /** A place is free in `buffer`: move parts in. @return true when nothing more waits to enter. */
  virtual bool on_space(Buffer& buffer) = 0;

protected:
  ~SpaceWaiter() = default;
};

/**
 * Capacity counts waiting places only: not the part on a machine, nor a finished part held by a blocked
 * upstream machine. A part may also enter a full (even zero-capacity) buffer when a free machine of the
 * consumer station will take it at once, which is what "moves directly onto a free machine" means.
 * With internal transport, places reserved by parts in transit count as taken (they are not in the
 * level statistics: a part waits here from its arrival).
 */
class Buffer {
public:
  Buffer(Line& line, Station& consumer, std::string name, double capacity);
  const std::string& name() const { return name_; }
  double capacity() const { return capacity_; }
  Station& consumer() { return consumer_; }
  std::size_t size() const { return parts_.size(); }
  bool can_accept() const;
  void put(PartId part);
  /**
   * Internal transport: a part leaving its machine books a place here before the move, so the buffer's
   * capacity bounds waiting plus travelling parts and a full buffer still blocks the upstream machine.
   */
  void reserve() { ++reserved_; }
  /** The part of a reservation arrives (end of its move): it takes its booked place. */
  void put_reserved(PartId part)
  {
    --reserved_;
    put(part);
  }
  std::size_t reserved() const { return reserved_; }
  /** Removes the part at position `index` (0 = oldest). */
  PartId take(std::size_t index);
  PartId at(std::size_t index) const { return parts_[index]; }
  /** Queues `waiter` (FIFO) until a place frees. */
  void wait_for_space(SpaceWaiter* waiter) { waiters_.push_back(waiter); }
  bool has_waiters() const { return not waiters_.empty(); }
  /** Lets waiters in while there is room (run from the line's agenda after a take). */
  void serve_waiters();

  void reset_statistics(double now);
  double mean_level(double now) const { return level_.mean(now); }
  double max_level() const { return level_.max(); }
  const Moments& waiting_times() const { return waits_; }

private:
  Line& line_;
  Station& consumer_;
  std::string name_;
  double capacity_;
  std::deque<PartId> parts_;
  std::size_t reserved_ = 0; ///< places booked by parts in transit towards this buffer
  std::deque<SpaceWaiter*> waiters_;
  TimeWeighted level_;
  Moments waits_;
};

} // namespace greenfab
