// Experiment file (YAML) -> validated ExperimentSpec: schema, designs, ranges; every problem is collected.
#include "core/Text.hpp"
#include "experiment/ExperimentLoader.hpp"
#include "core/Errors.hpp"
#include "core/TextFile.hpp"
#include "core/Units.hpp"
#include "experiment/Design.hpp"
#include "model/ModelLoader.hpp"
#include "model/Suggest.hpp"
#include "model/YamlChecker.hpp"
#include "model/YamlValue.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <climits>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <sstream>
#include <utility>

namespace greenfab {
namespace {

const Names top_keys{"name",         "description",  "model", "set",  "design",
                     "factors",      "points",       "lhs_seed", "scenarios", "replications",
                     "seed",         "common_random_numbers", "outputs", "task_time_limit"};
const Names factor_keys{"name", "path", "levels", "range", "integer", "template"};
const Names scenario_keys{"name", "set"};
const Names design_names{"full_factorial", "one_factor_at_a_time", "latin_hypercube", "scenarios"};
const Names output_names{"kpis", "all"};



TextPosition position(const SourceLocation& where) { return {where.line, where.column}; }

/** A factor name from a path: non-word characters become '_', runs of '_' collapse, none at the ends. */
std::string name_from_path(const std::string& path)
{
  std::string out;
  for (char c : path) {
    const bool word = std::isalnum(static_cast<unsigned char>(c)) or c == '_';
    if (word)
      out += c;
    else if (not out.empty() and out.back() != '_')
      out += '_';
  }
  while (not out.empty() and out.back() == '_')
    out.pop_back();
  return out.empty() ? "_" : out;
}

/** True when YAML reads `text`, written bare as a whole document, back as the same scalar. */
bool plain_round_trips(const std::string& text)
{
  try {
    const YAML::Node n = YAML::Load(text);
    return n.IsScalar() and n.Scalar() == text and n.Tag() != "!";
  } catch (const YAML::Exception&) {
    return false;
  }
}

std::string double_quoted(const std::string& s)
{
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' or c == '\\')
      out += '\\';
    out += c;
  }
  return out + "\"";
}

/** Flow text of a value that reads back as the same tree (for override values given as maps or lists). */
std::string flow_text(const YamlValue& v, bool top = true)
{
  switch (v.kind) {
    case YamlValue::Kind::null: return top ? "" : "null";
    case YamlValue::Kind::scalar: {
      const bool flow_safe = v.scalar.find_first_of(",[]{}#:\"'") == std::string::npos;
      return plain_round_trips(v.scalar) and (top or flow_safe) ? v.scalar : double_quoted(v.scalar);
    }
    case YamlValue::Kind::sequence: {
      std::string out = "[";
      for (std::size_t i = 0; i < v.items.size(); ++i)
        out += (i ? ", " : "") + flow_text(v.items[i], false);
      return out + "]";
    }
    case YamlValue::Kind::map: {
      std::string out = "{";
      for (std::size_t i = 0; i < v.entries.size(); ++i) {
        YamlValue key;
        key.kind   = YamlValue::Kind::scalar;
        key.scalar = v.entries[i].key;
        out += (i ? ", " : "") + flow_text(key, false) + ": " + flow_text(v.entries[i].value, false);
      }
      return out + "}";
    }
  }
  return "";
}

/** One override of the model from the experiment file: "path=value" and where the value is written. */
struct Assignment {
  std::string path, value;
  SourceLocation where; ///< of the value
};

/** Validates an experiment document tree into an ExperimentSpec, appending problems to the diagnostics. */
class Reader : public YamlChecker {
public:
  Reader(std::vector<Diagnostic>& diagnostics, const std::string& file) : YamlChecker(diagnostics), file_(file) {}
  ExperimentSpec read(const YamlValue& root);
  /** Were replications / seed given (else they come from the base model)? */
  bool replications_given = false, seed_given = false;

private:
  std::optional<std::string> nonempty_text(const YamlValue& v, const std::string& path, const std::string& what);
  std::optional<std::string> value_text(const YamlValue& v, const std::string& path);
  std::vector<Assignment> assignments(const YamlValue& v, const std::string& path);
  void read_model(const YamlValue& root, ExperimentSpec& e);
  void read_factors(const YamlValue& v, ExperimentSpec& e, bool lhs);
  void read_range(const YamlValue& v, const std::string& path, FactorSpec& f);
  void read_scenarios(const YamlValue& v, ExperimentSpec& e);

