// Applying interventions to a model's document tree (paths through ModelPath): set / multiply / add, and the
// text arithmetic on quantities and distributions ("lognormal(20 min, 6 min)" x 0.5).
#include "core/Text.hpp"
#include "model/Intervention.hpp"
#include "model/ModelPath.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

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
    std::string problem;
    const auto path = parse_model_path(c.path, problem);
    if (not path) {
      fail("", bad_model_path_message(c.path, problem));
      continue;
    }
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
    // The one path rule (ModelPath.hpp); missing map keys are created by a set below a top-level section.
    // Below a wildcard, an element the rest of the path does not fit is skipped (stations without failures
    // for tpm): a change is missing only when it reaches nothing at all.
    const PathCreate create = c.op == InterventionChange::Op::set ? PathCreate::below_top : PathCreate::nothing;
    const PathWalk walk     = walk_model_path(root, *path, create, c.where);
    for (const auto& message : walk.ambiguous)
      fail(c.path, message);
    if (not walk.ambiguous.empty())
      continue;
    if (walk.matches.empty() and not c.optional)
      fail(c.path, "path '" + c.path + "' does not exist in the model: " + walk.misses.front());
    for (const auto& m : walk.matches)
      leaf(*m.node, m.path);
    matched += static_cast<int>(walk.matches.size());
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
