// Model paths (`stations[lathe].setup`, `stations[*].policies.auto_standby`, `fleets[*, type=diesel_truck].type`):
// the one parser and walker behind --set, experiment factors and `set:`, pathway trajectories, interventions
// and pathway uncertainty. The rule is documented in docs/model-format.md#model-paths.
#pragma once
#include "model/YamlValue.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace greenfab {

/** One step of a model path. */
struct PathStep {
  enum class Kind {
    key,          ///< `site`: a map key
    every_key,    ///< `.*`: every entry of a map (never the first step)
    element,      ///< `[lathe]`: the element whose `name` is lathe; `[3]`: position 3 from 0 when none is named so
    element_with, ///< `[site=oem]`: the one element whose `site` is oem
    every,        ///< `[*]`: every element
    every_with,   ///< `[*, type=diesel_truck]`: every element whose `type` is diesel_truck
  };
  Kind kind = Kind::key;
  std::string text;  ///< the key, the name or index, or the selector's key
  std::string value; ///< element_with / every_with: the wanted value, compared as text

  /** True for the steps that may match several nodes on purpose: `.*`, `[*]`, `[*, key=value]`. */
  bool is_wildcard() const { return kind == Kind::every_key or kind == Kind::every or kind == Kind::every_with; }
  /** The step as written in a path: ".key", "[name]", "[*, key=value]" (no dot before the first key). */
  std::string spelled() const;
};

/** A parsed model path: the text as given and its steps (the first is always a key). */
struct ModelPath {
  std::string text;
  std::vector<PathStep> steps;

  /** True when some step may match several nodes on purpose (`.*`, `[*]` or `[*, key=value]`). */
  bool has_wildcard() const;
};

/**
 * Parses `text`; nullopt with the reason in `problem` for a malformed path (empty, a selector first, an empty
 * key or selector, an unclosed `[`, `[*, x]` without `=`). Spaces around a selector's parts are ignored
 * (`[*, type = diesel_truck]`).
 */
std::optional<ModelPath> parse_model_path(std::string_view text, std::string& problem);

/** "bad model path 'x': <problem>; expected ..." -- the one message every caller gives for a malformed path. */
std::string bad_model_path_message(std::string_view text, const std::string& problem);

/** How a walk treats map keys the model does not have. Lists never grow: a missing element is a miss. */
enum class PathCreate {
  nothing,     ///< a missing key is a miss (multiply, add: there is nothing to scale)
  below_top,   ///< missing keys are created, except a top-level section (an intervention's set)
  everywhere,  ///< missing keys are created, top-level sections included (--set, factors, trajectories)
};

/** A node the path leads to, and its concrete path ("stations[saw].setup": names, else positions). */
struct PathMatch {
  YamlValue* node = nullptr;
  std::string path;
};

/** What a walk found. */
struct PathWalk {
  std::vector<PathMatch> matches; ///< in document order
  /** Always errors, for every caller: a selector without `*` that matches several elements. */
  std::vector<std::string> ambiguous;
  /** Places the path could not be followed (a missing key or element, a key below a scalar, a wildcard that
   *  matched nothing), in document order. Whether they are errors is the caller's rule. */
  std::vector<std::string> misses;
};

/**
 * Follows `path` from `root`. Each step is followed from every node the previous step reached: a key
 * (created per `create`, located at `created_at`; a null node on the way becomes a map), `.*`, `[name]`
 * (else `[index]`), `[key=value]`, `[*]`, `[*, key=value]`. A `[name]` or `[key=value]` selector must match
 * exactly one element: several is reported in `ambiguous`, naming how many and suggesting `[*, ...]` or a
 * name; `key=value` compares the element's scalar text as written (`5` is not `5.0`). Nothing is changed but
 * the keys created. The nodes of `matches` stay valid until the tree is next changed elsewhere.
 */
PathWalk walk_model_path(YamlValue& root, const ModelPath& path, PathCreate create, const SourceLocation& created_at);

} // namespace greenfab