  std::string file_;
  LevelPositions level_positions_;
};


std::optional<std::string> Reader::nonempty_text(const YamlValue& v, const std::string& path, const std::string& what)
{
  if (v.is_scalar() and not v.scalar.empty())
    return v.scalar;
  error(v.where, path, "expected " + what + ", got " + v.describe());
  return std::nullopt;
}




/** A model value as override text: a scalar as written (quoted only if YAML would read it otherwise), a
 *  map or list as flow text. */
std::optional<std::string> Reader::value_text(const YamlValue& v, const std::string& path)
{
  if (v.is_null() or (v.is_scalar() and v.scalar.empty())) {
    error(v.where, path, "expected a model value such as '2', '5 min' or 'exp(4 min)', got nothing");
    return std::nullopt;
  }
  return flow_text(v);
}

std::vector<Assignment> Reader::assignments(const YamlValue& v, const std::string& path)
{
  std::vector<Assignment> out;
  if (not v.is_map()) {
    error(v.where, path,
          "expected a map of model paths to values, e.g. {run.horizon: 2 w, \"stations[mill].machines\": 2}, got " +
              v.describe());
    return out;
  }
  for (const auto& entry : v.entries) {
    const std::string at = path + "." + entry.key;
    // `path=value` is split at the first '=' outside [ ], so only a selector may hold one (customers[site=x]).
    int depth = 0;
    bool bare_equals = false;
    for (char ch : entry.key) {
      depth += ch == '[' ? 1 : ch == ']' ? -1 : 0;
      bare_equals = bare_equals or (ch == '=' and depth == 0);
    }
    if (bare_equals) {
      error(entry.key_where, at, "a model path must not contain '=' outside [ ] (write path: value)");
      continue;
    }
    if (auto value = value_text(entry.value, at))
      out.push_back({entry.key, *value, entry.value.where});
  }
  return out;
}

void Reader::read_model(const YamlValue& root, ExperimentSpec& e)
{
  const YamlValue* m = root.find("model");
  if (m == nullptr) {
    if (std::none_of(root.entries.begin(), root.entries.end(),
                     [](const auto& x) { return suggest(x.key, {"model"}) == "model"; }))
      error(root.where, "", "missing required key 'model' (the base model file, relative to the experiment file)");
    return;
  }
  auto name = nonempty_text(*m, "model", "a model file name");
  if (not name)
    return;
  std::filesystem::path p(*name);
  // A path in the file is relative to the file; one given with --set is relative to the working directory.
  if (p.is_relative() and m->where.line > 0)
    p = std::filesystem::path(file_).parent_path() / p;
  e.model_file = p.lexically_normal().string();
  // Read here, with the reader every input goes through, so that the reason (a FIFO, a loop, not UTF-8) is
  // reported at this key; the model is read again when it is loaded.
  try {
    (void)read_text_file(e.model_file);
  } catch (const ModelError& x) {
    const std::string why = x.diagnostics().empty() ? x.what() : x.diagnostics().front().message;
    error(m->where, "model", "cannot read model file " + quote_value(*name) + " (looked for " + e.model_file + "): " + why);
  }
}

void Reader::read_range(const YamlValue& v, const std::string& path, FactorSpec& f)
{
  if (not v.is_sequence() or v.items.size() != 2 or not v.items[0].is_scalar() or not v.items[1].is_scalar()) {
    error(v.where, path, "expected [min, max], e.g. [\"5 min\", \"8 min\"] or [1, 4], got " + v.describe());
    return;
  }
  double lo = 0, hi = 0;
  std::string lo_unit, hi_unit;
  for (int i = 0; i < 2; ++i) {
    const YamlValue& end = v.items[static_cast<std::size_t>(i)];
    if (not split_number_unit(end.scalar, i == 0 ? lo : hi, i == 0 ? lo_unit : hi_unit)) {
      error(end.where, path + "[" + std::to_string(i) + "]",
            "expected a number with a unit such as '5 min', or a plain number, got " + end.describe());
      return;
    }
  }
  if (lo_unit != hi_unit) {
    error(v.where, path,
          "both ends need the same unit, got '" + lo_unit + "' and '" + hi_unit + "' (write e.g. [\"30 s\", \"2 min\"] as [\"0.5 min\", \"2 min\"])");
    return;
  }
  if (not lo_unit.empty()) {
    bool understood = false;
    for (Dimension d : {Dimension::time, Dimension::power, Dimension::energy, Dimension::mass, Dimension::distance,
                        Dimension::fraction, Dimension::volume_flow}) {
      try {
        parse_quantity(v.items[0].scalar, d);
        parse_quantity(v.items[1].scalar, d);
        understood = true;
        break;
      } catch (const UnitError&) {
      }
    }
    if (not understood) {
      error(v.items[0].where, path + "[0]", "unknown unit '" + lo_unit + "'");
      return;
    }
  }
  if (not(lo < hi)) {
    error(v.where, path, "the range must have min < max, got " + v.items[0].describe() + " and " +
                             v.items[1].describe());
    return;
  }
  f.range_min = v.items[0].scalar;
  f.range_max = v.items[1].scalar;
  f.unit      = lo_unit;
}

void Reader::read_factors(const YamlValue& v, ExperimentSpec& e, bool lhs)
{
  if (not v.is_sequence() or v.items.empty()) {
    error(v.where, "factors",
          "expected a list of factors such as {name: machines, path: \"stations[mill].machines\", levels: [1, 2]}, "
          "got " + (v.is_sequence() ? "an empty list" : v.describe()));
    return;
  }
  Names names, paths;
  for (std::size_t i = 0; i < v.items.size(); ++i) {
    const YamlValue& item = v.items[i];
    std::string path      = "factors[" + std::to_string(i) + "]";
    if (not item.is_map()) {
      error(item.where, path, "expected a factor: a map with path and levels (or range), got " + item.describe());
      continue;
    }
    if (const YamlValue* n = item.find("name"); n and n->is_scalar() and not n->scalar.empty())
      path = "factors[" + n->scalar + "]";
    check_keys(item, path, factor_keys);
    FactorSpec f;
    bool ok = true;
    const YamlValue* p = item.find("path");
    if (p == nullptr) {
      error(item.where, path, "missing required key 'path' (where the factor goes in the model, e.g. "
                              "\"stations[mill].machines\")");
      ok = false;
    } else if (auto t = nonempty_text(*p, path + ".path", "a model path such as \"stations[mill].machines\"")) {
      f.path = *t;
      if (std::find(paths.begin(), paths.end(), f.path) != paths.end()) {
        error(p->where, path + ".path", "path '" + f.path + "' is already varied by another factor");
        ok = false;
      }
      paths.push_back(f.path);
    } else {
      ok = false;
    }
    if (const YamlValue* n = item.find("name")) {
      if (auto t = nonempty_text(*n, path + ".name", "a factor name")) {
        if (not is_word(*t)) {
          error(n->where, path + ".name", "a factor name may hold only letters, digits and '_' (it is a column "
                                          "name), got '" + *t + "' (try '" + name_from_path(*t) + "')");
          ok = false;
        }
        f.name = *t;
      } else {
        ok = false;
      }
    } else if (not f.path.empty()) {
      f.name = name_from_path(f.path);
    }
    if (not f.name.empty()) {
      if (std::find(names.begin(), names.end(), f.name) != names.end()) {
        const YamlValue* n = item.find("name");
        error(n ? n->where : item.where, path + ".name", "factor name '" + f.name + "' is used twice");
        ok = false;
      }
      names.push_back(f.name);
    }
    if (const YamlValue* t = item.find("template")) {
      if (auto s = nonempty_text(*t, path + ".template", "a text with one {} such as \"exp({})\"")) {
        const auto at = s->find("{}");
        if (at == std::string::npos or s->find("{}", at + 1) != std::string::npos) {
          error(t->where, path + ".template", "must hold '{}' exactly once (where the value goes), got " +
                                                  t->describe());
          ok = false;
        }
        f.value_template = *s;
      } else {
        ok = false;
      }
    }
    const YamlValue* levels = item.find("levels");
    const YamlValue* range  = item.find("range");
    std::vector<TextPosition> where;
    if (levels and range) {
      error(range->where, path + ".range", "give either levels or range, not both");
      ok = false;
    } else if (levels) {
      if (lhs) {
        error(levels->where, path + ".levels",
              "a latin_hypercube design samples ranges: give range: [min, max] instead of levels");
        ok = false;
      } else if (not levels->is_sequence() or levels->items.empty()) {
        error(levels->where, path + ".levels", "expected a non-empty list of values, got " +
                                                   (levels->is_sequence() ? "an empty list" : levels->describe()));
        ok = false;
      } else {
        for (std::size_t l = 0; l < levels->items.size(); ++l) {
          const YamlValue& level = levels->items[l];
          auto t = value_text(level, path + ".levels[" + std::to_string(l) + "]");
          if (not t) {
            ok = false;
            continue;
          }
          if (std::find(f.levels.begin(), f.levels.end(), *t) != f.levels.end()) {
            error(level.where, path + ".levels[" + std::to_string(l) + "]", "level '" + *t + "' is given twice");
            ok = false;
          }
          f.levels.push_back(*t);
          where.push_back(position(level.where));
        }
      }
    } else if (range) {
      if (not lhs) {
        error(range->where, path + ".range",
              "a range is sampled only by design: latin_hypercube; this design needs levels: [...]");
        ok = false;
      } else {
        read_range(*range, path + ".range", f);
        ok = ok and not f.range_min.empty();
        where.push_back(position(range->where));
      }
    } else if (std::none_of(item.entries.begin(), item.entries.end(), [](const YamlValue::Entry& x) {
                 const std::string s = suggest(x.key, factor_keys);
                 return s == "levels" or s == "range"; // misspelt: reported as an unknown key already
               })) {
      error(item.where, path, lhs ? "missing required key 'range' ([min, max] to sample)"
                                  : "missing required key 'levels' (the values the factor takes)");
      ok = false;
    }
    if (const YamlValue* in = item.find("integer")) {
      if (auto b = boolean(*in, path + ".integer"))
        f.integer = *b;
      if (range == nullptr) {
        error(in->where, path + ".integer", "integer applies to a range (latin_hypercube) only");
        ok = false;
      }
    }
    if (ok) {
      e.factors.push_back(std::move(f));
      level_positions_.push_back(std::move(where));
    }
  }
}

void Reader::read_scenarios(const YamlValue& v, ExperimentSpec& e)
{
  if (not v.is_sequence() or v.items.empty()) {
    error(v.where, "scenarios",
          "expected a list of scenarios such as {name: two_mills, set: {\"stations[mill].machines\": 2}}, got " +
              v.describe());
    return;
  }
  Names names;
  std::vector<std::vector<Assignment>> sets;
  for (std::size_t i = 0; i < v.items.size(); ++i) {
    const YamlValue& item = v.items[i];
    std::string path      = "scenarios[" + std::to_string(i) + "]";
    if (not item.is_map()) {
      error(item.where, path, "expected a scenario: a map with name and set, got " + item.describe());
      continue;
    }
    const YamlValue* n = item.find("name");
    if (n and n->is_scalar() and not n->scalar.empty())
      path = "scenarios[" + n->scalar + "]";
    check_keys(item, path, scenario_keys);
    ScenarioSpec s;
    s.id = static_cast<int>(i);
    if (n == nullptr) {
      error(item.where, path, "missing required key 'name' (every scenario needs a unique name)");
    } else if (auto t = nonempty_text(*n, path + ".name", "a scenario name")) {
      if (std::find(names.begin(), names.end(), *t) != names.end())
        error(n->where, path + ".name", "scenario name '" + *t + "' is used twice");
      s.name = *t;
    }
    names.push_back(s.name);
    sets.push_back(item.find("set") ? assignments(*item.find("set"), path + ".set") : std::vector<Assignment>{});
    for (const auto& a : sets.back()) {
      s.overrides.push_back(a.path + "=" + a.value);
      s.override_positions.push_back(position(a.where));
    }
    e.scenarios.push_back(std::move(s));
  }
  // Factors for results: every path set by some scenario, in order of first appearance.
  for (const auto& set : sets)
    for (const auto& a : set)
      if (std::none_of(e.factors.begin(), e.factors.end(), [&](const FactorSpec& f) { return f.path == a.path; })) {
        FactorSpec f;
        f.path = a.path;
        f.name = name_from_path(a.path);
        for (const auto& other : e.factors)
          if (other.name == f.name)
            error(a.where, "scenarios", "paths '" + other.path + "' and '" + f.path + "' both give the column name '" +
                                            f.name + "'");
        e.factors.push_back(std::move(f));
      }
  for (std::size_t i = 0; i < e.scenarios.size(); ++i)
    for (const auto& f : e.factors) {
      const auto it = std::find_if(sets[i].begin(), sets[i].end(), [&](const Assignment& a) { return a.path == f.path; });
      e.scenarios[i].values.push_back(it == sets[i].end() ? std::string() : it->value);
    }
}

ExperimentSpec Reader::read(const YamlValue& root)
{
  ExperimentSpec e;
  if (not root.is_map()) {
    error(root.where, "", "expected an experiment: a map with name, model, design, factors, ... (see "
                          "docs/experiments.md), got " + root.describe());
    return e;
  }
  check_keys(root, "", top_keys);
  if (const YamlValue* n = root.find("name")) {
    if (auto t = nonempty_text(*n, "name", "an experiment name"))
      e.name = *t;
  } else {
    error(root.where, "", "missing required key 'name' (a short title of the experiment)");
  }
  read_model(root, e);
  if (const YamlValue* s = root.find("set"))
    for (const auto& a : assignments(*s, "set")) {
      e.model_overrides.push_back(a.path + "=" + a.value);
      e.model_override_positions.push_back(position(a.where));
    }

  std::optional<std::size_t> design = 0;
  if (const YamlValue* d = root.find("design"))
    design = choice(*d, "design", design_names);
  const bool lhs      = design == 2;
  const bool explicit_list = design == 3;
  if (design)
    e.design = static_cast<ExperimentSpec::Design>(*design);

  const YamlValue* factors   = root.find("factors");
  const YamlValue* scenarios = root.find("scenarios");
  const YamlValue* points    = root.find("points");
  const YamlValue* lhs_seed  = root.find("lhs_seed");
  const std::string which    = design ? design_names[*design] : "this design";
  if (explicit_list) {
    if (factors)
      error(factors->where, "factors", "design: scenarios lists its scenarios explicitly: give each one a set "
                                       "instead of factors");
    if (scenarios)
      read_scenarios(*scenarios, e);
    else
      error(root.where, "", "missing required key 'scenarios' (design: scenarios lists named scenarios)");
  } else if (design) {
    if (scenarios)
      error(scenarios->where, "scenarios", "an explicit list of scenarios needs design: scenarios (the design is " +
                                               which + ")");
    if (factors)
      read_factors(*factors, e, lhs);
    else if (scenarios == nullptr)
      error(root.where, "", "missing required key 'factors' (design " + which + " varies factors)");
  }
  if (lhs) {
    if (points) {
      if (auto n = integer(*points, "points", 2, 1000000))
        e.lhs_points = static_cast<int>(*n);
    } else {
      error(root.where, "", "missing required key 'points' (how many scenarios the latin hypercube samples)");
    }
    if (lhs_seed)
      if (auto n = integer(*lhs_seed, "lhs_seed", 0, std::numeric_limits<long long>::max()))
        e.lhs_seed = static_cast<std::uint64_t>(*n);
  } else if (design) {
    if (points)
      error(points->where, "points", "points is used only by design: latin_hypercube (the design is " + which + ")");
    if (lhs_seed)
      error(lhs_seed->where, "lhs_seed",
            "lhs_seed is used only by design: latin_hypercube (the design is " + which + ")");
  }

  if (const YamlValue* r = root.find("replications")) {
    replications_given = true;
    if (auto n = integer(*r, "replications", 1, max_tasks))
      e.replications = static_cast<int>(*n);
  }
  if (const YamlValue* s = root.find("seed")) {
    seed_given = true;
    if (auto n = integer(*s, "seed", 0, std::numeric_limits<long long>::max()))
      e.seed = static_cast<std::uint64_t>(*n);
  }
  if (const YamlValue* c = root.find("common_random_numbers"))
    if (auto b = boolean(*c, "common_random_numbers"))
      e.common_random_numbers = *b;
  if (const YamlValue* o = root.find("outputs"))
    if (auto k = choice(*o, "outputs", output_names))
      e.outputs = static_cast<ExperimentSpec::Outputs>(*k);
  if (const YamlValue* t = root.find("task_time_limit")) {
    try {
      if (not t->is_scalar())
        throw UnitError("expected " + describe(Dimension::time) + ", got " + t->describe());
      e.task_time_limit_s = parse_quantity(t->scalar, Dimension::time);
      if (e.task_time_limit_s <= 0)
        error(t->where, "task_time_limit", "must be a duration > 0, got " + t->describe());
    } catch (const UnitError& ex) {
      error(t->where, "task_time_limit", ex.what());
    }
  }

  if (diags_.empty()) {
    switch (e.design) {
      case ExperimentSpec::Design::full_factorial: e.scenarios = expand_full_factorial(e.factors, level_positions_); break;
      case ExperimentSpec::Design::one_factor_at_a_time:
        e.scenarios = expand_one_factor_at_a_time(e.factors, level_positions_);
        break;
      case ExperimentSpec::Design::latin_hypercube:
        e.scenarios = expand_latin_hypercube(e.factors, e.lhs_points, e.lhs_seed, level_positions_);
        break;
      case ExperimentSpec::Design::scenarios: break;
    }
  }
  return e;
}

/** "file:line:col: key: message": a diagnostic quoted inside another message (no second "error:"). */
std::string quote(const Diagnostic& d)
{
  std::string out = d.file.empty() ? std::string("<input>") : d.file;
  if (d.line > 0) {
    out.append(":").append(std::to_string(d.line));
    if (d.column > 0)
      out.append(":").append(std::to_string(d.column));
  }
  out.append(": ");
  if (not d.key_path.empty())
    out.append(d.key_path).append(": ");
  return out.append(d.message);
}

/** Problems of one scenario's model, re-located in the experiment file where an override caused them. */
struct ScenarioProblems {
  std::vector<Diagnostic> diagnostics; ///< message without the scenario prefix
  std::vector<std::string> scenarios;  ///< per diagnostic: the first scenario ("scenario s0003 (a=1)")
  std::vector<int> counts;             ///< per diagnostic: how many scenarios have it

