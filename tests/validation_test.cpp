// Validation of the simulator against exact results: queueing formulas, Markov chains, MVA, availability,
// and hand-computed shift schedules. Each comparison states its tolerance; the run plans are long enough
// that the 95 % half-width is well inside it, and that is checked too, so a pass is not luck.
#include "exact/Exact.hpp"
#include "kernel/Simulation.hpp"
#include "model/ModelLoader.hpp"
#include "results/RunResultCodec.hpp"
#include "results/Summary.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace greenfab;

namespace {
ModelSpec model(const std::string& yaml) { return load_model_text(yaml, "validation.yaml"); }

struct Observed {
  Estimate e;
  void check_near(double exact, double rel_tol) const
  {
    INFO("simulated " << e.mean << " +/- " << e.half_width << " (n=" << e.n << "), exact " << exact
                      << ", tolerance " << 100 * rel_tol << " %");
    CHECK(std::abs(e.mean - exact) <= rel_tol * std::abs(exact));
    CHECK(e.half_width <= rel_tol * std::abs(exact)); // the plan resolves the tolerance
  }
};

Observed kpi(const std::vector<RunResult>& runs, const std::string& name)
{
  std::vector<double> xs;
  for (const auto& r : runs) {
    REQUIRE(r.status == "ok");
    xs.push_back(r.kpi(name));
  }
  return {estimate(xs)};
}

Observed column(const std::vector<RunResult>& runs, const std::string& table, const std::string& col, std::size_t row)
{
  std::vector<double> xs;
  for (const auto& r : runs) {
    REQUIRE(r.status == "ok");
    xs.push_back(r.table(table).find(col)->values.at(row));
  }
  return {estimate(xs)};
}

/** Little's law holds in every run of every validation model, up to window edge effects. */
void check_littles_law(const std::vector<RunResult>& runs, double tolerance = 0.01)
{
  for (const auto& r : runs) {
    INFO("replication " << r.replication << ": residual " << r.kpi("littles_law_residual"));
    CHECK(std::abs(r.kpi("littles_law_residual")) < tolerance);
  }
}
} // namespace

