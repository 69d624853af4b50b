// Inverse distribution functions of the model's distributions: for designs that place points on chosen
// probabilities (Morris levels) instead of drawing them.
#pragma once
#include "core/Distribution.hpp"

namespace greenfab {

/**
 * The p-quantile of `d`, 0 < p < 1: the smallest x with P(X <= x) >= p, for the distribution the sampler
 * draws from (normal truncated at 0, lognormal by its own mean and sd, erlang as gamma(k, mean/k),
 * empirical over its sorted values). Closed forms for constant, uniform, triangular and exponential;
 * Boost.Math's inverse normal and inverse incomplete gamma for the others.
 * @throws std::domain_error if p is not in (0, 1).
 */
double quantile(const Distribution& d, double p);

} // namespace greenfab
