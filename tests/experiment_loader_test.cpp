// Experiment files: design expansion, seeds, scenario models and the error messages of malformed files.
#include "core/Errors.hpp"
#include "experiment/Design.hpp"
#include "experiment/ExperimentLoader.hpp"

#include "support/BadInputFiles.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

using namespace greenfab;

namespace {

const std::string source_dir = GREENFAB_SOURCE_DIR;
/** Inline experiments are named as if they sat in experiments/, so "../models/..." resolves. */
const std::string inline_file = source_dir + "/experiments/inline_test.yaml";

ExperimentSpec load(const std::string& text, const std::vector<std::string>& overrides = {})
{
  return load_experiment_text(text, inline_file, overrides);
}

std::string error_of(const std::string& text, const std::vector<std::string>& overrides = {})
{
  try {
    load(text, overrides);
  } catch (const ModelError& e) {
    return e.what();
  }
  return "(loaded without error)";
}

const char* const factorial_2x3 = R"Y(name: t
model: ../models/teaching/bottleneck_line.yaml
design: full_factorial
factors:
  - {name: mill_machines, path: "stations[mill].machines", levels: [1, 2]}
  - {name: arrivals, path: release.interarrival, levels: ["exp(4 min)", "exp(5 min)", "exp(6 min)"]}
replications: 2
seed: 5
)Y";

double minutes(const std::string& text)
{
  return std::stod(text.substr(0, text.find(' ')));
}

} // namespace

TEST_CASE("full factorial: Cartesian product, last factor fastest", "[experiment]")
{
  const ExperimentSpec e = load(factorial_2x3);
  CHECK(e.name == "t");
  CHECK(e.model_file == std::filesystem::path(source_dir + "/models/teaching/bottleneck_line.yaml").lexically_normal().string());
  REQUIRE(e.factors.size() == 2);
  REQUIRE(e.scenarios.size() == 6);
  CHECK(e.scenarios[0].name == "s0000");
  CHECK(e.scenarios[5].name == "s0005");
  CHECK(e.scenarios[0].values == std::vector<std::string>{"1", "exp(4 min)"});
  CHECK(e.scenarios[1].values == std::vector<std::string>{"1", "exp(5 min)"});
  CHECK(e.scenarios[2].values == std::vector<std::string>{"1", "exp(6 min)"});
  CHECK(e.scenarios[3].values == std::vector<std::string>{"2", "exp(4 min)"});
  CHECK(e.scenarios[5].overrides ==
        std::vector<std::string>{"stations[mill].machines=2", "release.interarrival=exp(6 min)"});
  for (int i = 0; i < 6; ++i)
    CHECK(e.scenarios[static_cast<std::size_t>(i)].id == i);
  CHECK(e.replications == 2);
  CHECK(e.seed == 5);
  CHECK(e.common_random_numbers);
  CHECK(e.outputs == ExperimentSpec::Outputs::all); // sweep files carry what run files carry
  CHECK(e.source_text == factorial_2x3);
}

TEST_CASE("one factor at a time: base, then each other level of each factor", "[experiment]")
{
  std::string text = factorial_2x3;
  text.replace(text.find("full_factorial"), 14, "one_factor_at_a_time");
  const ExperimentSpec e = load(text);
  REQUIRE(e.scenarios.size() == 1 + (2 - 1) + (3 - 1));
  CHECK(e.scenarios[0].name == "base");
  CHECK(e.scenarios[0].values == std::vector<std::string>{"1", "exp(4 min)"});
  CHECK(e.scenarios[1].name == "mill_machines=2");
  CHECK(e.scenarios[1].values == std::vector<std::string>{"2", "exp(4 min)"});
  CHECK(e.scenarios[2].name == "arrivals=exp(5 min)");
  CHECK(e.scenarios[2].values == std::vector<std::string>{"1", "exp(5 min)"});
  CHECK(e.scenarios[3].values == std::vector<std::string>{"1", "exp(6 min)"});
}

