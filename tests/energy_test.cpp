// Machine energy: the ledger identity, and the auto-standby policy on an M/M/1 machine against the
// closed form in shared/reference/AUTO_STANDBY.md (renewal-reward energy, Fuhrmann-Cooper waiting time).
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

/** kWh per hour and mean time in system [h] from AUTO_STANDBY.md for auto-standby after T hours. */
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
  // AUTO_STANDBY.md's acceptance: max(3 %, 4 x the run's relative standard error).
  const double rel_se = e.half_width / 2.262 / std::abs(e.mean); // t(0.975, 9) = 2.262
  const double tol    = std::max(0.03, 4 * rel_se);
  INFO(kpi << ": simulated " << e.mean << " +/- " << e.half_width << ", exact " << exact << ", tolerance "
           << 100 * tol << " %");
  CHECK(std::abs(e.mean - exact) <= tol * exact);
}
} // namespace

TEST_CASE("the reference table of AUTO_STANDBY.md is reproduced by its formulas", "[energy]")
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
     power: {standby: 1 kW, idle: 4 kW, processing: 15 kW, off_shift: 0.2 kW},
     warm_up: {time: 2 min, power: 6 kW}, policies: {auto_standby: 0 s}}
)",
                                         "identity.yaml");
  const struct {
    const char* state;
    double cut, press;
  } power[] = {{"processing", 7500, 15000}, {"setup", 3000, 0},   {"idle", 2000, 4000},  {"blocked", 2000, 4000},
               {"down", 300, 0},            {"off_shift", 100, 200}, {"standby", 500, 1000}, {"warm_up", 4000, 6000}};
  for (const auto& r : run_replications(spec, 2)) {
    REQUIRE(r.status == "ok");
    const double window = spec.run.horizon;
    for (std::size_t row = 0; row < r.stations.rows(); ++row) {
      const double machines = r.stations.find("machines")->values[row];
      double expected = 0, shares = 0;
      for (const auto& p : power) {
        const double share = r.stations.find(std::string(p.state) + "_share")->values[row];
        shares += share;
        expected += share * machines * window * (row == 0 ? p.cut : p.press);
      }
      CHECK(shares == Approx(1).epsilon(1e-12));
      CHECK(r.stations.find("energy_J")->values[row] == Approx(expected).epsilon(1e-9));
      CHECK(r.stations.find("standby_share")->values[row] > 0); // the policy did act
    }
  }
}
