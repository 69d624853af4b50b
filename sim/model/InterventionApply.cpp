// Applying interventions to a model's document tree: path walking with [*], set / multiply / add, and the
// text arithmetic on quantities and distributions ("lognormal(20 min, 6 min)" x 0.5).
#include "core/Text.hpp"
#include "model/Intervention.hpp"
#include "model/Suggest.hpp"
#include "model/YamlChecker.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <functional>

namespace greenfab {
namespace {

std::string number_text(double x)
{
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", x);
  return buf;
}

/** "20 min" -> (20, "min"); "3" -> (3, ""). False when the text does not start with a number. */
bool split_quantity(std::string_view text, double& value, std::string& unit)
{
  const std::string_view s = trim(text);
  const auto [ptr, ec]     = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() or ptr == s.data() or not std::isfinite(value))
    return false;
  unit = std::string(trim(std::string_view(ptr, static_cast<std::size_t>(s.data() + s.size() - ptr))));
  // "2x" or "3,4" is not a quantity; units start with a letter or a symbol, not a digit or comma
  return unit.empty() or not(std::isdigit(static_cast<unsigned char>(unit[0])) or unit[0] == ',' or unit[0] == '(');
}

std::string scaled_quantity(double value, const std::string& unit, double factor, bool integer)
{
  double x = value * factor;
  if (integer)
    x = std::max(1.0, std::round(x));
  return number_text(x) + (unit.empty() ? "" : " " + unit);
}

using Step = PathStep; // the model-path syntax of --set (YamlValue.hpp)

/** Walks `steps` from `node`, calling `leaf` on every match. A `[*]` visits every element; below it an
 *  element lacking the rest of the path is skipped. Missing keys are created only if `create` (set) and
 *  not at the top level, located at `change` so that the model's checks of them point at the intervention.
 *  Returns the number of matches; `miss` gets the first reason for a non-match. */
int walk(YamlValue& node, const std::vector<Step>& steps, std::size_t i, const std::string& walked, bool create,
         const SourceLocation& change, const std::function<void(YamlValue&, const std::string&)>& leaf,
         std::string& miss)
{
  if (i == steps.size()) {
    leaf(node, walked);
    return 1;
  }
  const Step& step = steps[i];
  auto note = [&](const std::string& m) {
    if (miss.empty())
      miss = m;
    return 0;
  };
  if (not step.select) {
    if (step.text == "*" and i > 0) { // every entry of a map (materials.*.recycled)
      if (not node.is_map())
        return note("'" + walked + "' is " + node.describe() + ", not a map");
      int n = 0;
      for (auto& e : node.entries)
        n += walk(e.value, steps, i + 1, walked + "." + e.key, create, change, leaf, miss);
      return n;
    }
    const std::string here = walked.empty() ? step.text : walked + "." + step.text;
    if (node.is_null() and create and i > 0) {
      node.kind  = YamlValue::Kind::map;
      node.where = change;
    }
    if (not node.is_map())
      return note("'" + walked + "' is " + node.describe() + ", not a map");
    YamlValue* next = node.find(step.text);
    if (next == nullptr) {
      if (not create or i == 0) {
        Names keys;
        for (const auto& e : node.entries)
          keys.push_back(e.key);
        return note("'" + (walked.empty() ? std::string("the model") : walked) + "' has no key '" + step.text + "'" +
                    did_you_mean(step.text, keys));
      }
      YamlValue::Entry e;
      e.key         = step.text;
      e.key_where   = change;
      e.value.where = change;
      node.entries.push_back(std::move(e));
      next = &node.entries.back().value;
    }
    return walk(*next, steps, i + 1, here, create, change, leaf, miss);
  }
  if (not node.is_sequence())
    return note("'" + walked + "' is " + node.describe() + ", not a list");
  const auto eq = step.text.find('=');
  if (step.text == "*" or eq != std::string::npos) {
    // [*]: every element; [key=value]: every element whose key has that value (fleets[type=diesel_truck]).
    int n = 0;
    for (std::size_t k = 0; k < node.items.size(); ++k) {
      if (eq != std::string::npos) {
        const YamlValue* v = node.items[k].find(step.text.substr(0, eq));
        if (v == nullptr or not v->is_scalar() or v->scalar != step.text.substr(eq + 1))
          continue;
      }
      const YamlValue* name = node.items[k].find("name");
      const std::string label = name and name->is_scalar() ? name->scalar : std::to_string(k);
      n += walk(node.items[k], steps, i + 1, walked + "[" + label + "]", create, change, leaf, miss);
    }
    if (n == 0 and miss.empty())
      miss = "no element of '" + walked + "' matches [" + step.text + "]";
    return n;
  }
  Names names;
  for (auto& item : node.items) {
    const YamlValue* name = item.find("name");
    if (name and name->is_scalar()) {
      names.push_back(name->scalar);
      if (name->scalar == step.text)
        return walk(item, steps, i + 1, walked + "[" + step.text + "]", create, change, leaf, miss);
    }
  }
  if (not step.text.empty() and std::all_of(step.text.begin(), step.text.end(), ::isdigit)) {
    const auto k = std::stoull(step.text);
    if (k < node.items.size())
      return walk(node.items[k], steps, i + 1, walked + "[" + step.text + "]", create, change, leaf, miss);
  }
  return note("'" + walked + "' has no element '" + step.text + "'" + did_you_mean(step.text, names));
}

/** Scales every numeric scalar below `v` (maps: each value). Returns how many were scaled. */
int scale_tree(YamlValue& v, double factor, bool integer, const SourceLocation& where)
{
  if (v.is_scalar()) {
    try {
      v.scalar = scale_value_text(v.scalar, factor, integer);
      v.where  = where;
      return 1;
    } catch (const UnitError&) {
      return 0;
    }
  }
  int n = 0;
  for (auto& e : v.entries)
    n += scale_tree(e.value, factor, integer, where);
  return n;
}

void emit(YAML::Emitter& out, const YamlValue& v)
{
  switch (v.kind) {
    case YamlValue::Kind::null: out << YAML::Null; break;
    case YamlValue::Kind::scalar: out << v.scalar; break;
    case YamlValue::Kind::sequence:
      out << YAML::BeginSeq;
      for (const auto& item : v.items)
        emit(out, item);
      out << YAML::EndSeq;
      break;
    case YamlValue::Kind::map:
      out << YAML::BeginMap;
      for (const auto& e : v.entries) {
        out << YAML::Key << e.key << YAML::Value;
        emit(out, e.value);
      }
      out << YAML::EndMap;
      break;
  }
}

} // namespace

