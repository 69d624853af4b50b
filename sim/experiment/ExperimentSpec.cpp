// Per-scenario master seeds.
#include "experiment/ExperimentSpec.hpp"
#include "core/RandomStream.hpp"

namespace greenfab {

std::uint64_t scenario_seed(const ExperimentSpec& e, int scenario)
{
  if (e.common_random_numbers)
    return e.seed;
  // The first output of the portable stream (seed, scenario, "scenario", "seed"), top bit dropped so the
  // value fits run.seed (a non-negative 64-bit signed integer in model files).
  RandomStream stream(e.seed, static_cast<std::uint64_t>(scenario), "scenario", "seed");
  return stream() >> 1;
}

} // namespace greenfab
