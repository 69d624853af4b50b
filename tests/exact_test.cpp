// Checks the exact-results library against textbook numbers and independent calculations.
#include "exact/Exact.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <utility>
#include <vector>

using greenfab::exact::availability;
using greenfab::exact::make_to_stock_base_stock;
using greenfab::exact::make_to_stock_lost_sales;
using greenfab::exact::make_to_stock_s_S;
using greenfab::exact::completion_time_finish;
using greenfab::exact::completion_time_restart;
using greenfab::exact::completion_time_resume;
using greenfab::exact::mmc;
using greenfab::exact::mva_cycle_time;
using greenfab::exact::mva_throughput;
using greenfab::exact::mva_throughputs;
using greenfab::exact::pwc_throughput;
using greenfab::exact::two_station_blocking_throughput;
using greenfab::exact::zero_buffer_line_efficiency;

namespace {

/** Erlang C by the textbook factorial formula, deliberately not the recursion Exact.cpp uses. */
double erlang_c_direct(double lambda, double mu, int c)
{
  const double a   = lambda / mu;
  const double rho = a / c;
  double sum       = 0;
  double term      = 1; // a^n / n!
  for (int n = 0; n < c; ++n) {
    sum += term;
    term *= a / (n + 1);
  }
  const double last = term / (1 - rho); // a^c / (c! (1 - rho))
  return last / (sum + last);
}

/** Closed form for the two-station line, M/M/1/N with N = buffer + 2 (derivation in Exact.cpp). */
double two_station_closed_form(double mu1, double mu2, int buffer)
{
  const int n = buffer + 2;
  if (mu1 == mu2)
    return mu1 * n / (n + 1);
  return mu1 * mu2 * (std::pow(mu1, n) - std::pow(mu2, n)) / (std::pow(mu1, n + 1) - std::pow(mu2, n + 1));
}

/** Throughput of a 3-station closed loop from product-form normalising constants: X(N) = G(N-1) / G(N). */
double product_form_throughput(const std::vector<double>& s, int wip)
{
  auto g = [&](int n) {
    double total = 0;
    for (int a = 0; a <= n; ++a)
      for (int b = 0; a + b <= n; ++b)
        total += std::pow(s[0], a) * std::pow(s[1], b) * std::pow(s[2], n - a - b);
    return total;
  };
  return g(wip - 1) / g(wip);
}

} // namespace

TEST_CASE("M/M/1 with lambda 0.8 and mu 1 has L = 4 and W = 5", "[exact]")
{
  const auto r = mmc(0.8, 1.0, 1);
  CHECK(r.rho == Approx(0.8));
  CHECK(r.p_wait == Approx(0.8)); // an M/M/1 arrival waits exactly when the server is busy
  CHECK(r.L == Approx(4.0));
  CHECK(r.W == Approx(5.0));
  CHECK(r.Lq == Approx(3.2));
  CHECK(r.Wq == Approx(4.0));
}

TEST_CASE("M/M/3 with lambda 2 and mu 1 matches the Erlang C factorial formula (C = 4/9)", "[exact]")
{
  // By hand: a = 2, rho = 2/3, p0 = 1 / (1 + 2 + 2 + (8/6) / (1/3)) = 1/9, C = 4 * p0 = 4/9.
  const double c_direct = erlang_c_direct(2.0, 1.0, 3);
  REQUIRE(c_direct == Approx(4.0 / 9));
  const auto r = mmc(2.0, 1.0, 3);
  CHECK(r.rho == Approx(2.0 / 3));
  CHECK(r.p_wait == Approx(c_direct));
  CHECK(r.Lq == Approx(8.0 / 9));
  CHECK(r.Wq == Approx(4.0 / 9));
  CHECK(r.W == Approx(13.0 / 9));
  CHECK(r.L == Approx(26.0 / 9));
}

TEST_CASE("M/M/c agrees with the direct Erlang C formula and with Little's law for many c", "[exact]")
{
  for (int c : {1, 2, 5, 10, 40})
    for (double rho : {0.1, 0.5, 0.9, 0.99}) {
      const double mu     = 1.0 / 90; // a 90 s service time
      const double lambda = rho * c * mu;
      const auto r        = mmc(lambda, mu, c);
      INFO("c = " << c << ", rho = " << rho);
      CHECK(r.p_wait == Approx(erlang_c_direct(lambda, mu, c)).epsilon(1e-12));
      CHECK(r.L == Approx(lambda * r.W));
      CHECK(r.Lq == Approx(lambda * r.Wq));
      CHECK(r.L == Approx(r.Lq + lambda / mu)); // mean number in service is the offered load
    }
}

TEST_CASE("M/M/c with no arrivals has no waiting and W equal to the service time", "[exact]")
{
  const auto r = mmc(0.0, 0.5, 2);
  CHECK(r.p_wait == 0);
  CHECK(r.Lq == 0);
  CHECK(r.W == Approx(2.0));
  CHECK(r.L == 0);
}

