// Transport: tonne-km and emissions on a hand-computed case; full-truck-load waiting against (Q-1)/(2 lambda);
// the internal fleet against Erlang C; an (s, Q) material against its exact stock-out probability; loader checks.
#include "core/Errors.hpp"
#include "energy/Carriers.hpp"
#include "exact/Exact.hpp"
#include "exact/Logistics.hpp"
#include "kernel/Simulation.hpp"
#include "model/ModelLoader.hpp"
#include "results/Summary.hpp"
#include "transport/Geography.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace greenfab;

namespace {

/** Mean of a KPI over successful replications, and its 95 % half-width. */
Estimate kpi_estimate(const std::vector<RunResult>& runs, const std::string& kpi)
{
  std::vector<double> xs;
  for (const auto& r : runs) {
    REQUIRE(r.status == "ok");
    xs.push_back(r.kpi(kpi));
  }
  return estimate(xs);
}

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
  const Carrier& diesel = CarrierTable::load(GREENFAB_SOURCE_DIR "/models/data/carriers.yaml").at("diesel");
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
  // Inbound tonne-km: every order of 30 x 10 kg travels 300 km: 0.3 t x 300 km; bought -> scope 3 upstream.
  const RunResult& r = runs.at(0);
  const double arrivals = r.table("inbound").find("arrivals")->values.at(0);
  CHECK(r.kpi("transport_tonne_km") == Approx(arrivals * 0.3 * 300));
  CHECK(r.kpi("transport_bought_upstream_kg") == Approx(arrivals * 0.3 * 300 * 0.095));
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
