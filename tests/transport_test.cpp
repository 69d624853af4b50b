// Transport: tonne-km and emissions on a hand-computed case; full-truck-load waiting against (Q-1)/(2 lambda);
// the internal fleet against Erlang C; an (s, Q) material against its exact stock-out probability; loader checks.
#include "core/Errors.hpp"
#include "energy/Carriers.hpp"
#include "exact/Exact.hpp"
#include "exact/Logistics.hpp"
#include "kernel/Simulation.hpp"
#include "model/ModelLoader.hpp"
#include "results/Summary.hpp"
#include "support/KpiEstimate.hpp"
#include "transport/Geography.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace greenfab;

namespace {

using testing::kpi_estimate;

/** One truck, 10 parts of 1 t per trip, 100 km each way at 50 km/h; `fleet` is the fleet's YAML. */
ModelSpec hand_case(const std::string& fleet)
{
  return load_model_text(R"(
name: hand-computed transport
run: {horizon: 105.5 h, seed: 5}
products: [{name: crate, route: [pack]}]
release: {interarrival: 1 h}
stations: [{name: pack, process: 1 s}]
transport:
  sites:
    - {name: plant, role: factory}
    - {name: shop, role: customer}
  distances: [{from: plant, to: shop, road: 100 km}]
  loads: {crate: {mass: 1000 kg}}
  fleets:
    - )" + fleet + R"(
  outbound: {fleet: trucks, policy: full_truck_load, customers: [{site: shop, due: 10 h}]}
)",
                         "hand_case.yaml");
}

} // namespace

TEST_CASE("great-circle distance: Copenhagen-Stockholm and a quarter meridian", "[transport]")
{
  // A quarter of a meridian on the mean sphere is pi/2 x 6371.0088 km.
  CHECK(great_circle_m(0, 0, 90, 0) == Approx(3.14159265358979 / 2 * 6371008.8).epsilon(1e-12));
  // Copenhagen (55.6761 N, 12.5683 E) - Stockholm (59.3293 N, 18.0686 E): about 522 km by air.
  CHECK(great_circle_m(55.6761, 12.5683, 59.3293, 18.0686) == Approx(522e3).epsilon(0.01));
}

TEST_CASE("own diesel truck: km, tonne-km, energy and scope 1 match the hand computation", "[transport]")
{
  const auto runs = run_replications(
      hand_case("{name: trucks, type: diesel_truck, count: 1, payload: 10 t, pallets: 0, speed: 50 km/h, "
                "energy_empty: 2 kWh/km, energy_full: 3 kWh/km}"));
  const RunResult& r = runs.at(0);
  REQUIRE(r.status == "ok");
  // 105 crates in 105.5 h: 10 full loads, each 100 km laden (10 t) and 100 km empty, back after 4 h.
  const double trips = 10, kWh = 3.6e6;
  CHECK(r.kpi("transport_legs") == 2 * trips);
  CHECK(r.kpi("transport_vehicle_km") == Approx(2 * 100 * trips));
  CHECK(r.kpi("transport_tonne_km") == Approx(10 * 100 * trips));
  CHECK(r.kpi("transport_load_factor") == Approx(1));
  CHECK(r.kpi("transport_empty_share") == Approx(0.5));
  // Energy: 100 km x 3 kWh/km laden + 100 km x 2 kWh/km empty = 500 kWh per trip.
  CHECK(r.kpi("transport_energy_diesel_J") == Approx(500 * kWh * trips));
  // Diesel: 2.51 kg CO2e/l over 9.9053 kWh/l = 0.25340 kg/kWh (docs/energy-data.md) -> 126.70 kg per trip.
  CHECK(r.kpi("transport_scope1_kg") == Approx(0.25340 * 500 * trips).epsilon(1e-4));
  const CarrierTable carriers = CarrierTable::load(GREENFAB_SOURCE_DIR "/models/data/carriers.yaml");
  const Carrier& diesel       = carriers.at("diesel"); // a reference into the table: keep the table alive
  CHECK(r.kpi("transport_own_upstream_kg") == Approx(diesel.upstream_kg_per_J * 500 * kWh * trips).epsilon(1e-9));
  CHECK(r.kpi("transport_bought_downstream_kg") == 0);
  // Every crate waits for the tenth of its load: the i-th waits (10 - i) h, mean 4.5 h; 2 h on the road.
  CHECK(r.kpi("dispatch_wait_mean_s") == Approx(4.5 * 3600).epsilon(1e-3));
  CHECK(r.kpi("order_lead_time_mean_s") == Approx(6.5 * 3600 + 1).epsilon(1e-3));
  // Due 10 h after release: the first two crates of a load (9 h or 8 h wait, + 2 h driving + 1 s) are late.
  CHECK(r.kpi("on_time_share") == Approx(0.8));
}

