// All logistics of one run: outbound shipping, internal moves and purchased materials, and their KPIs.
#pragma once
#include "energy/RateMeter.hpp"
#include "kernel/EventCalendar.hpp"
#include "model/ModelSpec.hpp"
#include "production/Tracer.hpp"
#include "results/RunResult.hpp"
#include "transport/InboundRun.hpp"
#include "transport/InternalFleet.hpp"
#include "transport/MaterialStock.hpp"
#include "transport/Outbound.hpp"
#include "transport/TripLedger.hpp"

#include <functional>
#include <memory>
#include <vector>

namespace greenfab {

/**
 * Built by the Line when the model has a `transport:` section. The Line tells it when a part leaves
 * (complete), moves between stations (move_on) and when a station wants material for a cycle; it tells
 * the Line (through `wake_station`) when material arrives, and asks it (through `waiting_parts`) how many
 * parts a station has waiting, the demand an inbound milk run's review counts while the station is starved.
 */
class Transport {
public:
  /** `release_order` puts a customer order's parts into the line's release backlog (make to order). */
  Transport(const ModelSpec& spec, int replication, EventCalendar& calendar, SiteMeters* meters,
            std::function<void(StationId)> wake_station, Outbound::ReleaseOrder release_order,
            std::function<std::size_t(StationId)> waiting_parts = {});
  void start();
  /** `greenfab trace`: orders, shipments and inbound tours are narrated to `tracer` (may be nullptr). */
  void set_tracer(Tracer* tracer);
  void reset_statistics(double now);
  void part_finished(ProductId product, double released_at, std::int32_t order)
  {
    if (outbound_)
      outbound_->part_finished(product, released_at, order);
  }
  /** With internal transport: true, and the part is moved by the fleet; `delivered` runs on arrival. */
  bool internal_moves() const { return internal_ != nullptr; }
  void move_part(double now, StationId from, StationId to, std::function<void()> delivered)
  {
    internal_->request(now, from, to, std::move(delivered));
  }
  /** Material for `parts` parts at `station`: true if taken (or none is needed), false if the station must wait. */
  bool take_material(StationId station, int parts);
  /** Appends the transport KPIs and tables (fleets, materials, optional shipment log). */
  void add_results(RunResult& r, double now) const;

private:
  const ModelSpec& spec_;
  EventCalendar& calendar_;
  TripLedger ledger_;
  std::vector<std::unique_ptr<VehiclePool>> pools_; ///< per FleetId: own fleets' vehicles, or nullptr
  std::unique_ptr<Outbound> outbound_;
  std::unique_ptr<InternalFleet> internal_;
  std::vector<std::unique_ptr<MaterialStock>> materials_;
  std::vector<std::vector<MaterialStock*>> by_station_; ///< per StationId: the materials it consumes
  std::vector<std::unique_ptr<InboundRun>> runs_; ///< per TransportSpec::inbound_runs
  double window_start_ = 0;
};

} // namespace greenfab