TEST_CASE("M/M/c rejects unstable or meaningless queues", "[exact]")
{
  CHECK_THROWS_AS(mmc(1.0, 1.0, 1), std::invalid_argument);
  CHECK_THROWS_AS(mmc(3.5, 1.0, 3), std::invalid_argument);
  CHECK_THROWS_AS(mmc(0.5, 0.0, 1), std::invalid_argument);
  CHECK_THROWS_AS(mmc(0.5, 1.0, 0), std::invalid_argument);
  CHECK_THROWS_AS(mmc(-0.5, 1.0, 1), std::invalid_argument);
  CHECK_THROWS_WITH(mmc(2.0, 1.0, 2), Catch::Contains("unstable"));
}

TEST_CASE("MVA of a two-station loop matches the hand-computed value 3/7 at wip 2", "[exact]")
{
  // n = 1: R = (1, 2), X = 1/3, Q = (1/3, 2/3). n = 2: R = (4/3, 10/3), X = 2 / (14/3) = 3/7.
  CHECK(mva_throughput({1.0, 2.0}, 1) == Approx(1.0 / 3));
  CHECK(mva_throughput({1.0, 2.0}, 2) == Approx(3.0 / 7));
  CHECK(mva_cycle_time({1.0, 2.0}, 2) == Approx(14.0 / 3));
}

TEST_CASE("MVA equals the product-form normalising-constant throughput of an unbalanced loop", "[exact]")
{
  const std::vector<double> s{30.0, 60.0, 45.0};
  const auto all = mva_throughputs(s, 8);
  REQUIRE(all.size() == 8);
  for (int w = 1; w <= 8; ++w) {
    INFO("wip = " << w);
    CHECK(all[static_cast<std::size_t>(w - 1)] == Approx(product_form_throughput(s, w)).epsilon(1e-12));
    CHECK(mva_throughput(s, w) == Approx(all[static_cast<std::size_t>(w - 1)]));
    CHECK(mva_cycle_time(s, w) == Approx(w / all[static_cast<std::size_t>(w - 1)]));
  }
}

TEST_CASE("MVA throughput rises with wip towards the bottleneck rate and starts at 1 / raw time", "[exact]")
{
  const std::vector<double> s{30.0, 60.0, 45.0};
  // Only up to 40 parts: beyond that the gap to 1/60 (shrinking like (45/60)^w) is below rounding.
  const auto all = mva_throughputs(s, 40);
  CHECK(all.front() == Approx(1.0 / 135)); // one part alone never waits
  CHECK(std::adjacent_find(all.begin(), all.end(), std::greater_equal<>()) == all.end()); // strictly rising
  CHECK(all.back() < 1.0 / 60);
  CHECK(all.back() == Approx(1.0 / 60).epsilon(1e-3));
  CHECK(mva_throughput(s, 400) == Approx(1.0 / 60).epsilon(1e-12));
  CHECK(mva_throughput({42.0}, 7) == Approx(1.0 / 42)); // a single station is always busy
}

TEST_CASE("MVA rejects empty lines, non-positive times and wip below 1", "[exact]")
{
  CHECK_THROWS_AS(mva_throughput({}, 1), std::invalid_argument);
  CHECK_THROWS_AS(mva_throughput({1.0, 0.0}, 1), std::invalid_argument);
  CHECK_THROWS_AS(mva_throughput({1.0, -2.0}, 1), std::invalid_argument);
  CHECK_THROWS_AS(mva_throughput({1.0}, 0), std::invalid_argument);
  CHECK_THROWS_AS(mva_throughputs({1.0}, 0), std::invalid_argument);
}

TEST_CASE("practical worst case equals MVA for balanced lines of identical exponential stations", "[exact]")
{
  for (int stations : {1, 2, 4, 10})
    for (double t : {1.0, 7200.0}) {
      const std::vector<double> line(static_cast<std::size_t>(stations), t);
      const auto all = mva_throughputs(line, 30);
      for (int w = 1; w <= 30; ++w) {
        INFO(stations << " stations of " << t << " s, wip " << w);
        CHECK(pwc_throughput(1 / t, stations * t, w) == Approx(all[static_cast<std::size_t>(w - 1)]));
      }
    }
}

TEST_CASE("practical worst case of the Penny Fab (4 x 2 h) at wip 4 is 2/7 jobs per hour", "[exact]")
{
  // Hopp & Spearman's Penny Fab: rb = 0.5 job/h, T0 = 8 h, W0 = 4; TH_pwc(4) = 0.5 * 4 / 7.
  CHECK(pwc_throughput(0.5 / 3600, 8 * 3600.0, 4) * 3600 == Approx(2.0 / 7));
  CHECK(pwc_throughput(0.5 / 3600, 8 * 3600.0, 1) * 3600 == Approx(1.0 / 8)); // one job: 1 / T0
  CHECK_THROWS_AS(pwc_throughput(0.0, 1.0, 1), std::invalid_argument);
  CHECK_THROWS_AS(pwc_throughput(1.0, 1.0, 0), std::invalid_argument);
}

