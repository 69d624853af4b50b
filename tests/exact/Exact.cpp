// Exact queueing results for validation tests: formulas with their sources, and one small CTMC solver.
#include "exact/Exact.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace greenfab::exact {
namespace {

void require(bool ok, const std::string& what)
{
  if (not ok)
    throw std::invalid_argument("greenfab::exact: " + what);
}

bool positive(double x) { return std::isfinite(x) and x > 0; }

void check_line(const std::vector<double>& mean_service)
{
  require(not mean_service.empty(), "a closed line needs at least one station");
  for (double s : mean_service)
    require(positive(s), "mean service times must be positive and finite, got " + std::to_string(s));
}

/**
 * Solves A x = b (copies of both) for a small dense system by Gaussian elimination with partial pivoting.
 * Zero multipliers are skipped, which makes the nearly tridiagonal systems built below cheap unless
 * pivoting pulls the dense normalisation row up.
 */
std::vector<double> solve(std::vector<std::vector<double>> a, std::vector<double> b)
{
  const std::size_t n = b.size();
  for (std::size_t k = 0; k < n; ++k) {
    std::size_t pivot = k;
    for (std::size_t i = k + 1; i < n; ++i)
      if (std::abs(a[i][k]) > std::abs(a[pivot][k]))
        pivot = i;
    require(a[pivot][k] != 0, "singular linear system");
    std::swap(a[k], a[pivot]);
    std::swap(b[k], b[pivot]);
    for (std::size_t i = k + 1; i < n; ++i) {
      const double f = a[i][k] / a[k][k];
      if (f == 0)
        continue;
      for (std::size_t j = k; j < n; ++j)
        a[i][j] -= f * a[k][j];
      b[i] -= f * b[k];
    }
  }
  std::vector<double> x(n);
  for (std::size_t k = n; k-- > 0;) {
    double s = b[k];
    for (std::size_t j = k + 1; j < n; ++j)
      s -= a[k][j] * x[j];
    x[k] = s / a[k][k];
  }
  return x;
}

} // namespace

// Gross, Shortle, Thompson & Harris, "Fundamentals of Queueing Theory" (4th ed., 2008), ch. 2 (M/M/1 and
// M/M/c): with offered load a = lambda/mu and rho = a/c,
//   C(c, a) = [a^c / (c! (1 - rho))] p0,   p0 = [sum_{n<c} a^n/n! + a^c / (c! (1 - rho))]^-1,
//   Lq = C rho / (1 - rho),  Wq = Lq / lambda = C / (c mu - lambda),  W = Wq + 1/mu,  L = lambda W.
// C is computed from the Erlang B recursion B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)) and
// C = B / (1 - rho (1 - B)), which never forms a^c or c! and so stays finite for any c (the tests
// check it against the factorial formula above).
double mg1_mean_sojourn(double lambda, double mean_service, double second_moment_service)
{
  if (lambda < 0 or mean_service <= 0 or second_moment_service < mean_service * mean_service)
    throw std::invalid_argument("mg1_mean_sojourn: need lambda >= 0, E[S] > 0 and E[S^2] >= E[S]^2");
  const double rho = lambda * mean_service;
  if (rho >= 1)
    throw std::invalid_argument("mg1_mean_sojourn: rho = lambda E[S] >= 1 has no steady state");
  return lambda * second_moment_service / (2 * (1 - rho)) + mean_service;
}

MMcResult mmc(double lambda, double mu, int c)
{
  require(std::isfinite(lambda) and lambda >= 0, "arrival rate must be >= 0 and finite");
  require(positive(mu), "service rate must be positive and finite");
  require(c >= 1, "an M/M/c queue needs c >= 1 servers");
  const double a   = lambda / mu;
  const double rho = a / c;
  require(rho < 1, "unstable queue: lambda >= c mu (rho = " + std::to_string(rho) + ")");
  double erlang_b = 1;
  for (int k = 1; k <= c; ++k)
    erlang_b = a * erlang_b / (k + a * erlang_b);
  const double p_wait = erlang_b / (1 - rho * (1 - erlang_b));
  MMcResult r{};
  r.rho    = rho;
  r.p_wait = p_wait;
  r.Lq     = p_wait * rho / (1 - rho);
  r.Wq     = p_wait / (c * mu - lambda);
  r.W      = r.Wq + 1 / mu;
  r.L      = lambda * r.W;
  return r;
}