  void add(const ModelError& err, const std::string& context, const ExperimentSpec& e,
           const std::vector<std::string>& overrides, const std::vector<TextPosition>& positions)
  {
    std::vector<Diagnostic> ds = err.diagnostics();
    if (ds.empty())
      ds.push_back({"", 0, 0, "", err.what()});
    for (const auto& d : ds) {
      Diagnostic out{e.source_file, 0, 0, "", ""};
      if (d.file.rfind("--set ", 0) == 0) {
        const std::string assignment = d.file.substr(6);
        for (std::size_t i = 0; i < overrides.size(); ++i)
          if (overrides[i] == assignment and i < positions.size()) {
            out.line   = positions[i].line;
            out.column = positions[i].column;
            break;
          }
        Diagnostic inner = d;
        inner.file       = e.model_file;
        inner.line = inner.column = 0;
        out.message = quote(inner);
      } else {
        out.message = quote(d);
      }
      bool seen = false;
      for (std::size_t i = 0; i < diagnostics.size() and not seen; ++i)
        if (diagnostics[i].message == out.message) { // e.g. a bad path: the same in every scenario
          ++counts[i];
          seen = true;
        }
      if (not seen) {
        diagnostics.push_back(out);
        scenarios.push_back(context);
        counts.push_back(1);
      }
    }
  }

