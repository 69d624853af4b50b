// Experiment (sweep) file (YAML) -> validated ExperimentSpec with its design expanded; scenario models.
#pragma once
#include "experiment/ExperimentSpec.hpp"
#include "model/ModelSpec.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace greenfab {

/**
 * Loads and validates an experiment file (docs/experiments.md) and expands its design into scenarios.
 * `overrides` are `--set` assignments on the experiment itself ("replications=3", "seed=9",
 * "common_random_numbers=false", ...), applied before validation like model overrides. The base model is
 * loaded once (with the experiment's `set`) to check it and to take replications and seed when the
 * experiment does not give them. @throws ModelError listing every problem, file:line:col.
 */
ExperimentSpec load_experiment(const std::string& path, const std::vector<std::string>& overrides = {});

/** Same as load_experiment, from text already read (`file_name` locates messages and the model file). */
ExperimentSpec load_experiment_text(const std::string& text, const std::string& file_name,
                                    const std::vector<std::string>& overrides = {});

/**
 * The model of every scenario, in scenario order: the base model with the experiment's `set`, then the
 * scenario's overrides; run.replications and run.seed come from the experiment (the seed from
 * scenario_seed). Every scenario is validated before returning; each problem names the scenario and its
 * factor values, located at the value in the experiment file when an override caused it. A problem shared
 * by many scenarios is reported once, with the count. @throws ModelError
 */
std::vector<ModelSpec> build_scenario_models(const ExperimentSpec& e);

/** The model of one scenario (as build_scenario_models, for a runner that builds them lazily). */
ModelSpec build_scenario_model(const ExperimentSpec& e, int scenario);

} // namespace greenfab