std::string scale_value_text(const std::string& text, double factor, bool integer)
{
  double value = 0;
  std::string unit;
  if (split_quantity(text, value, unit))
    return scaled_quantity(value, unit, factor, integer);
  // A distribution "name(a, b, ...)": scale the arguments that carry a unit (scale parameters); plain
  // numbers are shape parameters (erlang's k) and stay. Every distribution of the model format is a
  // scale family in its dimensioned parameters, so this scales the random variable by `factor`.
  const std::string_view s = trim(text);
  const auto open = s.find('(');
  if (open == std::string_view::npos or s.back() != ')')
    throw UnitError("'" + text + "' is neither a number nor a distribution");
  std::string out(s.substr(0, open + 1));
  const std::string_view args = s.substr(open + 1, s.size() - open - 2);
  int scaled = 0;
  std::size_t start = 0;
  int depth = 0;
  for (std::size_t k = 0; k <= args.size(); ++k) {
    if (k < args.size() and args[k] == '(')
      ++depth;
    if (k < args.size() and args[k] == ')')
      --depth;
    if (k < args.size() and not(args[k] == ',' and depth == 0))
      continue;
    const std::string_view arg = args.substr(start, k - start);
    if (split_quantity(arg, value, unit) and not unit.empty()) {
      out += scaled_quantity(value, unit, factor, integer);
      ++scaled;
    } else {
      out += std::string(trim(arg));
    }
    if (k < args.size())
      out += ", ";
    start = k + 1;
  }
  if (scaled == 0)
    throw UnitError("'" + text + "' has no parameter with a unit to scale");
  return out + ")";
}

void apply_intervention(YamlValue& root, const Intervention& iv, double share, std::vector<Diagnostic>& diags)
{
  if (share <= 0)
    return;
  int matched = 0;
  const std::size_t before = diags.size();
  for (const auto& c : iv.changes) {
    auto fail = [&](const std::string& key, const std::string& message) {
      diags.push_back({c.where.origin, c.where.line, c.where.column, key,
                       "intervention '" + iv.id + "': " + message});
    };
    std::vector<Step> steps;
    if (not parse_model_path(c.path, steps)) {
      fail("", "bad path '" + c.path + "': expected keys separated by dots with [name], [index] or [*]");
      continue;
    }
    std::string miss;
    const auto leaf = [&](YamlValue& node, const std::string& where_path) {
      switch (c.op) {
        case InterventionChange::Op::set: {
          double a = 0, b = 0;
          std::string ua, ub;
          if (share < 1 and node.is_scalar() and c.value.is_scalar() and split_quantity(node.scalar, a, ua) and
              split_quantity(c.value.scalar, b, ub) and ua == ub) {
            node.scalar = scaled_quantity(a + share * (b - a), ua, 1, c.integer);
            node.kind   = YamlValue::Kind::scalar;
            node.where  = c.where;
          } else {
            node = c.value;
          }
          break;
        }
        case InterventionChange::Op::multiply:
          if (scale_tree(node, 1 + share * (c.factor - 1), c.integer, c.where) == 0)
            fail(where_path, "cannot multiply " + node.describe() + " at '" + where_path +
                                 "': not a number, a quantity or a distribution");
          break;
        case InterventionChange::Op::add: {
          double a = 0, b = 0;
          std::string ua, ub;
          if (not node.is_scalar() or not split_quantity(node.scalar, a, ua) or
              not split_quantity(c.value.scalar, b, ub) or ua != ub) {
            fail(where_path, "cannot add '" + c.value.scalar + "' to " + node.describe() + " at '" + where_path +
                                 "': both must be quantities in the same unit");
            break;
          }
          node.scalar = scaled_quantity(a + share * b, ua, 1, c.integer);
          node.where  = c.where;
          break;
        }
      }
    };
    const int n = walk(root, steps, 0, "", c.op == InterventionChange::Op::set, c.where, leaf, miss);
    if (n == 0 and not c.optional)
      fail(c.path, "path '" + c.path + "' does not exist in the model" + (miss.empty() ? "" : ": " + miss));
    matched += n;
  }
  if (matched == 0 and diags.size() == before)
    diags.push_back({iv.where.origin, iv.where.line, iv.where.column, "changes",
                     "intervention '" + iv.id + "' changes nothing in this model (every change is optional and none matched)"});
}

std::string to_yaml_text(const YamlValue& v)
{
  YAML::Emitter out;
  emit(out, v);
  return std::string(out.c_str()) + "\n";
}

} // namespace greenfab