  void throw_if_any() const
  {
    if (diagnostics.empty())
      return;
    std::vector<Diagnostic> out;
    for (std::size_t i = 0; i < diagnostics.size(); ++i) {
      Diagnostic d = diagnostics[i];
      d.message    = scenarios[i] + ": " + d.message;
      if (counts[i] > 1)
        d.message += " (and " + std::to_string(counts[i] - 1) + (counts[i] == 2 ? " more scenario)" : " more scenarios)");
      out.push_back(std::move(d));
    }
    throw ModelError(std::move(out));
  }
};

std::string scenario_context(const ExperimentSpec& e, const ScenarioSpec& s)
{
  std::string values;
  for (std::size_t f = 0; f < e.factors.size() and f < s.values.size(); ++f)
    if (not s.values[f].empty())
      values += (values.empty() ? "" : ", ") + e.factors[f].name + "=" + s.values[f];
  return "scenario " + s.name + (values.empty() ? "" : " (" + values + ")");
}

ModelSpec scenario_model(const ExperimentSpec& e, const std::string& model_text, const ScenarioSpec& s,
                         std::vector<std::string>& overrides, std::vector<TextPosition>& positions)
{
  overrides = e.model_overrides;
  overrides.insert(overrides.end(), s.overrides.begin(), s.overrides.end());
  positions = e.model_override_positions;
  positions.resize(e.model_overrides.size());
  positions.insert(positions.end(), s.override_positions.begin(), s.override_positions.end());
  ModelSpec m        = load_model_text(model_text, e.model_file, overrides);
  m.run.replications = e.replications;
  m.run.seed         = scenario_seed(e, s.id);
  if (m.site) // a sweep file holds KPIs and entity tables, not hourly series: don't compute or ship them
    m.site->hourly_series = false;
  return m;
}

} // namespace

