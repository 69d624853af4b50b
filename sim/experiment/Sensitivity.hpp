// Global sensitivity of a study's answer to its stated uncertain inputs: Sobol indices (Saltelli 2010
// design, Saltelli first-order and Jansen total estimators) and Morris elementary effects, with bootstrap
// intervals. Pure functions of the inputs' distributions and the evaluated outputs: the design is built
// first, the model (a simulation, or a closed form in the tests) is evaluated at every point by the
// caller, then the indices follow from the outputs alone. Method: docs/pathways.md, "Sensitivity".
#pragma once
#include "core/Distribution.hpp"
#include "results/Table.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace greenfab {

/** An uncertain input: its name (the /samples column and the stream name) and its distribution. */
struct SensitivityInput {
  std::string name;
  Distribution dist;
};

/** A point of a design: one value per input, in input order. */
using DesignPoint = std::vector<double>;

/**
 * Saltelli's design: two independent N x k sample matrices A and B and, for each input i, A_B^(i) (A with
 * column i taken from B). Row j of A draws input i from RandomStream(seed, j, name_i, purpose_a), of B
 * from RandomStream(seed, j, name_i, purpose_b): per-input, per-row streams, so adding an input or rows
 * never changes the other draws, and with purpose_a = "uncertainty" the rows of A are exactly a pathway
 * study's replications 0..N-1 (PathwayLoader's draw_uncertainty).
 */
struct SobolDesign {
  std::size_t n = 0;                          ///< base sample size N
  std::vector<std::string> inputs;            ///< k names
  std::vector<DesignPoint> a, b;              ///< N rows each
  /**
   * Every point to evaluate, N (k + 2) of them, in the order the estimator expects the outputs: the rows
   * of A, the rows of B, then for i = 0..k-1 the rows of A_B^(i).
   */
  std::vector<DesignPoint> points() const;
};

SobolDesign sobol_design(const std::vector<SensitivityInput>& inputs, std::size_t n, std::uint64_t seed,
                         const std::string& purpose_a = "uncertainty", const std::string& purpose_b = "sensitivity_b");

/** A sensitivity index with its 95 % bootstrap percentile interval. */
struct IndexEstimate {
  double value = 0, low = 0, high = 0;
};

/** First-order and total Sobol indices of one input. */
struct SobolIndex {
  std::string input;
  IndexEstimate first; ///< S_i: share of Var(Y) explained by X_i alone
  IndexEstimate total; ///< ST_i: share of Var(Y) that involves X_i (alone or in interaction)
};

struct SobolResult {
  double mean = 0, variance = 0; ///< of Y over the 2N points of A and B (population variance)
  std::size_t evaluations = 0;   ///< N (k + 2)
  std::vector<SobolIndex> indices; ///< in input order
};

/** Bootstrap settings: resamples of the N base rows (with replacement) and the stream that picks them. */
struct BootstrapOptions {
  int resamples      = 1000;
  std::uint64_t seed = 1;
  double confidence  = 0.95;
};

/**
 * Sobol indices from the outputs at SobolDesign::points() (same order; size N (k + 2)). With f_A, f_B and
 * f_AB^i the outputs at the rows of A, B and A_B^(i), and V the variance of f over A and B:
 *   S_i  = (1/N) sum_j f_B,j (f_AB^i,j - f_A,j) / V          (Saltelli et al. 2010, Table 2 (b))
 *   ST_i = (1/2N) sum_j (f_A,j - f_AB^i,j)^2 / V             (Jansen 1999; Saltelli et al. 2010, Table 2 (f))
 * Intervals: percentile bootstrap over the N rows (a resampled row keeps its A, B and A_B values
 * together). V = 0 (a constant output) gives indices of 0.
 * @throws std::invalid_argument if outputs.size() != N (k + 2), N < 2 or an output is not finite.
 */
SobolResult sobol_indices(const SobolDesign& design, const std::vector<double>& outputs,
                          const BootstrapOptions& bootstrap = {});

