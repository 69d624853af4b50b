// Internal transport fleet: FIFO moves, utilisation and energy.
#include "transport/InternalFleet.hpp"

namespace greenfab {

InternalFleet::InternalFleet(const TransportSpec& spec, EventCalendar& calendar, SiteMeters* meters,
                             std::uint64_t seed, int replication)
    : fleet_(spec.fleets[static_cast<std::size_t>(spec.internal.fleet)]), internal_(spec.internal),
      calendar_(calendar), meters_(meters),
      rng_(seed, static_cast<std::uint64_t>(replication), "fleet " + fleet_.name, "travel"), free_(fleet_.count)
{
}

void InternalFleet::reset_statistics(double now)
{
  wait = transit = Moments{};
  busy.reset(now);
  queue.reset(now);
  energy_J = scope1_kg = upstream_kg = 0;
  moves = 0;
}

void InternalFleet::request(double now, int from, int to, std::function<void()> delivered)
{
  Move move{now, &internal_.travel_between(from, to), 0, std::move(delivered)};
  if (free_ > 0) {
    begin(std::move(move), now);
    return;
  }
  waiting_.push_back(std::move(move));
  queue.add(1, now);
}

void InternalFleet::begin(Move move, double now)
{
  --free_;
  busy.add(1, now);
  wait.add(now - move.requested_at);
  move.duration = move.travel->sample(rng_);
  if (meters_ and fleet_.type.electric())
    meters_->vehicle_charging.change(now, fleet_.type.power_W);
  moving_[calendar_.schedule(now + move.duration, this, 0)] = std::move(move);
}

void InternalFleet::on_event(int, std::uint64_t seq)
{
  const double now = calendar_.now();
  Move move        = std::move(moving_.extract(seq).mapped());
  const double d   = move.duration;
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
  // The vehicle takes the next request before the part is delivered: delivery may start a machine whose
  // output requests a move at this instant, and that one must queue behind the requests already waiting.
  if (not waiting_.empty()) {
    Move next = std::move(waiting_.front());
    waiting_.pop_front();
    queue.add(-1, now);
    begin(std::move(next), now);
  }
  transit.add(now - move.requested_at);
  if (move.delivered)
    move.delivered();
}

} // namespace greenfab