ExperimentSpec load_experiment_text(const std::string& text, const std::string& file_name,
                                    const std::vector<std::string>& overrides)
{
  std::vector<Diagnostic> diags;
  const YamlValue root = parse_document(text, file_name, "an experiment file", overrides, diags);

  Reader reader(diags, file_name);
  ExperimentSpec e = reader.read(root);
  e.source_file    = file_name;
  e.source_text    = text;
  if (not diags.empty())
    throw_sorted(std::move(diags), file_name);

  // The base model with the experiment's set: checked now, and the source of defaults.
  ScenarioProblems problems;
  try {
    const ModelSpec m = load_model_text(read_text_file(e.model_file), e.model_file, e.model_overrides);
    if (not reader.replications_given)
      e.replications = m.run.replications;
    if (not reader.seed_given)
      e.seed = m.run.seed;
  } catch (const ModelError& err) {
    problems.add(err, "base model with set", e, e.model_overrides, e.model_override_positions);
  }
  problems.throw_if_any();
  // Each (scenario, replication) is a task with an int id: bound the product, computed in 64 bits
  // (each factor is below max_tasks or a vector size, so it cannot overflow), where the file sets it.
  const auto tasks = static_cast<long long>(e.scenarios.size()) * static_cast<long long>(e.replications);
  if (tasks > max_tasks) {
    const YamlValue* r     = root.find("replications");
    const SourceLocation& at = r != nullptr ? r->where : root.where;
    throw ModelError({Diagnostic{at.origin, at.line, at.column, "replications",
                                 std::to_string(e.scenarios.size()) + " scenarios x " +
                                     std::to_string(e.replications) + " replications = " + std::to_string(tasks) +
                                     " tasks; a sweep runs at most " + std::to_string(max_tasks) +
                                     ": use fewer replications or scenarios"}});
  }
  return e;
}

