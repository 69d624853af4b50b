// Model file (YAML) -> validated ModelSpec. Every problem found is reported with file:line:column and key path.
#pragma once
#include "model/ModelSpec.hpp"
#include "model/YamlValue.hpp"

#include <string>
#include <vector>

namespace greenfab {

/**
 * An override "key.path=value" from `--set` (and from --reps/--seed/--horizon/--warmup, which the CLI
 * turns into run.replications=..., etc.). Paths: dot-separated keys; `[name]` selects a list element by
 * its `name` key, `[3]` by index: `stations[lathe].machines=3`, `run.horizon=2 w`. The value is parsed
 * as YAML (so `{a: 1}` and `[x, y]` work). An override is applied to the document before validation,
 * so its value gets exactly the same checks as the file.
 */
std::vector<std::string> split_override(const std::string& assignment); ///< {path, value}; throws ModelError

/** Loads and validates a model file. @throws ModelError listing every problem (bad input, exit 2). */
ModelSpec load_model(const std::string& path, const std::vector<std::string>& overrides = {});

/** Same as load_model, from text already read (`file_name` is used in messages only). */
ModelSpec load_model_text(const std::string& text, const std::string& file_name,
                          const std::vector<std::string>& overrides = {});

/** Validates a document tree already parsed (and edited, e.g. by interventions). Messages keep each node's
 *  own location; `source_text` is stored as the model's text (the tree written out). @throws ModelError */
ModelSpec load_model_tree(const YamlValue& root, const std::string& file_name, const std::string& source_text);

} // namespace greenfab
