// The vehicles of one own road or rail fleet, shared by outbound shipping and inbound milk runs.
#pragma once
#include "core/Statistics.hpp"
#include "kernel/EventCalendar.hpp"

#include <deque>
#include <functional>

namespace greenfab {

/**
 * `count` vehicles at the factory. A trip asks for n of them: it starts at once when n are free and nobody
 * asked before it, else it waits its turn (first come, first served, so a large inbound tour is not
 * overtaken for ever by single outbound loads). Vehicles come back through release() when the trip (and
 * an electric vehicle's recharge) is over.
 */
class VehiclePool {
public:
  VehiclePool(int count, EventCalendar& calendar) : count_(count), free_(count), calendar_(calendar) {}
  int count() const { return count_; }
  /** `go` runs when `n` (1 <= n <= count) vehicles are the trip's: now, or on a later release(). */
  void acquire(int n, std::function<void()> go);
  void release(int n);
  void reset_statistics(double now) { busy.reset(now); }
  TimeWeighted busy; ///< vehicles away or recharging

private:
  struct Request {
    int n;
    std::function<void()> go;
  };
  void serve();
  int count_, free_;
  EventCalendar& calendar_;
  std::deque<Request> waiting_;
  bool serving_ = false;
};

} // namespace greenfab