TEST_CASE("bought truck: scope 3 downstream = tonne-km x 95 g/tkm, laden legs only", "[transport]")
{
  const auto runs = run_replications(hand_case("{name: trucks, type: diesel_truck, bought: true, payload: 10 t, "
                                               "pallets: 0, speed: 50 km/h}"));
  const RunResult& r = runs.at(0);
  REQUIRE(r.status == "ok");
  CHECK(r.kpi("transport_tonne_km") == Approx(10000));
  CHECK(r.kpi("transport_vehicle_km") == Approx(1000)); // the carrier's return is inside its intensity
  CHECK(r.kpi("transport_bought_downstream_kg") == Approx(10000 * 0.095));
  CHECK(r.kpi("transport_scope1_kg") == 0);
  CHECK(r.kpi("transport_energy_diesel_J") == 0);
}

TEST_CASE("full truck load with Poisson orders: mean wait (Q-1)/(2 lambda)", "[transport][validation]")
{
  // lambda = 1/h, Q = 8 parts of 1 t on an 8 t bought truck; the station takes no time, so the line's
  // output is the Poisson release stream.
  const ModelSpec spec = load_model_text(R"(
name: ftl poisson
run: {horizon: 30000 h, replications: 4, seed: 11}
products: [{name: crate, route: [pack]}]
release: {interarrival: exp(1 h)}
stations: [{name: pack, process: 0 s}]
transport:
  sites: [{name: plant, role: factory}, {name: shop, role: customer}]
  distances: [{from: plant, to: shop, road: 100 km}]
  loads: {crate: {mass: 1 t}}
  fleets: [{name: trucks, type: diesel_truck, bought: true, payload: 8 t, pallets: 0, speed: 50 km/h}]
  outbound: {fleet: trucks, customers: [{site: shop}]}
)",
                                         "ftl.yaml");
  const auto runs    = run_replications(spec, 2);
  const Estimate w   = kpi_estimate(runs, "dispatch_wait_mean_s");
  const double exact = exact::ftl_mean_wait(8, 1.0 / 3600);
  INFO("simulated " << w.mean / 3600 << " h +/- " << w.half_width / 3600 << ", exact " << exact / 3600 << " h");
  CHECK(std::abs(w.mean - exact) <= std::max(0.02 * exact, 2 * w.half_width));
  // Lead time = wait + 2 h of driving, order by order.
  const Estimate lt = kpi_estimate(runs, "order_lead_time_mean_s");
  CHECK(lt.mean - w.mean == Approx(2 * 3600).epsilon(2e-3));
  CHECK(kpi_estimate(runs, "transport_load_factor").mean == Approx(1));
}

TEST_CASE("internal fleet of 3 forklifts as M/M/3: wait and utilisation against Erlang C", "[transport][validation]")
{
  // Moves A -> B arrive Poisson at 1/min (stations take no time); each move takes exp(2.1 min): rho = 0.7.
  const ModelSpec spec = load_model_text(R"(
name: forklifts mmc
run: {warmup: 1 d, horizon: 150 d, replications: 4, seed: 21}
products: [{name: pallet, route: [a, b]}]
release: {interarrival: exp(1 min)}
stations: [{name: a, process: 0 s}, {name: b, process: 0 s}]
transport:
  sites: [{name: plant, role: factory}]
  fleets: [{name: forklifts, type: forklift_electric, count: 3}]
  internal: {fleet: forklifts, travel: exp(2.1 min)}
)",
                                         "mmc.yaml");
  const auto runs           = run_replications(spec, 2);
  const exact::MMcResult ex = exact::mmc(1.0 / 60, 1.0 / 126, 3);
  const Estimate wq         = kpi_estimate(runs, "internal_wait_mean_s");
  const Estimate u          = kpi_estimate(runs, "internal_utilisation");
  const Estimate lq         = kpi_estimate(runs, "internal_queue_mean");
  INFO("Wq simulated " << wq.mean << " s +/- " << wq.half_width << ", Erlang C " << ex.Wq << " s; rho " << u.mean);
  CHECK(std::abs(wq.mean - ex.Wq) <= std::max(0.04 * ex.Wq, 2 * wq.half_width));
  CHECK(u.mean == Approx(ex.rho).epsilon(0.01));
  CHECK(std::abs(lq.mean - ex.Lq) <= std::max(0.05 * ex.Lq, 2 * lq.half_width));
  // Energy: 5 kW while moving = 5 kW x utilisation x 3 vehicles x window.
  const Estimate e = kpi_estimate(runs, "transport_energy_electricity_J");
  CHECK(e.mean == Approx(5000 * u.mean * 3 * 150 * 86400).epsilon(0.01));
  // The moves delay the parts: with stations taking no time, lead time = Wq + 1/mu (126 s), and Little's
  // law still holds with the parts in transit counted as WIP.
  const Estimate lt = kpi_estimate(runs, "lead_time_mean_s");
  INFO("lead time " << lt.mean << " s +/- " << lt.half_width << ", Erlang C W " << ex.Wq + 126 << " s");
  CHECK(std::abs(lt.mean - (ex.Wq + 126)) <= std::max(0.02 * (ex.Wq + 126), 2 * lt.half_width));
  CHECK(kpi_estimate(runs, "internal_transit_mean_s").mean == Approx(lt.mean).epsilon(1e-3));
  for (const auto& r : runs)
    CHECK(std::abs(r.kpi("littles_law_residual")) < 0.01);
}

