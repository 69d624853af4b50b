// Machine energy: the ledger identity, and the auto-standby policy on an M/M/1 machine against the
// closed form derived in docs/validation.md (renewal-reward energy, Fuhrmann-Cooper waiting time).
#include "kernel/Simulation.hpp"
#include "model/ModelLoader.hpp"
#include "results/Summary.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace greenfab;

namespace {
/** The reference machine: lambda = 0.5/h, mu = 1/h; standby 1 kW, idle 3 kW, processing 10 kW, warm-up
 *  0.1 h at 5 kW; `policy` is the policies: line ("" for none). */
ModelSpec standby_machine(const std::string& policy)
{
  return load_model_text(R"(
name: auto-standby reference
run: {warmup: 20 h, horizon: 25000 h, replications: 10, seed: 41}
products: [{name: part, route: [machine]}]
release: {interarrival: exp(2 h)}
stations:
  - name: machine
    process: exp(1 h)
    power: {standby: 1 kW, idle: 3 kW, processing: 10 kW}
    warm_up: {time: 0.1 h, power: 5 kW}
)" + policy,
                         "auto_standby.yaml");
}

/** kWh per hour and mean time in system [h] from the closed form in docs/validation.md for auto-standby after T hours. */
struct Reference {
  double p, kwh_per_h, w_h;
};
Reference reference(double T)
{
  const double lambda = 0.5, mu = 1, w = 0.1;
  const double p      = std::isinf(T) ? 0 : std::exp(-lambda * T);
  const double a      = 1 + p * lambda * w;
  const double cycle  = a * mu / (lambda * (mu - lambda));
  const double kwh    = (10 * a / (mu - lambda) + 3 * (1 - p) / lambda + 1 * p / lambda + 5 * p * w) / cycle;
  const double W      = 1 / (mu - lambda) + p * (2 * w + lambda * w * w) / (2 * (1 + lambda * p * w));
  return {p, kwh, W};
}

void check(const std::vector<RunResult>& runs, const std::string& kpi, double scale, double exact)
{
  std::vector<double> xs;
  for (const auto& r : runs) {
    REQUIRE(r.status == "ok");
    xs.push_back(r.kpi(kpi) / scale);
  }
  const Estimate e = estimate(xs);
  // docs/validation.md's acceptance: max(3 %, 4 x the run's relative standard error).
  const double rel_se = e.half_width / 2.262 / std::abs(e.mean); // t(0.975, 9) = 2.262
  const double tol    = std::max(0.03, 4 * rel_se);
  INFO(kpi << ": simulated " << e.mean << " +/- " << e.half_width << ", exact " << exact << ", tolerance "
           << 100 * tol << " %");
  CHECK(std::abs(e.mean - exact) <= tol * exact);
}
} // namespace

TEST_CASE("the auto-standby reference table of docs/validation.md is reproduced by its formulas", "[energy]")
{
  // Guards the transcription of the closed form used below (values from the table).
  CHECK(reference(0).kwh_per_h == Approx(5.595238).epsilon(1e-6));
  CHECK(reference(0.5).kwh_per_h == Approx(5.78787).epsilon(1e-6));
  CHECK(reference(2).w_h == Approx(2.037027).epsilon(1e-6));
  CHECK(reference(INFINITY).kwh_per_h == Approx(6.5).epsilon(1e-12));
}

TEST_CASE("auto-standby on an M/M/1 machine matches the closed-form energy and waiting time", "[energy][validation]")
{
  for (double T : {0.0, 0.5, 1.0, 2.0, static_cast<double>(INFINITY)}) {
    INFO("auto-standby after " << T << " h");
    const std::string policy =
        std::isinf(T) ? "" : "    policies: {auto_standby: " + std::to_string(T) + " h}\n";
    const auto runs     = run_replications(standby_machine(policy), 2);
    const Reference ref = reference(T);
    check(runs, "machine_power_mean_W", 1000, ref.kwh_per_h); // mean kW = kWh per hour
    check(runs, "lead_time_mean_s", 3600, ref.w_h);
  }
}

TEST_CASE("station energy equals the sum of power times time in each state", "[energy]")
{
  const ModelSpec spec = load_model_text(R"(
name: energy identity
run: {warmup: 1 d, horizon: 2 w, replications: 2, seed: 42}
calendar: {shifts: ["Mon-Fri 06:00-22:00"], at_shift_end: resume}
products: [{name: a, mix: 50 %, route: [cut, press]}, {name: b, mix: 50 %, route: [cut, press]}]
release: {interarrival: exp(15 min)}
stations:
  - {name: cut, process: exp(3 min), setup: 5 min, buffer: 2,
     failures: {between: exp(6 h), repair: exp(30 min), clock: calendar},
     power: {standby: 0.5 kW, idle: 2 kW, setup: 3 kW, processing: 7.5 kW, down: 0.3 kW, off_shift: 0.1 kW},
     warm_up: {time: 5 min, power: 4 kW}, policies: {auto_standby: 2 min}}
  - {name: press, machines: 2, process: exp(8 min),
     power: {standby: 1 kW, idle: 4 kW, processing: 15 kW, off_shift: 0.2 kW, off: 0.05 kW},
     warm_up: {time: 2 min, power: 6 kW},
     policies: {auto_standby: 0 s, off_outside_shifts: true, warm_up_before_shift: 1 min}}
)",
                                         "identity.yaml");
  const struct {
    const char* state;
    double cut, press;
  } power[] = {{"processing", 7500, 15000}, {"setup", 3000, 0},   {"idle", 2000, 4000},  {"blocked", 2000, 4000},
               {"down", 300, 0},            {"off_shift", 100, 200}, {"standby", 500, 1000}, {"warm_up", 4000, 6000},
               {"off", 0, 50}};
  for (const auto& r : run_replications(spec, 2)) {
    REQUIRE(r.status == "ok");
    const double window = spec.run.horizon;
    for (std::size_t row = 0; row < r.stations().rows(); ++row) {
      const double machines = r.stations().find("machines")->values[row];
      double expected = 0, shares = 0, by_state = 0;
      for (const auto& p : power) {
        const double share = r.stations().find(std::string(p.state) + "_share")->values[row];
        const double state_energy = r.stations().find(std::string(p.state) + "_energy_J")->values[row];
        CHECK(state_energy == Approx(share * machines * window * (row == 0 ? p.cut : p.press)).epsilon(1e-9).margin(1e-6));
        shares += share;
        by_state += state_energy;
        expected += share * machines * window * (row == 0 ? p.cut : p.press);
      }
      CHECK(shares == Approx(1).epsilon(1e-12));
      CHECK(r.stations().find("energy_J")->values[row] == Approx(expected).epsilon(1e-9));
      CHECK(r.stations().find("energy_J")->values[row] == Approx(by_state).epsilon(1e-12));
      CHECK(r.stations().find("standby_share")->values[row] > 0); // the policy did act
      if (row == 1)
        CHECK(r.stations().find("off_share")->values[row] > 0.25); // switched off over nights and the weekend
    }
  }
}

