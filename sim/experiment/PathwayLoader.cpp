// Pathway study file (YAML) -> validated PathwaySpec; the per-year, per-roadmap model builder.
#include "core/TextFile.hpp"
#include "core/Text.hpp"
#include "core/CivilTime.hpp"
#include "core/Units.hpp"
#include "experiment/PathwaySpec.hpp"
#include "model/ModelLoader.hpp"
#include "model/Suggest.hpp"
#include "model/YamlChecker.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace greenfab {
namespace {

/** Days since 1970-01-01 of the Monday of ISO week 1 of `year`: Jan 4 is always in week 1, and
 *  1970-01-01 was a Thursday. */
long long iso_week1_monday(int year)
{
  const long long jan4 = days_from_civil(year, 1, 4);
  return jan4 - ((jan4 + 3) % 7 + 7) % 7;
}

namespace fs = std::filesystem;

const Names top_keys{"name",          "description", "model",       "set",          "interventions", "base_year",
                     "target_year",   "years",       "year_step",   "targets",      "emissions",     "periods",
                     "exogenous",     "replications", "seed",       "discount_rate", "exchange_rates", "side_effects",
                     "attribution",   "shapley_max", "roadmaps",    "optimise",     "task_time_limit", "uncertainty"};
const Names uncertainty_keys{"samples", "effects", "costs", "volume_growth", "grid_factor", "scale"};
const Names scale_keys{"path", "factor"};
const Names target_keys{"emissions", "energy"};
const Names period_keys{"name", "week", "weight"};
const Names exogenous_keys{"volume_growth", "trajectories"};
const Names trajectory_keys{"path", "values"};
const Names side_keys{"throughput", "lead_time", "on_time", "trade_off"};
const Names roadmap_keys{"name", "measures"};
const Names measure_keys{"intervention", "year"};
const Names optimise_keys{"allowed", "budget_per_year", "start_year", "finalists"};
const Names emission_bases{"co2e_location", "co2e_market", "co2e_location_with_goods", "co2e_market_with_goods"};
const Names attributions{"shapley", "sequential"};

class Reader : public YamlChecker {
public:
  Reader(std::vector<Diagnostic>& d, std::string file) : YamlChecker(d), file_(std::move(file)) {}

  PathwaySpec read(const YamlValue& root)
  {
    PathwaySpec s;
    if (not expect_map(root, "", "a pathway study: a map with name, model, roadmaps, ..."))
      return s;
    check_keys(root, "", top_keys);
    if (const YamlValue* v = require(root, "name", "", "a short title"))
      s.name = text(*v, "name", "a title").value_or("");
    if (const YamlValue* v = root.find("description"))
      s.description = text(*v, "description", "a text").value_or("");
    read_years(root, s);
    read_targets(root, s);
    if (const YamlValue* v = root.find("emissions"))
      if (auto k = choice(*v, "emissions", emission_bases))
        s.emissions_kpi = emission_bases[*k] + "_per_year_kg";
    read_periods(root.find("periods"), s);
    if (const YamlValue* v = root.find("exogenous"); v and expect_map(*v, "exogenous", "a map with volume_growth, trajectories")) {
      check_keys(*v, "exogenous", exogenous_keys);
      if (const YamlValue* g = v->find("volume_growth"))
        if (auto q = quantity(*g, "exogenous.volume_growth", Dimension::annual_rate)) {
          if (*q <= -1)
            error(g->where, "exogenous.volume_growth", "must be above -100 %/a");
          s.volume_growth = *q;
        }
      if (const YamlValue* t = v->find("trajectories"))
        read_trajectories(*t, s);
    }
    if (const YamlValue* v = root.find("replications"))
      s.replications = static_cast<int>(integer(*v, "replications", 1, 10000).value_or(1));
    if (const YamlValue* v = root.find("seed"))
      s.seed = static_cast<std::uint64_t>(integer(*v, "seed", 0, LLONG_MAX).value_or(1));
    if (const YamlValue* v = root.find("discount_rate"))
      if (auto q = quantity(*v, "discount_rate", Dimension::annual_rate)) {
        if (*q <= -1)
          error(v->where, "discount_rate", "must be above -100 %/a");
        s.discount_rate = *q;
      }
    if (const YamlValue* v = root.find("exchange_rates"); v and expect_map(*v, "exchange_rates", "a map such as {EUR: 11.4 SEK}"))
      for (const auto& e : v->entries)
        try {
          const Price p = parse_price(e.value.is_scalar() ? e.value.scalar : "", std::nullopt);
          s.exchange_rates[e.key] = p.per_si;
          rate_currency_[e.key]   = {p.currency, e.value.where};
        } catch (const UnitError& x) {
          error(e.value.where, "exchange_rates." + e.key, x.what());
        }
    if (const YamlValue* v = root.find("side_effects"); v and expect_map(*v, "side_effects", "a map of thresholds")) {
      check_keys(*v, "side_effects", side_keys);
      double* out[] = {&s.throughput_threshold, &s.lead_time_threshold, &s.on_time_threshold, &s.tradeoff_threshold};
      for (std::size_t k = 0; k < side_keys.size(); ++k)
        if (const YamlValue* t = v->find(side_keys[k]))
          if (auto q = quantity(*t, "side_effects." + side_keys[k], Dimension::fraction)) {
            if (*q < 0)
              error(t->where, "side_effects." + side_keys[k], "a threshold is a size of change: must be >= 0 %");
            *out[k] = *q;
          }
    }
    if (const YamlValue* v = root.find("attribution"))
      if (auto k = choice(*v, "attribution", attributions))
        s.attribution = static_cast<PathwaySpec::Attribution>(*k);
    if (const YamlValue* v = root.find("shapley_max"))
      s.shapley_max = static_cast<int>(integer(*v, "shapley_max", 1, 10).value_or(5));
    if (const YamlValue* v = root.find("task_time_limit"))
      if (auto q = quantity(*v, "task_time_limit", Dimension::time))
        s.task_time_limit_s = *q;
    read_model(root, s);
    read_catalogue(root, s);
    read_roadmaps(root.find("roadmaps"), s);
    if (const YamlValue* v = root.find("optimise"))
      read_optimise(*v, s);
    if (const YamlValue* v = root.find("uncertainty"))
      read_uncertainty(*v, root.find("replications"), s);
    check_currencies(s);
    return s;
  }

private:
  std::string file_;
  std::map<std::string, std::pair<std::string, SourceLocation>> rate_currency_;

