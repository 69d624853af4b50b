// Transport of one run: builds the logistics entities from the spec and turns their ledgers into results.
#include "transport/Transport.hpp"
#include "results/TableBuilder.hpp"

#include <cmath>
#include <limits>

namespace greenfab {

Transport::Transport(const ModelSpec& spec, int replication, EventCalendar& calendar, SiteMeters* meters,
                     std::function<void(StationId)> wake_station, Outbound::ReleaseOrder release_order,
                     std::function<std::size_t(StationId)> waiting_parts)
    : spec_(spec), calendar_(calendar), ledger_(spec.transport, spec.transport.shipment_log)
{
  const TransportSpec& t = spec.transport;
  // One pool per own road or rail fleet, shared by everyone who sends its vehicles out.
  pools_.resize(t.fleets.size());
  auto pool = [&](FleetId f) -> VehiclePool* {
    const FleetSpec& fleet = t.fleets[static_cast<std::size_t>(f)];
    if (fleet.bought)
      return nullptr; // a carrier's: always a vehicle (own fleets have count >= 1, the loader checks)
    auto& p = pools_[static_cast<std::size_t>(f)];
    if (not p)
      p = std::make_unique<VehiclePool>(fleet, calendar, meters);
    return p.get();
  };
  if (t.outbound.enabled)
    outbound_ = std::make_unique<Outbound>(spec, calendar, ledger_, meters, pool(t.outbound.fleet),
                                           std::move(release_order), spec.run.seed, replication);
  if (t.internal.enabled)
    internal_ = std::make_unique<InternalFleet>(t, calendar, meters, spec.run.seed, replication);
  by_station_.assign(spec.stations.size(), {});
  for (const auto& m : t.materials) {
    const StationId s = m.station;
    std::function<std::size_t()> waiting;
    if (waiting_parts)
      waiting = [waiting_parts, s] { return waiting_parts(s); };
    materials_.push_back(std::make_unique<MaterialStock>(
        m, t, calendar, ledger_, meters, [wake_station, s] { wake_station(s); }, spec.run.seed, replication,
        std::move(waiting)));
    by_station_[static_cast<std::size_t>(s)].push_back(materials_.back().get());
  }
  for (std::size_t r = 0; r < t.inbound_runs.size(); ++r) {
    std::vector<MaterialStock*> on_run;
    for (auto& m : materials_)
      if (m->spec().policy == PurchasedMaterial::Policy::milk_run and m->spec().run == static_cast<int>(r))
        on_run.push_back(m.get());
    runs_.push_back(std::make_unique<InboundRun>(t.inbound_runs[r], spec, calendar, ledger_, meters,
                                                 pool(t.inbound_runs[r].fleet), std::move(on_run), spec.run.seed,
                                                 replication));
  }
}

void Transport::set_tracer(Tracer* tracer)
{
  if (outbound_)
    outbound_->set_tracer(tracer);
  for (auto& r : runs_)
    r->set_tracer(tracer);
}

void Transport::start()
{
  if (outbound_)
    outbound_->start();
  for (auto& r : runs_)
    r->start();
  reset_statistics(calendar_.now());
}

void Transport::reset_statistics(double now)
{
  for (auto& p : pools_)
    if (p)
      p->reset_statistics(now);
  window_start_ = now;
  ledger_.reset();
  if (outbound_)
    outbound_->reset_statistics(now);
  if (internal_)
    internal_->reset_statistics(now);
  for (auto& m : materials_)
    m->reset_statistics(now);
  for (auto& r : runs_)
    r->reset_statistics(now);
}

bool Transport::take_material(StationId station, int parts)
{
  // A cycle needs every material of the station: none is taken until all are there (a complete kit), and
  // each missing one counts the station's wait as its own starved time.
  const auto& stocks = by_station_[static_cast<std::size_t>(station)];
  bool complete      = true;
  for (MaterialStock* m : stocks)
    if (not m->available(parts)) {
      m->starve();
      complete = false;
    }
  if (complete)
    for (MaterialStock* m : stocks)
      m->consume(parts);
  return complete;
}

void Transport::add_results(RunResult& r, double now) const
{
  const double nan  = std::numeric_limits<double>::quiet_NaN();
  const double span = now - window_start_;
  const auto& L     = ledger_;
  auto kpi = [&](const char* name, const char* unit, const char* description, double value) {
    r.kpis.push_back({name, unit, description, value});
  };
  kpi("transport_vehicle_km", "km", "road and rail vehicle-km (own fleet both ways; bought: laden legs)", L.vehicle_m / 1000);
  kpi("transport_tonne_km", "t km", "payload x distance over all legs", L.kg_m / 1e6);
  kpi("transport_load_factor", "1", "tonne-km / (payload capacity x laden km)",
      L.capacity_kg_m > 0 ? L.kg_m / L.capacity_kg_m : nan);
  kpi("transport_empty_share", "1", "share of vehicle-km run empty", L.vehicle_m > 0 ? L.empty_m / L.vehicle_m : nan);
  kpi("transport_legs", "", "vehicle legs (laden and empty) in the window", L.trips);
  double internal_e = 0, internal_s1 = 0, internal_up = 0;
  if (internal_) {
    internal_e  = internal_->energy_J;
    internal_s1 = internal_->scope1_kg;
    internal_up = internal_->upstream_kg;
  }
  for (const char* carrier : {"diesel", "hvo", "lpg", "electricity"}) {
    double e = 0;
    if (auto it = L.energy_by_carrier_J.find(carrier); it != L.energy_by_carrier_J.end())
      e += it->second;
    if (internal_ and internal_->fleet().type.carrier == carrier)
      e += internal_e;
    const std::string name = std::string("transport_energy_") + carrier + "_J";
    r.kpis.push_back({name, "J", std::string("energy of own vehicles (road, rail and internal) from ") + carrier, e});
  }
  kpi("transport_scope1_kg", "kg", "kg CO2e burnt by own vehicles (scope 1; electricity is in the site's scope 2)",
      L.own_scope1_kg + internal_s1);
  kpi("transport_own_upstream_kg", "kg", "kg CO2e well-to-tank of own vehicles' fuels (scope 3 cat. 3)",
      L.own_upstream_kg + internal_up);
  kpi("transport_bought_upstream_kg", "kg", "kg CO2e of bought inbound transport (scope 3 cat. 4)", L.bought_upstream_kg);
  kpi("transport_bought_downstream_kg", "kg", "kg CO2e of bought outbound transport (scope 3 cat. 9)",
      L.bought_downstream_kg);
  kpi("transport_intensity_g_per_tkm", "g/(t km)", "(scope 1 + upstream + bought) g CO2e per tonne-km of road and rail legs",
      L.kg_m > 0 ? 1e3 * (L.own_scope1_kg + L.own_upstream_kg + L.bought_upstream_kg + L.bought_downstream_kg) / (L.kg_m / 1e6)
                 : nan);
  if (outbound_) {
    const auto& o = *outbound_;
    const bool to_order = spec_.release.to_order;
    if (to_order) {
      kpi("order_lead_time_mean_s", "s", "mean time from a customer order's arrival to the delivery of its last part",
          o.lead_time.mean());
      kpi("orders_delivered", "", "customer orders delivered complete in the window", static_cast<double>(o.delivered));
      kpi("orders_placed", "", "customer orders that arrived in the window", static_cast<double>(o.orders_placed));
      kpi("order_quantity_mean", "", "mean parts per order placed", o.order_quantity.mean());
      kpi("order_production_time_mean_s", "s", "mean time from an order's arrival to its last part leaving the line",
          o.production_time.mean());
      kpi("open_orders_end", "", "orders placed and not yet delivered at the end of the run",
          static_cast<double>(o.open_orders()));
    } else {
      kpi("order_lead_time_mean_s", "s", "mean time from release into the line to delivery at the customer", o.lead_time.mean());
      kpi("orders_delivered", "", "customer orders (finished parts) delivered in the window", static_cast<double>(o.delivered));
    }
    kpi("on_time_share", "1", "share of delivered orders delivered by their due time",
        o.delivered ? static_cast<double>(o.on_time) / static_cast<double>(o.delivered) : nan);
    kpi("dispatch_wait_mean_s", "s", "mean time from leaving the line to the truck's departure", o.dispatch_wait.mean());
    kpi("load_wait_mean_s", "s", "mean time a formed load waited for a free vehicle", o.load_wait.mean());
    const auto& f = spec_.transport.fleets[static_cast<std::size_t>(spec_.transport.outbound.fleet)];
    kpi("outbound_fleet_utilisation", "1", "mean share of the outbound fleet's vehicles away or charging (inbound milk runs on the same fleet included)",
        f.bought or f.count == 0 ? nan
                                 : pools_[static_cast<std::size_t>(spec_.transport.outbound.fleet)]->busy.mean(now) / f.count);
    kpi("outbound_trip_km_mean", "km",
        "mean distance of an outbound trip (a milk run's whole tour; own fleet: with the empty return)",
        o.tour_km.count() ? o.tour_km.mean() : nan);
    // Per customer: a milk run serves the last stops later, which the line-level means hide.
    TableBuilder t("customers", "customer");
    t.key("customer")
        .column("orders_delivered", "", "orders delivered in the window")
        .column("on_time_share", "1", "share delivered by the due time")
        .column("lead_time_mean_s", "s", "mean release (to order: order arrival) -> delivery")
        .column("production_time_mean_s", "s", "made to order: mean order arrival -> last part leaves the line");
    const auto& cs = spec_.transport.outbound.customers;
    for (std::size_t c = 0; c < cs.size(); ++c) {
      const auto& m  = o.lead_time_by_customer[c];
      const auto n   = static_cast<double>(m.count());
      const auto& pt = o.production_time_by_customer[c];
      t.row()
          .set("customer", spec_.transport.sites[static_cast<std::size_t>(cs[c].site)].name)
          .set("orders_delivered", n)
          .set("on_time_share", n > 0 ? static_cast<double>(o.on_time_by_customer[c]) / n : nan)
          .set("lead_time_mean_s", n > 0 ? m.mean() : nan)
          .set("production_time_mean_s", to_order and pt.count() > 0 ? pt.mean() : nan);
    }
    r.add_table(t.take());
  }
  if (internal_) {
    const auto& i = *internal_;
    kpi("internal_moves", "", "moves between stations in the window", static_cast<double>(i.moves));
    kpi("internal_utilisation", "1", "mean share of internal vehicles busy", i.busy.mean(now) / i.fleet().count);
    kpi("internal_wait_mean_s", "s", "mean wait of a move for a free vehicle", i.wait.mean());
    kpi("internal_queue_mean", "", "time-average moves waiting for a vehicle", i.queue.mean(now));
    kpi("internal_transit_mean_s", "s", "mean time from a part leaving its machine to entering the next buffer (wait + travel)",
        i.transit.mean());
  }
  if (not materials_.empty()) {
    double stockouts = 0, starved = 0;
    TableBuilder t("inbound", "purchased material");
    t.key("material")
        .text("station")
        .text("supplier")
        .text("policy")
        .column("on_hand_mean", "", "time-average units on hand")
        .column("stockout_share", "1", "share of time with less on hand than one part needs")
        .column("stockouts", "", "times the stock ran out")
        .column("orders", "", "replenishment orders placed")
        .column("arrivals", "", "replenishment orders received")
        .column("starved_s", "s", "time the station waited for this material with parts to process")
        .column("starved_share", "1", "starved_s / window length");
    for (const auto& m : materials_) {
      const PurchasedMaterial& ms = m->spec();
      std::string policy;
      switch (ms.policy) {
        case PurchasedMaterial::Policy::kanban:
          policy = "kanban " + std::to_string(ms.cards) + " x " + std::to_string(static_cast<long>(ms.order_quantity));
          break;
        case PurchasedMaterial::Policy::milk_run:
          policy = "milk run " + spec_.transport.inbound_runs[static_cast<std::size_t>(ms.run)].name + ", S " +
                   std::to_string(static_cast<long>(ms.order_up_to));
          break;
        case PurchasedMaterial::Policy::reorder_point:
          policy = "s " + std::to_string(static_cast<long>(ms.reorder_point)) + ", Q " +
                   std::to_string(static_cast<long>(ms.order_quantity));
          break;
      }
      const double s = m->starved_time(now);
      t.row()
          .set("material", ms.name)
          .set("station", spec_.stations[static_cast<std::size_t>(ms.station)].name)
          .set("supplier", spec_.transport.sites[static_cast<std::size_t>(ms.supplier)].name)
          .set("policy", policy)
          .set("on_hand_mean", m->level.mean(now))
          .set("stockout_share", m->out_of_stock.mean(now))
          .set("stockouts", m->stockouts)
          .set("orders", m->orders)
          .set("arrivals", m->arrivals)
          .set("starved_s", s)
          .set("starved_share", span > 0 ? s / span : nan);
      stockouts += static_cast<double>(m->stockouts);
      starved += s;
    }
    kpi("material_stockouts", "", "times a purchased material ran out", stockouts);
    kpi("material_starved_s", "s", "time stations waited for material, summed over materials (per station: the starved_material state)", starved);
    r.add_table(t.take());
  }
  if (not runs_.empty()) {
    double tours = 0, km_sum = 0, km_n = 0;
    TableBuilder t("inbound_runs", "inbound milk run");
    t.key("run")
        .text("fleet")
        .column("departures", "", "scheduled departures (reviews) in the window")
        .column("tours", "", "tours driven (departures with something to pick up)")
        .column("tour_km_mean", "km", "mean tour distance, factory -> stops -> factory")
        .column("vehicles_mean", "", "mean vehicles per tour (ceil(mass / payload))")
        .column("load_kg_mean", "kg", "mean mass picked up per tour")
        .column("vehicle_wait_mean_s", "s", "mean wait from the departure time until the own fleet had the vehicles");
    for (const auto& run : runs_) {
      t.row()
          .set("run", run->spec().name)
          .set("fleet", spec_.transport.fleets[static_cast<std::size_t>(run->spec().fleet)].name)
          .set("departures", run->departures)
          .set("tours", run->tours)
          .set("tour_km_mean", run->tour_km.count() ? run->tour_km.mean() : nan)
          .set("vehicles_mean", run->vehicles.count() ? run->vehicles.mean() : nan)
          .set("load_kg_mean", run->load_kg.count() ? run->load_kg.mean() : nan)
          .set("vehicle_wait_mean_s", run->vehicle_wait.count() ? run->vehicle_wait.mean() : nan);
      tours += static_cast<double>(run->tours);
      km_sum += run->tour_km.sum();
      km_n += static_cast<double>(run->tour_km.count());
    }
    kpi("inbound_tours", "", "inbound milk-run tours driven in the window, over all runs", tours);
    kpi("inbound_tour_km_mean", "km", "mean distance of an inbound milk-run tour, factory -> stops -> factory",
        km_n > 0 ? km_sum / km_n : nan);
    r.add_table(t.take());
  }
  if (spec_.transport.shipment_log)
    r.add_table(L.log.table());
}

} // namespace greenfab
