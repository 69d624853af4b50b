// Scheduled inbound milk runs: order-up-to call-offs at the departures, the tour leg by leg, and the arrival.
#include "transport/InboundRun.hpp"
#include "transport/Departures.hpp"

#include <cstdio>

#include <algorithm>
#include <cmath>
#include <utility>

namespace greenfab {
namespace {
/** 240, 12.5: a quantity for the trace, without trailing zeros. */
std::string format_amount(double x)
{
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", x);
  return text;
}
} // namespace

InboundRun::InboundRun(const InboundRunSpec& run, const ModelSpec& spec, EventCalendar& calendar, TripLedger& ledger,
                       SiteMeters* meters, VehiclePool* pool, std::vector<MaterialStock*> materials, std::uint64_t seed,
                       int replication)
    : run_(run), spec_(spec), t_(spec.transport), fleet_(spec.transport.fleets[static_cast<std::size_t>(run.fleet)]),
      calendar_(calendar), ledger_(ledger), meters_(meters), pool_(pool), materials_(std::move(materials)),
      carried_(materials_.size(), 0.0),
      delay_rng_(seed, static_cast<std::uint64_t>(replication), "inbound run " + run.name, "delay")
{
}

void InboundRun::start()
{
  calendar_.schedule(next_departure(run_.departures_s, spec_.run.start_week_offset, calendar_.now()), this,
                     departure_tag);
}

void InboundRun::reset_statistics(double)
{
  departures = tours = 0;
  tour_km  = Moments{};
  vehicles = Moments{};
  load_kg  = Moments{};
  vehicle_wait = Moments{};
}

void InboundRun::depart()
{
  ++departures;
  // Review: order up to S. The position counts the demand already waiting (backorders), so each review
  // restores on hand + on order - backorders to exactly S, the textbook (R, S) rule.
  std::vector<double> q(materials_.size(), 0);
  for (std::size_t i = 0; i < materials_.size(); ++i) {
    const double x = materials_[i]->spec().order_up_to - materials_[i]->inventory_position();
    if (x > 0) {
      q[i] = x;
      materials_[i]->call_off(x);
    }
  }
  called_off_.push_back(std::move(q));
  if (called_off_.size() > static_cast<std::size_t>(run_.lead_runs)) {
    Tour tour;
    tour.pickup = std::move(called_off_.front());
    called_off_.pop_front();
    double mass = 0;
    for (std::size_t i = 0; i < materials_.size(); ++i) {
      tour.pickup[i] += std::exchange(carried_[i], 0.0);
      mass += tour.pickup[i] * materials_[i]->spec().unit_mass_kg;
    }
    if (mass > 0 and mass < run_.min_load_kg) {
      // Not worth a tour: the call-off waits at the suppliers and grows until a later tour takes it.
      for (std::size_t i = 0; i < materials_.size(); ++i)
        carried_[i] = std::exchange(tour.pickup[i], 0.0);
      mass = 0;
    }
    if (pool_ != nullptr and mass > pool_->count() * fleet_.type.payload_kg * (1 + 1e-12)) {
      // The whole fleet cannot carry it: each material's same share of the call-off waits for the next tour.
      const double f = pool_->count() * fleet_.type.payload_kg / mass;
      for (std::size_t i = 0; i < materials_.size(); ++i) {
        carried_[i]    = tour.pickup[i] * (1 - f);
        tour.pickup[i] = tour.pickup[i] * f;
      }
      mass = pool_->count() * fleet_.type.payload_kg;
    }
    for (const SiteId stop : run_.stops)
      for (std::size_t i = 0; i < materials_.size(); ++i)
        if (tour.pickup[i] > 0 and materials_[i]->spec().supplier == stop) {
          tour.stops.push_back(stop);
          break;
        }
    if (not tour.stops.empty()) {
      tour.vehicles = fleet_.type.vehicles_for(mass);
      ++tours;
      vehicles.add(tour.vehicles);
      load_kg.add(mass);
      if (tracer_) {
        std::string what;
        for (std::size_t i = 0; i < materials_.size(); ++i)
          if (tour.pickup[i] > 0)
            what += (what.empty() ? "" : ", ") + format_amount(tour.pickup[i]) + " " + materials_[i]->spec().name +
                    " at " + t_.sites[static_cast<std::size_t>(materials_[i]->spec().supplier)].name;
        tracer_->record(calendar_.now(), "milk run " + run_.name,
                        "leaves with " + std::to_string(tour.vehicles) + " vehicle(s) to collect " + what);
      }
      if (pool_ == nullptr) {
        vehicle_wait.add(0);
        drive(std::move(tour), t_.factory);
      } else {
        const double asked = calendar_.now();
        const int n        = tour.vehicles;
        pool_->acquire(n, [this, asked, tour]() mutable {
          vehicle_wait.add(calendar_.now() - asked);
          drive(std::move(tour), t_.factory);
        });
      }
    }
  }
  start(); // the next departure
}

void InboundRun::drive(Tour tour, SiteId from)
{
  const double now   = calendar_.now();
  const SiteId to    = tour.stops.empty() ? t_.factory : tour.stops.front();
  const double d     = t_.distance_m(from, to, fleet_.type.mode);
  const double time  = fleet_.leg_time_s(d, delay_rng_);
  const double share = tour.on_board_kg / tour.vehicles;
  for (int v = 0; v < tour.vehicles; ++v)
    tour.energy_J += ledger_.book(
        {&fleet_, Direction::inbound, from, to, now, now + time, d, share, 0, v == 0 ? tour.orders : 0}, meters_);
  tour.distance_m += d;
  tours_[calendar_.schedule(now + time, this, leg_tag)] = std::move(tour);
}

void InboundRun::arrive(Tour tour)
{
  const double now = calendar_.now();
  tour_km.add(tour.distance_m / 1000);
  if (tracer_)
    tracer_->record(now, "milk run " + run_.name,
                    "is back after " + format_amount(tour.distance_m / 1000) + " km: the goods are on hand");
  for (std::size_t i = 0; i < materials_.size(); ++i)
    if (tour.pickup[i] > 0)
      materials_[i]->receive(tour.pickup[i]); // wakes the station
  if (pool_ != nullptr)
    pool_->come_back(tour.vehicles, tour.energy_J);
}

void InboundRun::on_event(int tag, std::uint64_t seq)
{
  switch (tag) {
    case departure_tag: depart(); return;
    case leg_tag: {
      auto node  = tours_.extract(seq);
      Tour& tour = node.mapped();
      if (tour.stops.empty()) {
        arrive(std::move(tour));
        return;
      }
      const SiteId here = tour.stops.front();
      tour.stops.erase(tour.stops.begin());
      for (std::size_t i = 0; i < materials_.size(); ++i)
        if (tour.pickup[i] > 0 and materials_[i]->spec().supplier == here) {
          tour.on_board_kg += tour.pickup[i] * materials_[i]->spec().unit_mass_kg;
          ++tour.orders;
        }
      drive(std::move(tour), here);
      return;
    }
    default: return;
  }
}

} // namespace greenfab