TEST_CASE("latin hypercube: one value per stratum per factor, deterministic for a given lhs_seed", "[experiment]")
{
  const std::string text = R"Y(name: lhs
model: ../models/teaching/three_station_line.yaml
design: latin_hypercube
points: 10
lhs_seed: 7
factors:
  - {name: drill_mean, path: "stations[drill].process", range: ["3.5 min", "4.5 min"], template: "exp({})"}
  - {path: "stations[saw].machines", range: [1, 3], integer: true}
)Y";
  const ExperimentSpec e = load(text);
  REQUIRE(e.scenarios.size() == 10);
  REQUIRE(e.factors.size() == 2);
  CHECK(e.factors[1].name == "stations_saw_machines");
  CHECK(e.factors[0].unit == "min");
  std::set<int> strata;
  for (const auto& s : e.scenarios) {
    const double x = minutes(s.values[0]);
    CHECK(s.values[0].substr(s.values[0].find(' ')) == " min");
    CHECK(x >= 3.5);
    CHECK(x <= 4.5);
    strata.insert(static_cast<int>((x - 3.5) / 0.1));
    CHECK(s.overrides[0] == "stations[drill].process=exp(" + s.values[0] + ")");
    const int machines = std::stoi(s.values[1]);
    CHECK(std::to_string(machines) == s.values[1]);
    CHECK(machines >= 1);
    CHECK(machines <= 3);
  }
  CHECK(strata.size() == 10); // one value in each tenth of the range
  CHECK(load(text).scenarios[3].values == e.scenarios[3].values);
  std::string other = text;
  other.replace(other.find("lhs_seed: 7"), 11, "lhs_seed: 8");
  const ExperimentSpec f = load(other);
  bool differs = false;
  for (std::size_t i = 0; i < 10; ++i)
    differs = differs or f.scenarios[i].values[0] != e.scenarios[i].values[0];
  CHECK(differs);
  // Every scenario's model builds, and the template made an exponential distribution.
  CHECK(build_scenario_models(e).size() == 10);
}

TEST_CASE("explicit scenarios: factors are the union of the paths set", "[experiment]")
{
  const ExperimentSpec e = load(R"Y(name: list
model: ../models/teaching/bottleneck_line.yaml
design: scenarios
scenarios:
  - {name: base}
  - {name: two_mills, set: {"stations[mill].machines": 2}}
  - {name: slow, set: {release.interarrival: "exp(6 min)", "stations[mill].machines": 3}}
)Y");
  REQUIRE(e.scenarios.size() == 3);
  REQUIRE(e.factors.size() == 2);
  CHECK(e.factors[0].path == "stations[mill].machines");
  CHECK(e.factors[0].name == "stations_mill_machines");
  CHECK(e.factors[1].path == "release.interarrival");
  CHECK(e.scenarios[0].name == "base");
  CHECK(e.scenarios[0].values == std::vector<std::string>{"", ""});
  CHECK(e.scenarios[0].overrides.empty());
  CHECK(e.scenarios[1].values == std::vector<std::string>{"2", ""});
  CHECK(e.scenarios[2].values == std::vector<std::string>{"3", "exp(6 min)"});
  // Replications and seed come from the model when the experiment does not give them.
  CHECK(e.replications == 10);
  CHECK(e.seed == 7);
  const auto models = build_scenario_models(e);
  REQUIRE(models.size() == 3);
  CHECK(models[0].stations[1].machines == 1);
  CHECK(models[1].stations[1].machines == 2);
  CHECK(models[2].stations[1].machines == 3);
}

TEST_CASE("scenario_seed: CRN gives the experiment seed, otherwise a stable seed per scenario", "[experiment]")
{
  ExperimentSpec e;
  e.seed = 42;
  CHECK(scenario_seed(e, 0) == 42);
  CHECK(scenario_seed(e, 17) == 42);
  e.common_random_numbers = false;
  // First output of RandomStream(42, scenario, "scenario", "seed") shifted right by 1, computed
  // independently (Python transcription of SplitMix64 + xoshiro256**).
  CHECK(scenario_seed(e, 0) == 1154990340776578976ULL);
  CHECK(scenario_seed(e, 1) == 6857680539300922263ULL);
  CHECK(scenario_seed(e, 3) == 3693852070812989294ULL);
  std::set<std::uint64_t> seeds;
  for (int s = 0; s < 100; ++s)
    seeds.insert(scenario_seed(e, s));
  CHECK(seeds.size() == 100);
}

TEST_CASE("build_scenario_models applies set, then factors, then replications and seed", "[experiment]")
{
  std::string text = factorial_2x3;
  text += "set: {run.horizon: 3 d, \"stations[cut].buffer\": 5}\ncommon_random_numbers: false\n";
  const ExperimentSpec e = load(text);
  CHECK(e.model_overrides == std::vector<std::string>{"run.horizon=3 d", "stations[cut].buffer=5"});
  const auto models = build_scenario_models(e);
  REQUIRE(models.size() == 6);
  for (std::size_t i = 0; i < 6; ++i) {
    CHECK(models[i].run.horizon == Approx(3 * 86400.0));
    CHECK(models[i].run.replications == 2);
    CHECK(models[i].run.seed == scenario_seed(e, static_cast<int>(i)));
  }
  CHECK(models[0].stations[1].name == "mill");
  CHECK(models[0].stations[1].machines == 1);
  CHECK(models[3].stations[1].machines == 2);
  CHECK(models[0].run.seed != models[1].run.seed);
  const ModelSpec one = build_scenario_model(e, 4);
  CHECK(one.stations[1].machines == 2);
  CHECK(one.run.seed == models[4].run.seed);
}