TEST_CASE("internal transport delays parts by wait + travel: hand-computed batch of two", "[transport]")
{
  // Parts released every 10 min; station a processes them in batches of 2 (1 min), so both parts of a
  // batch ask the single forklift for a 3 min move at the same instant. Cycle of 20 min from release k:
  //   part 1 (released 0):  a done 11, moved 11 -> 14, b 14 -> 15: lead time 15 min, wait 0
  //   part 2 (released 10): a done 11, waits 3 min, moved 14 -> 17, b 17 -> 18: lead time 8 min
  // Mean lead time 11.5 min, mean wait 1.5 min, transit 4.5 min. Without transport: 12 and 3 min, mean 7.5.
  // The first release is at 10 min. Horizon 1215 min: 60 full cycles (the last part completes at 1208 min),
  // part 121 released at 1210 min.
  const std::string model = R"(
name: forklift hand case
run: {horizon: 1215 min, seed: 3}
products: [{name: box, route: [a, b]}]
release: {interarrival: 10 min}
stations: [{name: a, process: 1 min, batch: 2}, {name: b, process: 1 min}]
transport:
  sites: [{name: plant, role: factory}]
  fleets: [{name: forklifts, type: forklift_electric, count: 1}]
)";
  const auto with = run_replications(load_model_text(model + "  internal: {fleet: forklifts, travel: 3 min}\n",
                                                     "with.yaml"));
  const auto without = run_replications(load_model_text(model, "without.yaml"));
  const RunResult& r = with.at(0);
  REQUIRE(r.status == "ok");
  REQUIRE(without.at(0).status == "ok");
  CHECK(r.kpi("output_parts") == 120);
  CHECK(r.kpi("lead_time_mean_s") == Approx(11.5 * 60));
  CHECK(without.at(0).kpi("lead_time_mean_s") == Approx(7.5 * 60));
  CHECK(r.kpi("internal_moves") == 120);
  CHECK(r.kpi("internal_wait_mean_s") == Approx(1.5 * 60));
  CHECK(r.kpi("internal_transit_mean_s") == Approx(4.5 * 60));
  CHECK(r.kpi("internal_utilisation") == Approx(120 * 3.0 / 1215));
  // Little's law: only part 121's 5 min in the line are outside the 120 finished lead times.
  CHECK(r.kpi("wip_mean") == Approx((120 * 11.5 + 5) / 1215));
}

TEST_CASE("internal moves take their station pair's travel time: hand-computed line a -> b -> c", "[transport]")
{
  // A part every 30 min, 1 min at each station; the move a -> b takes 2 min (listed), b -> c the default
  // 5 min. One forklift is never asked twice at once (7 min of moves per 30 min), so every part's lead
  // time is 3 x 1 + 2 + 5 = 10 min, and the forklift (5 kW) runs 7 min per part.
  const ModelSpec spec = load_model_text(R"(
name: station pairs
run: {horizon: 3011 min, seed: 3}
products: [{name: box, route: [a, b, c]}]
release: {interarrival: 30 min}
stations: [{name: a, process: 1 min}, {name: b, process: 1 min}, {name: c, process: 1 min}]
transport:
  sites: [{name: plant, role: factory}]
  fleets: [{name: forklifts, type: forklift_electric, count: 1, power: 5 kW}]
  internal: {fleet: forklifts, travel: 5 min, moves: [{from: a, to: b, travel: 2 min}]}
)",
                                         "pairs.yaml");
  REQUIRE(spec.transport.internal.travel_between(0, 1).mean() == 120);
  REQUIRE(spec.transport.internal.travel_between(1, 2).mean() == 300);
  const RunResult r = run_replications(spec).at(0);
  REQUIRE(r.status == "ok");
  CHECK(r.kpi("output_parts") == 100); // released at 30, 60, ..., 3000 min; the last done at 3010 min
  CHECK(r.kpi("lead_time_mean_s") == Approx(10 * 60).epsilon(1e-12));
  CHECK(r.kpi("internal_moves") == 200);
  CHECK(r.kpi("internal_transit_mean_s") == Approx(3.5 * 60).epsilon(1e-12));
  CHECK(r.kpi("internal_wait_mean_s") == 0);
  CHECK(r.kpi("transport_energy_electricity_J") == Approx(100 * 5e3 * 7 * 60).epsilon(1e-12));
  // Every pair listed: no default is needed.
  CHECK_NOTHROW(load_model_text(R"(
name: every pair
products: [{name: box, route: [a, b]}]
release: {interarrival: 30 min}
stations: [{name: a, process: 1 min}, {name: b, process: 1 min}]
transport:
  sites: [{name: plant, role: factory}]
  fleets: [{name: forklifts, type: forklift_electric, count: 1}]
  internal: {fleet: forklifts, moves: [{from: a, to: b, travel: 2 min}]}
)",
                                "every_pair.yaml"));
}

