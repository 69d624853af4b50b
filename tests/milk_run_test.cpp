// Inbound milk runs (periodic review, order up to S): the exact (R, S) stock-out share and mean stock under
// Poisson demand, a two-supplier tour by hand, lead_runs, determinism and the loader's checks.
#include "core/Errors.hpp"
#include "kernel/Simulation.hpp"
#include "model/ModelLoader.hpp"
#include "results/Summary.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace greenfab;

namespace {

/** P(N = k) for k = 0..n-1, N ~ Poisson(mu), by the recurrence p_k = p_{k-1} mu / k. */
std::vector<double> poisson_pmf(double mu, int n)
{
  std::vector<double> p(static_cast<std::size_t>(n));
  double pk = std::exp(-mu);
  for (int k = 0; k < n; ++k) {
    p[static_cast<std::size_t>(k)] = pk;
    pk *= mu / (k + 1);
  }
  return p;
}

/**
 * The exact long-run (R, S) results with Poisson demand `lambda` per s, a constant lead time `lead` [s]
 * from review to arrival, review period `R` [s] and backorders: at lead + x after a review (0 <= x < R) the
 * net stock is S - D(lead + x), D Poisson (every earlier order has arrived and the next has not), so
 *   stock-out share = (1/R) int_0^R P(D(lead + x) >= S) dx,   mean on hand = (1/R) int_0^R E[(S - D(lead + x))^+] dx.
 * The integrals are evaluated by composite Simpson's rule on 4000 intervals; the integrands are smooth
 * (polynomial x exponential in x), so the quadrature error is far below 1e-10.
 */
struct RSExact {
  double stockout_share = 0, on_hand_mean = 0;
};
RSExact rs_exact(double lambda, double lead, double R, int S)
{
  const int n = 4000;
  const double h = R / n;
  RSExact e;
  for (int i = 0; i <= n; ++i) {
    const double w      = (i == 0 or i == n) ? 1 : (i % 2 ? 4 : 2);
    const auto p        = poisson_pmf(lambda * (lead + i * h), S);
    double below = 0, on_hand = 0;
    for (int k = 0; k < S; ++k) {
      below += p[static_cast<std::size_t>(k)];
      on_hand += (S - k) * p[static_cast<std::size_t>(k)];
    }
    e.stockout_share += w * (1 - below);
    e.on_hand_mean += w * on_hand;
  }
  e.stockout_share *= h / 3 / R;
  e.on_hand_mean *= h / 3 / R;
  return e;
}

/**
 * Poisson parts (1/h) into a press that takes no time (process 0 s, so a part's only wait is for material
 * and consumption happens at the part's arrival, as the textbook's demand does), one unit each. The run
 * leaves at 00:00, 06:00, 12:00 and 18:00 (R = 6 h) for one supplier 100 km away at 50 km/h with no
 * delay: the tour takes L = 4 h exactly.
 */
std::string poisson_model(const std::string& run_extra, const std::string& run_block, int S)
{
  return R"(
name: rs inventory
run: {)" + run_block + R"(}
products: [{name: part, route: [press]}]
release: {interarrival: exp(1 h)}
stations: [{name: press, process: 0 s}]
transport:
  sites: [{name: plant, role: factory}, {name: mill, role: supplier}]
  distances: [{from: plant, to: mill, road: 100 km}]
  fleets: [{name: carrier, type: diesel_truck, bought: true, speed: 50 km/h}]
  inbound_runs:
    - {name: loop, fleet: carrier, departures: ["00:00", "06:00", "12:00", "18:00"], stops: [mill])" + run_extra + R"(}
  inbound:
    - {name: blank, supplier: mill, station: press, unit_mass: 10 kg, policy: milk_run, run: loop, order_up_to: )" +
         std::to_string(S) + "}\n";
}

/** Runs the Poisson model and compares stock-out share and mean on hand with the exact (R, S) values. */
void check_rs_against_exact(const std::string& run_extra, double lead_s, int S, const char* label)
{
  const ModelSpec spec = load_model_text(
      poisson_model(run_extra, "warmup: 100 h, horizon: 200000 h, replications: 4, seed: 51", S), "rs.yaml");
  const auto runs = run_replications(spec, 2);
  std::vector<double> shares, stock;
  for (const auto& r : runs) {
    REQUIRE(r.status == "ok");
    shares.push_back(r.table("inbound").find("stockout_share")->values.at(0));
    stock.push_back(r.table("inbound").find("on_hand_mean")->values.at(0));
    // The press is in state starved_material exactly while the material's starved time runs.
    CHECK(r.stations().find("starved_material_share")->values.at(0) ==
          Approx(r.table("inbound").find("starved_share")->values.at(0)).epsilon(1e-9));
  }
  const Estimate p  = estimate(shares);
  const Estimate m  = estimate(stock);
  const RSExact ex  = rs_exact(1.0 / 3600, lead_s, 6 * 3600, S);
  INFO(label << ": stock-out share " << p.mean << " +/- " << p.half_width << ", exact " << ex.stockout_share);
  INFO(label << ": on hand " << m.mean << " +/- " << m.half_width << ", exact " << ex.on_hand_mean);
  // The tolerance comes from the replications' spread (95 % half-width, 4 replications), with a small floor
  // so that an unusually tight spread does not make the check flaky.
  CHECK(std::abs(p.mean - ex.stockout_share) <= std::max(0.01 * ex.stockout_share, 2 * p.half_width));
  CHECK(std::abs(m.mean - ex.on_hand_mean) <= std::max(0.005 * ex.on_hand_mean, 2 * m.half_width));
  WARN(label << ": stock-out share " << p.mean << " +/- " << p.half_width << " (exact " << ex.stockout_share
             << "), on hand " << m.mean << " +/- " << m.half_width << " (exact " << ex.on_hand_mean << ")");
}

/**
 * Two suppliers on one road-like tour: plant -(100 km)- a -(50 km)- b -(120 km)- plant, trucks of 10 t at
 * 50 km/h without delay (a tour takes 5.4 h), 2 / 3 kWh/km empty / full. A part per hour (the first at 1 h)
 * through s1 (1 bolt of 250 kg) and s2 (2 nuts of 100 kg); one departure a day at 06:30, horizon 78 h.
 */
std::string hand_model(const std::string& fleet, const std::string& run_extra)
{
  return R"(
name: inbound milk run by hand
run: {horizon: 78 h, seed: 5}
products: [{name: p, route: [s1, s2]}]
release: {interarrival: 1 h}
stations: [{name: s1, process: 1 s}, {name: s2, process: 1 s}]
transport:
  sites: [{name: plant, role: factory}, {name: a, role: supplier}, {name: b, role: supplier}]
  distances:
    - {from: plant, to: a, road: 100 km}
    - {from: a, to: b, road: 50 km}
    - {from: b, to: plant, road: 120 km}
  fleets: [)" + fleet + R"(]
  inbound_runs: [{name: loop, fleet: trucks, departures: "06:30", stops: [a, b])" + run_extra + R"(}]
  inbound:
    - {name: bolt, supplier: a, station: s1, unit_mass: 250 kg, policy: milk_run, run: loop, order_up_to: 100}
    - {name: nut, supplier: b, station: s2, per_part: 2, unit_mass: 100 kg, policy: milk_run, run: loop, order_up_to: 200}
  shipment_log: true
)";
}

