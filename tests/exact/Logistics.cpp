// Closed forms for full-truck-load waiting and (s, Q) stock-out probability (see Logistics.hpp).
#include "exact/Logistics.hpp"

#include <cmath>
#include <stdexcept>

namespace greenfab::exact {

double ftl_mean_wait(int q, double lambda)
{
  if (q < 1 or not(lambda > 0))
    throw std::invalid_argument("ftl_mean_wait: need q >= 1 and lambda > 0");
  return (q - 1) / (2 * lambda);
}

double sq_stockout_probability(double lambda, double lead, int s, int Q)
{
  if (Q < 1 or s < 0 or not(lambda > 0) or lead < 0)
    throw std::invalid_argument("sq_stockout_probability: need Q >= 1, s >= 0, lambda > 0, lead >= 0");
  const double m = lambda * lead;
  // P(D >= y) = 1 - P(D <= y - 1), with the pmf built up term by term (no factorial overflow).
  double pmf = std::exp(-m), cdf = 0, sum = 0;
  for (int k = 0; k < s + Q; ++k) {
    cdf += pmf;                 // cdf = P(D <= k)
    if (k + 1 >= s + 1)         // y = k + 1 in s+1..s+Q
      sum += 1 - cdf;
    pmf *= m / (k + 1);
  }
  return sum / Q;
}

} // namespace greenfab::exact
