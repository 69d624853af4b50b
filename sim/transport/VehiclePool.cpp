// Own fleets' vehicles: first-come-first-served trips of outbound shipping and inbound milk runs.
#include "transport/VehiclePool.hpp"

#include <algorithm>
#include <utility>

namespace greenfab {

void VehiclePool::acquire(int n, std::function<void()> go)
{
  waiting_.push_back({std::min(n, count_), std::move(go)});
  serve();
}

void VehiclePool::come_back(int n, double energy_J)
{
  if (not fleet_.type.electric() or energy_J <= 0) {
    release(n);
    return;
  }
  // The vehicles recharge side by side what the trip used before their next trip.
  const double P = fleet_.type.charging_power_W * n;
  if (meters_)
    meters_->vehicle_charging.change(calendar_.now(), P);
  calendar_.schedule(calendar_.now() + energy_J / P, this, n);
}

void VehiclePool::on_event(int n, std::uint64_t)
{
  if (meters_)
    meters_->vehicle_charging.change(calendar_.now(), -fleet_.type.charging_power_W * n);
  release(n);
}

void VehiclePool::release(int n)
{
  free_ += n;
  busy.add(-n, calendar_.now());
  serve();
}

void VehiclePool::serve()
{
  // A trip that starts may ask for more vehicles (its `go` dispatches the next load): it queues behind
  // the requests already waiting, served by this same loop rather than a nested one.
  if (serving_)
    return;
  serving_ = true;
  while (not waiting_.empty() and waiting_.front().n <= free_) {
    Request r = std::move(waiting_.front());
    waiting_.pop_front();
    free_ -= r.n;
    busy.add(r.n, calendar_.now());
    r.go();
  }
  serving_ = false;
}

} // namespace greenfab