TEST_CASE("internal transport keeps the buffer bound: a part in transit holds its place", "[transport]")
{
  // b (10 min) is the bottleneck with one waiting place; a (1 min) is fed without limit. Each move takes
  // 3 min. At most one part waits at b or travels to it, so a is blocked while one part is on the way or
  // waiting and b's machine is busy: throughput is b's, 6/h, and the line's WIP stays bounded.
  const ModelSpec spec = load_model_text(R"(
name: forklift blocking
run: {horizon: 100 h, seed: 4}
products: [{name: box, route: [a, b]}]
release: {interarrival: saturated}
stations: [{name: a, process: 1 min, buffer: 2}, {name: b, process: 10 min, buffer: 1}]
transport:
  sites: [{name: plant, role: factory}]
  fleets: [{name: forklifts, type: agv, count: 2}]
  internal: {fleet: forklifts, travel: 3 min}
)",
                                         "blocking.yaml");
  const RunResult r = run_replications(spec).at(0);
  REQUIRE(r.status == "ok");
  CHECK(r.kpi("throughput_per_h") == Approx(6).epsilon(0.01));
  // a's machine, b's machine, one place at b (waiting or in transit), two places at a: at most 5 parts.
  CHECK(r.kpi("wip_end") <= 5);
  const Table& buffers = r.buffers();
  CHECK(buffers.find("wip_max")->values.at(1) <= 1);
}

TEST_CASE("(s, Q) purchased material with Poisson demand: stock-out probability is exact", "[transport][validation]")
{
  // Demand 1 unit per part, parts Poisson at 1/h; lead time 10 h; s = 8, Q = 30.
  const ModelSpec spec = load_model_text(R"(
name: sq inventory
run: {warmup: 100 h, horizon: 120000 h, replications: 4, seed: 31}
products: [{name: part, route: [press]}]
release: {interarrival: exp(1 h)}
stations: [{name: press, process: 0 s}]
transport:
  sites: [{name: plant, role: factory}, {name: mill, role: supplier}]
  distances: [{from: plant, to: mill, road: 300 km}]
  fleets: [{name: carrier, type: diesel_truck, bought: true}]
  inbound:
    - {name: blank, supplier: mill, station: press, unit_mass: 10 kg, lead_time: 10 h, reorder_point: 8,
       order_quantity: 30, fleet: carrier}
)",
                                         "sq.yaml");
  const auto runs = run_replications(spec, 2);
  std::vector<double> shares;
  for (const auto& r : runs) {
    shares.push_back(r.table("inbound").find("stockout_share")->values.at(0));
  }
  const Estimate p   = estimate(shares);
  const double exact = exact::sq_stockout_probability(1.0 / 3600, 10 * 3600, 8, 30);
  INFO("stock-out share simulated " << p.mean << " +/- " << p.half_width << ", exact " << exact);
  CHECK(exact == Approx(0.0820).epsilon(0.002)); // E[(D - 8)+] / 30 with D ~ Poisson(10)
  CHECK(std::abs(p.mean - exact) <= std::max(0.05 * exact, 2 * p.half_width));
  // The press's machine is in state starved_material exactly while the material's starved time runs.
  for (const auto& r : runs) {
    const double starved = r.table("inbound").find("starved_share")->values.at(0);
    CHECK(starved > 0);
    CHECK(r.stations().find("starved_material_share")->values.at(0) == Approx(starved).epsilon(1e-9));
  }
  // Inbound tonne-km: every order of 30 x 10 kg travels 300 km: 0.3 t x 300 km; bought -> scope 3 upstream.
  const RunResult& r = runs.at(0);
  const double arrivals = r.table("inbound").find("arrivals")->values.at(0);
  CHECK(r.kpi("transport_tonne_km") == Approx(arrivals * 0.3 * 300));
  CHECK(r.kpi("transport_bought_upstream_kg") == Approx(arrivals * 0.3 * 300 * 0.095));
}

