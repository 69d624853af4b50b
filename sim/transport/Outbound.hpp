// Outbound shipping: finished parts become customer orders, consolidated into truck loads by a policy.
#pragma once
#include "core/RandomStream.hpp"
#include "core/Statistics.hpp"
#include "energy/RateMeter.hpp"
#include "kernel/EventCalendar.hpp"
#include "model/ModelSpec.hpp"
#include "production/Tracer.hpp"
#include "transport/TripLedger.hpp"
#include "transport/VehiclePool.hpp"

#include <deque>
#include <functional>
#include <unordered_map>
#include <map>
#include <vector>

namespace greenfab {

/**
 * One finished part on its way to a customer: an order line. Made to stock, each part is an order of its
 * own; made to order, the parts of one customer order share `order` (see docs/transport.md).
 */
struct CustomerOrder {
  ProductId product   = -1;
  double released_at  = 0; ///< the order's start: the part's release (to stock) or the order's arrival
  double finished_at  = 0; ///< left the line, ready to ship (to order: when the order's last part did)
  double due_at       = 0;
  int customer        = -1; ///< index into OutboundSpec::customers
  std::int32_t order  = -1; ///< the customer order (make to order), or -1
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
 * Make to stock, finished parts are split among the customers by share. Make to order, each customer's
 * orders arrive on their own clock and release their parts into the line (through `release_order`); an
 * order ships complete when its last part is finished, and counts as delivered when its last part is.
 *
 * Policies: full_truck_load (a load leaves as soon as no further part of the heaviest product fits, or
 * when its oldest order has waited max_wait), or daily (every load waiting leaves at the fixed departure
 * times; loads that fill up earlier wait for the departure too): one customer per load; or milk_run (one load for all customers, delivered stop by stop in the
 * listed order, leaving at the departure times or when full). An own fleet has `count` vehicles: a ready load
 * waits for a free one; vehicles drive out, deliver, and come back empty (counted), electric ones then
 * charge at the factory before the next trip. A bought fleet always has a vehicle and no return leg.
 */
class Outbound final : public EventHandler {
public:
  /** Releases `quantity` parts of a product for a customer order into the line (make to order). */
  using ReleaseOrder = std::function<void(ProductId product, int quantity, std::int32_t order)>;
  /** `pool`: the own fleet's vehicles (shared with inbound milk runs); nullptr for a bought fleet. */
  Outbound(const ModelSpec& spec, EventCalendar& calendar, TripLedger& ledger, SiteMeters* meters, VehiclePool* pool,
           ReleaseOrder release_order, std::uint64_t seed, int replication);
  void start();
  void set_tracer(Tracer* tracer) { tracer_ = tracer; }
  /** A finished part of `product` (released at `released_at`, made for `order` or -1) leaves the line now. */
  void part_finished(ProductId product, double released_at, std::int32_t order);
  void reset_statistics(double now);
  void on_event(int tag, std::uint64_t seq) override;

  // Statistics over the measured window.
  Moments lead_time;      ///< release into the line -> delivery at the customer [s]
  Moments dispatch_wait;  ///< finished -> truck departure [s]
  Moments load_wait;      ///< a formed load waiting for a free vehicle [s]
  std::uint64_t on_time = 0, delivered = 0; ///< orders (to stock: parts) delivered, and of them on time
  // Make to order only.
  std::uint64_t orders_placed = 0;
  Moments order_quantity;  ///< parts per order placed
  Moments production_time; ///< order arrival -> its last part finished [s]
  std::vector<Moments> production_time_by_customer;
  std::size_t open_orders() const { return book_.size(); } ///< placed, not yet delivered
  std::vector<Moments> lead_time_by_customer;
  std::vector<std::uint64_t> on_time_by_customer;
  Moments tour_km;        ///< distance of each outbound trip, out and back (milk runs: the tour) [km]
  double now() const { return calendar_.now(); }

private:
  // Per-customer events carry the customer in the tag: tag = kind + 8 x (customer + 1).
  enum Tag { timeout_tag, delivery_tag, return_tag, departure_tag, order_tag };
  /** A customer order being made or shipped (make to order). */
  struct OpenOrder {
    int customer = -1;
    ProductId product = -1;
    int quantity = 0, finished = 0, undelivered = 0;
    double placed_at = 0, due_at = 0;
  };
  struct Trip {
    Load load;
    double depart_s = 0, energy_J = 0, distance_m = 0;
    std::vector<int> stops; ///< customers still to visit, in order (the first is where it is heading)
  };
  bool fits(const Load& l, ProductId p, int customer) const;
  /** Puts an order line on its customer's open load (closing or holding a load it no longer fits). */
  void add_line(const CustomerOrder& line);
  void order_arrives(int customer);
  /** An order (to stock: a part) of `customer` started at `started_at` is delivered now. */
  void record_delivery(int customer, double started_at, double due_at);
  const std::string& customer_name(int customer) const;
  /** Drives from `from` to the trip's next stop with what is still on board; schedules the delivery. */
  void drive_to_next_stop(Trip trip, SiteId from);
  std::size_t open_index(int customer) const { return o_.policy == OutboundSpec::Policy::milk_run ? 0 : static_cast<std::size_t>(customer); }
  double pallets(const Load& l) const;
  bool full(const Load& l) const;
  void close_load(int customer);
  /** A scheduled policy: a full load waits for the next departure instead of leaving at once. */
  void hold_load(int customer);
  /** Asks for a vehicle for every formed load that has none yet (bought fleet: they all leave now). */
  void dispatch();
  /** The oldest formed load leaves on the vehicle just granted. */
  void depart_front();
  void schedule_daily_departure();
  void arm_timeout(int customer);

  const ModelSpec& spec_;
  const TransportSpec& t_;
  const OutboundSpec& o_;
  const FleetSpec& fleet_;
  EventCalendar& calendar_;
  TripLedger& ledger_;
  SiteMeters* meters_;
  Tracer* tracer_ = nullptr;
  RandomStream customer_rng_, delay_rng_;
  ReleaseOrder release_order_;
  std::vector<RandomStream> order_rng_, quantity_rng_, product_rng_; ///< per customer (make to order)
  std::unordered_map<std::int32_t, OpenOrder> book_;
  std::int32_t next_order_ = 0;
  std::vector<std::vector<Load>> held_;       ///< per customer slot: full loads waiting for the departure
  std::vector<Load> open_;                    ///< per customer: the load being filled
  std::vector<std::uint64_t> timeout_seq_;    ///< per customer: the live max-wait event
  std::deque<std::pair<Load, double>> ready_; ///< formed loads waiting for a vehicle, with the time formed
  VehiclePool* pool_;
  std::size_t requested_ = 0; ///< formed loads waiting for a vehicle from the pool
  std::map<std::uint64_t, Trip> trips_;       ///< by the seq of the trip's pending event
  std::vector<ProductId> shipped_products_;
};

} // namespace greenfab