TEST_CASE("two-station blocking line with no buffer matches the 3-state chain derived by hand", "[exact]")
{
  // States (station 2 empty), (station 2 busy), (station 2 busy, station 1 blocked): pi ~ (1, r, r^2).
  for (auto [mu1, mu2] : {std::pair{1.0, 1.0}, std::pair{1.0, 3.0}, std::pair{0.25, 0.1}}) {
    const double r = mu1 / mu2;
    CHECK(two_station_blocking_throughput(mu1, mu2, 0) == Approx(mu2 * (r + r * r) / (1 + r + r * r)));
  }
  CHECK(two_station_blocking_throughput(1.0, 1.0, 0) == Approx(2.0 / 3));
}

TEST_CASE("two-station blocking line equals the M/M/1/(b+2) closed form for equal and unequal rates",
          "[exact]")
{
  const std::pair<double, double> rates[] = {{1.0, 1.0}, {1.0, 2.0}, {2.0, 1.0},
                                             {0.3, 0.7}, {5.0, 4.5}, {0.01, 0.01}};
  for (auto [mu1, mu2] : rates)
    for (int b : {0, 1, 2, 3, 5, 10, 25}) {
      INFO("mu1 = " << mu1 << ", mu2 = " << mu2 << ", buffer = " << b);
      CHECK(two_station_blocking_throughput(mu1, mu2, b) ==
            Approx(two_station_closed_form(mu1, mu2, b)).epsilon(1e-12));
    }
  CHECK(two_station_blocking_throughput(1.0, 1.0, 1) == Approx(3.0 / 4));
}

TEST_CASE("two-station blocking line is reversible and gains throughput with every buffer place", "[exact]")
{
  // Reversibility (Yamazaki & Sakasegawa 1975): swapping the stations does not change the throughput.
  double previous = 0;
  for (int b = 0; b <= 40; ++b) {
    const double th = two_station_blocking_throughput(0.8, 1.1, b);
    CHECK(th == Approx(two_station_blocking_throughput(1.1, 0.8, b)).epsilon(1e-12));
    CHECK(th > previous);
    CHECK(th < 0.8);
    previous = th;
  }
}

TEST_CASE("two-station blocking line with a huge buffer runs at the slower station's rate", "[exact]")
{
  constexpr int huge = 300;
  CHECK(two_station_blocking_throughput(1.0, 2.0, huge) == Approx(1.0).epsilon(1e-12));
  CHECK(two_station_blocking_throughput(2.0, 1.0, huge) == Approx(1.0).epsilon(1e-12));
  CHECK(two_station_blocking_throughput(0.5, 0.45, huge) == Approx(0.45).epsilon(1e-12));
  // Equal rates converge only like 1/N: mu N / (N + 1) with N = huge + 2.
  CHECK(two_station_blocking_throughput(1.0, 1.0, huge) == Approx(1.0 - 1.0 / (huge + 3)).epsilon(1e-12));
  CHECK_THROWS_AS(two_station_blocking_throughput(0.0, 1.0, 1), std::invalid_argument);
  CHECK_THROWS_AS(two_station_blocking_throughput(1.0, 1.0, -1), std::invalid_argument);
}

TEST_CASE("a failure resumes, restarts or waits for the part: hand-computed completion times", "[exact]")
{
  // 1 h of work, failures every 2 h of operation, 30 min repairs (values by hand, in hours):
  // resume 1 + 1/2 x 0.5; restart (e^0.5 - 1)(2 + 0.5); finish 1 + (1 - e^-0.5) x 0.5.
  CHECK(completion_time_resume(1, 2, 0.5) == Approx(1.25).epsilon(1e-12));
  CHECK(completion_time_restart(1, 2, 0.5) == Approx(1.6218031767503206).epsilon(1e-12));
  CHECK(completion_time_finish(1, 2, 0.5) == Approx(1.1967346701436833).epsilon(1e-12));
  // Without repair time, resuming loses nothing and finishing first neither; restarting still redoes work.
  CHECK(completion_time_resume(1, 2, 0) == 1.0);
  CHECK(completion_time_finish(1, 2, 0) == 1.0);
  CHECK(completion_time_restart(1, 2, 0) == Approx(2 * (std::exp(0.5) - 1)).epsilon(1e-12));
  // Rare failures: all three tend to the work itself; restart >= resume >= finish always.
  CHECK(completion_time_restart(1, 1e9, 0.5) == Approx(1).epsilon(1e-8));
  for (double work : {0.1, 1.0, 5.0})
    for (double mttr : {0.1, 1.0}) {
      CHECK(completion_time_restart(work, 2, mttr) >= completion_time_resume(work, 2, mttr));
      CHECK(completion_time_resume(work, 2, mttr) >= completion_time_finish(work, 2, mttr));
    }
  CHECK_THROWS_AS(completion_time_restart(1, 0, 1), std::invalid_argument);
  CHECK_THROWS_AS(completion_time_finish(-1, 1, 1), std::invalid_argument);
  CHECK_THROWS_AS(completion_time_resume(1, 1, -1), std::invalid_argument);
}