const std::string own_truck = "{name: trucks, type: diesel_truck, count: 2, payload: 10 t, pallets: 0, speed: 50 km/h, "
                              "energy_empty: 2 kWh/km, energy_full: 3 kWh/km}";

} // namespace

TEST_CASE("inbound milk run with Poisson demand: (R, S) stock-out share and stock are exact",
          "[transport][validation]")
{
  check_rs_against_exact("", 4 * 3600, 12, "lead_runs 0 (L = 4 h), S = 12");
}

TEST_CASE("inbound milk run lead_runs 1: the pickup one run later is (R, S) with lead time L + R", "[transport]")
{
  check_rs_against_exact(", lead_runs: 1", (4 + 6) * 3600, 18, "lead_runs 1 (L + R = 10 h), S = 18");
}

TEST_CASE("inbound milk run, two suppliers: legs, tonne-km, vehicle-km, energy and scope 1 by hand", "[transport]")
{
  // Reviews at 6.5, 30.5 and 54.5 h (the next, 78.5 h, is after the horizon). The first calls off what 6
  // parts used (6 bolts = 1.5 t, 12 nuts = 1.2 t: 2.7 t, one truck); each later one a day's 24 parts
  // (6 t + 4.8 t = 10.8 t > 10 t: two trucks on the same tour, 5.4 t each after b). S is never reached
  // from below, so nothing runs out. Legs with load on board:
  //   tour 1: plant-a 100 km empty, a-b 50 km 1.5 t, b-plant 120 km 2.7 t          -> 399 tkm, 270 km
  //   tours 2, 3: two trucks, each plant-a empty, a-b 3 t, b-plant 5.4 t            -> 1596 tkm, 540 km each
  const ModelSpec spec = load_model_text(hand_model(own_truck, ""), "hand.yaml");
  const RunResult r    = run_replications(spec).at(0);
  REQUIRE(r.status == "ok");
  const double tkm = 399 + 2 * 1596.0, km = 270 + 2 * 540.0, kWh = 3.6e6;
  CHECK(r.kpi("transport_legs") == 15);
  CHECK(r.kpi("transport_tonne_km") == Approx(tkm));
  CHECK(r.kpi("transport_vehicle_km") == Approx(km));
  CHECK(r.kpi("transport_empty_share") == Approx(500 / km));
  CHECK(r.kpi("transport_load_factor") == Approx(tkm / (10 * (km - 500))));
  // e(m) = 2 kWh/km + 1 kWh/km x m / 10 t: energy = 2 x km + tkm / 10 (kWh).
  const double energy = (2 * km + tkm / 10) * kWh;
  CHECK(r.kpi("transport_energy_diesel_J") == Approx(energy));
  CHECK(r.kpi("transport_scope1_kg") == Approx(energy * spec.transport.fleets[0].type.scope1_kg_per_J));
  CHECK(r.kpi("transport_own_upstream_kg") == Approx(energy * spec.transport.fleets[0].type.upstream_kg_per_J));
  CHECK(r.kpi("inbound_tours") == 3);
  CHECK(r.kpi("inbound_tour_km_mean") == Approx(270));
  const Table& runs = r.table("inbound_runs");
  CHECK(runs.find("departures")->values.at(0) == 3);
  CHECK(runs.find("vehicles_mean")->values.at(0) == Approx(5.0 / 3));
  CHECK(runs.find("load_kg_mean")->values.at(0) == Approx((2700 + 2 * 10800) / 3.0));
  const Table& in = r.table("inbound");
  CHECK(in.text.at(3).values.at(0) == "milk run loop, S 100");
  for (std::size_t m = 0; m < 2; ++m) {
    CHECK(in.find("orders")->values.at(m) == 3);
    CHECK(in.find("arrivals")->values.at(m) == 3);
    CHECK(in.find("stockouts")->values.at(m) == 0);
  }
  // The last tour is back at 54.5 + 5.4 h.
  const Table& legs = r.table("shipments");
  CHECK(legs.numeric.at(0).values.size() == 15);
  CHECK(legs.find("arrive_s")->values.back() == Approx((54.5 + 5.4) * 3600));
  CHECK(r.kpi("material_stockouts") == 0);

  // Bought: only the laden legs count (850 vehicle-km), at 95 g/tkm as scope 3 upstream.
  const ModelSpec bought =
      load_model_text(hand_model("{name: trucks, type: diesel_truck, bought: true, payload: 10 t, speed: 50 km/h}", ""),
                      "hand_bought.yaml");
  const RunResult b = run_replications(bought).at(0);
  REQUIRE(b.status == "ok");
  CHECK(b.kpi("transport_tonne_km") == Approx(tkm));
  CHECK(b.kpi("transport_vehicle_km") == Approx(km - 500));
  CHECK(b.kpi("transport_bought_upstream_kg") == Approx(tkm * 0.095));
  CHECK(b.kpi("transport_scope1_kg") == 0);

  // Own electric trucks, 1 / 1.5 kWh/km: 1 x 1350 + 0.05 x 3591 kWh, no scope 1 (the site's electricity).
  const RunResult e = run_replications(load_model_text(
      hand_model("{name: trucks, type: electric_truck, count: 2, payload: 10 t, speed: 50 km/h, energy_empty: 1 kWh/km, "
                 "energy_full: 1.5 kWh/km, charging_power: 100 kW}", ""), "hand_ev.yaml")).at(0);
  REQUIRE(e.status == "ok");
  CHECK(e.kpi("transport_energy_electricity_J") == Approx((km + tkm / 20) * kWh));
  CHECK(e.kpi("transport_scope1_kg") == 0);
}

