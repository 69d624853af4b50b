// Pathway orchestration: the evaluation plan (deduplicated models), journaled task runs, the analysis and
// the HDF5 file. The numbers are computed in PathwayAnalysis.cpp; here they are gathered and laid out.
#include "experiment/PathwayRunner.hpp"
#include "core/Errors.hpp"
#include "core/Statistics.hpp"
#include "experiment/Journal.hpp"
#include "experiment/PathwayAnalysis.hpp"
#include "experiment/TaskRunner.hpp"
#include "io/AtomicFile.hpp"
#include "io/H5File.hpp"
#include "io/Provenance.hpp"
#include "model/Intervention.hpp"
#include "results/RunResultCodec.hpp"
#include "results/TableBuilder.hpp"


#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <set>
#include <sstream>

namespace greenfab {
namespace {

const double nan_v = std::nan("");

/** What of a catalogue entry shapes the models it is applied to (its changes), for the journal identity. */
std::string intervention_identity(const Intervention& iv)
{
  std::string out = iv.id;
  for (const auto& c : iv.changes) {
    out += "\n" + c.path + " " + std::to_string(static_cast<int>(c.op)) + " ";
    char factor[32];
    std::snprintf(factor, sizeof factor, "%.17g ", c.factor);
    out += factor + to_yaml_text(c.value);
    out += c.integer ? " integer" : "";
    out += c.optional ? " optional" : "";
  }
  return out;
}

/** One evaluation: a set of interventions at their shares in a year; one run per period and replication. */
struct Request {
  std::vector<std::vector<int>> runs; ///< [period][replication] -> index into Plan::runs (and the results)
};

/** One model of the study, described by its edits of the base model: built by the worker that runs it. */
struct Scenario {
  AppliedSet applied;
  int year   = 0;
  int period = 0;
  int sample = -1;   ///< the replication whose draw of the uncertain inputs it carries; -1: none
  std::string label; ///< prefixes the messages of its model
  std::string key;   ///< its identity: the edits, year, period and sample (equal keys, equal models)
};

/** Scenarios deduplicated by their edits: the no-measures model of a year is simulated once, whoever asks.
 *  A run is (scenario, replication). Without `uncertainty:` a scenario serves every replication; with it,
 *  replication k's scenario carries its own draw of the uncertain inputs. Models are not built here: each
 *  request's model is built once for validation (every problem is reported before anything runs, and the
 *  process's data caches are warm before the workers fork), then dropped, so the study's memory does not
 *  grow with its number of models. */
class Plan {
public:
  explicit Plan(const PathwaySpec& s) : s_(s)
  {
    for (int k = 0; k < s.replications and not s.uncertainty.empty(); ++k)
      samples.push_back(draw_uncertainty(s, k));
  }
  int add(const AppliedSet& applied, int year, const std::string& label)
  {
    std::string key = std::to_string(year);
    for (const auto& [iv, share] : applied)
      key += "|" + iv->id + ":" + std::to_string(share);
    if (const auto it = by_key_.find(key); it != by_key_.end())
      return it->second;
    Request r;
    const bool sampled = not samples.empty();
    for (std::size_t p = 0; p < s_.periods.size(); ++p) {
      const PeriodSpec& period = s_.periods[p];
      const std::string where  = label + ", period " + period.name;
      // Validation: sample 0's model stands for the others (the draws only scale values of the same model).
      (void)build_pathway_model(s_, applied, year, period, where + (sampled ? ", replication 0" : ""),
                                sampled ? &samples.front() : nullptr, ModelText::drop);
      std::vector<int> per_rep;
      for (int k = 0; k < s_.replications; ++k) {
        const int sample = sampled ? k : -1;
        const std::string scenario_key = key + "|p" + std::to_string(p) + "|s" + std::to_string(sample);
        int m = 0;
        if (const auto found = by_scenario_.find(scenario_key); found != by_scenario_.end()) {
          m = found->second;
        } else {
          m = static_cast<int>(scenarios.size());
          by_scenario_.emplace(scenario_key, m);
          scenarios.push_back({applied, year, static_cast<int>(p), sample,
                               where + (sampled ? ", replication " + std::to_string(k) : ""), scenario_key});
        }
        const auto run = by_run_.find({m, k});
        if (run != by_run_.end()) {
          per_rep.push_back(run->second);
        } else {
          by_run_.emplace(std::make_pair(m, k), static_cast<int>(runs.size()));
          per_rep.push_back(static_cast<int>(runs.size()));
          runs.emplace_back(m, k);
        }
      }
      r.runs.push_back(std::move(per_rep));
    }
    requests.push_back(std::move(r));
    by_key_.emplace(key, static_cast<int>(requests.size() - 1));
    return static_cast<int>(requests.size() - 1);
  }
  /** The model of scenario `m`, as the worker that runs it builds it. */
  ModelSpec build(int m) const
  {
    const Scenario& c = scenarios.at(static_cast<std::size_t>(m));
    return build_pathway_model(s_, c.applied, c.year, s_.periods[static_cast<std::size_t>(c.period)], c.label,
                               c.sample >= 0 ? &samples[static_cast<std::size_t>(c.sample)] : nullptr, ModelText::drop);
  }
  std::vector<UncertaintySample> samples; ///< per replication (empty without uncertainty)
  std::vector<Scenario> scenarios;
  std::vector<std::pair<int, int>> runs;  ///< (scenario, replication)
  std::vector<Request> requests;

private:
  const PathwaySpec& s_;
  std::map<std::string, int> by_key_;
  std::map<std::string, int> by_scenario_;
  std::map<std::pair<int, int>, int> by_run_;
};

/** The KPI values of the study's runs. A study holds thousands of runs and reads only their numbers, so
 *  names, units and descriptions are kept once, not once per run. */
class RunValues {
public:
  void set(std::size_t run, const RunResult& r)
  {
    if (values_.size() <= run)
      values_.resize(run + 1);
    std::vector<double>& v = values_[run];
    v.clear();
    if (r.status != "ok")
      return; // no values: every get() is NaN, as for a failed run
    for (const auto& k : r.kpis) {
      const auto [it, added] = index_.try_emplace(k.name, index_.size());
      if (v.size() <= it->second)
        v.resize(it->second + 1, nan_v);
      v[it->second] = k.value;
    }
  }
  /** Run `run`'s value of `kpi`; NaN if the run failed or has no such KPI. */
  double get(std::size_t run, const std::string& kpi) const
  {
    const auto it = index_.find(kpi);
    if (it == index_.end() or run >= values_.size() or it->second >= values_[run].size())
      return nan_v;
    return values_[run][it->second];
  }

private:
  std::map<std::string, std::size_t> index_;
  std::vector<std::vector<double>> values_;
};

/** Runs plan.runs[first..] through the journal at `jpath`; fills results (run order). */
bool run_models(const PathwaySpec& s, const Plan& plan, std::size_t first, TaskBackend& backend,
                const std::string& jpath, const PathwayOptions& o, RunValues& results, PathwayOutcome& out)
{
  const int reps = s.replications;
  // Task ids are ints; the loader's bounds (replications, periods, years) keep runs far below this.
  if (plan.runs.size() - first > static_cast<std::size_t>(max_tasks))
    throw ModelError(s.source_file + ": the study needs " + std::to_string(plan.runs.size() - first) +
                     " runs, more than the " + std::to_string(max_tasks) + " one command runs");
  const int total = static_cast<int>(plan.runs.size() - first);
  std::vector<Task> all;
  for (int t = 0; t < total; ++t) {
    const auto& run = plan.runs[first + static_cast<std::size_t>(t)];
    Task task;
    task.id          = t;
    task.replication = run.second;
    task.seed        = static_cast<std::uint64_t>(s.seed);
    task.build       = [&plan, m = run.first] { return plan.build(m); };
    task.kpis_only   = true;
    all.push_back(std::move(task));
  }
  // Everything a task's model is made of: the study as read (with --set), the base model, the catalogue,
  // and each run's edits.
  std::uint64_t h = hash_piece(fnv1a64("greenfab pathway journal 3"), std::to_string(reps) + " " + std::to_string(s.seed));
  h = hash_piece(hash_piece(h, s.effective_text), to_yaml_text(s.model_tree));
  for (const auto& [id, iv] : s.catalogue)
    h = hash_piece(h, intervention_identity(iv));
  for (std::size_t t = first; t < plan.runs.size(); ++t)
    h = hash_piece(hash_piece(h, plan.scenarios[static_cast<std::size_t>(plan.runs[t].first)].key),
                   std::to_string(plan.runs[t].second));
  TaskRunOptions run_options;
  run_options.journal     = jpath;
  run_options.fingerprint = h;
  run_options.resume      = o.resume;
  run_options.on_notice   = o.on_notice;
  if (o.on_progress)
    run_options.on_progress = [&](const TaskProgress& p) { o.on_progress(p.done, p.total, p.failed, p.resumed); };
  const TaskRun run = run_tasks(all, backend, run_options);
  if (not run.writer) {
    out.writer      = false;
    out.interrupted = run.interrupted;
    return false;
  }
  out.total += total;
  out.done += run.progress.done;
  if (run.interrupted) {
    out.interrupted = true;
    return false;
  }
  for (int t = 0; t < total; ++t) {
    const RunResult r = run.result(t);
    out.failed += r.status != "ok";
    results.set(first + static_cast<std::size_t>(t), r);
  }
  return true;
}

/** The study's numbers for one request and replication: period-weighted KPI values. */
class Values {
public:
  Values(const PathwaySpec& s, const Plan& p, const RunValues& r) : s_(s), p_(p), r_(r) {}
  /** Weighted over periods; `annualise` multiplies window totals by the run's annualisation factor. */
  double get(int request, int rep, const std::string& kpi, bool annualise = false) const
  {
    double sum = 0;
    const auto& runs = p_.requests[static_cast<std::size_t>(request)].runs;
    for (std::size_t k = 0; k < runs.size(); ++k) {
      const std::size_t run = static_cast<std::size_t>(runs[k][static_cast<std::size_t>(rep)]);
      double v              = r_.get(run, kpi);
      if (std::isnan(v))
        return nan_v;
      if (annualise)
        v *= r_.get(run, "annualisation_factor");
      sum += s_.periods[k].weight * v;
    }
    return sum;
  }
  /** Mean over replications of get(). */
  double mean(int request, const std::string& kpi, bool annualise = false) const
  {
    std::vector<double> x;
    for (int k = 0; k < s_.replications; ++k)
      x.push_back(get(request, k, kpi, annualise));
    double m = 0, hw = 0;
    mean_hw(x, m, hw);
    return m;
  }

private:
  const PathwaySpec& s_;
  const Plan& p_;
  const RunValues& r_;
};

std::string fmt(double x, int digits = 3)
{
  if (not std::isfinite(x))
    return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", digits, x);
  return buf;
}

std::string pct(double x)
{
  if (not std::isfinite(x))
    return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%+.1f %%", 100 * x);
  return buf;
}

Column col(const std::string& name, const std::string& unit, const std::string& description)
{
  return Column{name, unit, description, {}};
}

struct RoadmapRow {
  std::string name, measures, flags;
  std::string warnings; ///< what `greenfab run` would warn about in some year (steady state, overload)
  bool optimised = false;
  double e_year = nan_v, e_year_hw = nan_v, n_year = nan_v, n_year_hw = nan_v;
  double e_reached_share = 0, n_reached_share = 0, p_both = 0, p_both_low = nan_v, p_both_high = nan_v;
  double cum_e = nan_v, cum_e_hw = nan_v, npc = nan_v, npc_hw = nan_v, investment = 0;
  double e_change = nan_v, n_change = nan_v, thr_change = nan_v, lead_change = nan_v, on_time_change = nan_v;
  bool dominated = false; ///< another roadmap is no worse in NPC, target-year emissions and energy, better in one
  int check_year = 0; ///< the off-grid year simulated to measure the interpolation (0: every year simulated)
  double e_interpolation_error = nan_v, n_interpolation_error = nan_v; ///< |interpolated - simulated| / base year
};

/** The off-grid year at which a roadmap's interpolation is checked: the first year not simulated at or after
 *  its first measure (where a start between grid years is smeared over the interval), else the first year not
 *  simulated; 0 when every year is simulated. */
int interpolation_check_year(const PathwaySpec& s, const RoadmapSpec& r)
{
  int from = s.target_year;
  for (const auto& m : r.measures)
    from = std::min(from, m.year);
  if (r.measures.empty())
    from = s.base_year;
  for (int pass = 0; pass < 2; ++pass)
    for (int y = pass == 0 ? from : s.base_year; y < s.target_year; ++y)
      if (not std::binary_search(s.years.begin(), s.years.end(), y))
        return y;
  return 0;
}

/** Years (as "2030" or "2030-2040") where the study's runs of one roadmap show what `greenfab run` warns
 *  about, so that a pathway does not hide it: the window is not in steady state (|Little's law residual|
 *  > 5 %, the run's own threshold: overload, or a warm-up too short), or on-time delivery collapses (below
 *  50 % where the model delivers). Means over replications and periods. */
std::string roadmap_warnings(const PathwaySpec& s, const Values& V, const std::vector<int>& by_year)
{
  struct Check {
    const char* what;
    std::function<double(int)> value; ///< of request q; NaN: not applicable
    std::function<bool(double)> bad;
  };
  const std::vector<Check> checks{
      {"Little's law off", [&](int q) { return V.mean(q, "littles_law_residual"); },
       [](double x) { return std::abs(x) > 0.05; }},
      {"on-time delivery", [&](int q) { return V.mean(q, "on_time_share"); }, [](double x) { return x < 0.5; }}};
  std::string out;
  for (const auto& c : checks) {
    std::vector<std::pair<int, double>> hits;
    for (std::size_t yi = 0; yi < by_year.size(); ++yi) {
      const double x = c.value(by_year[yi]);
      if (std::isfinite(x) and c.bad(x))
        hits.emplace_back(s.years[yi], x);
    }
    if (hits.empty())
      continue;
    const auto worst = std::max_element(hits.begin(), hits.end(), [](const auto& a, const auto& b) {
      return std::abs(a.second) < std::abs(b.second);
    });
    // Appended piecewise: GCC 12 warns falsely (-Wrestrict) on chained string operator+.
    if (not out.empty())
      out.append("; ");
    out.append(c.what).append(" ").append(pct(worst->second)).append(" in ").append(std::to_string(hits.front().first));
    if (hits.size() > 1)
      out.append("-").append(std::to_string(hits.back().first)).append(" (").append(std::to_string(hits.size())).append(" years)");
  }
  return out;
}

/** Linear interpolation of the simulated `values` (at `years`, sorted) at `year`. */
double interpolate_at(const std::vector<int>& years, const std::vector<double>& values, int year)
{
  const auto hi = static_cast<std::size_t>(std::upper_bound(years.begin(), years.end(), year) - years.begin());
  const std::size_t lo = hi - 1;
  const double w = static_cast<double>(year - years[lo]) / (years[hi] - years[lo]);
  return values[lo] + w * (values[hi] - values[lo]);
}

} // namespace

PathwayOutcome run_pathway(const PathwaySpec& s, TaskBackend& backend, const PathwayOptions& o)
{
  PathwayOutcome out;
  const int reps = s.replications;
  const int nyears = static_cast<int>(s.years.size());
  Plan plan(s);

  // ---- phase 1: roadmaps x years; single measures at the target year (MAC, optimiser screening); subsets
  // of each roadmap at the target year (attribution).
  std::vector<std::vector<int>> roadmap_req; // [roadmap][year index]
  std::vector<int> check_req;                // [roadmap]: the interpolation check year's request, or -1
  std::vector<int> check_year;               // [roadmap]: that year (0: every year simulated)
  auto add_roadmap = [&](const RoadmapSpec& r) {
    std::vector<int> row;
    for (int y : s.years)
      row.push_back(plan.add(roadmap_in_year(s, r, y), y, "roadmap " + r.name + ", year " + std::to_string(y)));
    roadmap_req.push_back(row);
    const int check = interpolation_check_year(s, r);
    check_year.push_back(check);
    check_req.push_back(check == 0 ? -1
                                   : plan.add(roadmap_in_year(s, r, check), check,
                                              "roadmap " + r.name + ", year " + std::to_string(check) +
                                                  " (interpolation check)"));
  };
  for (const auto& r : s.roadmaps)
    add_roadmap(r);
  std::vector<std::string> singles;
  for (const auto& r : s.roadmaps)
    for (const auto& m : r.measures)
      if (std::find(singles.begin(), singles.end(), m.intervention) == singles.end())
        singles.push_back(m.intervention);
  if (o.optimise)
    for (const auto& id : s.optimise.allowed)
      if (std::find(singles.begin(), singles.end(), id) == singles.end())
        singles.push_back(id);
  std::map<std::string, int> single_req;
  for (const auto& id : singles)
    single_req[id] = plan.add({{&s.intervention(id), 1.0}}, s.target_year, "intervention " + id + " alone, year " +
                                                                                std::to_string(s.target_year));
  struct Attribution {
    std::size_t roadmap;
    AppliedSet applied;
    bool shapley;
    std::vector<int> subset_req; ///< by bit mask (shapley) or prefix length (sequential)
  };
  std::vector<Attribution> attributions;
  for (std::size_t r = 1; r < s.roadmaps.size(); ++r) {
    Attribution a{r, roadmap_in_year(s, s.roadmaps[r], s.target_year), false, {}};
    const int n = static_cast<int>(a.applied.size());
    if (n == 0)
      continue;
    a.shapley = s.attribution == PathwaySpec::Attribution::shapley and n <= s.shapley_max;
    const std::size_t count = a.shapley ? (std::size_t{1} << n) : static_cast<std::size_t>(n) + 1;
    for (std::size_t k = 0; k < count; ++k) {
      AppliedSet subset;
      for (int i = 0; i < n; ++i)
        if (a.shapley ? (k & (std::size_t{1} << i)) != 0 : static_cast<std::size_t>(i) < k)
          subset.push_back(a.applied[static_cast<std::size_t>(i)]);
      a.subset_req.push_back(plan.add(subset, s.target_year, "roadmap " + s.roadmaps[r].name + " subset, year " +
                                                                 std::to_string(s.target_year)));
    }
    attributions.push_back(std::move(a));
  }

  if (o.on_notice)
    o.on_notice(std::to_string(plan.scenarios.size()) + " distinct models, " + std::to_string(reps) +
                (s.uncertainty.empty() ? " replications" : " replications (one joint sample of the uncertain inputs each)") +
                ": " + std::to_string(plan.runs.size()) + " tasks on " + std::to_string(backend.workers()) + " workers");
  RunValues results;
  const std::string j1 = o.output + ".journal", j2 = o.output + ".journal2";
  if (not run_models(s, plan, 0, backend, j1, o, results, out))
    return out;

  const Values V(s, plan, results);
  const std::string E = s.emissions_kpi, N = s.energy_kpi, C = "energy_cost_per_year";
  const int target_i  = nyears - 1;
  const int none_base = roadmap_req[0][0], none_target = roadmap_req[0][static_cast<std::size_t>(target_i)];
  const double E_none_t = V.mean(none_target, E), N_none_t = V.mean(none_target, N);
  const double C_none_t = V.mean(none_target, C);

  // Sampled cost multipliers (uncertainty.costs) of replication k; tables of means use their mean.
  auto cost_factor = [&](const std::string& id, int k) {
    for (std::size_t i = 0; i < s.uncertainty.size(); ++i)
      if (s.uncertainty[i].kind == UncertainInput::Kind::cost and s.uncertainty[i].target == id)
        return plan.samples.at(static_cast<std::size_t>(k)).values[i];
    return 1.0;
  };
  auto mean_cost_factor = [&](const std::string& id) {
    double sum = 0;
    for (int k = 0; k < reps; ++k)
      sum += cost_factor(id, k);
    return sum / reps;
  };
  auto investment_of = [&](const Intervention& iv) {
    return s.to_site_currency(iv.investment, iv.currency) * mean_cost_factor(iv.id);
  };
  // Annualised investment + yearly cost; replication k's draw, or (k < 0) the mean over replications.
  auto annual_fixed = [&](const Intervention& iv, int k) {
    const double f = k < 0 ? mean_cost_factor(iv.id) : cost_factor(iv.id, k);
    return f * (s.to_site_currency(iv.investment, iv.currency) * capital_recovery_factor(s.discount_rate, iv.lifetime_years) +
                s.to_site_currency(iv.yearly_cost, iv.currency));
  };

  // ---- interventions: MAC and trade-offs (alone, full effect, target year, paired with no_measures by CRN)
  TableBuilder ivb("interventions", "intervention");
  ivb.key("intervention").text("category").text("trade_off")
      .column("abatement_per_year_kg", "kg", "target-year emissions of no_measures minus with this measure alone (full effect)")
      .column("energy_saving_per_year_J", "J", "same for energy use")
      .column("investment", s.currency, "investment in the site currency")
      .column("annual_cost", s.currency, "investment x capital recovery factor + running cost change + energy cost change, per year")
      .column("mac_per_t", s.currency, "marginal abatement cost: annual_cost / abatement in t CO2e (negative: saves money)")
      .column("emissions_per_part_change", "1", "co2e_per_part_kg with this measure alone / no_measures - 1 (target year)")
      .column("energy_per_part_change", "1", "energy_per_part_J with this measure alone / no_measures - 1 (target year)")
      .column("abatement_hw_kg", "kg", "95 % half-width of abatement_per_year_kg over the replications (paired differences, common random numbers)")
      .column("energy_saving_hw_J", "J", "95 % half-width of energy_saving_per_year_J, likewise")
      .column("within_noise", "", "1: the abatement's 95 % interval contains 0, so the measure is not ranked by abatement cost (mac_per_t NaN)");
  std::map<std::string, double> e_cut, n_cut, annual_cost_of;
  for (const auto& id : singles) {
    const Intervention& iv = s.intervention(id);
    const int q            = single_req[id];
    const double abate = E_none_t - V.mean(q, E), save = N_none_t - V.mean(q, N);
    const double cost  = annual_fixed(iv, -1) + (V.mean(q, C) - C_none_t);
    // The effect's error: paired differences with no_measures, replication by replication (the same random
    // numbers and the same sample of the uncertain inputs), so only the measure differs.
    std::vector<double> d_e, d_n;
    for (int k = 0; k < reps; ++k) {
      d_e.push_back(V.get(none_target, k, E) - V.get(q, k, E));
      d_n.push_back(V.get(none_target, k, N) - V.get(q, k, N));
    }
    double abate_mean = 0, abate_hw = nan_v, save_mean = 0, save_hw = nan_v;
    mean_hw(d_e, abate_mean, abate_hw);
    mean_hw(d_n, save_mean, save_hw);
    const bool noise = not (std::isfinite(abate_hw) and std::abs(abate) > abate_hw);
    e_cut[id]          = E_none_t > 0 ? abate / E_none_t : 0;
    n_cut[id]          = N_none_t > 0 ? save / N_none_t : 0;
    annual_cost_of[id] = cost;
    // Sub-optimisation: a saving in one account paid for by an increase in another.
    std::string trade;
    for (const char* part : {"scope1_kg", "scope2_location_kg", "scope3_kg"}) {
      const double a = V.mean(none_target, part, true), b = V.mean(q, part, true);
      if (std::isfinite(a) and std::isfinite(b) and b - a > s.tradeoff_threshold * E_none_t)
        trade += std::string(trade.empty() ? "" : "; ") + part + " +" + fmt((b - a) / 1000) + " t/a";
    }
    if (abate > 0 and save < -s.tradeoff_threshold * N_none_t)
      trade += std::string(trade.empty() ? "" : "; ") + "energy use " + pct(-save / N_none_t);
    if (save > 0 and abate < -s.tradeoff_threshold * E_none_t)
      trade += std::string(trade.empty() ? "" : "; ") + "emissions " + pct(-abate / E_none_t);
    ivb.row()
        .set("intervention", id)
        .set("category", iv.category)
        .set("trade_off", trade)
        .set("abatement_per_year_kg", abate)
        .set("energy_saving_per_year_J", save)
        .set("investment", investment_of(iv))
        .set("annual_cost", cost)
        .set("mac_per_t", abate > 0 and not noise ? cost / (abate / 1000) : nan_v)
        .set("emissions_per_part_change", V.mean(q, "co2e_per_part_kg") / V.mean(none_target, "co2e_per_part_kg") - 1)
        .set("energy_per_part_change", V.mean(q, "energy_per_part_J") / V.mean(none_target, "energy_per_part_J") - 1)
        .set("abatement_hw_kg", abate_hw)
        .set("energy_saving_hw_J", save_hw)
        .set("within_noise", noise ? 1.0 : 0.0);
  }
  Table iv_table = ivb.take();

  // ---- phase 2 (--optimise): screen subsets, simulate the finalists as roadmaps
  std::vector<RoadmapSpec> roadmaps = s.roadmaps;
  std::size_t optimised_from        = roadmaps.size();
  std::vector<OptimiseCandidate> candidates;
  if (o.optimise) {
    OptimiseProblem p;
    p.base_year = s.base_year;
    p.first_year = s.optimise.start_year;
    p.target_year = s.target_year;
    p.budget_per_year = s.optimise.budget_per_year;
    p.discount_rate = s.discount_rate;
    p.none_emissions_ratio = E_none_t / V.mean(none_base, E);
    p.none_energy_ratio = N_none_t / V.mean(none_base, N);
    p.target_emissions = s.target_emissions;
    p.target_energy = s.target_energy;
    const auto& ids = s.optimise.allowed;
    for (const auto& id : ids) {
      const Intervention& iv = s.intervention(id);
      OptionSpec op{id, e_cut[id], n_cut[id], investment_of(iv), annual_cost_of[id], {}, {}, {}};
      for (std::size_t j = 0; j < ids.size(); ++j) {
        if (std::find(iv.prerequisites.begin(), iv.prerequisites.end(), ids[j]) != iv.prerequisites.end())
          op.prerequisites.push_back(static_cast<int>(j));
        const Intervention& other = s.intervention(ids[j]);
        if (std::find(iv.conflicts.begin(), iv.conflicts.end(), ids[j]) != iv.conflicts.end() or
            std::find(other.conflicts.begin(), other.conflicts.end(), id) != other.conflicts.end())
          op.conflicts.push_back(static_cast<int>(j));
      }
      // A prerequisite outside the allowed set makes the option unusable: point it at itself as a conflict.
      for (const auto& pre : iv.prerequisites)
        if (std::find(ids.begin(), ids.end(), pre) == ids.end())
          op.conflicts.push_back(static_cast<int>(&id - &ids[0]));
      for (int y = p.first_year; y <= p.target_year; ++y)
        op.share_by_start.push_back(effect_share(iv, y, s.target_year));
      p.options.push_back(std::move(op));
    }
    candidates = optimise_roadmap(p, s.optimise.finalists);
    for (std::size_t k = 0; k < candidates.size(); ++k) {
      RoadmapSpec r;
      r.name = "optimised_" + std::to_string(k + 1);
      for (std::size_t j = 0; j < candidates[k].chosen.size(); ++j)
        r.measures.push_back({ids[static_cast<std::size_t>(candidates[k].chosen[j])], candidates[k].start_years[j], {}});
      std::stable_sort(r.measures.begin(), r.measures.end(),
                       [](const PathwayMeasure& a, const PathwayMeasure& b) { return a.year < b.year; });
      roadmaps.push_back(std::move(r));
    }
    const std::size_t first_run = plan.runs.size();
    for (std::size_t r = optimised_from; r < roadmaps.size(); ++r)
      add_roadmap(roadmaps[r]);
    TaskBackend& finalists = o.finalists_backend != nullptr ? *o.finalists_backend : backend;
    if (plan.runs.size() > first_run and not run_models(s, plan, first_run, finalists, j2, o, results, out))
      return out;
  }

  // ---- per roadmap x year x replication
  Table years{"years", {"roadmap", "year", "replication"}, {{"roadmap", {}}}, {}};
  years.numeric = {col("year", "", "calendar year simulated"), col("replication", "", "replication (common random numbers across roadmaps)"),
                   col("emissions_per_year_kg", "kg", "annual emissions (" + E + ", period-weighted)"),
                   col("energy_use_per_year_J", "J", "annual energy use (" + N + ", period-weighted)"),
                   col("emissions_change", "1", "vs no_measures in the base year, same replication"),
                   col("energy_change", "1", "vs no_measures in the base year, same replication"),
                   col("energy_cost_per_year", s.currency, "annual energy cost"),
                   col("co2e_per_part_kg", "kg", "emissions per good part"), col("energy_per_part_J", "J", "energy per good part"),
                   col("throughput_per_h", "1/h", "good parts per hour"), col("lead_time_mean_s", "s", "mean lead time"),
                   col("on_time_share", "1", "share of orders delivered on time (NaN without transport)"),
                   // Per-unit figures (docs/kpis.md#per-unit-figures): a measure that raises output shows its
                   // per-part effect next to its absolute one.
                   col("scope12_location_per_good_part_kg", "kg", "scope 1 + 2 (location) per good part"),
                   col("scope3_cat1_per_good_part_kg", "kg", "purchased goods per good part"),
                   col("water_per_good_part_m3", "m3", "water per good part"),
                   col("waste_per_good_part_kg", "kg", "waste per good part"),
                   col("energy_per_tonne_J", "J/t", "energy use per tonne of product"),
                   col("scope12_location_per_tonne_kg", "kg/t", "scope 1 + 2 (location) per tonne of product"),
                   col("scope3_cat1_per_tonne_kg", "kg/t", "purchased goods per tonne of product"),
                   col("water_per_tonne_m3", "m3/t", "water per tonne of product"),
                   col("waste_per_tonne_kg", "kg/t", "waste per tonne of product"),
                   col("scope3_cat1_per_year_kg", "kg", "purchased goods per year (scope3_cat1_kg x annualisation, period-weighted)")};
  // The /years columns after year and replication: KPI values, except the two changes vs the base year.
  const std::vector<std::string> year_kpis{E, N, "emissions_change", "energy_change", C, "co2e_per_part_kg",
                                           "energy_per_part_J", "throughput_per_h", "lead_time_mean_s", "on_time_share",
                                           "scope12_location_per_good_part_kg", "scope3_cat1_per_good_part_kg",
                                           "water_per_good_part_m3", "waste_per_good_part_kg", "energy_per_tonne_J",
                                           "scope12_location_per_tonne_kg", "scope3_cat1_per_tonne_kg",
                                           "water_per_tonne_m3", "waste_per_tonne_kg", "scope3_cat1_per_year_kg"};
  std::vector<RoadmapRow> rows;
  for (std::size_t r = 0; r < roadmaps.size(); ++r) {
    const auto& rm = roadmaps[r];
    RoadmapRow row;
    row.name      = rm.name;
    row.optimised = r >= optimised_from;
    for (const auto& m : rm.measures)
      row.measures += (row.measures.empty() ? "" : ", ") + m.intervention + " " + std::to_string(m.year);
    std::vector<double> e_reach, n_reach, cum, npc, e_t, n_t, e_err, n_err;
    int both = 0;
    row.check_year = check_year[r];
    for (int k = 0; k < reps; ++k) {
      const double e0 = V.get(none_base, k, E), n0 = V.get(none_base, k, N);
      std::vector<double> es, ns, cs, cs0;
      for (int yi = 0; yi < nyears; ++yi) {
        const int q = roadmap_req[r][static_cast<std::size_t>(yi)];
        years.text[0].values.push_back(rm.name);
        const double e = V.get(q, k, E), n = V.get(q, k, N);
        for (std::size_t c = 0; c < year_kpis.size(); ++c) {
          const double v = year_kpis[c] == "emissions_change"          ? e / e0 - 1
                           : year_kpis[c] == "energy_change"           ? n / n0 - 1
                           : year_kpis[c] == "scope3_cat1_per_year_kg" ? V.get(q, k, "scope3_cat1_kg", true)
                                                                       : V.get(q, k, year_kpis[c]);
          years.numeric[c + 2].values.push_back(v);
        }
        years.numeric[0].values.push_back(s.years[static_cast<std::size_t>(yi)]);
        years.numeric[1].values.push_back(k);
        es.push_back(e);
        ns.push_back(n);
        cs.push_back(V.get(q, k, C));
        cs0.push_back(V.get(roadmap_req[0][static_cast<std::size_t>(yi)], k, C));
      }
      if (check_req[r] >= 0) {
        const int c = check_req[r];
        e_err.push_back(std::abs(interpolate_at(s.years, es, row.check_year) - V.get(c, k, E)) / e0);
        n_err.push_back(std::abs(interpolate_at(s.years, ns, row.check_year) - V.get(c, k, N)) / n0);
      }
      const auto ey = yearly_series(s.years, es), ny = yearly_series(s.years, ns);
      const auto cy = yearly_series(s.years, cs), cy0 = yearly_series(s.years, cs0);
      const double er = first_year_at_or_below(ey, s.base_year, (1 + s.target_emissions) * e0);
      const double nr = first_year_at_or_below(ny, s.base_year, (1 + s.target_energy) * n0);
      e_reach.push_back(er);
      n_reach.push_back(nr);
      both += std::isfinite(er) and std::isfinite(nr);
      double sum_e = 0, sum_c = 0;
      for (std::size_t i = 0; i < ey.size(); ++i) {
        const int y = s.base_year + static_cast<int>(i);
        sum_e += ey[i];
        double cost = cy[i] - cy0[i];
        for (const auto& m : rm.measures)
          if (m.year <= y)
            cost += annual_fixed(s.intervention(m.intervention), k);
        sum_c += cost / std::pow(1 + s.discount_rate, y - s.base_year);
      }
      cum.push_back(sum_e);
      npc.push_back(sum_c);
      e_t.push_back(es.back() / e0 - 1);
      n_t.push_back(ns.back() / n0 - 1);
    }
    mean_hw(e_reach, row.e_year, row.e_year_hw);
    mean_hw(n_reach, row.n_year, row.n_year_hw);
    row.e_reached_share = static_cast<double>(std::count_if(e_reach.begin(), e_reach.end(), [](double x) { return std::isfinite(x); })) / reps;
    row.n_reached_share = static_cast<double>(std::count_if(n_reach.begin(), n_reach.end(), [](double x) { return std::isfinite(x); })) / reps;
    row.p_both          = static_cast<double>(both) / reps;
    const ProportionInterval p_both_ci = wilson_interval(static_cast<std::uint64_t>(both), static_cast<std::uint64_t>(reps));
    row.p_both_low  = p_both_ci.low;
    row.p_both_high = p_both_ci.high;
    mean_hw(cum, row.cum_e, row.cum_e_hw);
    mean_hw(npc, row.npc, row.npc_hw);
    double hw = 0;
    mean_hw(e_t, row.e_change, hw);
    mean_hw(n_t, row.n_change, hw);
    if (not e_err.empty()) {
      mean_hw(e_err, row.e_interpolation_error, hw);
      mean_hw(n_err, row.n_interpolation_error, hw);
    }
    for (const auto& m : rm.measures)
      row.investment += investment_of(s.intervention(m.intervention));
    // Side effects: target year against no_measures in the same year.
    const int q = roadmap_req[r][static_cast<std::size_t>(target_i)];
    const double t0 = V.mean(none_target, "throughput_per_h"), t1 = V.mean(q, "throughput_per_h");
    const double l0 = V.mean(none_target, "lead_time_mean_s"), l1 = V.mean(q, "lead_time_mean_s");
    const double o0 = V.mean(none_target, "on_time_share"), o1 = V.mean(q, "on_time_share");
    row.thr_change     = t1 / t0 - 1;
    row.lead_change    = l1 / l0 - 1;
    row.on_time_change = o1 - o0;
    if (row.thr_change < -s.throughput_threshold)
      row.flags += "throughput " + pct(row.thr_change) + "; ";
    if (row.lead_change > s.lead_time_threshold)
      row.flags += "lead time " + pct(row.lead_change) + "; ";
    if (row.on_time_change < -s.on_time_threshold)
      row.flags += "on-time " + pct(row.on_time_change) + " points; ";
    for (const auto& m : rm.measures)
      for (std::size_t i = 0; i < iv_table.rows(); ++i)
        if (iv_table.find_text("intervention")->values[i] == m.intervention and
            not iv_table.find_text("trade_off")->values[i].empty())
          row.flags += m.intervention + " trade-off (" + iv_table.find_text("trade_off")->values[i] + "); ";
    if (row.flags.size() >= 2)
      row.flags.resize(row.flags.size() - 2);
    row.warnings = roadmap_warnings(s, V, roadmap_req[r]);
    rows.push_back(row);
  }

  // Dominance over (net present cost, emissions and energy in the target year): a dominated roadmap is
  // never presented as the answer.
  std::vector<ParetoPoint> points;
  for (const auto& r : rows)
    points.push_back({r.npc, r.e_change, r.n_change});
  const std::vector<std::size_t> front = pareto_front(points);
  for (std::size_t i = 0; i < rows.size(); ++i)
    rows[i].dominated = not std::binary_search(front.begin(), front.end(), i);
  const std::size_t closest = closest_roadmap(points, s.target_emissions, s.target_energy);

  TableBuilder rm("roadmaps", "roadmap");
  rm.key("roadmap").text("measures").text("side_effects").text("warnings")
      .column("optimised", "", "1: proposed by --optimise")
      .column("emissions_target_year_mean", "", "first year emissions are <= (1 + target) x base, mean over replications reaching it")
      .column("emissions_target_year_hw", "", "95 % half-width")
      .column("emissions_target_reached_share", "1", "share of replications reaching the emissions target by the target year")
      .column("energy_target_year_mean", "", "as emissions, for energy use")
      .column("energy_target_year_hw", "", "95 % half-width")
      .column("energy_target_reached_share", "1", "share of replications reaching the energy target")
      .column("p_both_by_target_year", "1", "share of replications reaching both targets by the target year")
      .column("p_both_low", "1", "95 % Wilson interval of p_both_by_target_year, lower bound")
      .column("p_both_high", "1", "95 % Wilson interval of p_both_by_target_year, upper bound")
      .column("cumulative_emissions_kg", "kg", "emissions summed over base year .. target year (linear between simulated years)")
      .column("cumulative_emissions_hw_kg", "kg", "95 % half-width")
      .column("net_present_cost", s.currency, "discounted (annualised investments + running costs + energy cost vs no_measures)")
      .column("net_present_cost_hw", s.currency, "95 % half-width")
      .column("investment", s.currency, "sum of the roadmap's investments (undiscounted, once each)")
      .column("emissions_change_target_year", "1", "vs base year")
      .column("energy_change_target_year", "1", "vs base year")
      .column("throughput_change", "1", "target year vs no_measures")
      .column("lead_time_change", "1", "target year vs no_measures")
      .column("on_time_change", "1", "share points, target year vs no_measures")
      .column("interpolation_check_year", "", "the year between simulated years also simulated to check the interpolation (0: every year simulated)")
      .column("interpolation_error_emissions", "1", "|interpolated - simulated| emissions in the check year, share of the base year (mean over replications; NaN: every year simulated)")
      .column("interpolation_error_energy", "1", "as interpolation_error_emissions, for energy use")
      .column("dominated", "", "1: another roadmap is no worse in net present cost, target-year emissions and energy and better in one (0: on the Pareto front)");
  for (const auto& r : rows) {
    rm.row()
        .set("roadmap", r.name)
        .set("measures", r.measures)
        .set("side_effects", r.flags)
        .set("warnings", r.warnings)
        .set("optimised", r.optimised ? 1.0 : 0.0)
        .set("emissions_target_year_mean", r.e_year)
        .set("emissions_target_year_hw", r.e_year_hw)
        .set("emissions_target_reached_share", r.e_reached_share)
        .set("energy_target_year_mean", r.n_year)
        .set("energy_target_year_hw", r.n_year_hw)
        .set("energy_target_reached_share", r.n_reached_share)
        .set("p_both_by_target_year", r.p_both)
        .set("p_both_low", r.p_both_low)
        .set("p_both_high", r.p_both_high)
        .set("cumulative_emissions_kg", r.cum_e)
        .set("cumulative_emissions_hw_kg", r.cum_e_hw)
        .set("net_present_cost", r.npc)
        .set("net_present_cost_hw", r.npc_hw)
        .set("investment", r.investment)
        .set("emissions_change_target_year", r.e_change)
        .set("energy_change_target_year", r.n_change)
        .set("throughput_change", r.thr_change)
        .set("lead_time_change", r.lead_change)
        .set("on_time_change", r.on_time_change)
        .set("interpolation_check_year", r.check_year)
        .set("interpolation_error_emissions", r.e_interpolation_error)
        .set("interpolation_error_energy", r.n_interpolation_error)
        .set("dominated", r.dominated ? 1.0 : 0.0);
  }
  Table rm_table = rm.take();

  // ---- attribution
  Table at_table{"attribution", {"roadmap", "intervention"}, {{"roadmap", {}}, {"intervention", {}}, {"method", {}}}, {}};
  at_table.numeric = {col("emissions_reduction_per_year_kg", "kg", "share of the target-year reduction vs no_measures attributed to the measure"),
                      col("energy_reduction_per_year_J", "J", "same for energy use"),
                      col("effect_share", "1", "share of the measure's full effect in the target year (ramp-up, fade)")};
  for (const auto& a : attributions) {
    const int n = static_cast<int>(a.applied.size());
    std::vector<double> ve, vn;
    for (int q : a.subset_req) {
      ve.push_back(E_none_t - V.mean(q, E));
      vn.push_back(N_none_t - V.mean(q, N));
    }
    std::vector<double> pe(static_cast<std::size_t>(n)), pn(static_cast<std::size_t>(n));
    if (a.shapley) {
      pe = shapley_values(n, ve);
      pn = shapley_values(n, vn);
    } else {
      for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) {
        pe[i] = ve[i + 1] - ve[i];
        pn[i] = vn[i + 1] - vn[i];
      }
    }
    for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) {
      at_table.text[0].values.push_back(s.roadmaps[a.roadmap].name);
      at_table.text[1].values.push_back(a.applied[i].first->id);
      at_table.text[2].values.push_back(a.shapley ? "shapley" : "sequential");
      at_table.numeric[0].values.push_back(pe[i]);
      at_table.numeric[1].values.push_back(pn[i]);
      at_table.numeric[2].values.push_back(a.applied[i].second);
    }
  }

  // ---- the sampled inputs, replication x input
  Table sm_table{"samples", {"replication"}, {}, {}};
  sm_table.numeric.push_back(col("replication", "", "replication: one joint sample of every uncertain input"));
  for (const auto& in : s.uncertainty)
    sm_table.numeric.push_back(col(in.name, in.unit,
                                   in.name + " ~ " + in.text +
                                       (in.kind == UncertainInput::Kind::effect ? ": multiplier on the effect share of " + in.target
                                        : in.kind == UncertainInput::Kind::cost
                                            ? ": multiplier on the investment and yearly cost of " + in.target
                                        : in.kind == UncertainInput::Kind::volume_growth
                                            ? ": volume growth per year (replaces exogenous.volume_growth)"
                                            : ": multiplier on " + in.target + " in the target year (1 in the base year, linear between)")));
  for (std::size_t k = 0; k < plan.samples.size(); ++k) {
    sm_table.numeric[0].values.push_back(static_cast<double>(k));
    for (std::size_t i = 0; i < s.uncertainty.size(); ++i)
      sm_table.numeric[i + 1].values.push_back(plan.samples[k].values[i]);
  }

  // ---- the answer, for the terminal
  std::ostringstream a;
  a << "\n" << s.name << ": targets " << pct(s.target_emissions) << " emissions (" << E << "), " << pct(s.target_energy)
    << " energy vs " << s.base_year << ", by " << s.target_year << "; " << reps << " replications, years";
  for (int y : s.years)
    a << " " << y;
  if (nyears == s.target_year - s.base_year + 1) {
    a << " (every year simulated)";
  } else {
    const RoadmapRow* worst = nullptr;
    for (const auto& r : rows)
      if (std::isfinite(r.e_interpolation_error) and
          (worst == nullptr or std::max(r.e_interpolation_error, r.n_interpolation_error) >
                                   std::max(worst->e_interpolation_error, worst->n_interpolation_error)))
        worst = &r;
    a << "\n  years between are interpolated linearly";
    if (worst != nullptr)
      a << "; checked by simulating one year between per roadmap, the interpolation is off by up to "
        << fmt(100 * worst->e_interpolation_error, 2) << " points of base-year emissions and "
        << fmt(100 * worst->n_interpolation_error, 2) << " of energy (" << worst->name << ", " << worst->check_year
        << "); simulate every year with year_step: 1 a";
  }
  if (s.uncertainty.empty()) {
    a << "\n  uncertainty: replication noise only (failures, orders, travel times); no input is sampled\n\n";
  } else {
    a << "\n  uncertainty: stochastic noise and " << s.uncertainty.size()
      << " sampled inputs, one joint sample per replication, the same in every roadmap:\n";
    for (const auto& in : s.uncertainty)
      a << "    " << in.name << " ~ " << in.text << "\n";
    a << "\n";
  }
  char line[512];
  std::snprintf(line, sizeof line, "  %-16s %-13s %-13s %-16s %-10s %-10s %-14s %s\n", "roadmap", "emissions by", "energy by",
                "P(both) [95 %]", "emissions", "energy", "NPC", "side effects");
  a << line;
  auto year_text = [&](double mean, double hw, double share) {
    if (not std::isfinite(mean))
      return std::string("not by ") + std::to_string(s.target_year);
    std::string t = fmt(std::round(mean), 4);
    if (std::isfinite(hw) and hw >= 0.5)
      t += "+/-" + fmt(hw, 2);
    if (share < 1)
      t += " (" + fmt(100 * share, 3) + "%)";
    return t;
  };
  for (const auto& r : rows) {
    const std::string p_both = fmt(r.p_both, 2) + " [" + fmt(r.p_both_low, 2) + "-" + fmt(r.p_both_high, 2) + "]";
    std::snprintf(line, sizeof line, "  %-16s %-13s %-13s %-16s %-10s %-10s %-14s %s\n", r.name.c_str(),
                  year_text(r.e_year, r.e_year_hw, r.e_reached_share).c_str(),
                  year_text(r.n_year, r.n_year_hw, r.n_reached_share).c_str(), p_both.c_str(),
                  pct(r.e_change).c_str(), pct(r.n_change).c_str(),
                  (fmt(r.npc / 1e3, 4) + " k" + s.currency).c_str(), r.flags.empty() ? "none" : r.flags.c_str());
    a << line;
  }
  a << "\n  (emissions/energy: change in " << s.target_year << " vs " << s.base_year
    << "; NPC: discounted cost incl. energy cost vs no_measures, " << fmt(100 * s.discount_rate)
    << " %/a; P(both): share of the " << reps << " replications meeting both targets by " << s.target_year
    << ", with its 95 % Wilson interval)\n";
  if (closest < rows.size()) {
    const RoadmapRow& c = rows[closest];
    const double e_gap = std::max(0.0, c.e_change - s.target_emissions), n_gap = std::max(0.0, c.n_change - s.target_energy);
    a << "\n  answer: " << c.name;
    if (e_gap == 0 and n_gap == 0)
      a << ", the least-cost roadmap meeting both targets on average by " << s.target_year;
    else
      a << " comes closest (on the Pareto front of cost, emissions and energy); it misses the emissions target by "
        << fmt(100 * e_gap, 2) << " points and the energy target by " << fmt(100 * n_gap, 2) << " points in "
        << s.target_year;
    a << "\n";
    std::string dominated;
    for (const auto& r : rows)
      if (r.dominated)
        dominated += (dominated.empty() ? "" : ", ") + r.name;
    if (not dominated.empty())
      a << "  dominated (another roadmap is no worse in cost, emissions and energy, and better in one): " << dominated
        << "\n";
  }
  bool warned = false;
  for (const auto& r : rows)
    if (not r.warnings.empty()) {
      if (not warned)
        a << "\n  warnings (what `greenfab run` would say of these runs; the figures above rest on them):\n";
      warned = true;
      a << "    " << r.name << ": " << r.warnings << "\n";
    }
  if (iv_table.rows() > 0) {
    a << "\n  abatement cost (each measure alone, full effect, " << s.target_year
      << "; abatement +/- its 95 % half-width; within noise: not ranked):\n";
    std::vector<std::size_t> order(iv_table.rows());
    for (std::size_t i = 0; i < order.size(); ++i)
      order[i] = i;
    const auto& mac    = iv_table.find("mac_per_t")->values;
    const auto& ids    = iv_table.find_text("intervention")->values;
    const auto& trades = iv_table.find_text("trade_off")->values;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
      const double mx = std::isfinite(mac[x]) ? mac[x] : 1e300, my = std::isfinite(mac[y]) ? mac[y] : 1e300;
      return mx < my;
    });
    const auto& abate_hw = iv_table.find("abatement_hw_kg")->values;
    const auto& noise    = iv_table.find("within_noise")->values;
    for (std::size_t i : order) {
      const std::string abated = fmt(iv_table.find("abatement_per_year_kg")->values[i] / 1000) + " +/- " + fmt(abate_hw[i] / 1000, 2);
      const std::string cost   = noise[i] == 1 ? "within noise" : fmt(mac[i], 4) + " " + s.currency + "/t";
      std::snprintf(line, sizeof line, "    %-22s %20s t/a  %18s  per part %8s  %s\n", ids[i].c_str(),
                    abated.c_str(), cost.c_str(),
                    pct(iv_table.find("emissions_per_part_change")->values[i]).c_str(),
                    trades[i].empty() ? "" : ("trade-off: " + trades[i]).c_str());
      a << line;
    }
  }
  if (o.optimise) {
    a << "\n  optimiser (enumeration on screened single-measure effects, finalists simulated above as optimised_k):\n";
    if (candidates.empty())
      a << "    no feasible roadmap within the budget and constraints\n";
    for (std::size_t k = 0; k < candidates.size(); ++k)
      a << "    optimised_" << k + 1 << (candidates[k].meets ? "" : " (screening says it misses a target)")
        << ": screened NPC " << fmt(candidates[k].npc / 1e3, 4) << " k" << s.currency << ", emissions "
        << pct(candidates[k].emissions_change) << ", energy " << pct(candidates[k].energy_change) << "\n";
  }
  out.answer = a.str();

  // ---- the file
  h5::write_atomically(o.output, "cannot write pathway results to '" + o.output + "'", [&](hid_t file) {
    write_provenance(file, {"pathway", pathway_format, pathway_format_version, o.command_line,
                            {{"study_text", s.source_text}}});
    h5::set_string_attribute(file, "name", s.name);
    h5::set_string_attribute(file, "description", s.description);
    h5::set_string_attribute(file, "emissions_kpi", E);
    h5::set_string_attribute(file, "energy_kpi", N);
    h5::set_string_attribute(file, "currency", s.currency);
    h5::set_int_attribute(file, "base_year", s.base_year);
    h5::set_int_attribute(file, "target_year", s.target_year);
    h5::set_int_attribute(file, "replications", reps);
    h5::set_double_attribute(file, "target_emissions", s.target_emissions);
    h5::set_double_attribute(file, "target_energy", s.target_energy);
    h5::set_double_attribute(file, "discount_rate", s.discount_rate);
    // The flags' thresholds, so that a reader needs not parse the study text (analysis/load.py).
    h5::set_double_attribute(file, "side_effect_throughput", s.throughput_threshold);
    h5::set_double_attribute(file, "side_effect_lead_time", s.lead_time_threshold);
    h5::set_double_attribute(file, "side_effect_on_time", s.on_time_threshold);
    h5::set_double_attribute(file, "side_effect_trade_off", s.tradeoff_threshold);
    h5::write_string_dataset(file, "answer", out.answer);
    h5::write_table(file, "years", years);
    h5::write_table(file, "roadmaps", rm_table);
    h5::write_table(file, "interventions", iv_table);
    h5::write_table(file, "attribution", at_table);
    if (not s.uncertainty.empty())
      h5::write_table(file, "samples", sm_table);
  });
  std::remove(j1.c_str());
  std::remove(j2.c_str());
  out.years         = std::move(years);
  out.roadmaps      = std::move(rm_table);
  out.interventions = std::move(iv_table);
  out.attribution   = std::move(at_table);
  out.samples       = std::move(sm_table);
  return out;
}

} // namespace greenfab
