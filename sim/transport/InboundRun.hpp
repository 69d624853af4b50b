// A scheduled inbound milk run: a periodic (R, S) review of its materials at each departure, and the tour.
#pragma once
#include "core/RandomStream.hpp"
#include "core/Statistics.hpp"
#include "energy/RateMeter.hpp"
#include "kernel/EventCalendar.hpp"
#include "model/ModelSpec.hpp"
#include "production/Tracer.hpp"
#include "transport/MaterialStock.hpp"
#include "transport/TripLedger.hpp"
#include "transport/VehiclePool.hpp"

#include <deque>
#include <map>
#include <vector>

namespace greenfab {

/**
 * At each departure every material on the run calls off q = max(0, S - inventory position), with the
 * position = on hand + on order - demand waiting (MaterialStock::inventory_position). What was called off
 * `lead_runs` departures earlier is picked up now: the tour drives factory -> the stops with something to
 * pick up, in the listed order -> factory, and every material arrives when the tour is back. No pickups:
 * no tour. Each leg takes distance / speed + one draw of the fleet's `delay` and is booked when it starts
 * with the load on board; a load heavier than one vehicle's payload goes on ceil(mass / payload) vehicles
 * driving the same tour, each booked with an equal share (energy is linear in load, so the split does not
 * change energy, tonne-km or emissions). Own electric vehicles recharge at the factory after the tour.
 * An own fleet's tour takes its vehicles from the pool it shares with outbound shipping, and waits for
 * them; more than the fleet's `count` vehicles' worth stays at the suppliers for the next tour.
 * Owns nothing; the MaterialStocks belong to Transport and outlive it.
 */
class InboundRun final : public EventHandler {
public:
  /** `pool`: the own fleet's vehicles (shared with outbound shipping); nullptr for a bought fleet. */
  InboundRun(const InboundRunSpec& run, const ModelSpec& spec, EventCalendar& calendar, TripLedger& ledger,
             SiteMeters* meters, VehiclePool* pool, std::vector<MaterialStock*> materials, std::uint64_t seed,
             int replication);
  /** Schedules the first departure. */
  void start();
  void set_tracer(Tracer* tracer) { tracer_ = tracer; }
  void reset_statistics(double now);
  void on_event(int tag, std::uint64_t seq) override;

  const InboundRunSpec& spec() const { return run_; }
  // Statistics over the measured window.
  std::uint64_t departures = 0; ///< scheduled departures passed (reviews)
  std::uint64_t tours      = 0; ///< tours started (departures with something to pick up)
  Moments tour_km;              ///< distance of a finished tour, factory -> stops -> factory [km]
  Moments vehicles;             ///< vehicles per started tour
  Moments load_kg;              ///< mass picked up per started tour [kg]
  Moments vehicle_wait;         ///< departure time -> the own fleet's vehicles are free [s]

private:
  enum Tag { departure_tag, leg_tag };
  struct Tour {
    std::vector<double> pickup;   ///< units per material (index into materials_)
    std::vector<SiteId> stops;    ///< stops still to visit, in order
    double on_board_kg = 0;
    int orders         = 0;       ///< materials picked up so far (purchase orders on board)
    int vehicles       = 1;
    double energy_J = 0, distance_m = 0;
  };
  void depart();
  /** Drives from `from` to the next stop (or back to the factory) with what is on board. */
  void drive(Tour tour, SiteId from);
  void arrive(Tour tour);

  const InboundRunSpec& run_;
  const ModelSpec& spec_;
  const TransportSpec& t_;
  const FleetSpec& fleet_;
  EventCalendar& calendar_;
  TripLedger& ledger_;
  SiteMeters* meters_;
  Tracer* tracer_ = nullptr;
  VehiclePool* pool_;
  std::vector<MaterialStock*> materials_;
  std::vector<double> carried_; ///< called off but left at the suppliers by a full fleet: the next tour's
  RandomStream delay_rng_;
  std::deque<std::vector<double>> called_off_; ///< call-offs not yet picked up, oldest first
  std::map<std::uint64_t, Tour> tours_;        ///< by the seq of the tour's pending event
};

} // namespace greenfab
