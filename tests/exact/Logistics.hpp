// Exact results of logistics models that the transport validation tests compare simulations against.
#pragma once

namespace greenfab::exact {

/**
 * Full-truck-load consolidation: orders arrive Poisson at `lambda` per s and a vehicle leaves with every
 * `q` orders. The i-th order of a load waits for q - i further arrivals, so the mean wait of an order is
 * (q - 1) / (2 lambda) [s] (the time to fill a load is Erlang(q, lambda)).
 * @throws std::invalid_argument if q < 1 or lambda <= 0.
 */
double ftl_mean_wait(int q, double lambda);

/**
 * Continuous-review (s, Q) inventory with unit Poisson demand (`lambda` per s), constant lead time `lead`
 * [s] and backorders: the inventory position is uniform on s+1..s+Q, so the long-run probability that
 * nothing is on hand is (1/Q) sum_{y=s+1}^{s+Q} P(D >= y), D ~ Poisson(lambda lead) (Hadley & Whitin 1963;
 * Zipkin 2000, ch. 6).
 * @throws std::invalid_argument if Q < 1, s < 0, lambda <= 0 or lead < 0.
 */
double sq_stockout_probability(double lambda, double lead, int s, int Q);

} // namespace greenfab::exact
