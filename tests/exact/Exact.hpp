// Exact (and clearly marked approximate) queueing results that validation tests compare simulations against.
#pragma once
#include <vector>

/**
 * Closed-form and small-numerical results from the queueing and factory-physics literature. Times are in
 * seconds and rates per second, like everything else in greenfab. Every function checks its arguments and
 * throws std::invalid_argument on nonsense (non-positive rates, an unstable queue), because a validation
 * test that silently compares against NaN proves nothing.
 */
namespace greenfab::exact {

/** Steady-state measures of an M/M/c queue. Times in s, counts in parts. */
struct MMcResult {
  double rho;    ///< server utilisation lambda / (c mu), in [0, 1)
  double p_wait; ///< probability an arrival has to wait (Erlang C); equals rho for c = 1
  double Lq;     ///< mean number waiting (not in service)
  double Wq;     ///< mean wait before service, s
  double W;      ///< mean time in system (wait + service), s
  double L;      ///< mean number in system
};

/**
 * M/M/c queue (Erlang C): Poisson arrivals at `lambda` per s, `c` identical exponential servers each
 * serving at `mu` per s, unlimited FCFS queue. c = 1 gives M/M/1.
 * @throws std::invalid_argument if lambda < 0, mu <= 0, c < 1 or lambda >= c mu (no steady state).
 */
MMcResult mmc(double lambda, double mu, int c);

/**
 * Mean time in an M/G/1 FCFS queue (wait + service), by the Pollaczek-Khinchine formula
 * W = lambda E[S^2] / (2 (1 - rho)) + E[S], rho = lambda E[S]. Moments of the service time S in s and s^2.
 * @throws std::invalid_argument if lambda < 0, E[S] <= 0, E[S^2] < E[S]^2 or rho >= 1.
 */
double mg1_mean_sojourn(double lambda, double mean_service, double second_moment_service);

/**
 * Throughput (parts per s) of a closed serial loop (CONWIP) of single-server FCFS exponential stations
 * with `wip` parts circulating, by exact mean-value analysis (Reiser & Lavenberg 1980).
 * @param mean_service mean service time of each station, s (> 0); each part visits every station once.
 * @throws std::invalid_argument on an empty line, a non-positive time or wip < 1.
 */
double mva_throughput(const std::vector<double>& mean_service, int wip);

/** Throughputs (parts per s) for wip = 1..max_wip: element i is the throughput with i + 1 parts. */
std::vector<double> mva_throughputs(const std::vector<double>& mean_service, int max_wip);

/** Mean cycle time (s) around the loop with `wip` parts: wip / throughput (Little's law). */
double mva_cycle_time(const std::vector<double>& mean_service, int wip);

/**
 * Throughput (parts per s) of two exponential stations (rates mu1, mu2 per s) in series, station 1 never
 * starved, `buffer` waiting places between them (not counting the part in service at station 2), and
 * blocking after service. Solved numerically from the continuous-time Markov chain; equals an M/M/1/N
 * queue with N = buffer + 2 (see Exact.cpp for the derivation). Dense solve, at most
 * O((buffer + 3)^3) operations: a few hundred places take milliseconds.
 * @throws std::invalid_argument if a rate is not positive or buffer < 0.
 */
double two_station_blocking_throughput(double mu1, double mu2, int buffer);

/**
 * Long-run fraction of time a machine is up, mtbf / (mtbf + mttr). Both in s (any common unit works).
 * @throws std::invalid_argument if mtbf <= 0 or mttr < 0.
 */
double availability(double mtbf, double mttr);

/**
 * Mean time to complete `work` s of deterministic processing on a machine that fails after exponential
 * operating time (mean `mttf` s) and is repaired in a mean `mttr` s, for each thing a failure can do to the
 * part in process (preemption), with every failure clock restarted at the end of a repair:
 * - resume: the part goes on where it stopped, work + work / mttf x mttr (work / mttf failures on average);
 * - restart: the work done is lost, (e^(work/mttf) - 1)(mttf + mttr) (preemptive-repeat; condition on the
 *   first failure time X ~ exp: E[T] = work P(X >= work) + E[X; X < work] + P(X < work)(mttr + E[T]));
 * - finish: the failure waits for the end of the cycle, work + (1 - e^(-work/mttf)) mttr (at most one
 *   failure per cycle, memoryless between cycles).
 * For a saturated machine the cycle times are independent, so 1 / this is its throughput (renewal reward).
 * @throws std::invalid_argument if work < 0, mttf <= 0 or mttr < 0.
 */
double completion_time_resume(double work, double mttf, double mttr);
double completion_time_restart(double work, double mttf, double mttr);
double completion_time_finish(double work, double mttf, double mttr);

/** Long-run figures of a make-to-stock store fed by one exponential machine, for unit Poisson demand. */
struct MakeToStock {
  double fill_rate;  ///< share of demands served from stock at once (PASTA: P(on hand > 0))
  double on_hand;    ///< time-average units on the shelf
  double backorders; ///< time-average units owed (0 with lost sales)
};

/**
 * Base stock S, backorders (Buzacott & Shanthikumar 1993, ch. 4; Hopp & Spearman, Factory Physics): the units
 * in production N are M/M/1 with rho = lambda/mu, on hand (S - N)+, backorders (N - S)+:
 * fill 1 - rho^S, backorders rho^(S+1)/(1 - rho), on hand S - rho (1 - rho^S)/(1 - rho).
 * @throws std::invalid_argument unless 0 < rho < 1 and S >= 1.
 */
MakeToStock make_to_stock_base_stock(double rho, int base_stock);

/**
 * Base stock S, lost sales: N is M/M/1/S (a demand finding the shelf empty is lost and orders nothing),
 * pi_n = rho^n (1 - rho)/(1 - rho^(S+1)) (pi_n = 1/(S+1) at rho = 1); fill 1 - pi_S, on hand sum (S - n) pi_n.
 * @throws std::invalid_argument unless rho > 0 and S >= 1.
 */
MakeToStock make_to_stock_lost_sales(double rho, int base_stock);

/**
 * (s, S) with backorders, unit Poisson demand (rate lambda), one exponential machine (rate mu): the
 * stationary distribution of the Markov chain on (inventory position s+1..S, units in production
 * 0..n_max), solved by Gauss-Seidel to 1e-13; a demand at position s+1 orders S - s units at once.
 * n_max is raised until the truncated mass is below 1e-12. Reduces to the base-stock formula at s = S-1.
 * @throws std::invalid_argument unless lambda < mu, 0 <= s < S.
 */
MakeToStock make_to_stock_s_S(double lambda, double mu, int s, int S);

/**
 * APPROXIMATION (Buzacott): efficiency (fraction of the failure-free rate achieved) of a line of `n`
 * identical stations with no buffers, operation-dependent failures, mean time to repair `mttr` and mean
 * operating time to failure `mttf` (both s): 1 / (1 + n mttr / mttf).
 * @throws std::invalid_argument if n < 1, mttr < 0 or mttf <= 0.
 */
double zero_buffer_line_efficiency(int n, double mttr, double mttf);

/**
 * Practical-worst-case throughput (parts per s) of a line with bottleneck rate `rb` (parts per s), raw
 * process time `t0` (s) and `w` parts of WIP: rb w / (W0 + w - 1) with critical WIP W0 = rb t0.
 * @throws std::invalid_argument if rb <= 0, t0 <= 0 or w < 1.
 */
double pwc_throughput(double rb, double t0, int w);

} // namespace greenfab::exact
