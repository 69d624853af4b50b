// Confidence intervals of the pathway answer against hand-computed values.
#include "core/Statistics.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace greenfab;

TEST_CASE("Wilson's interval matches hand-computed bounds and never leaves [0, 1]", "[statistics]")
{
  // z = 1.96 (two-sided 95 %), z^2 = 3.841459. With k = 0 the upper bound is z^2 / (n + z^2); with k = n
  // the lower bound is n / (n + z^2).
  const double z2 = 1.959963984540054 * 1.959963984540054;
  const ProportionInterval none = wilson_interval(0, 2);
  CHECK(none.low == 0);
  CHECK(none.high == Approx(z2 / (2 + z2)).epsilon(1e-12)); // 0.6576
  const ProportionInterval all = wilson_interval(2, 2);
  CHECK(all.low == Approx(2 / (2 + z2)).epsilon(1e-12));    // 0.3424
  CHECK(all.high == 1);
  // k = 5 of n = 10: centre 1/2, half-width z sqrt(n/4 + z^2/4) / (n + z^2).
  const ProportionInterval half = wilson_interval(5, 10);
  const double hw = 1.959963984540054 * std::sqrt(2.5 + z2 / 4) / (10 + z2);
  CHECK(half.low == Approx(0.5 - hw).epsilon(1e-12)); // 0.2366
  CHECK(half.high == Approx(0.5 + hw).epsilon(1e-12)); // 0.7634
  CHECK(half.low == Approx(0.2366).epsilon(1e-3));
  // Asymmetric: k = 1 of n = 40, by hand: centre 0.066620, half-width 0.062194.
  const ProportionInterval rare = wilson_interval(1, 40);
  CHECK(rare.low == Approx(0.0044268).margin(1e-6));
  CHECK(rare.high == Approx(0.1288137).margin(1e-6));
  CHECK(std::isnan(wilson_interval(0, 0).low));
}
