// Interventions (models/interventions/*.yaml): named, costed transforms of a model, applied to the model's
// document tree before validation so every result is checked exactly like a hand-written model.
#pragma once
#include "core/Errors.hpp"
#include "model/YamlValue.hpp"

#include <map>
#include <string>
#include <vector>

namespace greenfab {

/** One edit at a model path, in the one path syntax of --set (docs/model-format.md#model-paths): `[*]`,
 *  `[*, key=value]` and `.*` reach several places on purpose; `[name]` and `[key=value]` must select one. */
struct InterventionChange {
  enum class Op { set, multiply, add };
  std::string path;
  Op op = Op::set;
  YamlValue value;      ///< set: the model value; add: the amount ("2 min"); multiply: unused
  double factor = 1;    ///< multiply: a plain number
  bool integer  = false;///< round numeric results to the nearest integer >= 1 (lot sizes, WIP caps)
  bool optional = false;///< a path absent from the model is skipped (at least one change must apply)
  SourceLocation where; ///< of the change in the intervention file
};

/** A catalogue entry. Money is in `currency`; the study converts it to the site's currency. */
struct Intervention {
  std::string id, category, description, source;
  std::vector<InterventionChange> changes;
  double investment    = 0; ///< one-off, at the start year (and again at the end of each lifetime)
  double yearly_cost   = 0; ///< change of running cost per year excluding energy (simulated): + costs, - saves
  std::string currency = "EUR";
  double lifetime_years = 15;
  double ramp_up_years  = 0;  ///< full effect is reached in year ceil(ramp_up) after the start (linear)
  double fade_per_year  = 0;  ///< share of the remaining effect lost per year (kaizen without follow-up)
  std::vector<std::string> prerequisites, conflicts;
  std::string file;
  SourceLocation where;
};

/** Categories the catalogue accepts. */
const std::vector<std::string>& intervention_categories();

/** Loads every *.yaml of `dir` (sorted by name) and single files; ids must be unique across them.
 *  @throws ModelError listing every problem, file:line:col. */
std::map<std::string, Intervention> load_interventions(const std::vector<std::string>& dirs_or_files);
/** One intervention from text (for tests). */
Intervention load_intervention_text(const std::string& text, const std::string& file_name);

/** The built-in catalogue's directory: models/interventions next to the data directory. */
std::string builtin_intervention_dir();

/**
 * Share of an intervention's full effect in `year` when started in `start_year`: 0 before the start;
 * linear ramp (year - start + 1) / ramp_up capped at 1 (ramp_up < 1 year: full at once); times
 * (1 - fade)^(year - start) for the fade. Documented in docs/pathways.md.
 */
double effect_share(const Intervention& iv, int start_year, int year);

/**
 * Applies `iv` at `share` (0..1] of its effect to a model tree: multiply by 1 + share (factor - 1); add
 * share x amount; set interpolates old -> new for two quantities of the same unit, otherwise sets the
 * new value whenever share > 0. Paths go through walk_model_path; below a wildcard an element the rest of the
 * path does not fit is skipped. A change that reaches nothing (unless `optional`), and a selector without
 * `*` matching several elements, are reported in `diags` at the change, naming the intervention and the path.
 */
void apply_intervention(YamlValue& root, const Intervention& iv, double share, std::vector<Diagnostic>& diags);

/** Multiplies the numbers of a quantity or distribution text: "20 min" x 0.5 -> "10 min",
 *  "lognormal(20 min, 6 min)" -> "lognormal(10 min, 3 min)"; plain-number parameters of a
 *  distribution (erlang's k) stay. A plain number is multiplied. @throws UnitError if nothing to scale. */
std::string scale_value_text(const std::string& text, double factor, bool integer = false);

/** Block YAML text of a tree (reads back as the same tree): the source text of a transformed model. */
std::string to_yaml_text(const YamlValue& v);

} // namespace greenfab