TEST_CASE("M/M/1 mean time in system and WIP match the exact values", "[validation]")
{
  // lambda = 0.8/min, mu = 1/min: W = 5 min, L = 4 (Gross & Harris).
  const auto runs = run_replications(model(R"(
name: mm1
run: {warmup: 2 d, horizon: 20 w, replications: 10, seed: 11}
products: [{name: job, route: [server]}]
release: {interarrival: exp(75 s)}
stations: [{name: server, process: exp(60 s)}]
)"), 2);
  const auto exact = exact::mmc(0.8 / 60, 1.0 / 60, 1);
  kpi(runs, "lead_time_mean_s").check_near(exact.W, 0.03);
  kpi(runs, "wip_mean").check_near(exact.L, 0.03);
  column(runs, "stations", "processing_share", 0).check_near(exact.rho, 0.01);
  check_littles_law(runs);

  // The time in system of M/M/1 (FIFO) is exponential with mean W: percentile p is -W ln(1 - p).
  for (const int p : {10, 25, 50, 75, 90, 95}) {
    std::vector<double> xs;
    for (const auto& r : runs)
      xs.push_back(r.table("lead_time_distribution").find("lead_time_s")->values.at(static_cast<std::size_t>(p - 1)));
    Observed{estimate(xs)}.check_near(-exact.W * std::log(1 - p / 100.0), 0.03);
  }
}

TEST_CASE("M/M/3 waiting time in queue matches Erlang C", "[validation]")
{
  // lambda = 2.4/min, mu = 1/min per machine, c = 3: rho = 0.8.
  const auto runs = run_replications(model(R"(
name: mm3
run: {warmup: 1 d, horizon: 8 w, replications: 10, seed: 12}
products: [{name: job, route: [cell]}]
release: {interarrival: exp(25 s)}
stations: [{name: cell, machines: 3, process: exp(60 s)}]
)"), 2);
  const auto exact = exact::mmc(2.4 / 60, 1.0 / 60, 3);
  column(runs, "buffers", "waiting_time_mean_s", 0).check_near(exact.Wq, 0.04);
  column(runs, "buffers", "wip_mean", 0).check_near(exact.Lq, 0.04);
  kpi(runs, "lead_time_mean_s").check_near(exact.W, 0.02);
  check_littles_law(runs);
}

TEST_CASE("two-station line with a finite buffer and blocking matches the Markov chain throughput", "[validation]")
{
  // Station 1 is never starved (saturated source into a zero-capacity buffer); station 2 has `b` waiting
  // places; station 1 blocks after service. mu1 = 1/min, mu2 = 1.25/min.
  for (int b : {0, 1, 2, 4}) {
    INFO("buffer " << b);
    const auto runs = run_replications(model(R"(
name: two-station blocking
run: {warmup: 1 d, horizon: 3 w, replications: 10, seed: 13}
products: [{name: part, route: [m1, m2]}]
stations:
  - {name: m1, process: exp(60 s), buffer: 0}
  - {name: m2, process: exp(48 s), buffer: )" + std::to_string(b) + "}\n"),
                                       2);
    const double exact = exact::two_station_blocking_throughput(1.0 / 60, 1.0 / 48, b) * 3600;
    kpi(runs, "throughput_per_h").check_near(exact, 0.015);
    check_littles_law(runs);
  }
}

TEST_CASE("closed CONWIP line throughput matches mean-value analysis for WIP 1 to 10", "[validation]")
{
  const std::vector<double> service = {60, 90, 48}; // s, an unbalanced three-station loop
  const auto exact = exact::mva_throughputs(service, 10);
  for (int w = 1; w <= 10; ++w) {
    INFO("WIP cap " << w);
    const auto runs = run_replications(model(R"(
name: conwip loop
run: {warmup: 1 d, horizon: 2 w, replications: 8, seed: 14}
products: [{name: part, route: [a, b, c]}]
release: {policy: conwip, wip: )" + std::to_string(w) + R"(}
stations:
  - {name: a, process: exp(60 s)}
  - {name: b, process: exp(90 s)}
  - {name: c, process: exp(48 s)}
)"),
                                       2);
    kpi(runs, "throughput_per_h").check_near(exact[static_cast<std::size_t>(w - 1)] * 3600, 0.02);
    kpi(runs, "wip_mean").check_near(w, 1e-6); // a closed loop holds exactly w parts
    check_littles_law(runs);
  }
}

TEST_CASE("a machine failing on the calendar clock is available MTBF/(MTBF+MTTR) of the time", "[validation]")
{
  // Lightly loaded, so the down share is the failure process alone: A = 8 h / (8 h + 1 h).
  const auto runs = run_replications(model(R"(
name: failing machine
run: {warmup: 1 d, horizon: 52 w, replications: 10, seed: 15}
products: [{name: part, route: [press]}]
release: {interarrival: exp(10 min)}
stations:
  - {name: press, process: exp(2 min), failures: {between: exp(8 h), repair: exp(1 h), clock: calendar}}
)"),
                                     2);
  column(runs, "stations", "down_share", 0).check_near(1 - exact::availability(8, 1), 0.04);
  check_littles_law(runs);
}

TEST_CASE("a saturated machine failing on its operating clock is down MTTR/(MTBF+MTTR) of the time", "[validation]")
{
  // Always busy when up, so operating time = up time and the calendar-clock formula applies.
  const auto runs = run_replications(model(R"(
name: saturated failing machine
run: {warmup: 1 d, horizon: 52 w, replications: 10, seed: 16}
products: [{name: part, route: [press, out]}]
stations:
  - {name: press, process: exp(2 min), buffer: 1, failures: {between: exp(4 h), repair: exp(30 min)}}
  - {name: out, process: exp(1 s)}
)"),
                                     2);
  column(runs, "stations", "down_share", 0).check_near(1 - exact::availability(4, 0.5), 0.04);
  column(runs, "stations", "availability", 0).check_near(exact::availability(4, 0.5), 0.01);
}

TEST_CASE("a failure resumes, restarts or waits for the part exactly as specified (hand-computed)", "[validation]")
{
  // One saturated machine, 3 h per part, fails after 2.5 h of work (deterministic), 1 h repairs, 18 h run.
  // resume: parts end at 3 h of work (4 h on the clock, one repair), 6 h (8), 9 h (12), 12 h (16); the
  //   failures come at 2.5, 6, 9.5, 13 and 16.5 h: 4 parts, 5 failures, 5 h down.
  // restart: a part needs 3 h without a failure and never gets them: 0 parts, the same 5 failures.
  // finish: every cycle meets a failure at 2.5 h and ends first: parts end at 3, 7, 11, 15 h, each then
  //   down 1 h; the fifth part is still in work at 18 h: 4 parts, 4 failures, 4 h down.
  struct Case {
    const char* mode;
    double cycles, failures, down_h;
  };
  const Case cases[] = {{"resume", 4, 5, 5}, {"restart", 0, 5, 5}, {"finish", 4, 4, 4}};
  for (const auto& [mode, cycles, failures, down_h] : cases)
    for (const char* clock : {"operating", "calendar"}) {
      // Saturated and never idle, so both clocks count the same time (the calendar one also runs during
      // the repair, but the next failure is drawn at its end).
      INFO("preemption: " << mode << ", clock: " << clock);
      const auto runs = run_replications(model(std::string(R"(
name: failure preemption
run: {horizon: 18 h, replications: 1, seed: 1}
products: [{name: part, route: [lathe, sink]}]
stations:
  - {name: lathe, process: 3 h, buffer: 1, failures: {between: 2.5 h, repair: 1 h, clock: )") +
                                                 clock + ", preemption: " + mode + R"(}}
  - {name: sink, process: 1 s}
)"),
                                         1);
      REQUIRE(runs[0].status == "ok");
      CHECK(runs[0].stations().find("cycles")->values[0] == cycles);
      CHECK(runs[0].stations().find("failures")->values[0] == failures);
      CHECK(runs[0].stations().find("down_share")->values[0] == Approx(down_h / 18).epsilon(1e-12));
    }
}

TEST_CASE("a saturated machine's throughput under resume, restart and finish matches the exact cycle times",
          "[validation]")
{
  // 1 h of work, exponential failures every 2 h of work, 30 min repairs: throughput = 1 / E[cycle], with
  // E[cycle] = 1.25 h (resume), 1.6218 h (restart), 1.1967 h (finish), derived in tests/exact/Exact.hpp.
  struct Case {
    const char* mode;
    double (*cycle)(double, double, double);
  };
  const Case cases[] = {{"resume", exact::completion_time_resume},
                        {"restart", exact::completion_time_restart},
                        {"finish", exact::completion_time_finish}};
  for (const auto& [mode, cycle] : cases) {
    INFO("preemption: " << mode);
    const auto runs = run_replications(model(std::string(R"(
name: saturated machine under failures
run: {warmup: 1 d, horizon: 52 w, replications: 10, seed: 22}
products: [{name: part, route: [press, out]}]
stations:
  - {name: press, process: 1 h, buffer: 1, failures: {between: exp(2 h), repair: exp(30 min), preemption: )") +
                                               mode + R"(}}
  - {name: out, process: exp(1 s)}
)"),
                                       2);
    kpi(runs, "throughput_per_h").check_near(1 / cycle(1, 2, 0.5), 0.02);
  }
}

TEST_CASE("make to stock ships from stock, backorders the rest and orders up to S: hand-computed hour",
          "[validation]")
{
  // Demands of 2 every 16 min, base stock 2, one machine of 10 min, 60 min from a full shelf:
  // 16: ship 2, order 2 (made 16-26, 26-36). 32: ship the one made at 26, owe 1, order 2 (36-46, 46-56).
  // 36: pay the debt (4 min). 48: ship the one made at 46, owe 1, order 2. 56: pay it (8 min).
  // Fill 4/6, demands complete 1/3; on hand 2 x 16 + 1 x 6 + 1 x 2 = 40 unit-min / 60; owed 4 + 8 = 12 / 60;
  // wait per shipped unit (0, 0, 0, 4, 0, 8) min -> 2 min.
  const auto runs = run_replications(model(R"(
name: make to stock by hand
run: {horizon: 60 min, replications: 1, seed: 1}
products: [{name: pump, route: [cell]}]
stations:
  - {name: cell, process: 10 min}
finished_goods: {demand: 16 min, quantity: 2, base_stock: 2}
)"),
                                     1);
  REQUIRE(runs[0].status == "ok");
  const auto& r = runs[0];
  CHECK(r.kpi("fg_fill_rate") == Approx(4.0 / 6).epsilon(1e-12));
  CHECK(r.kpi("fg_demand_fill_rate") == Approx(1.0 / 3).epsilon(1e-12));
  CHECK(r.kpi("fg_on_hand_mean") == Approx(40.0 / 60).epsilon(1e-12));
  CHECK(r.kpi("fg_backorders_mean") == Approx(12.0 / 60).epsilon(1e-12));
  CHECK(r.kpi("fg_backorder_wait_mean_s") == Approx(6 * 60.0).epsilon(1e-12));
  CHECK(r.kpi("fg_customer_wait_mean_s") == Approx(2 * 60.0).epsilon(1e-12));
  CHECK(r.kpi("fg_units_demanded") == 6);
  CHECK(r.table("finished_goods").find("production_orders")->values.at(0) == 3);
  CHECK(r.table("finished_goods").find("units_ordered")->values.at(0) == 6);
  CHECK(r.kpi("output_parts") == 4);
}

TEST_CASE("a base-stock store orders one unit per unit demanded and one per part scrapped", "[validation]")
{
  // Counted from a full shelf without warm-up, so the identity is exact: ordered = demanded + scrapped;
  // and the shelf balance: S + made - shipped = on hand at the end (checked through production orders).
  const auto runs = run_replications(model(R"(
name: make to stock with scrap
run: {horizon: 4 w, replications: 4, seed: 5}
products: [{name: pump, route: [cell, test]}]
stations:
  - {name: cell, process: exp(3 min), scrap: 5 %}
  - {name: test, process: exp(2 min), scrap: 3 %}
finished_goods: {demand: exp(5 min), quantity: 3, base_stock: 10}
)"),
                                     2);
  for (const auto& r : runs) {
    REQUIRE(r.status == "ok");
    CHECK(r.kpi("scrapped_parts") > 0);
    CHECK(r.table("finished_goods").find("units_ordered")->values.at(0) ==
          r.kpi("fg_units_demanded") + r.kpi("scrapped_parts"));
  }
}

TEST_CASE("make to stock from one exponential machine matches the exact M/M/1 store", "[validation]")
{
  // Demand every 4 min (Poisson), one machine of mean 3 min: rho = 3/4. Exact figures in tests/exact:
  // base stock 3 with backorders (fill 1 - rho^3), with lost sales (M/M/1/3), and (s, S) = (2, 6).
  struct Case {
    const char* policy;
    exact::MakeToStock exact;
  };
  const Case cases[] = {{"base_stock: 3, shortage: backorder", exact::make_to_stock_base_stock(0.75, 3)},
                        {"base_stock: 3, shortage: lost_sale", exact::make_to_stock_lost_sales(0.75, 3)},
                        {"reorder_point: 2, order_up_to: 6", exact::make_to_stock_s_S(0.25, 1.0 / 3, 2, 6)}};
  for (const auto& [policy, exact] : cases) {
    INFO("finished_goods: " << policy);
    const auto runs = run_replications(model(std::string(R"(
name: make to stock
run: {warmup: 2 d, horizon: 52 w, replications: 10, seed: 41}
products: [{name: pump, route: [cell]}]
stations:
  - {name: cell, process: exp(3 min)}
finished_goods: {demand: exp(4 min), )") + policy + "}\n"),
                                       2);
    kpi(runs, "fg_fill_rate").check_near(exact.fill_rate, 0.02);
    kpi(runs, "fg_on_hand_mean").check_near(exact.on_hand, 0.02);
    if (exact.backorders > 0) {
      kpi(runs, "fg_backorders_mean").check_near(exact.backorders, 0.06);
      // Little's law on the customers' side: units owed = demand rate x mean wait per unit.
      for (const auto& r : runs)
        CHECK(r.kpi("fg_backorders_mean") ==
              Approx(r.kpi("fg_customer_wait_mean_s") / 240.0).epsilon(0.03));
    } else {
      kpi(runs, "fg_lost_share").check_near(1 - exact.fill_rate, 0.03);
    }
  }
}

TEST_CASE("shift ends finish, resume or restart the part in process exactly as specified", "[validation]")
{
  // One machine, 3 h per part, shifts Mon-Fri 06:00-14:00, run one week from Monday 00:00.
  // finish: parts start 06, 09, 12 (ends 15:00) -> 3 per day, 15 per week.
  // resume: 40 h of work per week / 3 h = 13 parts completed within the week (the 14th is 2/3 done).
  // restart: 06, 09 complete; 12-14 is lost every day -> 2 per day, 10 per week.
  // Off-shift time: 168 h - 40 h, except that finish mode keeps processing until 15:00 each day.
  struct Case {
    const char* mode;
    double cycles, off_shift_h;
  };
  const Case cases[] = {{"finish", 15, 168 - 45}, {"resume", 13, 168 - 40}, {"restart", 10, 168 - 40}};
  for (const auto& [mode, expected, off_shift_h] : cases) {
    INFO("at_shift_end: " << mode);
    const auto spec = model(std::string(R"(
name: shift semantics
run: {start: 2025-01-06T00:00, horizon: 1 w, replications: 1, seed: 1}
calendar: {shifts: ["Mon-Fri 06:00-14:00"], at_shift_end: )") + mode + R"(}
products: [{name: part, route: [lathe, sink]}]
stations:
  - {name: lathe, process: 3 h, buffer: 1}
  - {name: sink, process: 1 s}
)");
    const auto runs = run_replications(spec, 1);
    REQUIRE(runs[0].status == "ok");
    CHECK(runs[0].stations().find("cycles")->values[0] == expected);
    CHECK(runs[0].stations().find("off_shift_share")->values[0] == Approx(off_shift_h / 168).epsilon(1e-9));
  }
}

TEST_CASE("machine state shares add up to one at every station", "[validation]")
{
  const auto runs = run_replications(model(R"(
name: everything at once
run: {warmup: 1 d, horizon: 2 w, replications: 2, seed: 17}
calendar: {shifts: ["Mon-Fri 06:00-22:00"], breaks: ["Mon-Fri 12:00-12:30"], at_shift_end: resume}
products:
  - {name: a, mix: 60 %, route: [cut, weld, paint]}
  - {name: b, mix: 40 %, route: [cut, paint]}
release: {interarrival: exp(6 min)}
stations:
  - {name: cut, process: {a: exp(2 min), b: exp(3 min)}, setup: 10 min, buffer: 3,
     failures: {between: exp(10 h), repair: exp(20 min), clock: calendar}}
  - {name: weld, process: 'lognormal(3 min, 1 min)', scrap: 2 %, buffer: 2}
  - {name: paint, machines: 2, process: exp(5 min), failures: {between: exp(6 h), repair: exp(15 min)}}
)"),
                                     1);
  for (const auto& r : runs) {
    REQUIRE(r.status == "ok");
    for (std::size_t row = 0; row < r.stations().rows(); ++row) {
      double sum = 0;
      for (const char* s : {"processing_share", "setup_share", "idle_share", "blocked_share", "down_share",
                            "off_shift_share", "standby_share", "warm_up_share"})
        sum += r.stations().find(s)->values[row];
      CHECK(sum == Approx(1).epsilon(1e-9));
    }
  }
  check_littles_law(runs, 0.02);
}

TEST_CASE("assembly consumes its bill of materials exactly", "[validation]")
{
  // Constant times, one order every 10 min for a week (the first at 10 min): 1007 pumps, each with
  // 2 impellers and 1 housing. The last order, released at the end minus 10 min, is still in the line.
  const auto runs = run_replications(model(R"(
name: kit assembly
run: {horizon: 1 w, replications: 1, seed: 18}
products:
  - {name: pump, route: [assemble, test], bom: {impeller: 2, housing: 1}}
  - {name: impeller, route: [cast, assemble]}
  - {name: housing, route: [mill, assemble]}
release: {interarrival: 10 min}
stations:
  - {name: cast, process: 2 min}
  - {name: mill, process: 4 min}
  - {name: assemble, process: 5 min}
  - {name: test, process: 1 min}
)"),
                                     1);
  const auto& st = runs[0].stations();
  REQUIRE(runs[0].status == "ok");
  const double orders = runs[0].kpi("released_parts");
  CHECK(orders == 1007);
  CHECK(st.find("cycles")->values[0] == 2 * orders);        // cast: two impellers per pump
  CHECK(st.find("cycles")->values[1] == orders);            // mill
  CHECK(st.find("cycles")->values[2] == orders);            // assemble
  CHECK(runs[0].kpi("output_parts") == orders - 1);         // the last order is still in the line
  CHECK(runs[0].kpi("lead_time_mean_s") == Approx(4 * 60 + 5 * 60 + 60)); // mill 4 + assemble 5 + test 1
}

TEST_CASE("scrap removes the stated share of parts", "[validation]")
{
  const auto runs = run_replications(model(R"(
name: scrap
run: {horizon: 8 w, replications: 4, seed: 19}
products: [{name: part, route: [press]}]
release: {interarrival: exp(5 min)}
stations: [{name: press, process: exp(1 min), scrap: 10 %}]
)"),
                                     2);
  for (const auto& r : runs) {
    const double processed = r.stations().find("parts_processed")->values[0];
    const double scrapped  = r.stations().find("parts_scrapped")->values[0];
    const double sd        = std::sqrt(processed * 0.1 * 0.9);
    CHECK(std::abs(scrapped - 0.1 * processed) < 4 * sd); // binomial, 4 sd
    CHECK(r.kpi("output_parts") + scrapped == Approx(processed).margin(1));
  }
}

TEST_CASE("results are bit-identical whatever the number of worker processes", "[determinism]")
{
  const auto spec = model(R"(
name: determinism
run: {warmup: 1 d, horizon: 1 w, replications: 4, seed: 99}
products: [{name: a, mix: 50 %, route: [x, y]}, {name: b, mix: 50 %, route: [y]}]
release: {interarrival: exp(4 min)}
stations:
  - {name: x, process: exp(3 min), failures: {between: exp(5 h), repair: exp(20 min)}, scrap: 1 %}
  - {name: y, process: {a: exp(1 min), b: 'erlang(3, 2 min)'}, setup: 'uniform(1 min, 5 min)'}
)");
  auto strip = [](std::vector<RunResult> runs) {
    std::string all;
    for (auto& r : runs) {
      r.wall_time_s = 0; // the only field allowed to differ
      all += encode(r);
    }
    return all;
  };
  const auto one = strip(run_replications(spec, 1));
  CHECK(one == strip(run_replications(spec, 2)));
  CHECK(one == strip(run_replications(spec, 3)));
}

TEST_CASE("different seeds give different runs and the same seed the same run", "[determinism]")
{
  auto run_with = [](int seed) {
    auto r = run_replications(model("name: s\nrun: {horizon: 1 d, seed: " + std::to_string(seed) +
                                    "}\nproducts: [{name: p, route: [m]}]\nrelease: {interarrival: exp(1 min)}\n"
                                    "stations: [{name: m, process: exp(50 s)}]\n"),
                              1);
    return r.at(0).kpi("lead_time_mean_s");
  };
  CHECK(run_with(1) == run_with(1));
  CHECK(run_with(1) != run_with(2));
}

TEST_CASE("repairs outside the shifts count as off shift, so availability is measured on planned time",
          "[validation]")
{
  // Calendar-clock failures are independent of the shift pattern, so a random on-shift instant finds the
  // machine down with probability MTTR/(MTBF+MTTR) = 5/25: down share = 0.2 x 40/168 of all time.
  const auto runs = run_replications(model(R"(
name: failures and shifts
run: {horizon: 400 w, replications: 10, seed: 21}
calendar: {shifts: ["Mon-Fri 06:00-14:00"], at_shift_end: resume}
products: [{name: part, route: [press]}]
release: {interarrival: exp(1 h)}
stations:
  - {name: press, process: exp(1 min), failures: {between: exp(20 h), repair: exp(5 h), clock: calendar}}
)"),
                                     2);
  column(runs, "stations", "off_shift_share", 0).check_near(128.0 / 168, 1e-9);
  column(runs, "stations", "down_share", 0).check_near(0.2 * 40 / 168, 0.05);
  column(runs, "stations", "availability", 0).check_near(0.8, 0.02);
}

TEST_CASE("running the calendar ahead between SimGrid rounds changes no result", "[determinism]")
{
  // Shifts, failures on both clocks, setups, scrap, batches and assembly: every kind of event.
  const auto spec = model(R"(
name: run-ahead equivalence
run: {warmup: 1 d, horizon: 2 w, replications: 3, seed: 31}
calendar: {shifts: ["Mon-Fri 06:00-22:00"], breaks: ["Mon-Fri 12:00-12:30"], at_shift_end: resume}
products:
  - {name: pump, mix: 70 %, lot_size: 3, route: [assemble, oven, test], bom: {shaft: 2}}
  - {name: spare, mix: 30 %, route: [lathe, oven, test]}
  - {name: shaft, route: [lathe, assemble]}
release: {interarrival: exp(10 min)}
stations:
  - {name: lathe, process: {shaft: exp(2 min), spare: exp(3 min)}, setup: 5 min, scrap: 2 %,
     failures: {between: exp(6 h), repair: exp(20 min)}}
  - {name: assemble, process: exp(4 min), buffer: 4}
  - {name: oven, batch: 4, buffer: 8, process: 20 min, failures: {between: exp(2 d), repair: exp(1 h), clock: calendar}}
  - {name: test, process: exp(2 min), scrap: 1 %}
)");
  auto encoded = [&](bool run_ahead) {
    std::string all;
    for (auto r : run_replications(spec, 2, {}, KernelOptions{run_ahead})) {
      REQUIRE(r.status == "ok");
      r.wall_time_s = 0;
      all += encode(r);
    }
    return all;
  };
  CHECK(encoded(true) == encoded(false));
}