  std::optional<int> year(const YamlValue& v, const std::string& path)
  {
    auto y = integer(v, path, 1990, 2100);
    if (y)
      return static_cast<int>(*y);
    return std::nullopt;
  }

  void read_years(const YamlValue& root, PathwaySpec& s)
  {
    if (const YamlValue* v = require(root, "base_year", "", "the year the targets are measured against, e.g. 2025"))
      s.base_year = year(*v, "base_year").value_or(2025);
    if (const YamlValue* v = root.find("target_year"))
      s.target_year = year(*v, "target_year").value_or(2040);
    if (s.target_year <= s.base_year) {
      error(root.where, "target_year", "must be after base_year (" + std::to_string(s.base_year) + ")");
      s.target_year = s.base_year + 1;
    }
    std::set<int> years{s.base_year, s.target_year};
    const YamlValue* list = root.find("years");
    const YamlValue* step = root.find("year_step");
    if (list and step)
      error(step->where, "year_step", "give either years or year_step, not both");
    if (list) {
      if (not list->is_sequence())
        error(list->where, "years", "expected a list of years, got " + list->describe());
      else
        for (const auto& item : list->items)
          if (auto y = year(item, "years")) {
            if (*y < s.base_year or *y > s.target_year)
              error(item.where, "years", "must be in [base_year, target_year] = [" + std::to_string(s.base_year) + ", " +
                                             std::to_string(s.target_year) + "], got " + std::to_string(*y));
            else
              years.insert(*y);
          }
    } else {
      int every = 1; // every year: a coarser grid smears measures that start between grid years
      if (step)
        if (auto q = quantity(*step, "year_step", Dimension::time)) {
          every = static_cast<int>(std::lround(*q / (365.0 * 86400)));
          if (every < 1 or std::abs(*q / (365.0 * 86400) - every) > 1e-9)
            error(step->where, "year_step", "must be a whole number of years >= 1 a, got " + step->describe());
          every = std::max(every, 1);
        }
      for (int y = s.base_year; y <= s.target_year; y += every)
        years.insert(y);
    }
    s.years.assign(years.begin(), years.end());
  }

  void read_targets(const YamlValue& root, PathwaySpec& s)
  {
    const YamlValue* v = root.find("targets");
    if (v == nullptr or not expect_map(*v, "targets", "a map {emissions: -75 %, energy: -75 %}"))
      return;
    check_keys(*v, "targets", target_keys);
    double* out[] = {&s.target_emissions, &s.target_energy};
    for (std::size_t k = 0; k < 2; ++k)
      if (const YamlValue* t = v->find(target_keys[k]))
        if (auto q = quantity(*t, "targets." + target_keys[k], Dimension::fraction)) {
          if (*q >= 0 or *q <= -1)
            error(t->where, "targets." + target_keys[k],
                  "a reduction target is a change in (-100 %, 0 %), e.g. -75 %, got " + t->describe());
          else
            *out[k] = *q;
        }
  }