TEST_CASE("inbound milk run lead_runs 1: goods called off at a departure travel on the next run", "[transport]")
{
  // Review 1 (6.5 h) calls off 6 bolts and 12 nuts, picked up at 30.5 h (2.7 t, one truck); review 2's day
  // of parts (10.8 t, two trucks) is picked up at 54.5 h; review 3's is still at the suppliers at the end.
  const RunResult r = run_replications(load_model_text(hand_model(own_truck, ", lead_runs: 1"), "lead.yaml")).at(0);
  REQUIRE(r.status == "ok");
  CHECK(r.kpi("inbound_tours") == 2);
  CHECK(r.kpi("transport_tonne_km") == Approx(399 + 1596.0));
  CHECK(r.kpi("transport_vehicle_km") == Approx(270 + 540.0));
  const Table& in = r.table("inbound");
  CHECK(in.find("orders")->values.at(0) == 3);
  CHECK(in.find("arrivals")->values.at(0) == 2);
  const Table& legs = r.table("shipments");
  CHECK(legs.find("depart_s")->values.front() == Approx(30.5 * 3600));
}

TEST_CASE("inbound milk runs are deterministic: same seed, same numbers", "[transport]")
{
  const ModelSpec spec = load_model_text(
      poisson_model(", lead_runs: 1", "horizon: 2000 h, replications: 1, seed: 7", 12), "det.yaml");
  const auto a = run_replications(spec);
  const auto b = run_replications(spec);
  REQUIRE(a.at(0).status == "ok");
  CHECK(a.at(0).table("inbound").find("stockouts")->values.at(0) > 0);
  for (const auto& k : a.at(0).kpis)
    if (not std::isnan(k.value))
      CHECK(b.at(0).kpi(k.name) == k.value);
  for (const char* c : {"on_hand_mean", "stockout_share", "orders", "starved_s"})
    CHECK(a.at(0).table("inbound").find(c)->values.at(0) == b.at(0).table("inbound").find(c)->values.at(0));
}

