// The arithmetic of pathway studies, free of simulation so it can be tested by hand: yearly interpolation,
// target years, discounting, Shapley attribution, abatement cost, the roadmap optimiser and the Pareto front.
#pragma once
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace greenfab {

/** Values at the simulated `years` -> one value per calendar year years.front()..years.back() (linear). */
std::vector<double> yearly_series(const std::vector<int>& years, const std::vector<double>& values);

/** First calendar year (from `first_year`) whose value is <= limit, or NaN if none. */
double first_year_at_or_below(const std::vector<double>& series, int first_year, double limit);

/** Capital recovery factor: the equivalent annual cost of 1 invested for `lifetime` years at rate r. */
double capital_recovery_factor(double rate, double lifetime_years);

/**
 * Shapley values of n players from v over subsets (bit mask -> value, 2^n entries, v[0] the empty set).
 * phi_i = sum over S without i of |S|! (n-|S|-1)! / n! (v(S+i) - v(S)); they add up to v(all) - v(none).
 */
std::vector<double> shapley_values(int n, const std::vector<double>& v);

/** A candidate measure for the optimiser: its screened effects and costs at full effect. */
struct OptionSpec {
  std::string id;
  double emissions_cut = 0;   ///< share of the no-measures target-year emissions removed alone (0..1)
  double energy_cut    = 0;   ///< same for energy
  double investment    = 0;   ///< site currency, at the start year
  double annual_cost   = 0;   ///< site currency per year while active: I x CRF + running cost + energy cost change
  std::vector<int> prerequisites, conflicts; ///< indices of other options
  /** Share of the effect reached in target year when started in year y (ramp-up and fade). */
  std::vector<double> share_by_start; ///< indexed by start year - first start year
};

struct OptimiseProblem {
  std::vector<OptionSpec> options;
  int first_year = 2026, target_year = 2040, base_year = 2025;
  double budget_per_year = std::numeric_limits<double>::infinity();
  double discount_rate = 0.05;
  double none_emissions_ratio = 1; ///< no-measures target-year emissions / base-year emissions
  double none_energy_ratio    = 1;
  double target_emissions = -0.75, target_energy = -0.75;
};

struct OptimiseCandidate {
  std::vector<int> chosen;      ///< option indices
  std::vector<int> start_years; ///< one per chosen option
  double npc = 0;               ///< net present cost base year .. target year (screening estimate)
  double emissions_change = 0, energy_change = 0; ///< screened target-year change vs base
  bool meets = false;
};

/**
 * Least-cost subsets meeting both targets in the target year, best first (at most `keep`). Method (docs/
 * pathways.md): cuts combine multiplicatively (remaining = product of (1 - share x cut)); each subset is
 * scheduled greedily (cheapest abatement first, earliest year within the budget and after its
 * prerequisites); all subsets are enumerated up to 16 options, else a greedy build-up by abatement cost
 * with a drop-one local search. If no subset meets both targets, the ones closest to them come back with
 * meets = false.
 */
std::vector<OptimiseCandidate> optimise_roadmap(const OptimiseProblem& p, int keep);

/**
 * A roadmap's place for dominance: net present cost and the target-year emissions and energy, all to be
 * minimised. Emissions and energy as the change vs the base year (-0.6 = -60 %): every roadmap shares the
 * base, so dominance is the same as on the absolute values, and the shortfall to a target is a share.
 */
struct ParetoPoint {
  double npc = 0;
  double emissions = 0;
  double energy = 0;
};

/** a dominates b: a is no worse in all three objectives and better in at least one. Equal points do not
 *  dominate each other; a point with a NaN objective neither dominates nor is dominated. */
bool dominates(const ParetoPoint& a, const ParetoPoint& b);

/**
 * Indices (ascending) of the non-dominated points: those no other point dominates. Ties: points equal in
 * all three objectives are all kept (none is better). Points with a non-finite objective are left out
 * (they cannot be compared). O(n^2), for the tens of roadmaps of a study.
 */
std::vector<std::size_t> pareto_front(const std::vector<ParetoPoint>& points);

/**
 * The roadmap to present as closest to the targets (relative changes, e.g. -0.75): among the
 * non-dominated points only, the smallest shortfall max(0, emissions - target_emissions) + max(0, energy -
 * target_energy); ties by lower net present cost, then by lower index. A point meeting both targets has
 * shortfall 0, so when some do this is the least-cost one of them. Never a dominated point: the shortfall
 * cannot grow when a point is dominated, so the minimum is always reached on the front.
 * @return the index, or points.size() if no point is comparable (all have a NaN objective or none given).
 */
std::size_t closest_roadmap(const std::vector<ParetoPoint>& points, double target_emissions, double target_energy);

/** Mean and 95 % Student-t half-width over the finite values (NaN when none; half-width NaN for one). */
void mean_hw(const std::vector<double>& x, double& mean, double& hw);

} // namespace greenfab