  void read_periods(const YamlValue* v, PathwaySpec& s)
  {
    if (v == nullptr) {
      s.periods = {{"year", 0, 1.0}}; // week 0: the model's own run.start week (set in read_model)
      return;
    }
    if (not v->is_sequence() or v->items.empty()) {
      error(v->where, "periods", "expected a list of {name, week, weight}, got " + v->describe());
      return;
    }
    double total = 0;
    std::set<std::string> names;
    for (std::size_t i = 0; i < v->items.size(); ++i) {
      const YamlValue& item = v->items[i];
      const std::string path = "periods[" + std::to_string(i) + "]";
      if (not expect_map(item, path, "a map {name, week, weight}"))
        continue;
      check_keys(item, path, period_keys);
      PeriodSpec p;
      if (const YamlValue* n = require(item, "name", path, "a name such as winter"))
        if (auto t = text(*n, path + ".name", "a name")) {
          if (not is_word(*t) or not names.insert(*t).second)
            error(n->where, path + ".name", "must be a unique word (letters, digits, _), got '" + *t + "'");
          p.name = *t;
        }
      if (const YamlValue* w = require(item, "week", path, "the ISO week simulated, 1..52"))
        p.week = static_cast<int>(integer(*w, path + ".week", 1, 52).value_or(1));
      if (const YamlValue* w = require(item, "weight", path, "its share of the year such as 25 %"))
        if (auto q = quantity(*w, path + ".weight", Dimension::fraction)) {
          if (*q <= 0)
            error(w->where, path + ".weight", "must be above 0 %");
          p.weight = *q;
        }
      total += p.weight;
      s.periods.push_back(p);
    }
    if (std::abs(total - 1) > 1e-6)
      error(v->where, "periods", "the weights must add up to 100 %, they add up to " + std::to_string(total * 100) + " %");
  }

