// Typed, located reads of YAML values shared by the model and experiment validators.
#include "model/YamlChecker.hpp"
#include "core/Units.hpp"
#include "model/Suggest.hpp"

#include <algorithm>
#include <charconv>

namespace greenfab {

const char* const flow_comma_hint = "; inside {...} or [...] a comma ends a value, so quote a distribution with "
                                    "several parameters, e.g. \"lognormal(45 min, 20 min)\"";

std::string join_path(const std::string& parent, const std::string& key)
{
  return parent.empty() ? key : parent + "." + key;
}

std::string list_names(const Names& names, const char* last_separator)
{
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i)
    out += (i == 0 ? "" : i + 1 == names.size() ? last_separator : ", ") + names[i];
  return out;
}

void YamlChecker::check_keys(const YamlValue& map, const std::string& path, const Names& known)
{
  for (const auto& e : map.entries) {
    if (std::find(known.begin(), known.end(), e.key) != known.end())
      continue;
    const std::string suggestion = suggest(e.key, known);
    std::string hint             = did_you_mean(e.key, known);
    if (not suggestion.empty())
      suggested_.emplace_back(&map, suggestion);
    if (hint.empty())
      hint = " (expected " + list_names(known) + ")";
    if (not e.key.empty() and e.key.back() == ')' and e.key.find('(') == std::string::npos)
      hint += flow_comma_hint;
    error(e.key_where, join_path(path, e.key), "unknown key " + quote_value(e.key) + hint);
  }
}

bool YamlChecker::expect_map(const YamlValue& v, const std::string& path, const std::string& what)
{
  if (v.is_map())
    return true;
  error(v.where, path, "expected " + what + ", got " + v.describe());
  return false;
}

const YamlValue* YamlChecker::require(const YamlValue& map, const std::string& key, const std::string& path,
                                 const std::string& what)
{
  const YamlValue* v = map.find(key);
  const bool misspelt = std::find(suggested_.begin(), suggested_.end(), std::pair(&map, key)) != suggested_.end();
  if (v == nullptr and not misspelt)
    error(map.where, path, "missing required key " + quote_value(key) + " (" + what + ")");
  return v;
}

std::optional<std::string> YamlChecker::text(const YamlValue& v, const std::string& path, const std::string& what)
{
  if (v.is_scalar())
    return v.scalar;
  error(v.where, path, "expected " + what + ", got " + v.describe());
  return std::nullopt;
}

std::string element_path(const std::string& list, const YamlValue& item, std::size_t index)
{
  const YamlValue* name = item.find("name");
  if (name != nullptr and name->is_scalar() and not name->scalar.empty() and
      name->scalar.find_first_of("[]") == std::string::npos)
    return list + "[" + name->scalar + "]";
  return list + "[" + std::to_string(index) + "]";
}

std::optional<std::string> YamlChecker::required_text(const YamlValue& map, const std::string& key,
                                                      const std::string& path, const std::string& what)
{
  const YamlValue* v = require(map, key, path, what);
  if (v == nullptr)
    return std::nullopt;
  auto s = text(*v, join_path(path, key), what);
  if (s and s->empty()) {
    error(v->where, join_path(path, key), "expected " + what + ", got nothing");
    return std::nullopt;
  }
  return s;
}

std::optional<long long> YamlChecker::integer(const YamlValue& v, const std::string& path, long long min, long long max)
{
  const std::string expected = "an integer >= " + std::to_string(min);
  if (not v.is_scalar()) {
    error(v.where, path, "expected " + expected + ", got " + v.describe());
    return std::nullopt;
  }
  long long value   = 0;
  const auto* first = v.scalar.data();
  const auto* last  = first + v.scalar.size();
  const auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec == std::errc::result_out_of_range or (ec == std::errc() and ptr == last and value > max)) {
    error(v.where, path, quote_value(v.scalar) + " is too large (at most " + std::to_string(max) + ")");
    return std::nullopt;
  }
  if (ec != std::errc() or ptr != last or first == last) {
    error(v.where, path, "expected " + expected + ", got " + v.describe());
    return std::nullopt;
  }
  if (value < min) {
    error(v.where, path, "must be " + expected + ", got " + v.describe());
    return std::nullopt;
  }
  return value;
}

std::optional<double> YamlChecker::quantity(const YamlValue& v, const std::string& path, Dimension dimension)
{
  if (not v.is_scalar()) {
    error(v.where, path, "expected " + describe(dimension) + ", got " + v.describe());
    return std::nullopt;
  }
  try {
    return parse_quantity(v.scalar, dimension);
  } catch (const UnitError& e) {
    error(v.where, path, e.what());
  }
  return std::nullopt;
}

std::optional<Distribution> YamlChecker::distribution(const YamlValue& v, const std::string& path, Dimension dimension)
{
  if (not v.is_scalar()) {
    error(v.where, path,
          "expected a distribution such as 'exp(5 min)' or a constant such as '90 s', got " + v.describe());
    return std::nullopt;
  }
  try {
    return Distribution::parse(v.scalar, dimension);
  } catch (const UnitError& e) {
    std::string message = e.what();
    if (v.scalar.find('(') != std::string::npos and v.scalar.find(')') == std::string::npos)
      message += flow_comma_hint;
    error(v.where, path, message);
  }
  return std::nullopt;
}

std::optional<std::size_t> YamlChecker::choice(const YamlValue& v, const std::string& path, const Names& options)
{
  if (v.is_scalar())
    for (std::size_t i = 0; i < options.size(); ++i)
      if (options[i] == v.scalar)
        return i;
  std::string message = v.is_scalar() ? "unknown value " + quote_value(v.scalar) + did_you_mean(v.scalar, options)
                                      : "expected a word, got " + v.describe();
  error(v.where, path, message + ": expected " + list_names(options));
  return std::nullopt;
}

std::optional<bool> YamlChecker::boolean(const YamlValue& v, const std::string& path)
{
  if (v.is_scalar()) {
    if (v.scalar == "true" or v.scalar == "True" or v.scalar == "TRUE")
      return true;
    if (v.scalar == "false" or v.scalar == "False" or v.scalar == "FALSE")
      return false;
  }
  error(v.where, path, "expected true or false, got " + v.describe());
  return std::nullopt;
}

} // namespace greenfab