TEST_CASE("milk run: the load drops at each stop; tonne-km and energy by hand", "[transport]")
{
  // Customers on one road: plant -(100 km)- a -(50 km)- b -(30 km)- c, so every tonne travels exactly
  // from the plant to its own customer: tonne-km = 1 t x (100 n_a + 150 n_b + 180 n_c) km. Had the load
  // not dropped, each tour would count 10 t x 180 km. A crate of 1 t per hour, 10 per tour (full-load
  // trigger): tours leave at 10, 20, ... 100 h and are back 4 h later; the 5 crates after 100 h wait.
  const ModelSpec spec = load_model_text(R"(
name: milk run hand case
run: {horizon: 105.5 h, seed: 5}
products: [{name: crate, route: [pack]}]
release: {interarrival: 1 h}
stations: [{name: pack, process: 1 s}]
transport:
  sites: [{name: plant, role: factory}, {name: a, role: customer}, {name: b, role: customer}, {name: c, role: customer}]
  distances:
    - {from: plant, to: a, road: 100 km}
    - {from: plant, to: b, road: 150 km}
    - {from: plant, to: c, road: 180 km}
    - {from: a, to: b, road: 50 km}
    - {from: a, to: c, road: 80 km}
    - {from: b, to: c, road: 30 km}
  loads: {crate: {mass: 1 t}}
  fleets: [{name: trucks, type: diesel_truck, count: 1, payload: 10 t, pallets: 0, speed: 90 km/h,
            energy_empty: 2 kWh/km, energy_full: 3 kWh/km}]
  outbound:
    fleet: trucks
    policy: milk_run
    customers: [{site: a, share: 20 %}, {site: b, share: 30 %}, {site: c, share: 50 %}]
  shipment_log: true
)",
                                         "milk_run.yaml");
  const RunResult r = run_replications(spec).at(0);
  REQUIRE(r.status == "ok");
  const Table* customers = &r.table("customers");
  const Table* log       = &r.table("shipments");
  const auto& n = customers->find("orders_delivered")->values;
  REQUIRE(n.size() == 3);
  CHECK(n[0] + n[1] + n[2] == 100);
  CHECK(r.kpi("orders_delivered") == 100);
  const double tkm = 100 * n[0] + 150 * n[1] + 180 * n[2];
  INFO("deliveries a " << n[0] << ", b " << n[1] << ", c " << n[2] << ": " << tkm << " t km by hand");
  CHECK(r.kpi("transport_tonne_km") == Approx(tkm));
  // Every tour of this seed has an order for c (a tour without one has probability 2^-10): 10 tours of
  // 180 km out (with stops) and 180 km back empty.
  CHECK(r.kpi("transport_vehicle_km") == Approx(10 * 360));
  CHECK(r.kpi("outbound_trip_km_mean") == Approx(360));
  CHECK(r.kpi("transport_empty_share") == Approx(0.5));
  CHECK(r.kpi("transport_load_factor") == Approx(tkm / (10 * 1800)));
  // Energy linear in load: 2 kWh/km x vehicle-km + (3 - 2) kWh/km / 10 t x tonne-km.
  CHECK(r.kpi("transport_energy_diesel_J") == Approx((2 * 3600 + 0.1 * tkm) * 3.6e6));
  // The log's laden legs fall stop by stop: the sum of load x distance over legs is the same tonne-km.
  double kg_m = 0;
  const auto& load = log->find("load_kg")->values;
  const auto& dist = log->find("distance_m")->values;
  for (std::size_t i = 0; i < load.size(); ++i)
    kg_m += load[i] * dist[i];
  CHECK(kg_m / 1e6 == Approx(tkm));
}

