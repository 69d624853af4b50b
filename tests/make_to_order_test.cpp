// Customer orders as their own arrival process (make to order): orders of several parts against the
// Pollaczek-Khinchine M/G/1 result, on-time shares against the M/M/1 sojourn distribution, ship-complete
// loads and scrap replacement by hand, and scheduled departures that hold loads which fill early.
#include "exact/Exact.hpp"
#include "kernel/Simulation.hpp"
#include "model/ModelLoader.hpp"
#include "results/Summary.hpp"
#include "support/KpiEstimate.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace greenfab;
using testing::kpi_estimate;

TEST_CASE("orders of 1-5 parts on one machine: order production time is the M/G/1 Pollaczek-Khinchine sojourn",
          "[transport][make_to_order][validation]")
{
  // Orders arrive Poisson every 50 min on average with 1..5 parts (equally likely); each part takes 10 min
  // on one machine, FIFO, so an order is one M/G/1 job of S = 10 min x quantity: E[S] = 30 min,
  // E[S^2] = 100 min^2 x E[q^2] = 1100 min^2, rho = 0.6.
  const ModelSpec spec = load_model_text(R"yaml(
name: mto pk
run: {horizon: 20000 h, warmup: 100 h, replications: 4, seed: 21}
products: [{name: pump, route: [test]}]
stations: [{name: test, process: 10 min}]
transport:
  sites: [{name: plant, role: factory}, {name: shop, role: customer}]
  distances: [{from: plant, to: shop, road: 50 km}]
  loads: {pump: {mass: 100 kg}}
  fleets: [{name: vans, type: diesel_truck, bought: true, payload: 1 t, pallets: 0, speed: 50 km/h}]
  outbound:
    fleet: vans
    policy: daily
    departures: ["00:00"]
    customers: [{site: shop, orders: {interarrival: exp(50 min), quantity: "empirical(1, 2, 3, 4, 5)"}}]
)yaml",
                                         "mto_pk.yaml");
  REQUIRE(spec.release.to_order);
  const auto runs     = run_replications(spec, 2);
  const double minute = 60;
  const double exact_w = exact::mg1_mean_sojourn(1 / (50 * minute), 30 * minute, 1100 * minute * minute);
  const Estimate w    = kpi_estimate(runs, "order_production_time_mean_s");
  INFO("simulated " << w.mean / minute << " min +/- " << w.half_width / minute << ", exact " << exact_w / minute << " min");
  CHECK(std::abs(w.mean - exact_w) <= std::max(0.01 * exact_w, 2 * w.half_width));
  CHECK(kpi_estimate(runs, "order_quantity_mean").mean == Approx(3).epsilon(0.01));
  // One departure a day at midnight: orders finish at times spread evenly over the day (Poisson arrivals
  // are homogeneous), so they wait 12 h on average; every ready load waits for the departure, even the
  // full ones (about 9 van loads a day), then drives 1 h.
  const Estimate wait = kpi_estimate(runs, "dispatch_wait_mean_s");
  CHECK(std::abs(wait.mean - 12 * 3600) <= std::max(0.01 * 12 * 3600, 2 * wait.half_width));
  const Estimate lt = kpi_estimate(runs, "order_lead_time_mean_s");
  CHECK(lt.mean == Approx(w.mean + wait.mean + 3600).epsilon(0.01));
}