ExperimentSpec load_experiment(const std::string& path, const std::vector<std::string>& overrides)
{
  return load_experiment_text(read_text_file(path), path, overrides);
}

std::vector<ModelSpec> build_scenario_models(const ExperimentSpec& e)
{
  const std::string model_text = read_text_file(e.model_file);
  std::vector<ModelSpec> models;
  models.reserve(e.scenarios.size());
  ScenarioProblems problems;
  std::vector<std::string> overrides;
  std::vector<TextPosition> positions;
  for (const auto& s : e.scenarios) {
    try {
      models.push_back(scenario_model(e, model_text, s, overrides, positions));
    } catch (const ModelError& err) {
      problems.add(err, scenario_context(e, s), e, overrides, positions);
    }
  }
  problems.throw_if_any();
  return models;
}

ModelSpec build_scenario_model(const ExperimentSpec& e, int scenario)
{
  const auto& s = e.scenarios.at(static_cast<std::size_t>(scenario));
  std::vector<std::string> overrides;
  std::vector<TextPosition> positions;
  ScenarioProblems problems;
  try {
    return scenario_model(e, read_text_file(e.model_file), s, overrides, positions);
  } catch (const ModelError& err) {
    problems.add(err, scenario_context(e, s), e, overrides, positions);
  }
  problems.throw_if_any();
  throw ModelError("unreachable");
}

} // namespace greenfab