  void read_trajectories(const YamlValue& v, PathwaySpec& s)
  {
    if (not v.is_sequence()) {
      error(v.where, "exogenous.trajectories", "expected a list of {path, values: {year: value}}");
      return;
    }
    for (std::size_t i = 0; i < v.items.size(); ++i) {
      const YamlValue& item = v.items[i];
      const std::string path = "exogenous.trajectories[" + std::to_string(i) + "]";
      if (not expect_map(item, path, "a map {path, values}"))
        continue;
      check_keys(item, path, trajectory_keys);
      TrajectorySpec t;
      t.where = item.where;
      if (const YamlValue* p = require(item, "path", path, "the model path, e.g. site.carriers.electricity.price"))
        t.path = text(*p, path + ".path", "a model path").value_or("");
      if (const YamlValue* vals = require(item, "values", path, "a map year: model value");
          vals and expect_map(*vals, path + ".values", "a map year: model value, e.g. {2025: 0.15 EUR/kWh}"))
        for (const auto& e : vals->entries) {
          YamlValue key;
          key.kind   = YamlValue::Kind::scalar;
          key.scalar = e.key;
          key.where  = e.key_where;
          if (auto y = year(key, path + ".values"))
            t.points.emplace_back(*y, e.value);
        }
      std::sort(t.points.begin(), t.points.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      if (not t.points.empty() and t.points.front().first > s.base_year)
        error(item.where, path, "the first value must be for base_year " + std::to_string(s.base_year) + " or earlier");
      s.trajectories.push_back(std::move(t));
    }
  }

  void read_model(const YamlValue& root, PathwaySpec& s)
  {
    const YamlValue* m = require(root, "model", "", "the model file, relative to this file");
    if (m == nullptr or not m->is_scalar())
      return;
    s.model_file  = (fs::path(file_).parent_path() / m->scalar).lexically_normal().string();
    s.model_where = m->where;
    // Problems inside the model are reported at this study's model: key, which is what the reader edits first.
    auto report = [&](std::vector<Diagnostic> ds, const std::string& prefix) {
      for (auto d : ds) {
        if (d.file != file_)
          d = named_at(d, file_, m->where.line, m->where.column, "model");
        d.message = prefix + d.message;
        diags_.push_back(d);
      }
    };
    std::string text;
    try {
      text = read_text_file(s.model_file);
    } catch (const ModelError& e) {
      report(e.diagnostics(), "");
      return;
    }
    try {
      std::vector<Diagnostic> d;
      s.model_tree = parse_document(text, s.model_file, "a model file", {}, d);
      if (const YamlValue* set = root.find("set"); set and expect_map(*set, "set", "a map model path: model value"))
        for (const auto& e : set->entries)
          apply_override(s.model_tree, e.key, e.value, e.key_where, d);
      report(d, "base model with set: ");
      if (not d.empty())
        return;
      const ModelSpec base = load_model_tree(s.model_tree, s.model_file, text);
      if (not base.site)
        error(m->where, "model", "the model has no site: section, so it has no energy or emissions to follow; "
                                 "add one (docs/model-format.md#site) or set it with set: {site: {...}}");
      else
        s.currency = base.site->currency;
      const int week = iso_week_of(base.run.start);
      for (auto& p : s.periods)
        if (p.week == 0)
          p.week = week;
    } catch (const ModelError& e) {
      report(e.diagnostics(), "base model: ");
    }
  }

  /** The ISO week (1..52) of the model's start date (the loader has checked its format). */
  static int iso_week_of(const std::string& iso)
  {
    const DateTime t     = parse_date_time(iso);
    const long long day  = days_from_civil(t.year, static_cast<unsigned>(t.month), static_cast<unsigned>(t.day));
    const long long week = (day - iso_week1_monday(t.year)) / 7 + 1;
    return static_cast<int>(std::clamp(week, 1LL, 52LL));
  }

  void read_catalogue(const YamlValue& root, PathwaySpec& s)
  {
    std::vector<std::pair<std::string, SourceLocation>> sources; // each with the study key that named it
    auto named = [&](const std::string& t) { return (fs::path(file_).parent_path() / t).lexically_normal().string(); };
    const YamlValue* v = root.find("interventions");
    if (v == nullptr)
      sources.emplace_back(builtin_intervention_dir(), SourceLocation{});
    else if (v->is_scalar()) // "builtin" is the shipped catalogue here too, as in a list
      sources.emplace_back(v->scalar == "builtin" ? builtin_intervention_dir() : named(v->scalar), v->where);
    else if (v->is_sequence())
      for (const auto& item : v->items) {
        if (auto t = text(item, "interventions", "a directory or file"))
          sources.emplace_back(*t == "builtin" ? builtin_intervention_dir() : named(*t), item.where);
      }
    else
      error(v->where, "interventions", "expected a directory, a file or a list of them (\"builtin\": the shipped catalogue)");
    std::vector<std::string> paths;
    for (const auto& [path, where] : sources)
      paths.push_back(path);
    try {
      s.catalogue = load_interventions(paths);
    } catch (const ModelError& e) {
      // A problem in a catalogue this study names is reported at its interventions: entry (the shipped one has none).
      for (const auto& d : e.diagnostics()) {
        const auto by = std::find_if(sources.begin(), sources.end(), [&](const auto& src) {
          return d.file.compare(0, src.first.size(), src.first) == 0;
        });
        if (by == sources.end() or by->second.line == 0)
          diags_.push_back(d);
        else
          diags_.push_back(named_at(d, file_, by->second.line, by->second.column, "interventions"));
      }
    }
  }

  bool known(const std::string& id, const YamlValue& at, const std::string& path, const PathwaySpec& s)
  {
    if (s.catalogue.count(id))
      return true;
    Names ids;
    for (const auto& [k, iv] : s.catalogue)
      ids.push_back(k);
    error(at.where, path, "unknown intervention '" + id + "'" + did_you_mean(id, ids));
    return false;
  }

  void read_roadmaps(const YamlValue* v, PathwaySpec& s)
  {
    s.roadmaps.push_back({"no_measures", {}, {}});
    if (v == nullptr) {
      error({file_, 1, 1}, "roadmaps", "missing required key 'roadmaps' (a list of {name, measures})");
      return;
    }
    if (not v->is_sequence()) {
      error(v->where, "roadmaps", "expected a list of {name, measures: [{intervention, year}]}, got " + v->describe());
      return;
    }
    std::set<std::string> names{"no_measures"};
    for (std::size_t i = 0; i < v->items.size(); ++i) {
      const YamlValue& item = v->items[i];
      std::string path = "roadmaps[" + std::to_string(i) + "]";
      if (not expect_map(item, path, "a map {name, measures}"))
        continue;
      check_keys(item, path, roadmap_keys);
      RoadmapSpec r;
      r.where = item.where;
      if (const YamlValue* n = require(item, "name", path, "a word such as lean_first"))
        if (auto t = text(*n, path + ".name", "a name")) {
          if (not is_word(*t))
            error(n->where, path + ".name", "must be letters, digits and '_', got '" + *t + "'");
          else if (not names.insert(*t).second)
            error(n->where, path + ".name", "roadmap '" + *t + "' is given twice" +
                                                (*t == "no_measures" ? " (no_measures is the built-in reference)" : ""));
          r.name = *t;
          path   = "roadmaps[" + *t + "]";
        }
      if (const YamlValue* m = require(item, "measures", path, "a list of {intervention, year}"))
        read_measures(*m, path + ".measures", s, r);
      s.roadmaps.push_back(std::move(r));
    }
  }

  void read_measures(const YamlValue& v, const std::string& path, const PathwaySpec& s, RoadmapSpec& r)
  {
    if (not v.is_sequence()) {
      error(v.where, path, "expected a list of {intervention, year}, got " + v.describe());
      return;
    }
    for (const auto& item : v.items) {
      if (not expect_map(item, path, "a map {intervention: id, year: 2027}"))
        continue;
      check_keys(item, path, measure_keys);
      PathwayMeasure m;
      m.where = item.where;
      const YamlValue* id = require(item, "intervention", path, "an intervention id");
      const YamlValue* y  = require(item, "year", path, "the year it starts");
      if (id == nullptr or y == nullptr)
        continue;
      auto t  = text(*id, path + ".intervention", "an intervention id");
      auto yr = year(*y, path + ".year");
      if (not t or not yr)
        continue;
      m.intervention = *t;
      m.year         = *yr;
      if (*yr < s.base_year or *yr > s.target_year)
        error(y->where, path + ".year", "must be in [base_year, target_year], got " + std::to_string(*yr));
      if (not known(*t, *id, path + ".intervention", s))
        continue;
      for (const auto& other : r.measures)
        if (other.intervention == *t)
          error(id->where, path, "intervention '" + *t + "' is given twice in roadmap '" + r.name + "'");
      r.measures.push_back(m);
    }
    // Prerequisites must start no later; conflicting measures cannot share a roadmap.
    for (const auto& m : r.measures) {
      const Intervention& iv = s.catalogue.at(m.intervention);
      for (const auto& pre : iv.prerequisites) {
        const auto it = std::find_if(r.measures.begin(), r.measures.end(),
                                     [&](const PathwayMeasure& o) { return o.intervention == pre; });
        if (it == r.measures.end() or it->year > m.year)
          error(m.where, path, "'" + m.intervention + "' needs '" + pre + "' in the same roadmap, started no later (" +
                                   std::to_string(m.year) + ")");
      }
      for (const auto& c : iv.conflicts)
        for (const auto& o : r.measures)
          if (o.intervention == c)
            error(m.where, path, "'" + m.intervention + "' conflicts with '" + c + "' (see " + iv.file + ")");
    }
  }

  void read_optimise(const YamlValue& v, PathwaySpec& s)
  {
    if (not expect_map(v, "optimise", "a map with allowed, budget_per_year, start_year, finalists"))
      return;
    check_keys(v, "optimise", optimise_keys);
    s.optimise_given = true;
    OptimiseSpec& o  = s.optimise;
    o.start_year     = s.base_year + 1;
    if (const YamlValue* a = v.find("allowed")) {
      if (not a->is_sequence())
        error(a->where, "optimise.allowed", "expected a list of intervention ids");
      else
        for (const auto& item : a->items)
          if (auto t = text(item, "optimise.allowed", "an intervention id"))
            if (known(*t, item, "optimise.allowed", s))
              o.allowed.push_back(*t);
    } else {
      std::set<std::string> used;
      for (const auto& r : s.roadmaps)
        for (const auto& m : r.measures)
          used.insert(m.intervention);
      o.allowed.assign(used.begin(), used.end());
    }
    if (const YamlValue* b = v.find("budget_per_year"))
      try {
        const Price p = parse_price(b->is_scalar() ? b->scalar : "", std::nullopt);
        o.budget_per_year = p.per_si;
        budget_currency_  = {p.currency, b->where};
      } catch (const UnitError& e) {
        error(b->where, "optimise.budget_per_year", e.what());
      }
    if (const YamlValue* y = v.find("start_year"))
      o.start_year = year(*y, "optimise.start_year").value_or(s.base_year + 1);
    if (o.start_year < s.base_year or o.start_year > s.target_year)
      error(v.where, "optimise.start_year", "must be in [base_year, target_year]");
    if (const YamlValue* f = v.find("finalists"))
      o.finalists = static_cast<int>(integer(*f, "optimise.finalists", 1, 10).value_or(3));
  }
  std::pair<std::string, SourceLocation> budget_currency_;

  std::optional<Distribution> distribution(const YamlValue& v, const std::string& path, Dimension d, const char* example)
  {
    if (not v.is_scalar()) {
      error(v.where, path, std::string("expected a distribution such as ") + example + ", got " + v.describe());
      return std::nullopt;
    }
    try {
      return Distribution::parse(v.scalar, d);
    } catch (const UnitError& e) {
      error(v.where, path, std::string(e.what()) + " (e.g. " + example + ")");
    }
    return std::nullopt;
  }

  // Stated parameter uncertainty: each input a distribution; replications become joint samples.
  void read_uncertainty(const YamlValue& v, const YamlValue* replications, PathwaySpec& s)
  {
    if (not expect_map(v, "uncertainty", "a map with samples, effects, volume_growth, scale"))
      return;
    check_keys(v, "uncertainty", uncertainty_keys);
    if (const YamlValue* n = require(v, "samples", "uncertainty", "the number of joint samples (one per replication)")) {
      const int samples = static_cast<int>(integer(*n, "uncertainty.samples", 1, 10000).value_or(1));
      if (replications and s.replications != samples)
        error(n->where, "uncertainty.samples", "each replication draws one sample, so samples sets the replications: "
                                               "remove replications (" + std::to_string(s.replications) + ") or make them equal");
      s.replications = samples;
    }
    auto add = [&](UncertainInput in, const YamlValue& at) {
      in.where = at.where;
      in.text  = at.scalar;
      s.uncertainty.push_back(std::move(in));
    };
    // effects and costs: a map intervention id -> multiplier distribution.
    auto per_intervention = [&](const char* key, UncertainInput::Kind kind, const char* example) {
      const YamlValue* e = v.find(key);
      const std::string at = std::string("uncertainty.") + key;
      if (e == nullptr or not expect_map(*e, at, "a map intervention: distribution"))
        return;
      for (const auto& entry : e->entries) {
        const std::string path = at + "." + entry.key;
        YamlValue id;
        id.where = entry.key_where;
        if (not known(entry.key, id, path, s))
          continue;
        if (auto d = distribution(entry.value, path, Dimension::fraction, example))
          add({kind, std::string(key) + "." + entry.key, entry.key, "", "1", *d, {}}, entry.value);
      }
    };
    per_intervention("effects", UncertainInput::Kind::effect, "\"triangular(60 %, 100 %, 120 %)\"");
    per_intervention("costs", UncertainInput::Kind::cost, "\"triangular(80 %, 100 %, 150 %)\"");
    if (const YamlValue* g = v.find("volume_growth")) {
      if (auto d = distribution(*g, "uncertainty.volume_growth", Dimension::annual_rate, "\"uniform(0 %/a, 2 %/a)\""))
        add({UncertainInput::Kind::volume_growth, "volume_growth", "release.interarrival", "", "1/a", *d, {}}, *g);
    }
    if (const YamlValue* g = v.find("grid_factor")) {
      // Shorthand for a scale of site.grid_scale (added to the model at 100 % when it has none).
      const YamlValue* site = s.model_tree.find("site");
      if (site == nullptr or site->find("grid") == nullptr)
        error(g->where, "uncertainty.grid_factor", "the model's site has no grid zone (site.grid) to scale");
      else if (auto d = distribution(*g, "uncertainty.grid_factor", Dimension::fraction, "\"triangular(80 %, 100 %, 130 %)\""))
        add({UncertainInput::Kind::scale, "grid_factor", "site.grid_scale", "", "1", *d, {}}, *g);
    }
    if (const YamlValue* list = v.find("scale")) {
      if (not list->is_sequence()) {
        error(list->where, "uncertainty.scale", "expected a list of {path, factor}, got " + list->describe());
        return;
      }
      std::set<std::string> paths;
      for (std::size_t i = 0; i < list->items.size(); ++i) {
        const YamlValue& item = list->items[i];
        const std::string path = "uncertainty.scale[" + std::to_string(i) + "]";
        if (not expect_map(item, path, "a map {path: model path, factor: distribution}"))
          continue;
        check_keys(item, path, scale_keys);
        const YamlValue* p = require(item, "path", path, "the model path, e.g. site.carriers.electricity.price");
        const YamlValue* f = require(item, "factor", path, "the multiplier in the target year, e.g. uniform(80 %, 150 %)");
        if (p == nullptr or f == nullptr)
          continue;
        const auto target = text(*p, path + ".path", "a model path");
        if (not target)
          continue;
        if (not paths.insert(*target).second)
          error(p->where, path + ".path", "'" + *target + "' is scaled twice");
        if (auto d = distribution(*f, path + ".factor", Dimension::fraction, "\"uniform(80 %, 150 %)\""))
          add({UncertainInput::Kind::scale, "scale." + *target, *target, "", "1", *d, {}}, *f);
      }
    }
  }

  void check_currencies(PathwaySpec& s)
  {
    if (s.currency.empty())
      return;
    for (const auto& [cur, rate] : rate_currency_)
      if (rate.first != s.currency)
        error(rate.second, "exchange_rates." + cur, "must be given in the site currency " + s.currency);
    auto check = [&](const std::string& cur, const SourceLocation& where, const std::string& what) {
      if (cur != s.currency and s.exchange_rates.count(cur) == 0)
        error(where, "exchange_rates", what + " is in " + cur + " but the site's currency is " + s.currency +
                                           ": add exchange_rates: {" + cur + ": <rate> " + s.currency + "}");
    };
    std::set<std::string> seen;
    for (const auto& r : s.roadmaps)
      for (const auto& m : r.measures) {
        const Intervention& iv = s.catalogue.at(m.intervention);
        if (seen.insert(iv.id).second)
          check(iv.currency, m.where, "intervention '" + iv.id + "'");
      }
    for (const auto& id : s.optimise.allowed)
      if (seen.insert(id).second)
        check(s.catalogue.at(id).currency, {file_, 0, 0}, "intervention '" + id + "'");
    if (not budget_currency_.first.empty()) {
      check(budget_currency_.first, budget_currency_.second, "optimise.budget_per_year");
      s.optimise.budget_per_year = s.to_site_currency(s.optimise.budget_per_year, budget_currency_.first);
    }
  }
};


/** Linear interpolation of a trajectory at `year` (quantities of one unit), else the step value. */
YamlValue trajectory_value(const TrajectorySpec& t, int year)
{
  const auto* lo = &t.points.front();
  for (const auto& p : t.points)
    if (p.first <= year)
      lo = &p;
  const auto* hi = lo;
  for (const auto& p : t.points)
    if (p.first > year) {
      hi = &p;
      break;
    }
  if (hi == lo or not lo->second.is_scalar() or not hi->second.is_scalar())
    return lo->second;
  double a = 0, b = 0;
  char ua[64] = {0}, ub[64] = {0};
  // Both ends must read as "<number> <unit>" with the same unit to interpolate.
  if (std::sscanf(lo->second.scalar.c_str(), "%lf %63[^\n]", &a, ua) < 1 or
      std::sscanf(hi->second.scalar.c_str(), "%lf %63[^\n]", &b, ub) < 1 or std::string(ua) != std::string(ub))
    return lo->second;
  const double w = static_cast<double>(year - lo->first) / (hi->first - lo->first);
  YamlValue v    = lo->second;
  char buf[96];
  std::snprintf(buf, sizeof buf, "%.10g", a + w * (b - a));
  v.scalar = std::string(buf) + (ua[0] ? std::string(" ") + ua : "");
  return v;
}

} // namespace

double PathwaySpec::to_site_currency(double amount, const std::string& cur) const
{
  if (cur == currency or amount == 0)
    return amount;
  const auto it = exchange_rates.find(cur);
  if (it == exchange_rates.end())
    throw ModelError(source_file + ": no exchange rate from " + cur + " to " + currency);
  return amount * it->second;
}

std::string iso_week_monday(int year, int week)
{
  const long long monday = iso_week1_monday(year) + 7LL * (week - 1);
  const std::chrono::year_month_day ymd{std::chrono::sys_days(std::chrono::days(monday))};
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT00:00", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

PathwaySpec load_pathway_text(const std::string& text, const std::string& file_name,
                              const std::vector<std::string>& overrides)
{
  std::vector<Diagnostic> diags;
  const YamlValue root = parse_document(text, file_name, "a pathway study", overrides, diags);
  PathwaySpec s        = Reader(diags, file_name).read(root);
  if (not diags.empty())
    throw_sorted(std::move(diags), file_name);
  s.source_file    = file_name;
  s.source_text    = text;
  s.effective_text = to_yaml_text(root);
  return s;
}

PathwaySpec load_pathway(const std::string& path, const std::vector<std::string>& overrides)
{
  return load_pathway_text(read_text_file(path), path, overrides);
}

AppliedSet roadmap_in_year(const PathwaySpec& s, const RoadmapSpec& r, int year)
{
  AppliedSet out;
  for (const auto& m : r.measures) {
    const Intervention& iv = s.intervention(m.intervention);
    const double share     = effect_share(iv, m.year, year);
    if (share > 0)
      out.emplace_back(&iv, share);
  }
  return out;
}

UncertaintySample draw_uncertainty(const PathwaySpec& s, int replication)
{
  UncertaintySample out;
  for (const auto& in : s.uncertainty) {
    // Its own stream per input: adding an input never changes the draws of the others.
    RandomStream rng(s.seed, static_cast<std::uint64_t>(replication), in.name, "uncertainty");
    out.values.push_back(in.dist.sample(rng));
  }
  return out;
}

namespace {
/** Multiplies every value at `path` by `factor`, as a one-change intervention named `id` would. */
void multiply_path(YamlValue& tree, const std::string& id, const std::string& path, double factor,
                   const SourceLocation& where, std::vector<Diagnostic>& diags)
{
  Intervention change;
  change.id = id;
  InterventionChange c;
  c.path   = path;
  c.op     = InterventionChange::Op::multiply;
  c.factor = factor;
  c.where  = where;
  change.changes.push_back(c);
  apply_intervention(tree, change, 1, diags);
}

/** uncertainty.grid_factor scales site.grid_scale: a model that does not state it gets the neutral 100 %. */
void ensure_grid_scale(YamlValue& tree)
{
  YamlValue* site = tree.find("site");
  if (site == nullptr or not site->is_map() or site->find("grid_scale") != nullptr)
    return;
  YamlValue one;
  one.kind   = YamlValue::Kind::scalar;
  one.scalar = "100 %";
  one.where  = site->where;
  site->entries.push_back({"grid_scale", site->where, std::move(one)});
}
} // namespace

ModelSpec build_pathway_model(const PathwaySpec& s, const AppliedSet& applied, int year, const PeriodSpec& period,
                              const std::string& label, const UncertaintySample* sample, ModelText keep_text)
{
  std::vector<Diagnostic> diags;
  YamlValue tree = s.model_tree;
  const SourceLocation here{s.source_file, 0, 0};
  auto scalar = [&](const std::string& text) {
    YamlValue v;
    v.kind   = YamlValue::Kind::scalar;
    v.scalar = text;
    v.where  = here;
    return v;
  };
  // Exogenous first (the world the plant lives in), then the plant's own measures on top.
  for (const auto& t : s.trajectories)
    apply_override(tree, t.path, trajectory_value(t, year), t.where, diags);
  double volume_growth = s.volume_growth;
  std::map<std::string, double> effect_factor;
  if (sample != nullptr)
    for (std::size_t i = 0; i < s.uncertainty.size() and i < sample->values.size(); ++i) {
      const UncertainInput& in = s.uncertainty[i];
      const double x           = sample->values[i];
      if (in.kind == UncertainInput::Kind::volume_growth)
        volume_growth = x;
      else if (in.kind == UncertainInput::Kind::effect)
        effect_factor[in.target] = x;
      else if (in.kind == UncertainInput::Kind::cost)
        continue; // costs are money, not the plant: the runner scales them
      else {
        if (in.target == "site.grid_scale")
          ensure_grid_scale(tree);
        // The base year is the reference the targets are measured against: known, so unscaled.
        const double g = 1 + (x - 1) * static_cast<double>(year - s.base_year) / (s.target_year - s.base_year);
        if (g == 1)
          continue; // exactly 1: the tree is left as written (bit-for-bit equal to no uncertainty)
        multiply_path(tree, "uncertainty." + in.name, in.target, g, in.where, diags);
      }
    }
  if (volume_growth != 0 and year != s.base_year) {
    // Made to order, the customers' orders set the volume: they come more often, as released parts would.
    const YamlValue* release = tree.find("release");
    const std::string path   = release != nullptr and release->find("interarrival") != nullptr
                                   ? "release.interarrival"
                                   : "transport.outbound.customers[*].orders.interarrival";
    multiply_path(tree, "exogenous.volume_growth", path, 1 / std::pow(1 + volume_growth, year - s.base_year), here,
                  diags);
  }
  for (const auto& [iv, share] : applied) {
    // A sampled multiplier scales how much of the change applies (share x multiplier; above 1 extrapolates).
    const auto f = effect_factor.find(iv->id);
    apply_intervention(tree, *iv, f == effect_factor.end() ? share : share * f->second, diags);
  }
  apply_override(tree, "run.start", scalar(iso_week_monday(year, period.week)), here, diags);
  apply_override(tree, "run.seed", scalar(std::to_string(s.seed)), here, diags);
  apply_override(tree, "run.replications", scalar(std::to_string(s.replications)), here, diags);
  // Pathway tasks keep only KPIs: the hourly table would be carried back from every task for nothing.
  if (tree.find("site") != nullptr)
    apply_override(tree, "site.hourly_series", scalar("false"), here, diags);
  try {
    if (diags.empty())
      return load_model_tree(tree, s.model_file, keep_text == ModelText::keep ? to_yaml_text(tree) : std::string());
  } catch (const ModelError& e) {
    diags = e.diagnostics();
  }
  for (auto& d : diags) {
    if (d.file == s.model_file)
      d = named_at(d, s.source_file, s.model_where.line, s.model_where.column, "model");
    d.message = label + ": " + d.message;
  }
  throw ModelError(std::move(diags));
}

} // namespace greenfab
