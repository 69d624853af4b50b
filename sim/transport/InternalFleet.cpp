// Internal transport fleet: FIFO moves, utilisation and energy.
#include "transport/InternalFleet.hpp"

namespace greenfab {

InternalFleet::InternalFleet(const TransportSpec& spec, EventCalendar& calendar, SiteMeters* meters,
                             std::uint64_t seed, int replication)
    : fleet_(spec.fleets[static_cast<std::size_t>(spec.internal.fleet)]), travel_(spec.internal.travel),
      calendar_(calendar), meters_(meters),
      rng_(seed, static_cast<std::uint64_t>(replication), "fleet " + fleet_.name, "travel"), free_(fleet_.count)
{
}

void InternalFleet::reset_statistics(double now)
{
  wait = Moments{};
  busy.reset(now);
  queue.reset(now);
  energy_J = scope1_kg = upstream_kg = 0;
  moves = 0;
}

void InternalFleet::request(double now)
{
  if (free_ > 0) {
    begin(now, now);
    return;
  }
  waiting_.push_back(now);
  queue.add(1, now);
}

void InternalFleet::begin(double requested_at, double now)
{
  --free_;
  busy.add(1, now);
  wait.add(now - requested_at);
  const double d = travel_.sample(rng_);
  if (meters_ and fleet_.type.electric())
    meters_->vehicle_charging.change(now, fleet_.type.power_W);
  moving_[calendar_.schedule(now + d, this, 0)] = d;
}

void InternalFleet::on_event(int, std::uint64_t seq)
{
  const double now = calendar_.now();
  const double d   = moving_.extract(seq).mapped();
  const double e   = fleet_.type.power_W * d;
  energy_J += e;
  scope1_kg += e * fleet_.type.scope1_kg_per_J;
  upstream_kg += e * fleet_.type.upstream_kg_per_J;
  ++moves;
  if (meters_) {
    if (fleet_.type.electric())
      meters_->vehicle_charging.change(now, -fleet_.type.power_W);
    else
      meters_->book_fuel(fleet_.type.carrier, fleet_.name, e);
  }
  ++free_;
  busy.add(-1, now);
  if (not waiting_.empty()) {
    const double requested = waiting_.front();
    waiting_.pop_front();
    queue.add(-1, now);
    begin(requested, now);
  }
}

} // namespace greenfab