TEST_CASE("single-part orders from two customers: on-time shares follow the M/M/1 sojourn distribution",
          "[transport][make_to_order][validation]")
{
  // Two Poisson streams of 0.5 orders/h merge into lambda = 1/h at an exp(30 min) machine: the sojourn
  // is exponential with rate mu - lambda = 1/h. A van carries one pump, so it leaves at once, and drives
  // 1 h: an order due d after arrival is on time with probability 1 - exp(-(d - 1 h) x 1/h).
  const ModelSpec spec = load_model_text(R"yaml(
name: mto on time
run: {horizon: 20000 h, warmup: 100 h, replications: 4, seed: 8}
products: [{name: pump, route: [test]}]
stations: [{name: test, process: exp(30 min)}]
transport:
  sites: [{name: plant, role: factory}, {name: near, role: customer}, {name: far, role: customer}]
  distances: [{from: plant, to: near, road: 50 km}, {from: plant, to: far, road: 50 km}]
  loads: {pump: {mass: 100 kg}}
  fleets: [{name: vans, type: diesel_truck, bought: true, payload: 100 kg, pallets: 0, speed: 50 km/h}]
  outbound:
    fleet: vans
    customers:
      - {site: near, due: 2 h, orders: {interarrival: exp(2 h), quantity: 1}}
      - {site: far, due: 4 h, orders: {interarrival: exp(2 h), quantity: 1}}
)yaml",
                                         "mto_on_time.yaml");
  const auto runs = run_replications(spec, 2);
  std::vector<double> near, far;
  for (const auto& r : runs) {
    const Table& t = r.table("customers");
    REQUIRE(t.text[0].values == std::vector<std::string>{"near", "far"});
    near.push_back(t.numeric[1].values[0]);
    far.push_back(t.numeric[1].values[1]);
  }
  const Estimate n = estimate(near), f = estimate(far);
  const double exact_near = 1 - std::exp(-1.0), exact_far = 1 - std::exp(-3.0);
  INFO("near " << n.mean << " +/- " << n.half_width << " vs " << exact_near << "; far " << f.mean << " +/- "
               << f.half_width << " vs " << exact_far);
  CHECK(std::abs(n.mean - exact_near) <= std::max(0.005, 2 * n.half_width));
  CHECK(std::abs(f.mean - exact_far) <= std::max(0.005, 2 * f.half_width));
  // Mean lead time: sojourn 1 h + 1 h on the road.
  const Estimate lt = kpi_estimate(runs, "order_lead_time_mean_s");
  CHECK(std::abs(lt.mean - 2 * 3600) <= std::max(0.01 * 2 * 3600, 2 * lt.half_width));
}

TEST_CASE("an order ships complete and splits over vehicle loads: hand-computed times and tonne-km",
          "[transport][make_to_order]")
{
  // An order of 3 pumps every 10 h (first at 10 h); 1 h per pump; a van takes two. The order is complete
  // 3 h after it arrived: two pumps fill a van that leaves at once, the third leaves after max_wait 1 h.
  // Each van drives 50 km in 1 h, so the last pump is delivered 5 h after the order: on time for due 5 h.
  const ModelSpec spec = load_model_text(R"yaml(
name: ship complete
run: {horizon: 98 h, seed: 2}
products: [{name: pump, route: [test]}]
stations: [{name: test, process: 1 h}]
transport:
  sites: [{name: plant, role: factory}, {name: shop, role: customer}]
  distances: [{from: plant, to: shop, road: 50 km}]
  loads: {pump: {mass: 500 kg}}
  fleets: [{name: vans, type: diesel_truck, bought: true, payload: 1 t, pallets: 0, speed: 50 km/h}]
  outbound:
    fleet: vans
    max_wait: 1 h
    customers: [{site: shop, due: 5 h, orders: {interarrival: 10 h, quantity: 3}}]
)yaml",
                                         "ship_complete.yaml");
  const RunResult r = run_replications(spec).at(0);
  REQUIRE(r.status == "ok");
  CHECK(r.kpi("orders_placed") == 9); // 10 h, ..., 90 h
  CHECK(r.kpi("orders_delivered") == 9);
  CHECK(r.kpi("open_orders_end") == 0);
  CHECK(r.kpi("order_quantity_mean") == 3);
  CHECK(r.kpi("order_production_time_mean_s") == Approx(3 * 3600).epsilon(1e-12));
  CHECK(r.kpi("order_lead_time_mean_s") == Approx(5 * 3600).epsilon(1e-12));
  CHECK(r.kpi("on_time_share") == 1);
  CHECK(r.kpi("dispatch_wait_mean_s") == Approx(3600.0 / 3).epsilon(1e-12)); // 0, 0 and 1 h
  // Per order: 1 t x 50 km + 0.5 t x 50 km = 75 t km on two laden legs (a carrier's return is its own).
  CHECK(r.kpi("transport_tonne_km") == Approx(9 * 75).epsilon(1e-12));
  CHECK(r.kpi("transport_legs") == 18);
  CHECK(r.kpi("released_parts") == 27);
}