TEST_CASE("inbound milk run loader: the checks name the key", "[transport]")
{
  const std::string base = R"(
name: t
products: [{name: p, route: [s]}]
release: {interarrival: exp(1 h)}
stations: [{name: s, process: 1 min}]
transport:
  sites: [{name: plant, role: factory}, {name: a, role: supplier}]
  distances: [{from: plant, to: a, road: 80 km}]
  fleets: [{name: trucks, type: diesel_truck, count: 1}]
  inbound_runs: [{name: loop, fleet: trucks, departures: ["06:00", "14:00"], stops: [a]}]
  inbound:
    - {name: m, supplier: a, station: s, unit_mass: 1 kg, policy: milk_run, run: loop, )";
  const ModelSpec ok = load_model_text(base + "order_up_to: 40}\n", "ok.yaml");
  const auto& t      = ok.transport;
  REQUIRE(t.inbound_runs.size() == 1);
  CHECK(t.inbound_runs[0].departures_s == std::vector<double>{6 * 3600.0, 14 * 3600.0});
  CHECK(t.inbound_runs[0].lead_runs == 0);
  CHECK(t.materials.at(0).order_up_to == 40);
  CHECK(t.materials.at(0).initial == 40);
  CHECK(t.materials.at(0).fleet == 0);

  auto error_of = [&](const std::string& tail) {
    try {
      load_model_text(base + tail, "bad.yaml");
    } catch (const ModelError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK_THAT(error_of("}\n"), Catch::Contains("missing required key 'order_up_to'"));
  CHECK_THAT(error_of("order_up_to: 40, cards: 3}\n"), Catch::Contains("inbound[m].cards: not with policy milk_run"));
  CHECK_THAT(error_of("order_up_to: 40, lead_time: 2 d}\n"),
             Catch::Contains("inbound[m].lead_time: not with policy milk_run: the run's departures and tour set the lead time"));
  CHECK_THAT(error_of("order_up_to: 40, fleet: trucks}\n"), Catch::Contains("inbound[m].fleet: not with policy milk_run"));
  CHECK_THAT(error_of("order_up_to: 40, lead_runs: 1}\n"), Catch::Contains("unknown key 'lead_runs'"));
}

TEST_CASE("an own truck serves outbound loads and the inbound milk run in turn: the tour waits for it",
          "[transport]")
{
  // One truck, 1 h per leg. A crate an hour from 1 h fills it at 10 h (10 t): it is away 10-12 h. The
  // 11:00 milk run finds it away, waits 1 h and drives 12-14 h; the next load fills at 20 h (the truck is
  // back) and is away 20-22 h. Busy 6 of 24 h.
  const ModelSpec spec = load_model_text(R"(
name: shared truck
run: {horizon: 24 h, seed: 1}
products: [{name: crate, route: [pack]}]
release: {interarrival: 1 h}
stations: [{name: pack, process: 0 s}]
transport:
  sites: [{name: plant, role: factory}, {name: shop, role: customer}, {name: mill, role: supplier}]
  distances: [{from: plant, to: shop, road: 100 km}, {from: plant, to: mill, road: 100 km}]
  loads: {crate: {mass: 1 t}}
  fleets: [{name: truck, type: diesel_truck, count: 1, payload: 10 t, pallets: 0, speed: 100 km/h}]
  outbound: {fleet: truck, customers: [{site: shop}]}
  inbound_runs: [{name: loop, fleet: truck, departures: "11:00", stops: [mill]}]
  inbound:
    - {name: strap, supplier: mill, station: pack, unit_mass: 1 kg, policy: milk_run, run: loop, order_up_to: 100,
       initial: 100}
)",
                                         "shared.yaml");
  const RunResult r = run_replications(spec).at(0);
  REQUIRE(r.status == "ok");
  const Table* runs = &r.table("inbound_runs");
  CHECK(runs->find("tours")->values.at(0) == 1);
  CHECK(runs->find("vehicle_wait_mean_s")->values.at(0) == Approx(3600));
  CHECK(r.kpi("outbound_fleet_utilisation") == Approx(6.0 / 24).epsilon(1e-12));
  CHECK(r.kpi("load_wait_mean_s") == 0); // the truck was back for each outbound load
  CHECK(r.kpi("orders_delivered") == 20);
}

TEST_CASE("what a whole own fleet cannot carry stays at the supplier for the next tour", "[transport]")
{
  // One 1-t van; a part an hour uses one 100 kg bar; S = 30 bars. The 18:30 review finds 18 used: the van
  // takes 10 bars (a whole load) and 8 wait at the mill. The next day's review calls off more than 2, so the
  // van is full again: two tours of 1000 kg, each 30 km laden (own van: the way out is empty).
  const ModelSpec spec = load_model_text(R"(
name: small van
run: {horizon: 47 h, seed: 1}
products: [{name: part, route: [cut]}]
release: {interarrival: 1 h}
stations: [{name: cut, process: 0 s}]
transport:
  sites: [{name: plant, role: factory}, {name: mill, role: supplier}]
  distances: [{from: plant, to: mill, road: 30 km}]
  fleets: [{name: van, type: van, count: 1, payload: 1 t, pallets: 0, speed: 60 km/h}]
  inbound_runs: [{name: loop, fleet: van, departures: "18:30", stops: [mill]}]
  inbound:
    - {name: bar, supplier: mill, station: cut, unit_mass: 100 kg, policy: milk_run, run: loop, order_up_to: 30,
       initial: 30}
  shipment_log: true
)",
                                         "small_van.yaml");
  const RunResult r = run_replications(spec).at(0);
  REQUIRE(r.status == "ok");
  const Table* runs = &r.table("inbound_runs");
  CHECK(runs->find("tours")->values.at(0) == 2);
  CHECK(runs->find("load_kg_mean")->values.at(0) == Approx(1000));
  CHECK(runs->find("vehicles_mean")->values.at(0) == 1);
  CHECK(r.kpi("transport_tonne_km") == Approx(2 * 1.0 * 30).epsilon(1e-12));
}