TEST_CASE("milk run on a departure schedule: one tour a day with every waiting order", "[transport]")
{
  // The same road as above; a crate every hour (finished 1 s after release), a tour at 12:00 each day.
  // Day 1 carries the crates of 1-11 h, days 2 and 3 the 24 crates since the last tour (12:00 crate
  // finishes at 12:00:01, after the truck left). 30 t payload: one truck per tour; back 4 h later.
  const ModelSpec spec = load_model_text(R"(
name: milk run schedule
run: {horizon: 77 h, seed: 6}
products: [{name: crate, route: [pack]}]
release: {interarrival: 1 h}
stations: [{name: pack, process: 1 s}]
transport:
  sites: [{name: plant, role: factory}, {name: a, role: customer}, {name: b, role: customer}, {name: c, role: customer}]
  distances:
    - {from: plant, to: a, road: 100 km}
    - {from: plant, to: b, road: 150 km}
    - {from: plant, to: c, road: 180 km}
    - {from: a, to: b, road: 50 km}
    - {from: a, to: c, road: 80 km}
    - {from: b, to: c, road: 30 km}
  loads: {crate: {mass: 1 t}}
  fleets: [{name: trucks, type: diesel_truck, count: 1, payload: 30 t, pallets: 0, speed: 90 km/h}]
  outbound:
    fleet: trucks
    policy: milk_run
    departures: ["12:00"]
    customers: [{site: a, share: 20 %}, {site: b, share: 30 %}, {site: c, share: 50 %}]
)",
                                         "milk_run_daily.yaml");
  const RunResult r = run_replications(spec).at(0);
  REQUIRE(r.status == "ok");
  CHECK(r.kpi("orders_delivered") == 11 + 24 + 24);
  // Wait from finishing (1 s after release) to the 12:00 departure: day 1 the crate of i h waits 12 - i h
  // (11..1 h, sum 66 h), days 2 and 3 24..1 h (sum 300 h each), each less 1 s.
  const double wait_h = (66.0 + 2 * 300) / 59;
  CHECK(r.kpi("dispatch_wait_mean_s") == Approx(wait_h * 3600 - 1).epsilon(1e-6));
  // Each tour reaches c (P(no order for c) <= 2^-11) and comes back: 360 km.
  CHECK(r.kpi("outbound_trip_km_mean") == Approx(360));
  CHECK(r.kpi("transport_vehicle_km") == Approx(3 * 360));
}

TEST_CASE("material-starved machine: state share, idle power and OEE on a hand-computed case", "[transport]")
{
  // Nothing on hand at 0 h: an order of 100 blanks is placed at once and arrives at 10 h. Parts arrive at
  // 1, 2, ... h; the press (1 s, 1 kW idle, 2 kW processing) starves for material from 1 h to 10 h, then
  // works off 9 parts in 9 s and the next 10 on arrival. Window 20 h: starved 9 h, processing 19 s.
  const ModelSpec spec = load_model_text(R"(
name: starved press
run: {horizon: 20 h, seed: 1}
products: [{name: part, route: [press]}]
release: {interarrival: 1 h}
stations: [{name: press, process: 1 s, power: {idle: 1 kW, processing: 2 kW}}]
transport:
  sites: [{name: plant, role: factory}, {name: mill, role: supplier}]
  distances: [{from: plant, to: mill, road: 100 km}]
  fleets: [{name: carrier, type: diesel_truck, bought: true}]
  inbound:
    - {name: blank, supplier: mill, station: press, unit_mass: 1 kg, lead_time: 10 h, reorder_point: 0,
       order_quantity: 100, initial: 0, fleet: carrier}
)",
                                         "starved.yaml");
  const RunResult r = run_replications(spec).at(0);
  REQUIRE(r.status == "ok");
  const Table& st = r.stations();
  const double window = 20 * 3600.0;
  CHECK(st.find("starved_material_share")->values.at(0) == Approx(9 * 3600 / window));
  CHECK(st.find("processing_share")->values.at(0) == Approx(19 / window));
  CHECK(st.find("idle_share")->values.at(0) == Approx((window - 9 * 3600 - 19) / window));
  CHECK(st.find("starved_material_energy_J")->values.at(0) == Approx(1000 * 9 * 3600.0));
  CHECK(r.table("inbound").find("starved_s")->values.at(0) == Approx(9 * 3600.0));
  // A shortage is a performance loss in OEE, like starvation for work: 19 s ideal over 20 h of run time.
  CHECK(st.find("oee")->values.at(0) == Approx(19 / window));
  CHECK(r.kpi("output_parts") == 19);
}

