// Random durations (and other quantities) as written in model files: "exp(90 s)", "lognormal(20 min, 5 min)".
#pragma once
#include "core/RandomStream.hpp"
#include "core/Units.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace greenfab {

/**
 * A univariate distribution with SI parameters. Immutable value type: part of the ModelSpec.
 *
 * Syntax (parameters are quantities of one dimension, e.g. durations):
 *   90 s | const(90 s)            constant
 *   uniform(a, b)                 uniform on [a, b]
 *   triangular(min, mode, max)
 *   normal(mean, sd)              truncated at 0 by resampling (the mean shifts when sd is large vs mean)
 *   lognormal(mean, sd)           mean and sd of the variable itself, not of its logarithm
 *   exp(mean) | exponential(mean)
 *   gamma(mean, sd)               shape = (mean/sd)^2
 *   erlang(k, mean)               k phases (integer), total mean
 *   empirical(v1, v2, ...)        each listed value equally likely
 */
class Distribution {
public:
  enum class Kind { constant, uniform, triangular, normal, lognormal, exponential, gamma, erlang, empirical };

  /** The largest parameter in SI units: its square (a variance) must stay a finite double. */
  static constexpr double max_parameter = 1e150;
  /** gamma(mean, sd): the shapes (mean/sd)^2 Boost's sampler reproduces the mean and sd for. */
  static constexpr double min_gamma_shape = 1e-4, max_gamma_shape = 1e12;
  /** lognormal(mean, sd): the largest sd/mean. */
  static constexpr double max_lognormal_cv = 100;

  Distribution() = default; ///< constant 0
  static Distribution constant(double value);
  static Distribution exponential(double mean);
  /** @throws UnitError naming the expected syntax or unit, or the domain rule a parameter breaks. */
  static Distribution parse(std::string_view text, Dimension dimension);
  /**
   * The domain of every kind, in one place: finite, non-negative parameters up to max_parameter, ordered
   * ranges, positive means, and parameters whose sampler parameters (gamma shape and scale, lognormal mu
   * and sigma) are finite and in the range the sampler handles. parse() applies it to every distribution
   * and to a bare quantity (a constant).
   * @throws UnitError saying which rule `parameters` break.
   */
  static void check_domain(Kind kind, const std::vector<double>& parameters);

  double sample(RandomStream& rng) const;
  double mean() const;
  double variance() const;
  /** Squared coefficient of variation, Var/mean^2 (0 for a constant), used by Kingman-style estimates. */
  double scv() const;
  Kind kind() const { return kind_; }
  const std::vector<double>& parameters() const { return p_; }
  bool is_zero() const { return kind_ == Kind::constant and p_.front() == 0; }
  /** Canonical text with SI values and no units ("exp(90)"). */
  std::string to_string() const;
  /** Text for a duration distribution, units chosen for people: "exp(1.5 min)", "erlang(3, 2 h)". */
  std::string to_duration_string() const;
  /** A copy with every parameter multiplied by `factor` (how interventions scale a time). */
  Distribution scaled(double factor) const;

private:
  Distribution(Kind k, std::vector<double> p);
  std::string format(std::string (*value)(double)) const;
  Kind kind_ = Kind::constant;
  std::vector<double> p_{0.0};
};

} // namespace greenfab