TEST_CASE("a milk run with a minimum load skips a small call-off and collects it with the next", "[transport]")
{
  // A part an hour uses one 100 kg bar; S = 30 bars; one departure a day at 18:30; min_load 2 t. Day 1: 18
  // bars (1.8 t) are called off, below the minimum: no tour, they wait at the mill (still on order). The
  // stock runs out at 30 h and parts 31-42 h wait (backlog 12). Day 2 (42.5 h): position 0 + 18 - 12 = 6,
  // so 24 more are called off, and the tour collects 24 + 18 = 42 bars (4.2 t).
  const ModelSpec spec = load_model_text(R"(
name: minimum load
run: {horizon: 47 h, seed: 1}
products: [{name: part, route: [cut]}]
release: {interarrival: 1 h}
stations: [{name: cut, process: 0 s}]
transport:
  sites: [{name: plant, role: factory}, {name: mill, role: supplier}]
  distances: [{from: plant, to: mill, road: 30 km}]
  fleets: [{name: truck, type: diesel_truck, count: 1, payload: 10 t, pallets: 0, speed: 60 km/h}]
  inbound_runs: [{name: loop, fleet: truck, departures: "18:30", stops: [mill], min_load: 2 t}]
  inbound:
    - {name: bar, supplier: mill, station: cut, unit_mass: 100 kg, policy: milk_run, run: loop, order_up_to: 30,
       initial: 30}
)",
                                         "min_load.yaml");
  REQUIRE(spec.transport.inbound_runs.at(0).min_load_kg == 2000);
  const RunResult r = run_replications(spec).at(0);
  REQUIRE(r.status == "ok");
  const Table* runs = &r.table("inbound_runs");
  CHECK(runs->find("departures")->values.at(0) == 2);
  CHECK(runs->find("tours")->values.at(0) == 1);
  CHECK(runs->find("load_kg_mean")->values.at(0) == Approx(4200));
  CHECK(r.kpi("material_stockouts") == 1);
}
