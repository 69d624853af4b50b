// Dominance among roadmaps (experiment/PathwayAnalysis): the Pareto front of (net present cost, target-year
// emissions, target-year energy) on an enumerable case whose front is worked out by hand, ties, and the
// "closest roadmap" that is never a dominated one.
#include "experiment/PathwayAnalysis.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace greenfab;

namespace {

// Four measures with additive effects on a plant at 100 emissions and 100 energy (index units), and
// additive net present costs. m3 costs money and does nothing.
struct Measure {
  double npc, emissions, energy;
};
constexpr Measure measures[4] = {{10, -5, -1}, {-4, -1, -3}, {6, -3, 0}, {2, 0, 0}};

/** Every subset of the four measures, subset mask at index mask (bit i: measure i). */
std::vector<ParetoPoint> all_subsets()
{
  std::vector<ParetoPoint> out;
  for (int mask = 0; mask < 16; ++mask) {
    ParetoPoint p{0, 100, 100};
    for (int i = 0; i < 4; ++i)
      if (mask & (1 << i)) {
        p.npc += measures[i].npc;
        p.emissions += measures[i].emissions;
        p.energy += measures[i].energy;
      }
    out.push_back(p);
  }
  return out;
}

} // namespace

TEST_CASE("the Pareto front of all subsets of four additive measures is the hand-enumerated one", "[pathway][pareto]")
{
  // By hand, the subsets without m3 as (npc, emissions, energy), and who dominates the dominated ones:
  //   {}        ( 0, 100, 100)  dominated by {1} (-4, 99, 97)
  //   {0}       (10,  95,  99)  dominated by {0,1} (6, 94, 96)
  //   {1}       (-4,  99,  97)  front: the only one saving money
  //   {0,1}     ( 6,  94,  96)  front: the cheaper ones all emit more
  //   {2}       ( 6,  97, 100)  dominated by {1,2} (2, 96, 97)
  //   {0,2}     (16,  92,  99)  dominated by {0,1,2} (12, 91, 96)
  //   {1,2}     ( 2,  96,  97)  front: only {1} is cheaper, and it emits more
  //   {0,1,2}   (12,  91,  96)  front: the lowest emissions
  // and every subset with m3 is dominated by the same subset without it (2 more cost, same effects).
  const auto points = all_subsets();
  REQUIRE(points[7].npc == 12);
  REQUIRE(points[7].emissions == 91);
  REQUIRE(points[7].energy == 96);
  CHECK(pareto_front(points) == std::vector<std::size_t>{2, 3, 6, 7});
  CHECK(dominates(points[2], points[0]));
  CHECK(dominates(points[7], points[15]));
  CHECK_FALSE(dominates(points[2], points[6]));
  CHECK_FALSE(dominates(points[6], points[2]));
}

TEST_CASE("ties: equal roadmaps stay on the front together; a NaN objective takes a roadmap out of the comparison",
          "[pathway][pareto]")
{
  const double nan = std::nan("");
  const std::vector<ParetoPoint> p = {{1, 2, 3}, {1, 2, 3}, {1, 2, 4}, {0, 5, 5}, {nan, 0, 0}, {1, 2, 3}};
  CHECK(pareto_front(p) == std::vector<std::size_t>{0, 1, 3, 5});
  CHECK_FALSE(dominates(p[0], p[1])); // equal: neither is better
  CHECK(dominates(p[0], p[2]));       // better in energy only, equal elsewhere
  CHECK_FALSE(dominates(p[4], p[2])); // NaN never dominates ...
  CHECK_FALSE(dominates(p[2], p[4])); // ... nor is dominated
  CHECK(pareto_front({}).empty());
}

TEST_CASE("the closest roadmap is on the front, even when a dominated one is as close and listed first",
          "[pathway][pareto]")
{
  // Targets 90 emissions and 95 energy (here in the points' own units): no subset meets both. Shortfalls
  // by hand: {0,1,2} 1 + 1 = 2; {0,1,2,3} also 2 but dominated (2 more cost); {0,1} 4 + 1 = 5; {0,2,3}
  // 2 + 4 = 6 (dominated); {1,2} 6 + 2 = 8; {1} 9 + 2 = 11.
  auto points = all_subsets();
  std::vector<ParetoPoint> reversed(points.rbegin(), points.rend()); // mask 15 first: a naive minimum picks it
  CHECK(closest_roadmap(reversed, 90, 95) == 15 - 7);
  CHECK(closest_roadmap(points, 90, 95) == 7);
  // When several meet both targets, the least-cost one of them: {0,1} (6) and {0,1,2} (12) meet 94 / 96.
  CHECK(closest_roadmap(points, 94, 96) == 3);
  // Same shortfall and cost, but the first is dominated: emissions below target count for nothing in the
  // shortfall, yet 85 is better than 88, so only the second may be presented.
  CHECK(closest_roadmap({{10, 88, 96}, {10, 85, 96}}, 90, 95) == 1);
  // A cheaper point with the same shortfall wins; equal ones keep the first.
  CHECK(closest_roadmap({{5, 1, 1}, {3, 1, 1}}, 0, 0) == 1);
  CHECK(closest_roadmap({{3, 1, 1}, {3, 1, 1}}, 0, 0) == 0);
  CHECK(closest_roadmap({{std::nan(""), 0, 0}}, 0, 0) == 1);
}
