// Design expansion: factors with levels or ranges -> the scenarios of a sweep, in a fixed, documented order.
#pragma once
#include "experiment/ExperimentSpec.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace greenfab {

/** Per factor, where each level (or the range, as one entry) is written; may be empty (positions unknown). */
using LevelPositions = std::vector<std::vector<TextPosition>>;

/** Cartesian product of the levels, the LAST factor varying fastest; scenarios "s0000", "s0001", ... */
std::vector<ScenarioSpec> expand_full_factorial(const std::vector<FactorSpec>& factors,
                                                const LevelPositions& where = {});

/** Scenario 0 "base" (every factor at its first level), then for each factor in order each of its other
 *  levels with the others at their first level, named "factor=level". */
std::vector<ScenarioSpec> expand_one_factor_at_a_time(const std::vector<FactorSpec>& factors,
                                                      const LevelPositions& where = {});

/**
 * Latin hypercube of `points` scenarios over the factors' ranges. Per factor, from
 * RandomStream(seed, 0, factor.name, "lhs"): first `points` uniforms u[k] (one per stratum k), then a
 * Fisher-Yates shuffle of the strata (i = points-1 .. 1: j = floor(uniform01 * (i + 1)), swap). Scenario i
 * takes stratum perm[i]: x = min + (perm[i] + u[perm[i]]) / points * (max - min). Names "s0000", ...
 */
std::vector<ScenarioSpec> expand_latin_hypercube(const std::vector<FactorSpec>& factors, int points,
                                                 std::uint64_t seed, const LevelPositions& where = {});

/** The numbers a range factor's text holds: "5 min" -> {5, "min"}; "3" -> {3, ""}. False if not a number. */
bool split_number_unit(const std::string& text, double& number, std::string& unit);

/** A sampled value as model text: "%.6g" (or rounded for integer factors) plus " unit" when there is one. */
std::string format_sample(const FactorSpec& factor, double x);

/** A value as it goes into the model: the factor's template applied ("exp({})" + "4 min" -> "exp(4 min)"). */
std::string apply_template(const FactorSpec& factor, const std::string& value);

/** "s0000": the name of scenario `id` in generated designs. */
std::string scenario_name(int id);

} // namespace greenfab