/** As sobol_indices, from the design's size alone: n base rows, k inputs named `inputs`. */
SobolResult sobol_indices(std::size_t n, const std::vector<std::string>& inputs, const std::vector<double>& outputs,
                          const BootstrapOptions& bootstrap = {});

/**
 * Morris's design (Morris 1991): r trajectories of k + 1 points on a grid of `levels` (even) levels per
 * input. Level l of input i is the quantile of its distribution at probability (l + 1/2) / levels (cell
 * centres: finite for unbounded distributions too). A trajectory starts at random levels and moves one
 * input at a time, in a random order, by levels / 2 levels up (from the lower half) or down (from the
 * upper half): a step of Delta = +-1/2 in probability. Trajectory t draws from RandomStream(seed, t,
 * "morris", "design").
 */
struct MorrisDesign {
  int levels = 4;
  std::vector<std::string> inputs;
  std::vector<DesignPoint> points;        ///< r (k + 1), trajectory by trajectory
  std::vector<std::vector<int>> order;    ///< per trajectory: the input moved at step 1..k
  std::vector<std::vector<double>> delta; ///< per trajectory and step: +0.5 or -0.5 (probability units)
  std::size_t trajectories() const { return order.size(); }
};

MorrisDesign morris_design(const std::vector<SensitivityInput>& inputs, std::size_t trajectories, std::uint64_t seed,
                           int levels = 4);

/** Morris statistics of one input's r elementary effects EE = (f(after) - f(before)) / Delta. */
struct MorrisEffect {
  std::string input;
  double mu = 0;          ///< mean EE: the sign of the effect (effects of both signs cancel)
  IndexEstimate mu_star;  ///< mean |EE| (Campolongo et al. 2007): the importance ranking
  double sigma = 0;       ///< sample sd of EE: interactions or non-linearity (0 for r = 1)
};

struct MorrisResult {
  std::size_t evaluations = 0; ///< r (k + 1)
  std::vector<MorrisEffect> effects; ///< in input order
};

/**
 * Morris statistics from the outputs at MorrisDesign::points (same order). mu* carries a percentile
 * bootstrap interval over trajectories. @throws std::invalid_argument on a size mismatch or a non-finite output.
 */
MorrisResult morris_effects(const MorrisDesign& design, const std::vector<double>& outputs,
                            const BootstrapOptions& bootstrap = {});

/**
 * The rows of a `/sensitivity` table (docs/pathways.md, "Sensitivity"; read by analysis/report.py and its
 * tornado figure) for one roadmap and output, one row per input, built by column name: text columns
 * roadmap, output, input, method ("sobol" or "morris"); numeric first_order, first_order_low,
 * first_order_high, total, total_low, total_high (Sobol; NaN for Morris), mu_star, mu_star_low,
 * mu_star_high, mu, sigma (Morris; NaN for Sobol) and evaluations. Tables of several roadmaps and outputs
 * join with Table::append. Indices are shares (unit "1"); mu, mu* and sigma are in the units of the output
 * the row names (one column serves outputs of different units, so its `units` attribute stays empty).
 */
Table sensitivity_table(const std::string& roadmap, const std::string& output, const SobolResult& result);
Table sensitivity_table(const std::string& roadmap, const std::string& output, const MorrisResult& result);

/** Builds the design, evaluates `f` at every point in order, estimates (for closed forms and tests). */
SobolResult sobol_analyse(const std::vector<SensitivityInput>& inputs, const std::function<double(const DesignPoint&)>& f,
                          std::size_t n, std::uint64_t seed, const BootstrapOptions& bootstrap = {});
MorrisResult morris_analyse(const std::vector<SensitivityInput>& inputs,
                            const std::function<double(const DesignPoint&)>& f, std::size_t trajectories,
                            std::uint64_t seed, int levels = 4, const BootstrapOptions& bootstrap = {});

} // namespace greenfab