TEST_CASE("a station with two purchased materials waits for the complete kit", "[transport]")
{
  // The same press needs 2 bolts (1000 on hand, never reordered) and 1 blank (none until 10 h) per part.
  // It waits from 1 h to 10 h for the blanks only: the bolts' own starved time stays 0, and no bolt is
  // taken while the blank is missing. 19 parts use 38 bolts and 19 blanks.
  const ModelSpec spec = load_model_text(R"(
name: kit
run: {horizon: 20 h, seed: 1}
products: [{name: part, route: [press]}]
release: {interarrival: 1 h}
stations: [{name: press, process: 1 s}]
transport:
  sites: [{name: plant, role: factory}, {name: mill, role: supplier}]
  distances: [{from: plant, to: mill, road: 100 km}]
  fleets: [{name: carrier, type: diesel_truck, bought: true}]
  inbound:
    - {name: bolt, supplier: mill, station: press, per_part: 2, unit_mass: 10 g, lead_time: 1 d, reorder_point: 0,
       order_quantity: 1000, initial: 1000, fleet: carrier}
    - {name: blank, supplier: mill, station: press, unit_mass: 1 kg, lead_time: 10 h, reorder_point: 0,
       order_quantity: 100, initial: 0, fleet: carrier}
)",
                                         "kit.yaml");
  const RunResult r = run_replications(spec).at(0);
  REQUIRE(r.status == "ok");
  CHECK(r.kpi("output_parts") == 19);
  CHECK(r.stations().find("starved_material_share")->values.at(0) == Approx(9 * 3600 / (20 * 3600.0)));
  const Table& inbound = r.table("inbound");
  REQUIRE(inbound.name == "inbound");
  CHECK(inbound.text[0].values == std::vector<std::string>{"bolt", "blank"});
  CHECK(inbound.find("starved_s")->values.at(0) == 0);
  CHECK(inbound.find("starved_s")->values.at(1) == Approx(9 * 3600.0));
  CHECK(inbound.find("orders")->values.at(0) == 0); // 962 bolts left: never at the reorder point
  CHECK(r.kpi("material_starved_s") == Approx(9 * 3600.0));
  // The twice-listed material is refused at its entry.
  CHECK_THROWS_WITH(load_model_text(R"(
name: twice
products: [{name: part, route: [press]}]
release: {interarrival: 1 h}
stations: [{name: press, process: 1 s}]
transport:
  sites: [{name: plant, role: factory}, {name: mill, role: supplier}]
  distances: [{from: plant, to: mill, road: 100 km}]
  fleets: [{name: carrier, type: diesel_truck, bought: true}]
  inbound:
    - {name: bolt, supplier: mill, station: press, unit_mass: 10 g, lead_time: 1 d, reorder_point: 0, order_quantity: 10}
    - {name: bolt, supplier: mill, station: press, unit_mass: 10 g, lead_time: 1 d, reorder_point: 0, order_quantity: 10}
)",
                                    "twice.yaml"),
                    Catch::Contains("the material 'bolt' is listed twice"));
}

TEST_CASE("kanban with one unit per card and exponential lead times is M/M/N: stock-out share = Erlang C", "[transport][validation]")
{
  // Each of the N = 13 cards is a server: a part finding a unit on hand takes it and sends the card to the
  // supplier for an exp(10 h) lead time; a part finding none (all cards away) waits for the next card to
  // come back. Poisson demand 1/h: an M/M/13 queue with offered load 10, and stock-out time is the time
  // all servers are busy, P(wait) by PASTA (Erlang C). The parts' wait at the station (it takes no time)
  // is the queue's Wq. Not the backorder base-stock P(D >= N): cards cap the orders out at N.
  const ModelSpec spec = load_model_text(R"(
name: kanban mmn
run: {warmup: 1000 h, horizon: 100000 h, replications: 4, seed: 41}
products: [{name: part, route: [press]}]
release: {interarrival: exp(1 h)}
stations: [{name: press, process: 0 s}]
transport:
  sites: [{name: plant, role: factory}, {name: mill, role: supplier}]
  distances: [{from: plant, to: mill, road: 300 km}]
  fleets: [{name: carrier, type: diesel_truck, bought: true}]
  inbound:
    - {name: blank, supplier: mill, station: press, unit_mass: 10 kg, lead_time: exp(10 h), policy: kanban,
       cards: 13, card_quantity: 1, fleet: carrier}
)",
                                         "kanban.yaml");
  REQUIRE(spec.transport.materials.at(0).reorder_point == 12);
  const auto runs = run_replications(spec, 2);
  std::vector<double> shares;
  for (const auto& r : runs) {
    REQUIRE(r.status == "ok");
    shares.push_back(r.table("inbound").find("stockout_share")->values.at(0));
  }
  const Estimate p          = estimate(shares);
  const exact::MMcResult ex = exact::mmc(1.0 / 3600, 1.0 / 36000, 13);
  INFO("stock-out share " << p.mean << " +/- " << p.half_width << ", Erlang C " << ex.p_wait);
  CHECK(std::abs(p.mean - ex.p_wait) <= std::max(0.04 * ex.p_wait, 2 * p.half_width));
  const Estimate w = kpi_estimate(runs, "lead_time_mean_s");
  INFO("wait for material " << w.mean << " s +/- " << w.half_width << ", Erlang C Wq " << ex.Wq << " s");
  CHECK(std::abs(w.mean - ex.Wq) <= std::max(0.05 * ex.Wq, 2 * w.half_width));
}