// Exact MVA for a closed product-form network (Reiser & Lavenberg, "Mean-Value Analysis of Closed
// Multichain Queuing Networks", J. ACM 27(2):313-322, 1980). The arrival theorem says a part arriving at
// station i sees the network in equilibrium with one part fewer, so with visit ratio 1 everywhere:
//   R_i(n) = s_i (1 + Q_i(n-1)),  X(n) = n / sum_i R_i(n),  Q_i(n) = X(n) R_i(n),  Q_i(0) = 0.
// Exact for single-server FCFS stations with exponential service, which have product form (BCMP); the tests
// check it against the product-form normalising constants (Buzen 1973) computed by brute force.
std::vector<double> mva_throughputs(const std::vector<double>& mean_service, int max_wip)
{
  check_line(mean_service);
  require(max_wip >= 1, "wip must be at least 1");
  std::vector<double> queue(mean_service.size(), 0.0);
  std::vector<double> residence(mean_service.size(), 0.0);
  std::vector<double> throughput;
  throughput.reserve(static_cast<std::size_t>(max_wip));
  for (int n = 1; n <= max_wip; ++n) {
    double cycle = 0;
    for (std::size_t i = 0; i < mean_service.size(); ++i) {
      residence[i] = mean_service[i] * (1 + queue[i]);
      cycle += residence[i];
    }
    const double x = n / cycle;
    for (std::size_t i = 0; i < mean_service.size(); ++i)
      queue[i] = x * residence[i];
    throughput.push_back(x);
  }
  return throughput;
}

double mva_throughput(const std::vector<double>& mean_service, int wip)
{
  return mva_throughputs(mean_service, wip).back();
}

double mva_cycle_time(const std::vector<double>& mean_service, int wip)
{
  return wip / mva_throughput(mean_service, wip);
}

// The chain. Let N = buffer + 2 and n = the number of parts that have finished at station 1 and not yet at
// station 2, counting a finished part that station 1 holds while blocked. Then n = 0..buffer+1 are the
// unblocked states (n parts at station 2: one in service, n-1 waiting) and n = N is "station 2 full and
// station 1 blocked". Station 1 is never starved, so it always works unless blocked:
//   n -> n+1 at rate mu1 for n < N   (at n = buffer+1 the finished part cannot move: station 1 blocks),
//   n -> n-1 at rate mu2 for n >= 1  (from N the held part moves into the freed place and station 1
//                                     restarts, so the state becomes buffer+1).
// By hand for buffer = 0 (N = 2): states A = station 2 empty, station 1 working (n = 0); B = station 2
// busy, station 1 working (n = 1); C = station 2 busy, station 1 blocked (n = 2). Rates A->B mu1, B->C mu1,
// B->A mu2, C->B mu2. Cut balance gives pi_A mu1 = pi_B mu2 and pi_B mu1 = pi_C mu2, so with r = mu1/mu2
// pi is proportional to (1, r, r^2) and TH = mu2 (pi_B + pi_C) = mu2 (r + r^2) / (1 + r + r^2)
// = mu1 mu2 (mu1 + mu2) / (mu1^2 + mu1 mu2 + mu2^2), which is 2 mu / 3 when mu1 = mu2 = mu.
// In general the chain is the birth-death chain of an M/M/1/N queue with arrival rate mu1, service rate
// mu2 and N = buffer + 2 places (both machines' positions count; Hopp & Spearman, "Factory Physics",
// the M/M/1/b blocking model of the variability-basics chapter; Buzacott & Shanthikumar, "Stochastic
// Models of Manufacturing Systems", 1993, two-stage lines with exponential stations):
//   TH = mu1 mu2 (mu1^N - mu2^N) / (mu1^(N+1) - mu2^(N+1)),  and mu N / (N + 1) when mu1 = mu2 = mu.
// The tests check the numerical solution below against that closed form.
double two_station_blocking_throughput(double mu1, double mu2, int buffer)
{
  require(positive(mu1) and positive(mu2), "service rates must be positive and finite");
  require(buffer >= 0, "buffer must be >= 0 waiting places");
  // State index n as above; the generator is built from the transition list rather than from the
  // birth-death closed form so this stays an independent check of it.
  const std::size_t blocked = static_cast<std::size_t>(buffer) + 2;
  const std::size_t states  = blocked + 1;
  std::vector<std::vector<double>> q(states, std::vector<double>(states, 0.0));
  auto rate = [&](std::size_t from, std::size_t to, double r) {
    q[from][to] += r;
    q[from][from] -= r;
  };
  for (std::size_t n = 0; n < states; ++n) {
    if (n < blocked)
      rate(n, n + 1, mu1); // station 1 completes: part enters station 2 or station 1 blocks
    if (n >= 1)
      rate(n, n - 1, mu2); // station 2 completes
  }
  // pi Q = 0 is Q^T pi^T = 0; one balance equation is redundant, so the last row carries sum(pi) = 1.
  std::vector<std::vector<double>> a(states, std::vector<double>(states, 0.0));
  for (std::size_t i = 0; i < states; ++i)
    for (std::size_t j = 0; j < states; ++j)
      a[i][j] = q[j][i];
  std::vector<double> b(states, 0.0);
  a.back().assign(states, 1.0);
  b.back() = 1;
  const std::vector<double> pi = solve(std::move(a), std::move(b));
  return mu2 * (1 - pi[0]); // station 2 is busy in every state but n = 0
}

