// Outbound shipping: finished parts become customer orders, consolidated into truck loads by a policy.
#pragma once
#include "core/RandomStream.hpp"
#include "core/Statistics.hpp"
#include "energy/RateMeter.hpp"
#include "kernel/EventCalendar.hpp"
#include "model/ModelSpec.hpp"
#include "transport/TripLedger.hpp"

#include <deque>
#include <map>
#include <vector>

namespace greenfab {

/** One finished part on its way to a customer (one part = one order line; see docs/transport.md). */
struct CustomerOrder {
  ProductId product   = -1;
  double released_at  = 0; ///< the part's release into the line: the order's start
  double finished_at  = 0; ///< left the line, ready to ship
  double due_at       = 0;
  int customer        = -1; ///< index into OutboundSpec::customers
};

/** Orders on one vehicle: to one customer, or (milk run) to several. */
struct Load {
  int customer = -1; ///< the customer, or -1 for a milk run's load
  std::vector<CustomerOrder> orders;
  double mass_kg = 0;
  /** For pallet places: parts of one product for one customer share pallets (customer, product). */
  std::map<std::pair<int, ProductId>, int> parts;
};

/**
 * Policies: full_truck_load (a load leaves as soon as no further part of the heaviest product fits, or
 * when its oldest order has waited max_wait), or daily (every load waiting leaves at the fixed departure
 * times): one customer per load; or milk_run (one load for all customers, delivered stop by stop in the
 * listed order, leaving at the departure times or when full). An own fleet has `count` vehicles: a ready load
 * waits for a free one; vehicles drive out, deliver, and come back empty (counted), electric ones then
 * charge at the factory before the next trip. A bought fleet always has a vehicle and no return leg.
 */
class Outbound final : public EventHandler {
public:
  Outbound(const ModelSpec& spec, EventCalendar& calendar, TripLedger& ledger, SiteMeters* meters,
           std::uint64_t seed, int replication);
  void start();
  /** A finished part of `product` (released at `released_at`) leaves the line now. */
  void part_finished(ProductId product, double released_at);
  void reset_statistics(double now);
  void on_event(int tag, std::uint64_t seq) override;

  // Statistics over the measured window.
  Moments lead_time;      ///< release into the line -> delivery at the customer [s]
  Moments dispatch_wait;  ///< finished -> truck departure [s]
  Moments load_wait;      ///< a formed load waiting for a free vehicle [s]
  std::uint64_t on_time = 0, delivered = 0;
  std::vector<Moments> lead_time_by_customer;
  std::vector<std::uint64_t> on_time_by_customer;
  Moments tour_km;        ///< distance of each outbound trip, out and back (milk runs: the tour) [km]
  TimeWeighted vehicles_busy;
  double now() const { return calendar_.now(); }

private:
  enum Tag { timeout_tag, delivery_tag, return_tag, charged_tag, departure_tag };
  struct Trip {
    Load load;
    double depart_s = 0, energy_J = 0, distance_m = 0;
    std::vector<int> stops; ///< customers still to visit, in order (the first is where it is heading)
  };
  bool fits(const Load& l, ProductId p, int customer) const;
  /** Drives from `from` to the trip's next stop with what is still on board; schedules the delivery. */
  void drive_to_next_stop(Trip trip, SiteId from);
  std::size_t open_index(int customer) const { return o_.policy == OutboundSpec::Policy::milk_run ? 0 : static_cast<std::size_t>(customer); }
  double pallets(const Load& l) const;
  bool full(const Load& l) const;
  void close_load(int customer);
  void dispatch();
  void schedule_daily_departure();
  void arm_timeout(int customer);
  double leg_time(double distance_m);

  const ModelSpec& spec_;
  const TransportSpec& t_;
  const OutboundSpec& o_;
  const FleetSpec& fleet_;
  EventCalendar& calendar_;
  TripLedger& ledger_;
  SiteMeters* meters_;
  RandomStream customer_rng_, delay_rng_;
  std::vector<Load> open_;                    ///< per customer: the load being filled
  std::vector<std::uint64_t> timeout_seq_;    ///< per customer: the live max-wait event
  std::deque<std::pair<Load, double>> ready_; ///< formed loads waiting for a vehicle, with the time formed
  int free_vehicles_ = 0;
  std::map<std::uint64_t, Trip> trips_;       ///< by the seq of the trip's pending event
  std::vector<ProductId> shipped_products_;
};

} // namespace greenfab