TEST_CASE("a scrapped part of an order is made again, so every order is delivered complete",
          "[transport][make_to_order]")
{
  const ModelSpec spec = load_model_text(R"yaml(
name: scrap and orders
run: {horizon: 2000 h, seed: 4}
products: [{name: pump, route: [test]}]
stations: [{name: test, process: 20 min, scrap: 30 %}]
transport:
  sites: [{name: plant, role: factory}, {name: shop, role: customer}]
  distances: [{from: plant, to: shop, road: 50 km}]
  loads: {pump: {mass: 100 kg}}
  fleets: [{name: vans, type: diesel_truck, bought: true, payload: 1 t, pallets: 0, speed: 50 km/h}]
  outbound: {fleet: vans, max_wait: 1 h, customers: [{site: shop, orders: {interarrival: exp(4 h), quantity: 4}}]}
)yaml",
                                         "scrap_orders.yaml");
  const RunResult r = run_replications(spec).at(0);
  REQUIRE(r.status == "ok");
  const double placed = r.kpi("orders_placed"), delivered = r.kpi("orders_delivered");
  CHECK(placed > 400);
  CHECK(r.kpi("scrapped_parts") > 100);
  // Without the replacement, most orders would wait for ever for their scrapped part.
  CHECK(r.kpi("open_orders_end") <= 3);
  // Each good part takes a geometric number of releases, mean 1 / (1 - 30 %): about 1.43 per ordered part
  // (sd over ~1900 parts about 1.2 %).
  CHECK(r.kpi("released_parts") / (4 * placed) == Approx(1 / 0.7).epsilon(0.05));
  // Every delivered order took exactly 4 good parts (plus those of open orders still in the line).
  CHECK(r.kpi("released_parts") - r.kpi("scrapped_parts") >= 4 * delivered);
  CHECK(r.kpi("released_parts") - r.kpi("scrapped_parts") <= 4 * placed);
}

TEST_CASE("daily departures: loads that fill before the departure wait for it", "[transport]")
{
  // Made to stock: a crate every hour from 1 h, a 5-crate truck, one departure at 11:30. The 11 crates
  // of the morning make three loads (5, 5, 1) that all leave at 11:30; crate i waited 11.5 - i hours.
  const ModelSpec spec = load_model_text(R"yaml(
name: daily overflow
run: {horizon: 13 h, seed: 1}
products: [{name: crate, route: [pack]}]
release: {interarrival: 1 h}
stations: [{name: pack, process: 0 s}]
transport:
  sites: [{name: plant, role: factory}, {name: shop, role: customer}]
  distances: [{from: plant, to: shop, road: 30 km}]
  loads: {crate: {mass: 1 t}}
  fleets: [{name: trucks, type: diesel_truck, bought: true, payload: 5 t, pallets: 0, speed: 60 km/h}]
  outbound: {fleet: trucks, policy: daily, departures: ["11:30"], customers: [{site: shop}]}
)yaml",
                                         "daily_overflow.yaml");
  const RunResult r = run_replications(spec).at(0);
  REQUIRE(r.status == "ok");
  CHECK(r.kpi("orders_delivered") == 11);
  CHECK(r.kpi("transport_legs") == 3);
  CHECK(r.kpi("dispatch_wait_mean_s") == Approx(5.5 * 3600).epsilon(1e-12));
  CHECK(r.kpi("order_lead_time_mean_s") == Approx(6 * 3600).epsilon(1e-12)); // + 30 min on the road
}

TEST_CASE("make-to-order runs are deterministic: same seed, same numbers", "[transport][make_to_order]")
{
  const std::string text = R"yaml(
name: mto determinism
run: {horizon: 500 h, replications: 2, seed: 13}
products: [{name: a, route: [cut, test], mix: 60 %}, {name: b, route: [cut, test], mix: 40 %}]
release: {policy: conwip, wip: 12}
stations: [{name: cut, process: exp(8 min)}, {name: test, process: exp(9 min), scrap: 2 %}]
transport:
  sites: [{name: plant, role: factory}, {name: x, role: customer}, {name: y, role: customer}]
  distances: [{from: plant, to: x, road: 40 km}, {from: plant, to: y, road: 90 km}, {from: x, to: y, road: 60 km}]
  loads: {a: {mass: 80 kg}, b: {mass: 120 kg}}
  fleets: [{name: vans, type: electric_truck, count: 2, payload: 2 t, pallets: 0}]
  outbound:
    fleet: vans
    policy: milk_run
    max_wait: 6 h
    customers:
      - {site: x, due: 1 d, orders: {interarrival: exp(3 h), quantity: "empirical(5, 10, 15)", products: {a: 100 %}}}
      - {site: y, due: 2 d, orders: {interarrival: exp(5 h), quantity: 8}}
)yaml";
  const auto a = run_replications(load_model_text(text, "det.yaml"), 2);
  const auto b = run_replications(load_model_text(text, "det.yaml"), 1);
  REQUIRE(a.size() == 2);
  for (std::size_t i = 0; i < a.size(); ++i) {
    REQUIRE(a[i].status == "ok");
    CHECK(a[i].kpis.size() == b[i].kpis.size());
    for (std::size_t k = 0; k < a[i].kpis.size(); ++k) {
      INFO(a[i].kpis[k].name);
      const double x = a[i].kpis[k].value, y = b[i].kpis[k].value;
      CHECK(((std::isnan(x) and std::isnan(y)) or x == y));
    }
  }
  CHECK(a[0].kpi("orders_delivered") > 50);
}
