// A validated experiment (sweep) file: a base model, factors, a design, replications. Plain data.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace greenfab {

/** A factor: a path into the model (the --set syntax) and the values it takes. */
struct FactorSpec {
  std::string name;                 ///< column name in results (snake_case; defaults to the path)
  std::string path;                 ///< e.g. "stations[lathe].machines", "release.interarrival"
  std::vector<std::string> levels;  ///< values as model text ("2", "exp(5 min)", "10 %"): full factorial, OAT
  /** For Latin hypercube designs: a numeric range with a unit, sampled uniformly ("1 min".."5 min"). */
  std::string range_min, range_max; ///< empty unless the factor has a range
  std::string unit;                 ///< unit appended to sampled numbers ("min", "%", "" for plain numbers)
  bool integer = false;             ///< LHS: round sampled values (counts such as machines, wip)
  /** Optional text with one "{}" that wraps each value in the model override, e.g. "exp({})": the factor
   *  is then the mean, the model gets "exp(6.2 min)". Scenario values keep the unwrapped value. */
  std::string value_template;
};

/** A 1-based line and column in the experiment file (0 when not known, e.g. a value from --set). */
struct TextPosition {
  int line   = 0;
  int column = 0;
};

/** One scenario: a point of the design, i.e. model overrides with the factor values that made them. */
struct ScenarioSpec {
  int id = 0;                        ///< 0-based, in design order
  std::string name;                  ///< "base", "s0007", or the name given in an explicit list
  std::vector<std::string> values;   ///< one model-text value per factor (same order as factors)
  std::vector<std::string> overrides;///< "path=value" strings applied to the base model (--set syntax)
  std::vector<TextPosition> override_positions; ///< where each override's value is written (for messages)
};

struct ExperimentSpec {
  std::string name;
  std::string source_file;          ///< experiment file path as given
  std::string source_text;          ///< exact text, embedded in the results
  std::string model_file;           ///< base model, resolved relative to the experiment file
  std::vector<std::string> model_overrides; ///< applied to every scenario before the factors
  std::vector<TextPosition> model_override_positions; ///< where each of them is written (for messages)
  enum class Design { full_factorial, one_factor_at_a_time, latin_hypercube, scenarios };
  Design design = Design::full_factorial;
  int lhs_points = 0;               ///< latin_hypercube: number of points
  std::uint64_t lhs_seed = 1;       ///< latin_hypercube: its own seed (independent of the simulation seed)
  std::vector<FactorSpec> factors;
  std::vector<ScenarioSpec> scenarios; ///< expanded design, in a fixed order
  int replications = 1;
  std::uint64_t seed = 1;
  /** Common random numbers: replication r of every scenario uses the same streams (default on). */
  bool common_random_numbers = true;
  /** all: every named per-run table of every task reaches the sweep file, as in run files; kpis: the
   *  KPI tables only (an opt-out for size). */
  enum class Outputs { kpis, all };
  Outputs outputs = Outputs::all;
  double task_time_limit_s = 0;     ///< 0: none; a task running longer is killed and recorded as failed
};

/** The master seed a scenario's replications use: the experiment seed with CRN, else one per scenario. */
std::uint64_t scenario_seed(const ExperimentSpec& e, int scenario);

} // namespace greenfab