TEST_CASE("kanban N cards of Q units runs exactly as (s, Q) = ((N - 1) Q, Q)", "[transport]")
{
  const std::string head = R"m(
name: kanban vs sq
run: {horizon: 5000 h, seed: 42}
products: [{name: part, route: [press]}]
release: {interarrival: exp(1 h)}
stations: [{name: press, process: 0 s}]
transport:
  sites: [{name: plant, role: factory}, {name: mill, role: supplier}]
  distances: [{from: plant, to: mill, road: 300 km}]
  fleets: [{name: carrier, type: diesel_truck, bought: true}]
  inbound:
    - {name: blank, supplier: mill, station: press, unit_mass: 10 kg, lead_time: "uniform(20 h, 40 h)", fleet: carrier, )m";
  const RunResult k = run_replications(load_model_text(head + "policy: kanban, cards: 4, card_quantity: 10}\n", "k.yaml")).at(0);
  const RunResult s = run_replications(load_model_text(head + "reorder_point: 30, order_quantity: 10}\n", "s.yaml")).at(0);
  REQUIRE(k.status == "ok");
  REQUIRE(s.status == "ok");
  CHECK(k.table("inbound").find("stockout_share")->values.at(0) > 0);
  for (const char* c : {"on_hand_mean", "stockout_share", "orders", "starved_s"})
    CHECK(k.table("inbound").find(c)->values.at(0) == s.table("inbound").find(c)->values.at(0));
  CHECK(k.kpi("transport_tonne_km") == s.kpi("transport_tonne_km"));
}

TEST_CASE("transport runs are deterministic: same seed, same numbers", "[transport]")
{
  const ModelSpec spec = load_model(GREENFAB_SOURCE_DIR "/models/teaching/truck_consolidation.yaml",
                                    {"run.replications=1", "run.horizon=2 w"});
  const auto a = run_replications(spec, 1);
  const auto b = run_replications(spec, 1);
  REQUIRE(a.at(0).status == "ok");
  for (const auto& k : a.at(0).kpis)
    if (not std::isnan(k.value))
      CHECK(b.at(0).kpi(k.name) == k.value);
}

TEST_CASE("transport loader: vehicle defaults resolve and errors name the key", "[transport]")
{
  const std::string base = R"(
name: t
products: [{name: p, route: [s]}]
release: {interarrival: exp(1 h)}
stations: [{name: s, process: 1 min}]
transport:
  sites: [{name: plant, role: factory, lat: 55.68 deg, lon: 12.57 deg}, {name: sto, role: customer, lat: 59.33 deg, lon: 18.07 deg}]
  loads: {p: {mass: 20 kg}}
)";
  const ModelSpec ok = load_model_text(base + R"(
  fleets: [{name: ev, type: electric_truck, count: 2}]
  outbound: {fleet: ev, customers: [{site: sto}]}
)",
                                       "ok.yaml");
  const auto& t = ok.transport;
  REQUIRE(t.fleets.size() == 1);
  CHECK(t.fleets[0].type.payload_kg == 22000);
  CHECK(t.fleets[0].type.charging_power_W == 150000);
  CHECK(t.fleets[0].type.energy_full_J_per_m == Approx(1.5 * 3.6e6 / 1000));
  // Great circle x the default road factor 1.2.
  CHECK(t.distance_m(0, 1, TransportMode::road) == Approx(1.2 * great_circle_m(55.68, 12.57, 59.33, 18.07)));

  auto error_of = [&](const std::string& tail) {
    try {
      load_model_text(base + tail, "bad.yaml");
    } catch (const ModelError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK_THAT(error_of("  fleets: [{name: t, type: disel_truck, count: 1}]\n"),
             Catch::Contains("unknown vehicle type 'disel_truck' (did you mean 'diesel_truck'?)"));
  CHECK_THAT(error_of("  fleets: [{name: t, type: van, count: 1}]\n  outbound: {fleet: t, customers: [{site: stoo}]}\n"),
             Catch::Contains("unknown site 'stoo' (did you mean 'sto'?)"));
  CHECK_THAT(error_of("  fleets: [{name: t, type: van, bought: true}]\n"),
             Catch::Contains("bought transport needs an emission intensity"));
  CHECK_THAT(error_of("  fleets: [{name: t, type: van, count: 1, payload: 0 kg}]\n"), Catch::Contains("payload: must be > 0"));
}
