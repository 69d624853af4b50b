// Forklifts or AGVs moving parts between consecutive stations: a shared fleet with a FIFO queue of moves.
#pragma once
#include "core/RandomStream.hpp"
#include "core/Statistics.hpp"
#include "energy/RateMeter.hpp"
#include "kernel/EventCalendar.hpp"
#include "model/TransportSpec.hpp"

#include <deque>
#include <functional>
#include <map>

namespace greenfab {

/**
 * Each move between two consecutive stations of a route is a request to the fleet; a free vehicle serves
 * it for a `travel` time, otherwise it queues (FIFO). With Poisson requests and exponential travel this
 * is an M/M/c queue (validated against Erlang C). Energy: power x moving time; electric vehicles draw it
 * from the site while moving (charging assumed concurrent with use), fuel is booked at the end of a move.
 *
 * The part travels with the move: `delivered` runs when the vehicle arrives (the Line then puts the part
 * into the buffer place it reserved when the move was requested), so every part is delayed by its wait
 * for a vehicle and its travel time (docs/transport.md).
 */
class InternalFleet final : public EventHandler {
public:
  InternalFleet(const TransportSpec& spec, EventCalendar& calendar, SiteMeters* meters, std::uint64_t seed,
                int replication);
  /** A move from station `from` to station `to` requested at `now`; `delivered` (may be empty) runs at its end. */
  void request(double now, int from, int to, std::function<void()> delivered = {});
  void reset_statistics(double now);
  void on_event(int tag, std::uint64_t seq) override;

  const FleetSpec& fleet() const { return fleet_; }
  Moments wait;            ///< request -> a vehicle starts the move [s]
  Moments transit;         ///< request -> the part is delivered (wait + travel) [s]
  TimeWeighted busy;       ///< vehicles moving
  TimeWeighted queue;      ///< moves waiting for a vehicle
  double energy_J = 0, scope1_kg = 0, upstream_kg = 0;
  std::uint64_t moves = 0;

private:
  struct Move {
    double requested_at = 0;
    const Distribution* travel = nullptr; ///< of this pair of stations
    double duration     = 0; ///< travel [s] (set when a vehicle starts it)
    std::function<void()> delivered;
  };
  void begin(Move move, double now);
  const FleetSpec& fleet_;
  const InternalSpec& internal_;
  EventCalendar& calendar_;
  SiteMeters* meters_;
  RandomStream rng_;
  std::deque<Move> waiting_;             ///< FIFO of requests without a vehicle
  std::map<std::uint64_t, Move> moving_; ///< move end event -> the move
  int free_ = 0;
};

} // namespace greenfab
