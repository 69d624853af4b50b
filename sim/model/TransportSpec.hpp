// The validated `transport:` section of a model: sites, distances, fleets, outbound, internal and inbound
// logistics, in SI units (m, kg, s, J; emission intensities in kg CO2e per kg.m). Plain data.
#pragma once
#include "core/Distribution.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace greenfab {

using SiteId  = int; ///< index into TransportSpec::sites
using FleetId = int; ///< index into TransportSpec::fleets

/** A place goods leave from or arrive at. Coordinates are optional when the distance table covers it. */
struct LogisticsSite {
  enum class Role { factory, customer, supplier, warehouse, terminal };
  std::string name;
  Role role = Role::customer;
  std::optional<double> latitude_deg, longitude_deg;
};

/** Which network a vehicle uses: it picks the road or the rail distance between two sites. */
enum class TransportMode { road, rail };

/**
 * A kind of vehicle, resolved from models/data/vehicles.yaml and the model's overrides. Energy per metre
 * is linear in the payload (GLEC Framework / ISO 14083 approach): e(m) = empty + (full - empty) m / payload.
 */
struct VehicleTypeSpec {
  std::string name;                 ///< the type's name in vehicles.yaml, e.g. "diesel_truck"
  TransportMode mode = TransportMode::road;
  double payload_kg  = 0;           ///< > 0
  int pallets        = 0;           ///< pallet places; 0: pallets do not limit the load
  double speed_m_per_s = 0;         ///< mean travel speed over a leg (> 0 for road and rail vehicles)
  double energy_empty_J_per_m = 0;  ///< running empty
  double energy_full_J_per_m  = 0;  ///< at full payload
  double power_W = 0;               ///< internal vehicles (forklifts, AGVs): mean power while moving a load
  std::string carrier;              ///< diesel, hvo, electricity, lpg (models/data/carriers.yaml)
  double scope1_kg_per_J   = 0;     ///< from carriers.yaml: combustion at the vehicle
  double upstream_kg_per_J = 0;     ///< well-to-tank
  /** Bought transport: kg CO2e per kg of goods per metre (g CO2e/tkm x 1e-9); nullopt: no default. */
  std::optional<double> intensity_kg_per_kg_m;
  double charging_power_W = 0;      ///< electric road vehicles: charger power at the factory
  std::string source;               ///< where the figures come from (or "ASSUMPTION: ...")

  double energy_J_per_m(double load_kg) const
  {
    return energy_empty_J_per_m + (energy_full_J_per_m - energy_empty_J_per_m) * load_kg / payload_kg;
  }
  bool electric() const { return carrier == "electricity"; }
  /** Vehicle loads needed to carry `mass_kg` (at least one). */
  int vehicles_for(double mass_kg) const
  {
    return std::max(1, static_cast<int>(std::ceil(mass_kg / payload_kg - 1e-9)));
  }
};

/** A set of identical vehicles: owned (scope 1 fuel, or site electricity) or bought from a carrier (scope 3). */
struct FleetSpec {
  std::string name;
  VehicleTypeSpec type;
  bool bought = false;
  int count   = 0;                  ///< vehicles; 0 with `bought`: as many as needed (a carrier's)
  std::optional<Distribution> delay; ///< extra time per leg [s]: loading, unloading, traffic

  /** Driving time of a leg of `distance_m` plus one draw of `delay` from the trip owner's stream [s]. */
  double leg_time_s(double distance_m, RandomStream& rng) const
  {
    return distance_m / type.speed_m_per_s + (delay ? delay->sample(rng) : 0.0);
  }
};

/** Mass and pallet share of one finished part of a product on a shipment. */
struct LoadSpec {
  double mass_kg       = 0;
  double parts_per_pallet = 0;      ///< 0: the product does not travel on pallets
};

/**
 * A customer's own orders (make to order): each arrival releases `quantity` parts of one product into the
 * line; the order ships when its last part is finished (ship complete), and is delivered when its last part
 * is unloaded.
 */
struct OrderStreamSpec {
  Distribution interarrival;        ///< time between this customer's orders [s]
  Distribution quantity;            ///< parts per order: each sample is rounded to a whole number, at least 1
  /** Share of each ProductId (0 for products not released), normalised to sum 1; from the model's mix
   *  unless the customer lists its own `products`. */
  std::vector<double> mix;
};

/**
 * A customer site. Make to stock: it receives a `share` of the finished parts, each part an order line.
 * Make to order: it places its own `orders`. Either way each order has a promised delivery time.
 */
struct CustomerSpec {
  SiteId site   = -1;
  double share  = 1;                ///< make to stock: fraction of finished parts (normalised to sum 1)
  /** Promised time to delivery: from the part's release (make to stock) or from the order (make to order). */
  double due_s  = std::numeric_limits<double>::infinity();
  std::optional<OrderStreamSpec> orders; ///< set for every customer, or for none
};