TEST_CASE("make-to-stock M/M/1 figures match hand computations and each other", "[exact]")
{
  // Base stock 3 at rho = 3/4 by hand: fill 1 - 27/64 = 37/64; backorders (3/4)^4 / (1/4) = 81/64;
  // on hand 3 - (3/4)(37/64)/(1/4) = 3 - 111/64 = 81/64.
  const auto b = make_to_stock_base_stock(0.75, 3);
  CHECK(b.fill_rate == Approx(37.0 / 64).epsilon(1e-12));
  CHECK(b.backorders == Approx(81.0 / 64).epsilon(1e-12));
  CHECK(b.on_hand == Approx(81.0 / 64).epsilon(1e-12));
  // Base stock 1: the shelf holds the one unit exactly when the machine is idle.
  CHECK(make_to_stock_base_stock(0.6, 1).fill_rate == Approx(0.4).epsilon(1e-12));
  // Lost sales, S = 1: M/M/1/1, P(busy) = rho / (1 + rho). S = 3, rho = 3/4: pi_3 = (27/64)/(1 + 3/4 + 9/16 +
  // 27/64) = 27/175; on hand (3 + 2 x 3/4 + 9/16) / (175/64) = 324/175.
  CHECK(make_to_stock_lost_sales(0.5, 1).fill_rate == Approx(1 / 1.5).epsilon(1e-12));
  const auto l = make_to_stock_lost_sales(0.75, 3);
  CHECK(l.fill_rate == Approx(1 - 27.0 / 175).epsilon(1e-12));
  CHECK(l.on_hand == Approx(324.0 / 175).epsilon(1e-12));
  CHECK(l.backorders == 0);
  // The (s, S) Markov chain reduces to the base-stock closed form at s = S - 1.
  for (int S : {1, 3, 6}) {
    const auto chain = make_to_stock_s_S(0.75, 1.0, S - 1, S);
    const auto form  = make_to_stock_base_stock(0.75, S);
    CHECK(chain.fill_rate == Approx(form.fill_rate).epsilon(1e-9));
    CHECK(chain.on_hand == Approx(form.on_hand).epsilon(1e-9));
    CHECK(chain.backorders == Approx(form.backorders).epsilon(1e-9));
  }
  // Ordering in batches can only keep the inventory position lower on average: fill falls from (S-1, S).
  CHECK(make_to_stock_s_S(0.75, 1.0, 2, 6).fill_rate < make_to_stock_s_S(0.75, 1.0, 5, 6).fill_rate);
  CHECK_THROWS_AS(make_to_stock_base_stock(1.0, 3), std::invalid_argument);
  CHECK_THROWS_AS(make_to_stock_s_S(1.0, 1.0, 1, 3), std::invalid_argument);
  CHECK_THROWS_AS(make_to_stock_s_S(0.5, 1.0, 3, 3), std::invalid_argument);
}

TEST_CASE("availability is mtbf / (mtbf + mttr)", "[exact]")
{
  CHECK(availability(90.0, 10.0) == Approx(0.9));
  CHECK(availability(40 * 3600.0, 0.0) == 1.0);
  CHECK_THROWS_AS(availability(0.0, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(availability(1.0, -1.0), std::invalid_argument);
}

TEST_CASE("zero-buffer line efficiency approximation 1 / (1 + n mttr / mttf)", "[exact]")
{
  CHECK(zero_buffer_line_efficiency(5, 3600.0, 99 * 3600.0) == Approx(99.0 / 104));
  // One station cannot be blocked or starved: the approximation reduces to its availability.
  const double mttr = 45 * 60.0, mttf = 40 * 3600.0;
  CHECK(zero_buffer_line_efficiency(1, mttr, mttf) == Approx(availability(mttf, mttr)));
  // Operation-dependent failures lose less than n independent availabilities would suggest.
  CHECK(zero_buffer_line_efficiency(10, 1.0, 20.0) > std::pow(availability(20.0, 1.0), 10));
  CHECK_THROWS_AS(zero_buffer_line_efficiency(0, 1.0, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(zero_buffer_line_efficiency(2, 1.0, 0.0), std::invalid_argument);
}
