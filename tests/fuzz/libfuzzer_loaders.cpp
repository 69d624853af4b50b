// libFuzzer harness for the input loaders (docs/fuzzing.md): text -> validated spec, no simulation.
// The first byte picks the loader (model, experiment, pathway study, intervention, climate file); the rest
// is the file text. Bad input must come back as a ModelError (exit 2 in the CLI); any other exception is
// what the CLI reports as "internal error" (exit 1), so it aborts here and libFuzzer keeps the input.
// Crashes, leaks, hangs (-timeout) and memory blow-ups (-rss_limit_mb, -malloc_limit_mb) are libFuzzer's.
// Built by -DGREENFAB_LIBFUZZER=ON with clang (not in CI); see docs/fuzzing.md.
#include "core/Errors.hpp"
#include "energy/Climate.hpp"
#include "experiment/ExperimentLoader.hpp"
#include "experiment/PathwaySpec.hpp"
#include "model/Intervention.hpp"
#include "model/ModelLoader.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

namespace {
// File names locate messages and resolve relative references (models/data, ../models/...), so each text
// "lives" next to the shipped files of its kind.
const std::string source = GREENFAB_SOURCE_DIR;
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  if (size < 1)
    return 0;
  const int which = data[0] % 5;
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    switch (which) {
    case 0: (void)greenfab::load_model_text(text, source + "/models/industrial/fuzz.yaml"); break;
    case 1: (void)greenfab::load_experiment_text(text, source + "/experiments/fuzz.yaml"); break;
    case 2: (void)greenfab::load_pathway_text(text, source + "/experiments/fuzz_pathway.yaml"); break;
    case 3: (void)greenfab::load_intervention_text(text, source + "/models/interventions/fuzz.yaml"); break;
    default: (void)greenfab::load_climate_text(text, source + "/models/data/climate/fuzz.yaml"); break;
    }
  } catch (const greenfab::ModelError&) {
    // bad input, reported with a location: fine
  } catch (const std::exception& e) {
    std::fprintf(stderr, "internal error (CLI exit 1): %s\n", e.what());
    std::abort();
  }
  return 0;
}