// Hopp & Spearman, "Factory Physics", ch. 8 (variability basics: availability A = mf / (mf + mr)).
double availability(double mtbf, double mttr)
{
  require(positive(mtbf), "mtbf must be positive and finite");
  require(std::isfinite(mttr) and mttr >= 0, "mttr must be >= 0 and finite");
  return mtbf / (mtbf + mttr);
}

namespace {
void check_failure_args(double work, double mttf, double mttr)
{
  require(std::isfinite(work) and work >= 0, "work must be >= 0 and finite");
  require(positive(mttf), "mttf must be positive and finite");
  require(std::isfinite(mttr) and mttr >= 0, "mttr must be >= 0 and finite");
}
} // namespace

double completion_time_resume(double work, double mttf, double mttr)
{
  check_failure_args(work, mttf, mttr);
  return work + work / mttf * mttr;
}

double completion_time_restart(double work, double mttf, double mttr)
{
  check_failure_args(work, mttf, mttr);
  return std::expm1(work / mttf) * (mttf + mttr);
}

double completion_time_finish(double work, double mttf, double mttr)
{
  check_failure_args(work, mttf, mttr);
  return work - std::expm1(-work / mttf) * mttr;
}

MakeToStock make_to_stock_base_stock(double rho, int base_stock)
{
  require(std::isfinite(rho) and rho > 0 and rho < 1, "rho must be in (0, 1) for a stable make-to-stock queue");
  require(base_stock >= 1, "base stock must be >= 1");
  const double r_s = std::pow(rho, base_stock);
  return {1 - r_s, base_stock - rho * (1 - r_s) / (1 - rho), r_s * rho / (1 - rho)};
}

MakeToStock make_to_stock_lost_sales(double rho, int base_stock)
{
  require(std::isfinite(rho) and rho > 0, "rho must be positive and finite");
  require(base_stock >= 1, "base stock must be >= 1");
  std::vector<double> pi(static_cast<std::size_t>(base_stock) + 1);
  double total = 0;
  for (int n = 0; n <= base_stock; ++n)
    total += pi[static_cast<std::size_t>(n)] = std::pow(rho, n);
  double on_hand = 0;
  for (int n = 0; n <= base_stock; ++n)
    on_hand += (base_stock - n) * pi[static_cast<std::size_t>(n)] / total;
  return {1 - pi.back() / total, on_hand, 0};
}

