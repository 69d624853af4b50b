// Outbound shipping: order consolidation (full truck load with a maximum wait, or daily departures) and trips.
#include "transport/Outbound.hpp"

#include <cmath>

namespace greenfab {

Outbound::Outbound(const ModelSpec& spec, EventCalendar& calendar, TripLedger& ledger, SiteMeters* meters,
                   std::uint64_t seed, int replication)
    : spec_(spec), t_(spec.transport), o_(spec.transport.outbound),
      fleet_(spec.transport.fleets[static_cast<std::size_t>(spec.transport.outbound.fleet)]), calendar_(calendar),
      ledger_(ledger), meters_(meters),
      customer_rng_(seed, static_cast<std::uint64_t>(replication), "outbound", "customer"),
      delay_rng_(seed, static_cast<std::uint64_t>(replication), "fleet " + fleet_.name, "delay")
{
  open_.resize(o_.customers.size());
  for (std::size_t c = 0; c < open_.size(); ++c)
    open_[c].customer = static_cast<int>(c);
  timeout_seq_.assign(o_.customers.size(), 0);
  free_vehicles_ = fleet_.count;
  for (std::size_t p = 0; p < spec.products.size(); ++p)
    if (spec.products[p].released)
      shipped_products_.push_back(static_cast<ProductId>(p));
}

void Outbound::start()
{
  vehicles_busy.reset(now());
  if (o_.policy == OutboundSpec::Policy::daily)
    schedule_daily_departure();
}

void Outbound::reset_statistics(double now_s)
{
  lead_time     = Moments{};
  dispatch_wait = Moments{};
  load_wait     = Moments{};
  on_time = delivered = 0;
  vehicles_busy.reset(now_s);
}

double Outbound::pallets(const Load& l) const
{
  double n = 0;
  for (const auto& [p, count] : l.parts) {
    const double per = t_.loads[static_cast<std::size_t>(p)].parts_per_pallet;
    n += per > 0 ? std::ceil(count / per) : 0;
  }
  return n;
}

bool Outbound::fits(const Load& l, ProductId p) const
{
  const auto& type = fleet_.type;
  if (l.mass_kg + t_.loads[static_cast<std::size_t>(p)].mass_kg > type.payload_kg * (1 + 1e-12))
    return false;
  if (type.pallets <= 0)
    return true;
  Load more = l;
  ++more.parts[p];
  return pallets(more) <= type.pallets;
}

bool Outbound::full(const Load& l) const
{
  // Full when no further part of any shipped product would fit: with one product of Q parts per
  // vehicle, the load leaves at the Q-th order, which is what the Erlang waiting-time result assumes.
  for (ProductId p : shipped_products_)
    if (fits(l, p))
      return false;
  return true;
}

void Outbound::part_finished(ProductId product, double released_at)
{
  // The destination is drawn by share from its own stream: adding a customer does not shift other draws.
  const double u = customer_rng_.uniform01();
  std::size_t c  = 0;
  double acc     = o_.customers[0].share;
  while (c + 1 < o_.customers.size() and u > acc)
    acc += o_.customers[++c].share;
  const CustomerOrder order{product, released_at, now(), released_at + o_.customers[c].due_s};
  Load& l = open_[c];
  if (not l.orders.empty() and not fits(l, product))
    close_load(static_cast<int>(c)); // a part that does not fit starts the next load
  const bool first = l.orders.empty();
  l.orders.push_back(order);
  l.mass_kg += t_.loads[static_cast<std::size_t>(product)].mass_kg;
  ++l.parts[product];
  if (o_.policy == OutboundSpec::Policy::full_truck_load) {
    if (full(l))
      close_load(static_cast<int>(c));
    else if (first)
      arm_timeout(static_cast<int>(c));
  }
  dispatch();
}

void Outbound::arm_timeout(int customer)
{
  const Load& l = open_[static_cast<std::size_t>(customer)];
  if (std::isinf(o_.max_wait_s) or l.orders.empty())
    return;
  // Customer index travels in the tag: tag = timeout_tag + 8 x (customer + 1).
  timeout_seq_[static_cast<std::size_t>(customer)] =
      calendar_.schedule(l.orders.front().finished_at + o_.max_wait_s, this, timeout_tag + 8 * (customer + 1));
}

void Outbound::close_load(int customer)
{
  Load& l = open_[static_cast<std::size_t>(customer)];
  timeout_seq_[static_cast<std::size_t>(customer)] = 0;
  if (l.orders.empty())
    return;
  ready_.emplace_back(std::move(l), now());
  l          = Load{};
  l.customer = customer;
}

double Outbound::leg_time(double distance_m)
{
  return distance_m / fleet_.type.speed_m_per_s + (fleet_.delay ? fleet_.delay->sample(delay_rng_) : 0.0);
}

void Outbound::dispatch()
{
  while (not ready_.empty() and (fleet_.bought or free_vehicles_ > 0)) {
    auto [load, formed] = std::move(ready_.front());
    ready_.pop_front();
    if (not fleet_.bought) {
      --free_vehicles_;
      vehicles_busy.add(1, now());
    }
    load_wait.add(now() - formed);
    for (const auto& o : load.orders)
      dispatch_wait.add(now() - o.finished_at);
    const SiteId to   = o_.customers[static_cast<std::size_t>(load.customer)].site;
    const double d    = t_.distance_m(t_.factory, to, fleet_.type.mode);
    const double out  = leg_time(d);
    Leg leg{&fleet_, Direction::outbound, t_.factory, to, now(), now() + out, d, load.mass_kg, pallets(load),
            static_cast<int>(load.orders.size())};
    Trip trip;
    trip.depart_s = now();
    trip.energy_J = ledger_.book(leg, meters_);
    trip.load     = std::move(load);
    trips_[calendar_.schedule(now() + out, this, delivery_tag)] = std::move(trip);
  }
}

void Outbound::schedule_daily_departure()
{
  const double day = 86400;
  const double tod = std::fmod(spec_.run.start_week_offset + now(), day);
  double next      = o_.departures_s.front() + day - tod; // tomorrow's first, unless one is still ahead today
  for (double d : o_.departures_s)
    if (d > tod + 1e-9) {
      next = d - tod;
      break;
    }
  calendar_.schedule(now() + next, this, departure_tag);
}

void Outbound::on_event(int tag, std::uint64_t seq)
{
  if (tag >= 8) { // a max-wait timeout of customer tag / 8 - 1
    const int c = tag / 8 - 1;
    if (timeout_seq_[static_cast<std::size_t>(c)] != seq)
      return; // the load left full in the meantime
    close_load(c);
    dispatch();
    return;
  }
  switch (tag) {
    case departure_tag:
      for (std::size_t c = 0; c < open_.size(); ++c)
        close_load(static_cast<int>(c));
      dispatch();
      schedule_daily_departure();
      return;
    case delivery_tag: {
      auto node = trips_.extract(seq);
      Trip& trip = node.mapped();
      for (const auto& o : trip.load.orders) {
        lead_time.add(now() - o.released_at);
        ++delivered;
        on_time += now() <= o.due_at + 1e-9 ? 1 : 0;
      }
      if (fleet_.bought)
        return;
      const SiteId from = o_.customers[static_cast<std::size_t>(trip.load.customer)].site;
      const double d    = t_.distance_m(from, t_.factory, fleet_.type.mode);
      const double back = leg_time(d);
      Leg empty{&fleet_, Direction::outbound, from, t_.factory, now(), now() + back, d, 0, 0, 0};
      trip.energy_J += ledger_.book(empty, meters_);
      trip.load.orders.clear();
      trips_[calendar_.schedule(now() + back, this, return_tag)] = std::move(trip);
      return;
    }
    case return_tag: {
      auto node = trips_.extract(seq);
      Trip& trip = node.mapped();
      if (fleet_.type.electric() and trip.energy_J > 0) {
        // Recharges what the round trip used before its next trip: electricity demand of the site.
        const double P = fleet_.type.charging_power_W;
        if (meters_)
          meters_->vehicle_charging.change(now(), P);
        trips_[calendar_.schedule(now() + trip.energy_J / P, this, charged_tag)] = std::move(trip);
        return;
      }
      ++free_vehicles_;
      vehicles_busy.add(-1, now());
      dispatch();
      return;
    }
    case charged_tag:
      trips_.erase(seq);
      if (meters_)
        meters_->vehicle_charging.change(now(), -fleet_.type.charging_power_W);
      ++free_vehicles_;
      vehicles_busy.add(-1, now());
      dispatch();
      return;
    default: return;
  }
}

} // namespace greenfab
