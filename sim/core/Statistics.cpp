// Moments and the quantile histogram.
#include "core/Statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace greenfab {
namespace {
constexpr double hist_min    = 1e-3; // s
constexpr double hist_growth = 1.005;
const double log_growth      = std::log(hist_growth);
constexpr std::size_t hist_bins = 6000; // 1e-3 * 1.005^6000 ~ 1e10 s
} // namespace

double Moments::mean() const { return n_ ? mean_ : std::numeric_limits<double>::quiet_NaN(); }
double Moments::variance() const
{
  return n_ > 1 ? m2_ / static_cast<double>(n_ - 1) : std::numeric_limits<double>::quiet_NaN();
}

QuantileHistogram::QuantileHistogram() : bins_(hist_bins + 1, 0) {}

void QuantileHistogram::add(double x)
{
  std::size_t i = 0;
  if (x > hist_min) {
    const double k = std::log(x / hist_min) / log_growth;
    i = k >= static_cast<double>(hist_bins) ? hist_bins : 1 + static_cast<std::size_t>(k);
  }
  ++bins_[i];
  ++n_;
}

void QuantileHistogram::clear()
{
  std::fill(bins_.begin(), bins_.end(), 0);
  n_ = 0;
}

double QuantileHistogram::quantile(double q) const
{
  if (n_ == 0)
    return std::numeric_limits<double>::quiet_NaN();
  // Smallest bin whose cumulative count reaches ceil(q n) (the "inverted CDF" sample quantile).
  const auto target = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(n_)));
  std::uint64_t cum = 0;
  for (std::size_t i = 0; i < bins_.size(); ++i) {
    cum += bins_[i];
    if (cum >= target and bins_[i] > 0) {
      if (i == 0)
        return hist_min;
      // Geometric mid-point of bin i, which covers [min g^(i-1), min g^i).
      return hist_min * std::pow(hist_growth, static_cast<double>(i) - 0.5);
    }
  }
  return hist_min * std::pow(hist_growth, static_cast<double>(hist_bins));
}

ProportionInterval wilson_interval(std::uint64_t successes, std::uint64_t trials, double z)
{
  if (trials == 0)
    return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
  const double n = static_cast<double>(trials), p = static_cast<double>(successes) / n, z2 = z * z;
  const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const double half   = z / (1 + z2 / n) * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  // At 0 and n successes the bound is exactly 0 or 1; rounding must not move it off.
  return {successes == 0 ? 0.0 : std::max(0.0, centre - half), successes == trials ? 1.0 : std::min(1.0, centre + half)};
}

} // namespace greenfab
