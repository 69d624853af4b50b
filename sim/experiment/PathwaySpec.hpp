// A validated pathway study (experiments/*_pathway.yaml, docs/pathways.md): a model, years, targets,
// roadmaps of interventions, exogenous trajectories, representative periods. Plain data.
#pragma once
#include "core/Distribution.hpp"
#include "model/Intervention.hpp"
#include "model/ModelSpec.hpp"
#include "model/YamlValue.hpp"

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace greenfab {

/** An intervention started in a year. */
struct PathwayMeasure {
  std::string intervention;
  int year = 0;
  SourceLocation where;
};

struct RoadmapSpec {
  std::string name;
  std::vector<PathwayMeasure> measures; ///< in the order they are applied to the model (file order)
  SourceLocation where;
};

/** A representative week: simulated from the Monday of ISO week `week` of each year; `weight` is its
 *  share of the year (weights add up to 1). */
struct PeriodSpec {
  std::string name;
  int week      = 2;
  double weight = 1;
};

/** A model value that changes by year (prices, fuel blends): interpolated linearly between the given
 *  years for quantities of one unit, else the value of the latest given year <= the simulated year. */
struct TrajectorySpec {
  std::string path;
  std::vector<std::pair<int, YamlValue>> points; ///< sorted by year
  SourceLocation where;
};

/** A stated uncertain input (study key `uncertainty:`). Replication r draws one value from
 *  RandomStream(seed, r, name, "uncertainty"), the same in every roadmap, year and period (common random
 *  numbers), so a replication is one joint sample of every input plus its own stochastic noise. */
struct UncertainInput {
  enum class Kind {
    effect,        ///< multiplier on an intervention's effect share (1 = the catalogue's effect)
    volume_growth, ///< replaces exogenous.volume_growth, per year
    scale,         ///< multiplier on a model value in the target year; 1 in the base year, linear between
    cost           ///< multiplier on an intervention's investment and yearly cost (the model is untouched)
  };
  Kind kind = Kind::effect;
  std::string name;   ///< column of /samples and stream name: "effects.smed", "costs.smed", "volume_growth", "scale.<path>"
  std::string target; ///< intervention id (effect, cost) or model path (scale)
  std::string text;   ///< the distribution as written, for reports
  std::string unit;   ///< of the sampled value: "1" (multipliers) or "1/a"
  Distribution dist;  ///< SI values: a fraction (0.6 for 60 %) or a rate per year
  SourceLocation where;
};

/** One replication's draw of every uncertain input (in UncertainInput order). */
struct UncertaintySample {
  std::vector<double> values;
};

struct OptimiseSpec {
  std::vector<std::string> allowed; ///< candidate interventions (default: those used by the roadmaps)
  double budget_per_year = std::numeric_limits<double>::infinity(); ///< investment per year, site currency
  int start_year = 0;               ///< first year measures may start (default base_year + 1)
  int finalists  = 3;               ///< roadmaps simulated and reported: the best and the runners-up
};

struct PathwaySpec {
  std::string name, description;
  std::string source_file, source_text;
  std::string effective_text;       ///< the study as read, with the --set values applied (journal identity)
  std::string model_file;
  SourceLocation model_where;       ///< the study's model: key, where problems in the model are reported
  YamlValue model_tree;             ///< the base model's document with the study's `set` applied
  std::map<std::string, Intervention> catalogue;
  int base_year = 2025, target_year = 2040;
  std::vector<int> years;           ///< simulated years, sorted, base and target included
  double target_emissions = -0.75;  ///< relative change vs the base year (negative: a reduction)
  double target_energy    = -0.75;
  std::string emissions_kpi = "co2e_location_per_year_kg";
  std::string energy_kpi    = "energy_use_per_year_J";
  std::vector<PeriodSpec> periods;
  double volume_growth = 0;         ///< per year: the release rate is (1 + g)^(year - base_year) times the model's
  std::vector<TrajectorySpec> trajectories;
  int replications = 3;              ///< with `uncertainty:`, uncertainty.samples (one joint sample each)
  std::uint64_t seed = 1;
  std::vector<UncertainInput> uncertainty; ///< empty: replication noise only
  double discount_rate = 0.05;      ///< per year
  std::string currency;             ///< the site's
  std::map<std::string, double> exchange_rates; ///< 1 unit of the key currency in site currency
  double throughput_threshold = 0.02, lead_time_threshold = 0.10, on_time_threshold = 0.02; ///< side-effect flags
  double tradeoff_threshold = 0.01; ///< an intervention raising energy or emissions (or a scope) by more: flagged
  std::vector<RoadmapSpec> roadmaps;///< [0] is "no_measures", the reference
  enum class Attribution { shapley, sequential };
  Attribution attribution = Attribution::shapley;
  int shapley_max = 5;              ///< more measures in a roadmap: sequential attribution instead
  bool optimise_given = false;
  OptimiseSpec optimise;
  double task_time_limit_s = 0;

  const Intervention& intervention(const std::string& id) const { return catalogue.at(id); }
  /** An amount in `currency` converted to the site currency. */
  double to_site_currency(double amount, const std::string& currency) const;
};

/** Loads and validates a pathway study; the catalogue, the model and every roadmap's model in every year
 *  are built and checked before returning. @throws ModelError listing every problem, file:line:col. */
PathwaySpec load_pathway(const std::string& path, const std::vector<std::string>& overrides = {});
PathwaySpec load_pathway_text(const std::string& text, const std::string& file_name,
                              const std::vector<std::string>& overrides = {});

/** The draw of every uncertain input for replication `replication` (deterministic; empty without
 *  `uncertainty:`). */
UncertaintySample draw_uncertainty(const PathwaySpec& s, int replication);

/** Interventions with their share of effect, in application order. */
using AppliedSet = std::vector<std::pair<const Intervention*, double>>;

/** What a roadmap applies in `year` (effect shares from effect_share; measures not started yet are left out). */
AppliedSet roadmap_in_year(const PathwaySpec& s, const RoadmapSpec& r, int year);

/** Whether a built model keeps its YAML text (ModelSpec::source_text): writing it out costs more than
 *  building the model, and a study's worker needs only the model. */
enum class ModelText { keep, drop };

/** The model of one (interventions, year, period): exogenous trajectories, then the interventions, then
 *  run.start; with `sample`, one replication's draw of the uncertain inputs is applied (effect shares times
 *  their multipliers, the sampled volume growth, scaled model values); a multiplier of exactly 1 leaves the
 *  model untouched, so a degenerate distribution reproduces the study without uncertainty bit for bit.
 *  run.start = Monday of the period's ISO week in `year`. `label` prefixes messages. @throws ModelError */
ModelSpec build_pathway_model(const PathwaySpec& s, const AppliedSet& applied, int year, const PeriodSpec& period,
                              const std::string& label, const UncertaintySample* sample = nullptr,
                              ModelText text = ModelText::keep);

/** "YYYY-MM-DDT00:00" of the Monday of ISO week `week` of `year`. */
std::string iso_week_monday(int year, int week);

} // namespace greenfab
