// Forklifts or AGVs moving parts between consecutive stations: a shared fleet with a FIFO queue of moves.
#pragma once
#include "core/RandomStream.hpp"
#include "core/Statistics.hpp"
#include "energy/RateMeter.hpp"
#include "kernel/EventCalendar.hpp"
#include "model/TransportSpec.hpp"

#include <deque>
#include <map>

namespace greenfab {

/**
 * Each move between two consecutive stations of a route is a request to the fleet; a free vehicle serves
 * it for a `travel` time, otherwise it queues (FIFO). With Poisson requests and exponential travel this
 * is an M/M/c queue (validated against Erlang C). Energy: power x moving time; electric vehicles draw it
 * from the site while moving (charging assumed concurrent with use), fuel is booked at the end of a move.
 *
 * Simplification (docs/transport.md): the fleet is measured alongside the flow of parts, it does not delay
 * them; parts still enter the next buffer when the machine unloads them.
 */
class InternalFleet final : public EventHandler {
public:
  InternalFleet(const TransportSpec& spec, EventCalendar& calendar, SiteMeters* meters, std::uint64_t seed,
                int replication);
  void request(double now);
  void reset_statistics(double now);
  void on_event(int tag, std::uint64_t seq) override;

  const FleetSpec& fleet() const { return fleet_; }
  Moments wait;            ///< request -> a vehicle starts the move [s]
  TimeWeighted busy;       ///< vehicles moving
  TimeWeighted queue;      ///< moves waiting for a vehicle
  double energy_J = 0, scope1_kg = 0, upstream_kg = 0;
  std::uint64_t moves = 0;

private:
  void begin(double requested_at, double now);
  const FleetSpec& fleet_;
  const Distribution& travel_;
  EventCalendar& calendar_;
  SiteMeters* meters_;
  RandomStream rng_;
  std::deque<double> waiting_; ///< request times
  std::map<std::uint64_t, double> moving_; ///< move end event -> its duration [s]
  int free_ = 0;
};

} // namespace greenfab
