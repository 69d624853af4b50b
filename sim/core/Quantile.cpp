// Quantiles of the model's distributions (core/Quantile.hpp).
#include "core/Quantile.hpp"

#include <boost/math/distributions/normal.hpp>
#include <boost/math/special_functions/gamma.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace greenfab {

namespace {
double standard_normal_quantile(double p)
{
  return boost::math::quantile(boost::math::normal_distribution<double>(0.0, 1.0), p);
}
double standard_normal_cdf(double x)
{
  return boost::math::cdf(boost::math::normal_distribution<double>(0.0, 1.0), x);
}
} // namespace

double quantile(const Distribution& d, double p)
{
  if (not(p > 0 and p < 1))
    throw std::domain_error("quantile: p = " + std::to_string(p) + " is not in (0, 1)");
  const auto& q = d.parameters();
  switch (d.kind()) {
    case Distribution::Kind::constant: return q[0];
    case Distribution::Kind::uniform: return q[0] + (q[1] - q[0]) * p;
    case Distribution::Kind::triangular: {
      const double a = q[0], c = q[1], b = q[2];
      if (b == a)
        return a;
      const double fc = (c - a) / (b - a);
      return p < fc ? a + std::sqrt(p * (b - a) * (c - a)) : b - std::sqrt((1 - p) * (b - a) * (b - c));
    }
    case Distribution::Kind::normal: {
      // The sampler rejects negative draws: the distribution is the normal conditioned on X >= 0.
      const double mean = q[0], sd = q[1];
      if (sd == 0)
        return mean;
      const double below_zero = standard_normal_cdf(-mean / sd);
      return std::max(0.0, mean + sd * standard_normal_quantile(below_zero + p * (1 - below_zero)));
    }
    case Distribution::Kind::lognormal: {
      const double mean = q[0], sd = q[1];
      const double sigma2 = std::log1p(sd * sd / (mean * mean));
      return std::exp(std::log(mean) - sigma2 / 2 + std::sqrt(sigma2) * standard_normal_quantile(p));
    }
    case Distribution::Kind::exponential: return -q[0] * std::log1p(-p);
    case Distribution::Kind::gamma: {
      const double mean = q[0], sd = q[1];
      if (sd == 0)
        return mean;
      const double shape = (mean / sd) * (mean / sd);
      return boost::math::gamma_p_inv(shape, p) * (mean / shape);
    }
    case Distribution::Kind::erlang: {
      const double k = q[0], mean = q[1];
      return boost::math::gamma_p_inv(k, p) * (mean / k);
    }
    case Distribution::Kind::empirical: {
      std::vector<double> sorted = q;
      std::sort(sorted.begin(), sorted.end());
      // P(X <= sorted[i]) = (i + 1) / n: the smallest i with (i + 1) / n >= p.
      const auto n = static_cast<double>(sorted.size());
      auto i = static_cast<std::size_t>(std::ceil(p * n));
      i = i == 0 ? 0 : i - 1;
      return sorted[std::min(i, sorted.size() - 1)];
    }
  }
  return q[0];
}

} // namespace greenfab
