// The sweep file: /tasks, /scenarios, /main_effects (and entity tables) streamed in task order, then renamed.
#include "io/SweepWriter.hpp"

#include "io/AtomicFile.hpp"
#include "io/H5File.hpp"
#include "io/Provenance.hpp"
#include "results/Summary.hpp"
#include "results/TableBuilder.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>

namespace greenfab {
namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();



/** Integer-valued columns of sweep tables, stored as int64 (ids and counts). */
bool integer_column(const std::string& name)
{
  static const std::set<std::string> names{"task", "scenario", "replication", "seed", "n", "failed", "events"};
  return names.count(name) > 0;
}

/** A dataframe group (docs/hdf5-schema.md) whose columns are filled by appending, row by row. */
class TableWriter {
public:
  TableWriter(hid_t loc, const std::string& name, std::string description, std::vector<std::string> index,
              std::size_t chunk_rows)
      : group_(h5::create_group(loc, name)), description_(std::move(description)), index_(std::move(index)),
        chunk_rows_(chunk_rows)
  {
  }
  /** Adds a column and returns its position. */
  std::size_t add(const std::string& name, h5::ColumnType type, const std::string& unit = "",
                  const std::string& description = "")
  {
    if (name.empty() or name.find('/') != std::string::npos or name == "." or
        std::find(order_.begin(), order_.end(), name) != order_.end())
      throw std::invalid_argument("table column '" + name + "' is empty, repeated or not a valid HDF5 name");
    columns_.emplace_back(group_.get(), name, type, chunk_rows_);
    h5::set_string_attribute(columns_.back().get(), "units", unit);
    if (type != h5::ColumnType::text)
      h5::set_string_attribute(columns_.back().get(), "description", description);
    order_.push_back(name);
    return columns_.size() - 1;
  }
  h5::ExtendibleColumn& operator[](std::size_t i) { return columns_[i]; }
  void finish()
  {
    for (auto& c : columns_)
      c.flush();
    const hid_t g = group_.get();
    h5::set_string_attribute(g, "encoding-type", "dataframe");
    h5::set_string_attribute(g, "encoding-version", "0.2.0");
    h5::set_string_attribute(g, "_index", index_.empty() ? std::string() : index_.front());
    h5::set_string_array_attribute(g, "index_columns", index_);
    h5::set_string_array_attribute(g, "column-order", order_);
    h5::set_string_attribute(g, "description", description_);
  }

private:
  h5::Group group_;
  std::string description_;
  std::vector<std::string> index_;
  std::size_t chunk_rows_;
  std::vector<h5::ExtendibleColumn> columns_;
  std::vector<std::string> order_;
};

/** Writes an in-memory table with the columns in `order` (names from `table`), ids and counts as int64. */
void write_small_table(hid_t loc, const std::string& name, const std::string& description, const Table& table,
                       const std::vector<std::string>& order)
{
  TableWriter w(loc, name, description, table.index, std::max<std::size_t>(1, table.rows()));
  for (const auto& column : order) {
    if (const TextColumn* t = table.find_text(column)) {
      const auto i = w.add(column, h5::ColumnType::text);
      for (const auto& v : t->values)
        w[i].push(v);
    } else if (const Column* c = table.find(column)) {
      const bool as_int = integer_column(column);
      const auto i      = w.add(column, as_int ? h5::ColumnType::int64 : h5::ColumnType::float64, c->unit,
                                c->description);
      for (double v : c->values)
        if (as_int)
          w[i].push(static_cast<std::int64_t>(v));
        else
          w[i].push(v);
    }
  }
  w.finish();
}

/**
 * Streams one named per-run table of every successful task into `/<name>`, with a leading `task`
 * column. Its columns are those of the first task that has the table; a column that appears only in a
 * later task (a scenario whose model adds it) is added then, earlier rows holding NaN or "" in it, and
 * a task without one of the columns gets NaN or "" in it. Per-run numeric columns are float64.
 */
class EntityStream {
public:
  EntityStream(hid_t loc, const Table& schema, std::size_t chunk_rows)
      : writer_(loc, schema.name, description(schema), with_task(schema.index), chunk_rows)
  {
    task_ = writer_.add("task", h5::ColumnType::int64, "", "task id: scenario x replications + replication");
    for (const auto& c : schema.text)
      add_text(c.name);
    for (const auto& c : schema.numeric)
      add_numeric(c);
  }
  void add(int task, const Table& t)
  {
    for (const auto& c : t.text)
      if (not known(text_, c.name))
        add_text(c.name);
    for (const auto& c : t.numeric)
      if (not known(numeric_, c.name))
        add_numeric(c);
    std::vector<const TextColumn*> text;
    for (const auto& k : text_)
      text.push_back(t.find_text(k.name));
    std::vector<const Column*> numeric;
    for (const auto& k : numeric_)
      numeric.push_back(t.find(k.name));
    for (std::size_t row = 0; row < t.rows(); ++row) {
      writer_[task_].push(static_cast<std::int64_t>(task));
      for (std::size_t k = 0; k < text_.size(); ++k)
        writer_[text_[k].column].push(text[k] ? text[k]->values[row] : std::string());
      for (std::size_t k = 0; k < numeric_.size(); ++k)
        writer_[numeric_[k].column].push(numeric[k] ? numeric[k]->values[row] : nan);
    }
    rows_ += t.rows();
  }
  void finish() { writer_.finish(); }

private:
  struct Known {
    std::string name;
    std::size_t column; ///< in writer_
  };
  static bool known(const std::vector<Known>& columns, const std::string& name)
  {
    return std::any_of(columns.begin(), columns.end(), [&](const Known& k) { return k.name == name; });
  }
  static std::string description(const Table& schema)
  {
    std::string d = "one row per successful task x ";
    d += schema.what_a_row_is();
    return d;
  }
  static std::vector<std::string> with_task(std::vector<std::string> index)
  {
    index.insert(index.begin(), "task");
    return index;
  }
  void add_text(const std::string& name)
  {
    text_.push_back({name, writer_.add(name, h5::ColumnType::text)});
    for (std::size_t i = 0; i < rows_; ++i)
      writer_[text_.back().column].push(std::string());
  }
  void add_numeric(const Column& c)
  {
    numeric_.push_back({c.name, writer_.add(c.name, h5::ColumnType::float64, c.unit, c.description)});
    for (std::size_t i = 0; i < rows_; ++i)
      writer_[numeric_.back().column].push(nan);
  }
  TableWriter writer_;
  std::size_t task_ = 0;
  std::vector<Known> text_, numeric_;
  std::size_t rows_ = 0;
};

/** Groups of a sweep file that are not per-run tables: a per-run table must not take their names. */
bool reserved_name(const std::string& name)
{
  static const std::set<std::string> names{"tasks", "scenarios", "main_effects", "experiment", "model"};
  return names.count(name) > 0;
}

void write_root_attributes(hid_t file, const std::string& command_line, const ExperimentSpec& e,
                           const std::vector<ModelSpec>& models, const SweepSummary& summary)
{
  const ModelSpec& base = models.front();
  write_provenance(file, {"sweep", sweep_format, sweep_format_version, command_line,
                          {{"experiment/source_yaml", e.source_text}, {"model/source_yaml", base.source_text}}});
  h5::set_string_attribute(file, "experiment_name", e.name);
  h5::set_string_attribute(file, "experiment_file", e.source_file);
  h5::set_string_attribute(file, "model_name", base.name);
  h5::set_string_attribute(file, "model_file", e.model_file);
  h5::set_string_attribute(file, "design", design_name(e.design));
  std::vector<std::string> factors;
  for (const auto& f : e.factors)
    factors.push_back(f.name);
  h5::set_string_array_attribute(file, "factors", factors);
  h5::set_int_attribute(file, "scenarios", static_cast<std::int64_t>(models.size()));
  h5::set_int_attribute(file, "replications", e.replications);
  h5::set_int_attribute(file, "tasks", summary.tasks);
  h5::set_int_attribute(file, "failed", summary.failed);
  h5::set_int_attribute(file, "common_random_numbers", e.common_random_numbers ? 1 : 0);
  h5::set_string_attribute(file, "outputs", e.outputs == ExperimentSpec::Outputs::all ? "all" : "kpis");
  if (e.seed <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
    h5::set_int_attribute(file, "seed", static_cast<std::int64_t>(e.seed));
  else
    h5::set_uint_attribute(file, "seed", e.seed);
  h5::set_double_attribute(file, "task_time_limit_s", e.task_time_limit_s);
  h5::set_double_attribute(file, "warmup_s", base.run.warmup);
  h5::set_double_attribute(file, "horizon_s", base.run.horizon);
  h5::set_string_attribute(file, "start", base.run.start);
}

/** Per (factor, level, KPI) sums for main effects; levels in order of first appearance in the design. */
struct MainEffects {
  std::vector<std::vector<std::string>> levels;     ///< [factor][level]
  std::vector<std::vector<std::size_t>> level_of;   ///< [factor][scenario] -> level index
  std::vector<std::vector<std::vector<double>>> sum; ///< [factor][level][kpi]
  std::vector<std::vector<std::vector<std::int64_t>>> n;

  MainEffects(const ExperimentSpec& e, std::size_t kpis)
  {
    for (std::size_t f = 0; f < e.factors.size(); ++f) {
      levels.emplace_back();
      level_of.emplace_back();
      for (const auto& s : e.scenarios) {
        const std::string& v = f < s.values.size() ? s.values[f] : std::string();
        auto it              = std::find(levels[f].begin(), levels[f].end(), v);
        if (it == levels[f].end())
          it = levels[f].insert(levels[f].end(), v);
        level_of[f].push_back(static_cast<std::size_t>(it - levels[f].begin()));
      }
      sum.emplace_back(levels[f].size(), std::vector<double>(kpis, 0.0));
      n.emplace_back(levels[f].size(), std::vector<std::int64_t>(kpis, 0));
    }
  }
  void add(std::size_t scenario, std::size_t kpi, double value)
  {
    for (std::size_t f = 0; f < levels.size(); ++f) {
      const std::size_t l = level_of[f][scenario];
      sum[f][l][kpi] += value;
      ++n[f][l][kpi];
    }
  }
};

SweepSummary write_layout(hid_t file, const std::string& command_line, const ExperimentSpec& e,
                          const std::vector<ModelSpec>& models, const TaskResultSource& source)
{
  const int reps      = e.replications;
  const int scenarios = static_cast<int>(models.size());
  SweepSummary summary;
  summary.tasks = scenarios * reps;

  // Column schema from the first successful task: its KPIs and entity table columns.
  RunResult first;
  bool any_ok = false;
  for (int t = 0; t < summary.tasks and not any_ok; ++t) {
    first  = source(t);
    any_ok = first.status == "ok";
  }
  const std::vector<Kpi> kpis = any_ok ? first.kpis : std::vector<Kpi>{};
  for (const auto& f : e.factors)
    for (const auto& k : kpis)
      if (f.name == k.name)
        throw std::invalid_argument("factor '" + f.name + "' has the name of a KPI; rename the factor");

  const auto chunk = static_cast<std::size_t>(std::clamp(summary.tasks, 1, 4096));
  TableWriter tasks(file, "tasks", "one row per task (scenario x replication): status, factor values, KPIs",
                    {"task"}, chunk);
  const auto c_task = tasks.add("task", h5::ColumnType::int64, "", "task id: scenario x replications + replication");
  const auto c_scenario = tasks.add("scenario", h5::ColumnType::int64, "", "scenario id, 0-based, design order");
  const auto c_rep      = tasks.add("replication", h5::ColumnType::int64, "", "replication number, 0-based");
  const auto c_seed     = tasks.add("seed", h5::ColumnType::int64, "", "master seed of the run");
  const auto c_status   = tasks.add("status", h5::ColumnType::text);
  const auto c_wall     = tasks.add("wall_time_s", h5::ColumnType::float64, "s", "wall-clock time of the task");
  std::vector<std::size_t> c_factor, c_kpi;
  for (const auto& f : e.factors)
    c_factor.push_back(tasks.add(f.name, h5::ColumnType::text));
  for (const auto& k : kpis)
    c_kpi.push_back(tasks.add(k.name, h5::ColumnType::float64, k.unit, k.description));

  // Every named per-run table, in order of first appearance: the first successful task's now, any
  // other when a task first has it (a scenario whose model adds a module).
  std::vector<std::pair<std::string, std::unique_ptr<EntityStream>>> entities;
  const bool record_tables = e.outputs == ExperimentSpec::Outputs::all;
  const auto stream_for = [&](const Table& t) -> EntityStream& {
    for (auto& [name, stream] : entities)
      if (name == t.name)
        return *stream;
    if (reserved_name(t.name))
      throw std::logic_error("a run's table is named '" + t.name + "', which the sweep file uses itself");
    const auto rows_each = std::max<std::size_t>(1, t.rows());
    entities.emplace_back(t.name, std::make_unique<EntityStream>(
                                      file, t, std::min<std::size_t>(4096, rows_each * static_cast<std::size_t>(chunk))));
    return *entities.back().second;
  };
  if (record_tables and any_ok)
    for (const auto& t : first.tables)
      stream_for(t);

  // /scenarios, built in memory: one row per scenario.
  TableBuilder st("scenarios", "scenario");
  st.key_column("scenario", "", "scenario id, 0-based, design order").text("name");
  for (const auto& f : e.factors)
    st.text(f.name);
  for (const auto& k : kpis) {
    st.column(k.name, k.unit, "mean over successful replications: " + k.description);
    st.column(k.name + "_hw", k.unit, "95 % confidence half-width (Student t) of " + k.name);
  }
  st.column("failed", "", "failed replications");

  MainEffects effects(e, kpis.size());
  std::vector<std::vector<double>> values(kpis.size()); // this scenario's successful replications
  int failed_here = 0;
  for (int t = 0; t < summary.tasks; ++t) {
    const int s         = t / reps;
    const RunResult r   = source(t);
    const bool ok       = r.status == "ok";
    const auto scenario = static_cast<std::size_t>(s);
    tasks[c_task].push(static_cast<std::int64_t>(t));
    tasks[c_scenario].push(static_cast<std::int64_t>(s));
    tasks[c_rep].push(static_cast<std::int64_t>(t % reps));
    tasks[c_seed].push(static_cast<std::int64_t>(r.seed));
    tasks[c_status].push(r.status);
    tasks[c_wall].push(r.wall_time_s);
    for (std::size_t f = 0; f < c_factor.size(); ++f)
      tasks[c_factor[f]].push(f < e.scenarios[scenario].values.size() ? e.scenarios[scenario].values[f]
                                                                       : std::string());
    for (std::size_t k = 0; k < kpis.size(); ++k) {
      const Kpi* found = ok ? r.find(kpis[k].name) : nullptr;
      const double v   = found ? found->value : nan;
      tasks[c_kpi[k]].push(v);
      if (ok) {
        values[k].push_back(v);
        effects.add(scenario, k, v);
      }
    }
    if (ok) {
      if (record_tables)
        for (const auto& table : r.tables)
          stream_for(table).add(t, table);
    } else {
      ++failed_here;
      ++summary.failed;
      if (summary.first_failures.size() < 10)
        summary.first_failures.emplace_back(t, r.status);
    }
    if (t % reps == reps - 1) {
      auto row = st.row();
      row.set("scenario", s).set("name", e.scenarios[scenario].name);
      for (std::size_t f = 0; f < e.factors.size(); ++f)
        row.set(e.factors[f].name,
                f < e.scenarios[scenario].values.size() ? e.scenarios[scenario].values[f] : std::string());
      for (std::size_t k = 0; k < kpis.size(); ++k) {
        const Estimate est = values[k].empty() ? Estimate{nan, nan, 0} : estimate(values[k]);
        row.set(kpis[k].name, est.mean).set(kpis[k].name + "_hw", est.half_width);
        values[k].clear();
      }
      row.set("failed", failed_here);
      failed_here = 0;
    }
  }
  tasks.finish();
  for (auto& [name, stream] : entities)
    stream->finish();

  std::vector<std::string> order{"scenario", "name"};
  for (const auto& f : e.factors)
    order.push_back(f.name);
  for (const auto& k : kpis) {
    order.push_back(k.name);
    order.push_back(k.name + "_hw");
  }
  order.push_back("failed");
  summary.scenarios = st.take();
  write_small_table(file, "scenarios", "one row per scenario: factor values, mean and 95 % half-width of every KPI",
                    summary.scenarios, order);

  TableBuilder me("main_effects", "factor x level x KPI");
  me.key("factor")
      .key("level")
      .key("kpi")
      .text("unit")
      .column("mean", "", "mean of the KPI over the successful tasks whose factor has this level (unit: column unit)")
      .column("n", "", "successful tasks averaged");
  for (std::size_t f = 0; f < e.factors.size(); ++f)
    for (std::size_t l = 0; l < effects.levels[f].size(); ++l)
      for (std::size_t k = 0; k < kpis.size(); ++k) {
        const std::int64_t n = effects.n[f][l][k];
        me.row()
            .set("factor", e.factors[f].name)
            .set("level", effects.levels[f][l])
            .set("kpi", kpis[k].name)
            .set("unit", kpis[k].unit)
            .set("mean", n > 0 ? effects.sum[f][l][k] / static_cast<double>(n) : nan)
            .set("n", n);
      }
  summary.main_effects = me.take();
  write_small_table(file, "main_effects",
                    "per factor, level and KPI: mean of the KPI over the successful tasks at that level", summary.main_effects,
                    {"factor", "level", "kpi", "unit", "mean", "n"});

  write_root_attributes(file, command_line, e, models, summary);
  return summary;
}
} // namespace

const char* design_name(ExperimentSpec::Design design)
{
  switch (design) {
  case ExperimentSpec::Design::full_factorial: return "full_factorial";
  case ExperimentSpec::Design::one_factor_at_a_time: return "one_factor_at_a_time";
  case ExperimentSpec::Design::latin_hypercube: return "latin_hypercube";
  case ExperimentSpec::Design::scenarios: return "scenarios";
  }
  return "unknown";
}

SweepSummary write_sweep(const std::string& path, const std::string& command_line, const ExperimentSpec& experiment,
                         const std::vector<ModelSpec>& models, const TaskResultSource& source)
{
  if (models.empty() or models.size() != experiment.scenarios.size() or experiment.replications < 1)
    throw std::logic_error("write_sweep: " + std::to_string(models.size()) + " models for " +
                           std::to_string(experiment.scenarios.size()) + " scenarios and " +
                           std::to_string(experiment.replications) + " replications");
  SweepSummary summary;
  h5::write_atomically(path, "cannot write sweep results to '" + path + "'", [&](hid_t file) {
    summary = write_layout(file, command_line, experiment, models, source);
  });
  return summary;
}

} // namespace greenfab