MakeToStock make_to_stock_s_S(double lambda, double mu, int s, int S)
{
  require(positive(lambda) and positive(mu) and lambda < mu, "need 0 < lambda < mu");
  require(s >= 0 and S > s, "need 0 <= s < S");
  const int q = S - s;
  for (int n_max = 8 * S + 64;; n_max *= 2) {
    // p[i][n]: inventory position s+1+i, n units in production. Balance: out-rate x p = inflow.
    const auto at = [&](int i, int n) { return static_cast<std::size_t>(i) * static_cast<std::size_t>(n_max + 1) + static_cast<std::size_t>(n); };
    std::vector<double> p(static_cast<std::size_t>(q) * static_cast<std::size_t>(n_max + 1), 1.0); // all > 0
    for (int sweep = 0; sweep < 200000; ++sweep) {
      double change = 0;
      for (int i = 0; i < q; ++i)
        for (int n = 0; n <= n_max; ++n) {
          // Demand moves position i+1 -> i; from position 0 (= s+1) a demand orders q: -> (q-1, n+q).
          double in = i + 1 < q ? lambda * p[at(i + 1, n)] : 0;
          if (i == q - 1 and n >= q)
            in += lambda * p[at(0, n - q)];
          if (n + 1 <= n_max)
            in += mu * p[at(i, n + 1)];
          const bool demand_leaves = not(i == 0 and n + q > n_max); // truncation: no arrival beyond n_max
          const double out = (demand_leaves ? lambda : 0) + (n > 0 ? mu : 0);
          const double next = in / out;
          change = std::max(change, std::abs(next - p[at(i, n)]));
          p[at(i, n)] = next;
        }
      double total = 0;
      for (double x : p)
        total += x;
      for (double& x : p)
        x /= total;
      if (change < 1e-13)
        break;
    }
    double tail = 0, fill = 0, on_hand = 0, backorders = 0;
    for (int i = 0; i < q; ++i)
      for (int n = 0; n <= n_max; ++n) {
        const double x   = p[at(i, n)];
        const int net    = s + 1 + i - n; // net inventory = position - in production
        fill += net > 0 ? x : 0;
        on_hand += std::max(net, 0) * x;
        backorders += std::max(-net, 0) * x;
        if (n > n_max - q)
          tail += x;
      }
    if (tail < 1e-12)
      return {fill, on_hand, backorders};
    require(n_max < 1 << 16, "the (s, S) chain did not converge");
  }
}

// APPROXIMATION. Buzacott, "Prediction of the efficiency of production systems without internal storage",
// Int. J. Prod. Res. 6(3), 1968; also in Buzacott & Shanthikumar 1993 (transfer lines). With no buffers a
// failure anywhere stops the whole line, and with operation-dependent failures a stopped station cannot
// fail, so per unit of working time the line loses sum_i mttr_i / mttf_i to repairs:
// E = 1 / (1 + n mttr / mttf). It ignores overlapping failures and assumes failures only while working;
// with time-dependent failures (on the clock) the efficiency is nearer availability^n, which is lower.
double zero_buffer_line_efficiency(int n, double mttr, double mttf)
{
  require(n >= 1, "a line needs n >= 1 stations");
  require(std::isfinite(mttr) and mttr >= 0, "mttr must be >= 0 and finite");
  require(positive(mttf), "mttf must be positive and finite");
  return 1 / (1 + n * mttr / mttf);
}

// Hopp & Spearman, "Factory Physics", ch. 7 (basic factory dynamics, practical worst case):
// TH_pwc(w) = w rb / (W0 + w - 1), W0 = rb T0. It is exactly the MVA throughput of a balanced closed line of
// W0 identical single exponential stations, each with mean time 1/rb (tests check this).
double pwc_throughput(double rb, double t0, int w)
{
  require(positive(rb), "bottleneck rate must be positive and finite");
  require(positive(t0), "raw process time must be positive and finite");
  require(w >= 1, "wip must be at least 1");
  const double w0 = rb * t0;
  return rb * w / (w0 + w - 1);
}

} // namespace greenfab::exact
