// Replication statistics. Welford's update keeps the variance accurate for large, close values.
#include "results/Summary.hpp"
#include "results/TableBuilder.hpp"

#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace greenfab {

Estimate estimate(const std::vector<double>& xs, double confidence)
{
  Estimate e;
  if (not xs.empty() and std::all_of(xs.begin(), xs.end(), [&](double x) { return x == xs.front(); })) {
    // Identical values (also infinite ones, such as an unlimited capacity): no spread to estimate.
    e.n          = static_cast<int>(xs.size());
    e.mean       = xs.front();
    e.half_width = e.n > 1 ? 0 : std::numeric_limits<double>::quiet_NaN();
    return e;
  }
  double mean = 0, m2 = 0;
  for (double x : xs) {
    ++e.n;
    const double d = x - mean;
    mean += d / e.n;
    m2 += d * (x - mean);
  }
  e.mean = e.n > 0 ? mean : std::numeric_limits<double>::quiet_NaN();
  if (e.n < 2) {
    e.half_width = std::numeric_limits<double>::quiet_NaN();
    return e;
  }
  const boost::math::students_t t(e.n - 1);
  const double q = boost::math::quantile(boost::math::complement(t, (1 - confidence) / 2));
  e.half_width   = q * std::sqrt(m2 / (e.n - 1) / e.n);
  return e;
}

namespace {
std::vector<const RunResult*> successful(const std::vector<RunResult>& runs)
{
  std::vector<const RunResult*> ok;
  for (const auto& r : runs)
    if (r.status == "ok")
      ok.push_back(&r);
  return ok;
}
} // namespace

Table runs_table(const std::vector<RunResult>& runs)
{
  TableBuilder t("runs", "replication");
  t.key_column("replication", "", "replication number, 0-based")
      .text("status")
      .column("seed", "", "master seed of the run")
      .column("wall_time_s", "s", "wall-clock time of the run")
      .column("events", "", "events executed by the event calendar");
  // KPI columns follow the first successful run's order; a failed run gets NaN.
  const auto ok = successful(runs);
  const std::vector<Kpi> kpis = ok.empty() ? std::vector<Kpi>{} : ok.front()->kpis;
  for (const auto& k : kpis)
    t.column(k.name, k.unit, k.description);
  for (const auto& r : runs) {
    auto row = t.row();
    row.set("replication", r.replication)
        .set("status", r.status)
        .set("seed", r.seed)
        .set("wall_time_s", r.wall_time_s)
        .set("events", r.events);
    for (const auto& k : kpis) {
      const Kpi* found = r.find(k.name);
      row.set(k.name, found ? found->value : std::numeric_limits<double>::quiet_NaN());
    }
  }
  return t.take();
}

Table summarise_kpis(const std::vector<RunResult>& runs)
{
  TableBuilder t("kpis", "KPI");
  t.key("kpi")
      .text("unit")
      .text("description")
      .column("mean", "", "mean over replications")
      .column("half_width", "", "95 % confidence half-width (Student t)")
      .column("n", "", "successful replications")
      .column("min", "", "smallest replication value")
      .column("max", "", "largest replication value");
  const auto ok = successful(runs);
  if (not ok.empty())
    for (const auto& k : ok.front()->kpis) {
      std::vector<double> xs;
      for (const auto* r : ok)
        xs.push_back(r->kpi(k.name));
      const Estimate e = estimate(xs);
      t.row()
          .set("kpi", k.name)
          .set("unit", k.unit)
          .set("description", k.description)
          .set("mean", e.mean)
          .set("half_width", e.half_width)
          .set("n", e.n)
          .set("min", *std::min_element(xs.begin(), xs.end()))
          .set("max", *std::max_element(xs.begin(), xs.end()));
    }
  return t.take();
}

namespace {
/** The table `name` of a successful run that must have it. */
const Table& table_of(const RunResult& r, const std::string& name)
{
  if (const Table* t = r.find_table(name))
    return *t;
  throw std::logic_error("replication " + std::to_string(r.replication) + " has no table '" + name +
                         "' that other replications have");
}
} // namespace

std::vector<std::string> table_names(const std::vector<RunResult>& runs)
{
  std::vector<std::string> names;
  for (const auto* r : successful(runs))
    for (const auto& t : r->tables)
      if (std::find(names.begin(), names.end(), t.name) == names.end())
        names.push_back(t.name);
  return names;
}

Table summarise_entities(const std::vector<RunResult>& runs, const std::string& name)
{
  const auto ok = successful(runs);
  Table t;
  t.name = name;
  if (ok.empty() or ok.front()->find_table(name) == nullptr)
    return t;
  const Table& first = table_of(*ok.front(), name);
  t.row_is           = first.row_is;
  t.index            = first.index;
  t.text             = first.text;
  for (const auto& c : first.numeric) {
    t.numeric.push_back({c.name, c.unit, c.description, {}});
    t.numeric.push_back({c.name + "_hw", c.unit, "95 % confidence half-width of " + c.name, {}});
  }
  std::vector<const Column*> columns; // [run * numeric columns + c], looked up by name once
  for (const auto* r : ok) {
    const Table& tr = table_of(*r, name);
    if (tr.rows() != first.rows())
      throw std::logic_error("replications disagree on the rows of table " + first.name);
    for (const auto& c : first.numeric) {
      const Column* found = tr.find(c.name);
      if (found == nullptr)
        throw std::logic_error("replications disagree on the columns of table " + first.name + " (" + c.name + ")");
      columns.push_back(found);
    }
  }
  const std::size_t nc = first.numeric.size();
  for (std::size_t row = 0; row < first.rows(); ++row)
    for (std::size_t c = 0; c < nc; ++c) {
      std::vector<double> xs;
      for (std::size_t k = 0; k < ok.size(); ++k)
        xs.push_back(columns[k * nc + c]->values[row]);
      const Estimate e = estimate(xs);
      t.numeric[2 * c].values.push_back(e.mean);
      t.numeric[2 * c + 1].values.push_back(e.half_width);
    }
  return t;
}

Table stack_entities(const std::vector<RunResult>& runs, const std::string& name)
{
  Table t;
  t.name    = name;
  bool first = true;
  for (const auto* r : successful(runs)) {
    if (first and r->find_table(name) == nullptr)
      return t;
    Table rt = table_of(*r, name);
    rt.numeric.insert(rt.numeric.begin(),
                      Column{"replication", "", "replication number, 0-based",
                             std::vector<double>(rt.rows(), static_cast<double>(r->replication))});
    if (first) {
      t = rt;
      t.index.insert(t.index.begin(), "replication");
      first = false;
    } else {
      t.append(rt);
    }
  }
  return t;
}

} // namespace greenfab
