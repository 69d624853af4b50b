// The vehicles of one own road or rail fleet, shared by outbound shipping and inbound milk runs.
#pragma once
#include "core/Statistics.hpp"
#include "energy/RateMeter.hpp"
#include "kernel/EventCalendar.hpp"
#include "model/TransportSpec.hpp"

#include <deque>
#include <functional>

namespace greenfab {

/**
 * `count` vehicles at the factory. A trip asks for n of them: it starts at once when n are free and nobody
 * asked before it, else it waits its turn (first come, first served, so a large inbound tour is not
 * overtaken for ever by single outbound loads). Vehicles come back through come_back(): electric ones first
 * recharge at the factory what the trip used (site electricity demand), then they are free again.
 */
class VehiclePool final : public EventHandler {
public:
  VehiclePool(const FleetSpec& fleet, EventCalendar& calendar, SiteMeters* meters)
      : fleet_(fleet), count_(fleet.count), free_(fleet.count), calendar_(calendar), meters_(meters)
  {
  }
  int count() const { return count_; }
  /** `go` runs when `n` (1 <= n <= count) vehicles are the trip's: now, or on a later release. */
  void acquire(int n, std::function<void()> go);
  /** `n` vehicles are back from a trip that used `energy_J` at the vehicles (all of them together). */
  void come_back(int n, double energy_J);
  void on_event(int n, std::uint64_t seq) override; ///< the recharge of `n` vehicles is over
  void reset_statistics(double now) { busy.reset(now); }
  TimeWeighted busy; ///< vehicles away or recharging

private:
  struct Request {
    int n;
    std::function<void()> go;
  };
  void release(int n);
  void serve();
  const FleetSpec& fleet_;
  int count_, free_;
  EventCalendar& calendar_;
  SiteMeters* meters_;
  std::deque<Request> waiting_;
  bool serving_ = false;
};

} // namespace greenfab
