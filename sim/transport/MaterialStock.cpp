// (s, Q) replenishment of a purchased material, its inbound transport, stock-outs and starved time; the
// stock side of milk-run call-offs.
#include "transport/MaterialStock.hpp"

#include <algorithm>
#include <cmath>

namespace greenfab {

MaterialStock::MaterialStock(const PurchasedMaterial& material, const TransportSpec& spec, EventCalendar& calendar,
                             TripLedger& ledger, SiteMeters* meters, std::function<void()> on_arrival,
                             std::uint64_t seed, int replication, std::function<std::size_t()> waiting_parts)
    : m_(material), t_(spec), calendar_(calendar), ledger_(ledger), meters_(meters),
      on_arrival_(std::move(on_arrival)), waiting_parts_(std::move(waiting_parts)),
      rng_(seed, static_cast<std::uint64_t>(replication), "material " + material.name, "lead time"),
      on_hand_(material.initial)
{
  note_level(calendar.now());
  if (m_.policy == PurchasedMaterial::Policy::milk_run)
    return; // its run calls off at the departures
  // The starting position may already be at or below s.
  while (on_hand_ + on_order_ <= m_.reorder_point) {
    on_order_ += m_.order_quantity;
    calendar_.schedule(calendar_.now() + m_.lead_time.sample(rng_), this, 0);
  }
}

void MaterialStock::note_level(double now)
{
  level.set(on_hand_, now);
  const bool out = on_hand_ < m_.per_part;
  if (out and out_of_stock.level() == 0)
    ++stockouts;
  out_of_stock.set(out ? 1 : 0, now);
}

void MaterialStock::reset_statistics(double now)
{
  level.reset(now);
  out_of_stock.reset(now);
  starved_s = 0;
  stockouts = orders = arrivals = 0;
  window_start_ = now;
  if (starved_since_ >= 0)
    starved_since_ = now;
}

void MaterialStock::starve()
{
  if (starved_since_ < 0)
    starved_since_ = calendar_.now();
}

void MaterialStock::consume(int parts)
{
  const double now = calendar_.now();
  on_hand_ -= m_.per_part * parts;
  note_level(now);
  if (m_.policy == PurchasedMaterial::Policy::milk_run)
    return; // its run calls off at the departures
  while (on_hand_ + on_order_ <= m_.reorder_point) {
    on_order_ += m_.order_quantity;
    ++orders;
    calendar_.schedule(now + m_.lead_time.sample(rng_), this, 0);
  }
}

double MaterialStock::backlog() const
{
  if (starved_since_ < 0 or not waiting_parts_)
    return 0;
  return m_.per_part * static_cast<double>(waiting_parts_());
}

void MaterialStock::call_off(double units)
{
  on_order_ += units;
  ++orders;
}

void MaterialStock::receive(double units)
{
  const double now = calendar_.now();
  on_order_ -= units;
  on_hand_ += units;
  ++arrivals;
  note_level(now);
  if (starved_since_ >= 0) {
    starved_s += now - std::max(starved_since_, window_start_);
    starved_since_ = -1;
  }
  on_arrival_();
}

void MaterialStock::on_event(int, std::uint64_t)
{
  const double now = calendar_.now();
  // The goods travel supplier -> factory; a heavy order needs several vehicle loads.
  const FleetSpec& f  = t_.fleets[static_cast<std::size_t>(m_.fleet)];
  const double mass   = m_.order_quantity * m_.unit_mass_kg;
  const double d      = t_.distance_m(m_.supplier, t_.factory, f.type.mode);
  const double travel = f.type.speed_m_per_s > 0 ? d / f.type.speed_m_per_s : 0;
  const int loads     = f.type.vehicles_for(mass);
  for (int k = 0; k < loads; ++k) {
    const double load = std::min(f.type.payload_kg, mass - k * f.type.payload_kg);
    if (not f.bought)
      ledger_.book({&f, Direction::inbound, t_.factory, m_.supplier, now - 2 * travel, now - travel, d, 0, 0, 0}, meters_);
    ledger_.book({&f, Direction::inbound, m_.supplier, t_.factory, now - travel, now, d, load, 0, k == 0 ? 1 : 0}, meters_);
  }
  receive(m_.order_quantity);
}

} // namespace greenfab