/**
 * Outbound shipping: finished parts become customer orders, consolidated into trips by a policy.
 * milk_run: one load for all customers, visited in the order of `customers` (stops without orders are
 * skipped); it leaves at `departures` if given, else when full (or after max_wait).
 */
struct OutboundSpec {
  enum class Policy { full_truck_load, daily, milk_run };
  bool enabled   = false;
  FleetId fleet  = -1;
  Policy policy  = Policy::full_truck_load;
  /** full_truck_load: a partial load leaves when its oldest order has waited this long. */
  double max_wait_s = std::numeric_limits<double>::infinity();
  std::vector<double> departures_s; ///< daily, milk_run: departure times, seconds after midnight, sorted
  std::vector<CustomerSpec> customers;
};

/** The time of the moves from one station to the next on a route, when it differs from the default. */
struct StationMove {
  int from = -1, to = -1; ///< StationIds
  Distribution travel;    ///< [s]
};

/** Moves of parts between consecutive stations of a route by a shared fleet of forklifts or AGVs. */
struct InternalSpec {
  bool enabled  = false;
  FleetId fleet = -1;
  Distribution travel; ///< time a vehicle is busy for one move (fetch, carry, return) [s]; the default
  std::vector<StationMove> moves; ///< pairs of stations with their own travel time
  /** The travel time of a move from station `from` to station `to`. */
  const Distribution& travel_between(int from, int to) const
  {
    for (const auto& m : moves)
      if (m.from == from and m.to == to)
        return m.travel;
    return travel;
  }
};

/**
 * A scheduled inbound milk run: a tour that leaves the factory at fixed daily times, visits its suppliers
 * in a fixed order (skipping stops with nothing to pick up), and brings what it picked up back to the
 * factory. It drives only when something is to be picked up. Materials on it follow a periodic-review
 * order-up-to (R, S) policy, reviewed at each departure (docs/transport.md).
 */
struct InboundRunSpec {
  std::string name;
  FleetId fleet = -1;
  std::vector<double> departures_s; ///< departure times, seconds after midnight, sorted, every day
  std::vector<SiteId> stops;        ///< visiting order; each site at most once
  /** Goods called off at a departure are picked up on the run this many departures later (0: the same). */
  int lead_runs = 0;
  /** A tour leaves only with at least this mass to collect [kg]; a smaller call-off waits at the
   *  suppliers (still on order) for the next departure. 0: any call-off makes a tour. */
  double min_load_kg = 0;
};

/**
 * A purchased material consumed at a station and replenished by a continuous-review (s, Q) policy, by
 * kanban cards (N cards of Q units: loaded as s = (N - 1) Q, the same runtime), or by a scheduled inbound
 * milk run with an order-up-to level S (periodic review; docs/transport.md).
 */
struct PurchasedMaterial {
  enum class Policy { reorder_point, kanban, milk_run };
  std::string name;
  Policy policy = Policy::reorder_point;
  int cards     = 0;                ///< kanban: cards in the loop (0 with reorder_point)
  int run       = -1;               ///< milk_run: index into TransportSpec::inbound_runs
  double order_up_to = 0;           ///< milk_run: S, the inventory position each review restores [units]
  SiteId supplier     = -1;
  int station         = -1;         ///< StationId that consumes it
  double per_part     = 1;          ///< units consumed per part processed at the station
  double unit_mass_kg = 0;
  Distribution lead_time;           ///< order to arrival [s] (includes the supplier's and the carrier's time; unused by milk_run)
  double reorder_point  = 0;        ///< s: order when the inventory position falls to or below it
  double order_quantity = 1;        ///< Q (> 0)
  double initial        = 0;        ///< on hand at time 0
  FleetId fleet         = -1;       ///< who carries it (own fleet: fuel; bought: scope 3 upstream); milk_run: the run's
};

/** The whole transport section; `enabled` is false when the model has none. */
struct TransportSpec {
  bool enabled = false;
  std::vector<LogisticsSite> sites;
  SiteId factory = -1;
  /** Symmetric distance matrices [m], sites x sites, row-major; NaN where neither table nor coordinates give one. */
  std::vector<double> road_m, rail_m;
  double road_factor = 1.2;         ///< great-circle -> road distance (ASSUMPTION default, see docs/transport.md)
  double rail_factor = 1.3;         ///< great-circle -> rail distance (ASSUMPTION default)
  std::vector<FleetSpec> fleets;
  std::vector<LoadSpec> loads;      ///< per ProductId (finished products)
  OutboundSpec outbound;
  InternalSpec internal;
  std::vector<PurchasedMaterial> materials;
  std::vector<InboundRunSpec> inbound_runs;
  bool shipment_log = false;        ///< one row per trip in the results

  double distance_m(SiteId a, SiteId b, TransportMode mode) const
  {
    const auto& d = mode == TransportMode::rail ? rail_m : road_m;
    return d[static_cast<std::size_t>(a) * sites.size() + static_cast<std::size_t>(b)];
  }
};

} // namespace greenfab
