// Typed, located reads of YAML values for the input-file validators (models, experiments).
#pragma once
#include "core/Distribution.hpp"
#include "core/Errors.hpp"
#include "model/YamlValue.hpp"

#include <climits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace greenfab {

using Names = std::vector<std::string>;

/** "parent.key" (or "key" at the top). */
std::string join_path(const std::string& parent, const std::string& key);
/** Path of a list element: `list[name]` when it has a usable name, else `list[index]`. */
std::string element_path(const std::string& list, const YamlValue& item, std::size_t index);
/** "a, b or c". */
std::string list_names(const Names& names, const char* last_separator = " or ");
/** Appended to messages where an unquoted comma inside {...} or [...] probably split a distribution. */
extern const char* const flow_comma_hint;

/**
 * Base of the validators: each read either returns a value or records a Diagnostic at the value's
 * file:line:column with its key path and what was expected, so one pass reports every problem.
 */
class YamlChecker {
public:
  explicit YamlChecker(std::vector<Diagnostic>& diagnostics) : diags_(diagnostics) {}

protected:
  void error(const SourceLocation& where, const std::string& path, const std::string& message)
  {
    diags_.push_back({where.origin, where.line, where.column, path, message});
  }
  /** Unknown keys are errors with a "did you mean"; a suggested key is then not reported as missing. */
  void check_keys(const YamlValue& map, const std::string& path, const Names& known);
  bool expect_map(const YamlValue& v, const std::string& path, const std::string& what);
  /** The value of a required key, or nullptr after an error (none if the key was just suggested). */
  const YamlValue* require(const YamlValue& map, const std::string& key, const std::string& path,
                           const std::string& what);
  std::optional<std::string> text(const YamlValue& v, const std::string& path, const std::string& what);
  /** A required, non-empty text under `key` of `map`, or nullopt after an error. */
  std::optional<std::string> required_text(const YamlValue& map, const std::string& key, const std::string& path,
                                           const std::string& what);
  std::optional<long long> integer(const YamlValue& v, const std::string& path, long long min,
                                   long long max = INT_MAX);
  std::optional<bool> boolean(const YamlValue& v, const std::string& path);
  std::optional<double> quantity(const YamlValue& v, const std::string& path, Dimension dimension);
  std::optional<Distribution> distribution(const YamlValue& v, const std::string& path, Dimension dimension);
  std::optional<std::size_t> choice(const YamlValue& v, const std::string& path, const Names& options);

  std::vector<Diagnostic>& diags_;
  /** (map, key) pairs already named by an unknown key's "did you mean": not reported as missing too. */
  std::vector<std::pair<const YamlValue*, std::string>> suggested_;
};

} // namespace greenfab