TEST_CASE("build_scenario_models names the scenario and the model's error", "[experiment]")
{
  std::string text = factorial_2x3;
  text.replace(text.find("levels: [1, 2]"), 14, "levels: [0, 2]");
  const ExperimentSpec e = load(text);
  std::string message = "(built without error)";
  try {
    build_scenario_models(e);
  } catch (const ModelError& err) {
    message = err.what();
  }
  INFO(message);
  // Located at the level in the experiment file; reported once for the 3 scenarios that share it.
  CHECK(std::regex_search(message, std::regex("inline_test\\.yaml:5:69: error: scenario s0000 \\(mill_machines=0, "
                                              "arrivals=exp\\(4 min\\)\\): .*bottleneck_line\\.yaml: "
                                              "stations\\[mill\\]\\.machines: must be an integer >= 1, got '0' "
                                              "\\(and 2 more scenarios\\)")));
  CHECK(std::count(message.begin(), message.end(), '\n') == 0);

  // An unknown path in the model fails in every scenario, reported once.
  std::string bad_path = factorial_2x3;
  bad_path.replace(bad_path.find("stations[mill]"), 14, "stations[mil]");
  try {
    build_scenario_models(load(bad_path));
    FAIL("no error");
  } catch (const ModelError& err) {
    CHECK_THAT(err.what(), Catch::Contains("no stations element named 'mil' (did you mean 'mill'?)"));
    CHECK_THAT(err.what(), Catch::Contains("(and 5 more scenarios)"));
  }
}

TEST_CASE("overrides of the experiment itself", "[experiment]")
{
  const ExperimentSpec e = load(factorial_2x3, {"replications=3", "seed=9", "common_random_numbers=false"});
  CHECK(e.replications == 3);
  CHECK(e.seed == 9);
  CHECK_FALSE(e.common_random_numbers);
  CHECK_THAT(error_of(factorial_2x3, {"replications=0"}),
             Catch::Contains("--set replications=0: error: replications: must be an integer >= 1, got '0'"));
  CHECK_THAT(error_of(factorial_2x3, {"replicatons=2"}), Catch::Contains("did you mean 'replications'"));
}

TEST_CASE("level texts that YAML would read differently are quoted in overrides", "[experiment]")
{
  const ExperimentSpec e = load(R"Y(name: q
model: ../models/teaching/bottleneck_line.yaml
factors:
  - {path: "stations[grind].process", levels: ["lognormal(6.8 min, 2 min)", "5 min"]}
  - {path: "stations[cut].failures", levels: [{between: exp(40 h), repair: 30 min}]}
)Y");
  REQUIRE(e.scenarios.size() == 2);
  CHECK(e.scenarios[0].overrides[0] == "stations[grind].process=lognormal(6.8 min, 2 min)");
  CHECK(e.scenarios[0].overrides[1] == "stations[cut].failures={between: exp(40 h), repair: 30 min}");
  CHECK(build_scenario_models(e).size() == 2);
}

TEST_CASE("the shipped experiments load and build", "[experiment]")
{
  for (const char* name : {"bottleneck_buffers", "conwip_wip_sweep", "lhs_three_station"}) {
    INFO(name);
    const ExperimentSpec e = load_experiment(source_dir + "/experiments/" + name + ".yaml");
    CHECK(build_scenario_models(e).size() == e.scenarios.size());
  }
  CHECK(load_experiment(source_dir + "/experiments/bottleneck_buffers.yaml").scenarios.size() == 4);
  CHECK(load_experiment(source_dir + "/experiments/conwip_wip_sweep.yaml").scenarios.size() == 12);
  CHECK(load_experiment(source_dir + "/experiments/lhs_three_station.yaml").scenarios.size() == 20);
}

TEST_CASE("every malformed experiment in tests/bad_experiments fails with the error its first line expects",
          "[experiment]")
{
  greenfab::testing::check_bad_input_files(std::filesystem::path(source_dir) / "tests" / "bad_experiments", 10,
                                           [](const std::string& path) { build_scenario_models(load_experiment(path)); });
}