namespace {
/** One machine, 9 min per part, a saturated source, one shift Mon 06:00-14:00, run Monday 00:00-24:00. */
RunResult switch_off_day(const std::string& policies)
{
  const ModelSpec spec = load_model_text(R"(
name: switch-off
run: {start: 2025-01-06T00:00, horizon: 1 d, seed: 1}
calendar: {shifts: ["Mon 06:00-14:00"], at_shift_end: finish}
products: [{name: part, route: [machine]}]
buffers: {default: 1}
stations:
  - name: machine
    process: 9 min
    power: {idle: 3 kW, processing: 10 kW, off_shift: 2 kW, off: 0.1 kW}
    warm_up: {time: 15 min, power: 6 kW}
    policies: {off_outside_shifts: true)" + policies + R"(}
)",
                                         "switch_off.yaml");
  auto runs = run_replications(spec, 1);
  REQUIRE(runs.front().status == "ok");
  return runs.front();
}

double kwh(double hours_times_kw) { return hours_times_kw * 3.6e6; }
} // namespace

TEST_CASE("a machine switched off outside shifts warms up at the shift start and the warm-up delays production",
          "[energy]")
{
  // Off 00:00-06:00, warm-up 06:00-06:15, then parts every 9 min: 52 start by 14:00 (the last at 13:54,
  // finishing 14:03 under 'finish'); off again from 14:03.
  const RunResult r = switch_off_day("");
  CHECK(r.kpi("output_parts") == 52);
  const double off_h = 6 + (24 - (14 + 3.0 / 60));
  CHECK(r.stations().find("off_share")->values[0] == Approx(off_h / 24).epsilon(1e-12));
  CHECK(r.stations().find("warm_up_share")->values[0] == Approx(0.25 / 24).epsilon(1e-12));
  CHECK(r.stations().find("off_shift_share")->values[0] == 0);
  CHECK(r.kpi("machine_energy_J") == Approx(kwh(0.1 * off_h + 6 * 0.25 + 10 * 52 * 0.15)).epsilon(1e-12));
}

TEST_CASE("a warm-up started ahead of the shift lets production start on time", "[energy]")
{
  // Warm-up 05:40-05:55, then on (off-shift power) until 06:00; 54 parts start 06:00..13:57.
  const RunResult early = switch_off_day(", warm_up_before_shift: 20 min");
  CHECK(early.kpi("output_parts") == 54);
  const double off_h = (5 + 40.0 / 60) + (24 - (14 + 6.0 / 60));
  CHECK(early.stations().find("off_share")->values[0] == Approx(off_h / 24).epsilon(1e-12));
  CHECK(early.kpi("machine_energy_J") ==
        Approx(kwh(0.1 * off_h + 6 * 0.25 + 2 * 5.0 / 60 + 10 * 54 * 0.15)).epsilon(1e-12));
  // Too short a lead: warm-up 05:55-06:10, so the first part starts at 06:10 and 53 parts start by 14:00.
  const RunResult late = switch_off_day(", warm_up_before_shift: 5 min");
  CHECK(late.kpi("output_parts") == 53);
  CHECK(late.stations().find("warm_up_share")->values[0] == Approx(0.25 / 24).epsilon(1e-12));
}

TEST_CASE("processing power may depend on the product", "[energy]")
{
  const ModelSpec spec = load_model_text(R"(
name: power per product
run: {horizon: 10 h, seed: 1}
products: [{name: small, mix: 50 %, route: [press]}, {name: large, mix: 50 %, route: [press]}]
buffers: {default: 1}
stations:
  - {name: press, process: {small: 6 min, large: 12 min}, power: {processing: {small: 5 kW, large: 20 kW}}}
)",
                                         "per_product.yaml");
  const RunResult r = run_replications(spec, 1).front();
  REQUIRE(r.status == "ok");
  const double small = r.products().find("output_parts")->values[0], large = r.products().find("output_parts")->values[1];
  // Every part in the window ran at its product's power; one part is cut by the horizon at most.
  const double lower = kwh(5 * small * 0.1 + 20 * large * 0.2);
  CHECK(r.kpi("machine_energy_J") >= lower * (1 - 1e-12));
  CHECK(r.kpi("machine_energy_J") <= lower + kwh(20 * 0.2));
  CHECK(small > 10);
  CHECK(large > 10);
}
