// Reads what ResultsWriter and SweepWriter write. Every read goes through the RAII handles of H5File, so a
// damaged file gives an h5::Error naming the object, never a leak or a crash.
#include "io/ResultsReader.hpp"
#include "core/Errors.hpp"
#include "io/H5File.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

namespace greenfab {
namespace {

using namespace h5;

/** The root attributes, sorted into text and numbers. */
struct RootAttributes {
  StoredResults* out;
  std::string context;
};

herr_t visit_root_attribute(hid_t loc, const char* name, const H5A_info_t*, void* data)
{
  auto& r = *static_cast<RootAttributes*>(data);
  const Attribute attr(H5Aopen(loc, name, H5P_DEFAULT), "H5Aopen", r.context + " attribute " + name);
  const Datatype type(H5Aget_type(attr.get()), "H5Aget_type", r.context);
  const Dataspace space(H5Aget_space(attr.get()), "H5Aget_space", r.context);
  const H5T_class_t cls = H5Tget_class(type.get());
  if (cls == H5T_STRING) {
    const auto values = string_array_attribute(loc, name, r.context);
    if (std::string(name) == "factors")
      r.out->factors = values;
    else if (not values.empty())
      r.out->text[name] = values.front();
  } else if ((cls == H5T_INTEGER or cls == H5T_FLOAT) and points(space.get()) == 1) {
    double v = 0;
    check(H5Aread(attr.get(), H5T_NATIVE_DOUBLE, &v), "H5Aread", r.context + " attribute " + name);
    r.out->numbers[name] = v;
  }
  return 0;
}


/** Paths of every dataframe group (attribute encoding-type = "dataframe") in the file. */
herr_t collect_dataframe(hid_t loc, const char* name, const H5L_info_t*, void* data)
{
  if (H5Aexists_by_name(loc, name, "encoding-type", H5P_DEFAULT) > 0)
    static_cast<std::vector<std::string>*>(data)->emplace_back(name);
  return 0;
}

/** Rows of a stacked per-run table (`/stations` ...) belonging to one replication, without that column:
 *  the per-run table RunResult holds. */
Table rows_of(const Table& stacked, double replication)
{
  Table t;
  t.name = stacked.name;
  for (const auto& k : stacked.index)
    if (k != "replication")
      t.index.push_back(k);
  const Column* rep = stacked.find("replication");
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; rep and i < rep->values.size(); ++i)
    if (rep->values[i] == replication)
      rows.push_back(i);
  for (const auto& c : stacked.text) {
    TextColumn out{c.name, {}};
    for (auto i : rows)
      out.values.push_back(c.values[i]);
    t.text.push_back(std::move(out));
  }
  for (const auto& c : stacked.numeric) {
    if (c.name == "replication")
      continue;
    Column out{c.name, c.unit, c.description, {}};
    for (auto i : rows)
      out.values.push_back(c.values[i]);
    t.numeric.push_back(std::move(out));
  }
  return t;
}

/** A top-level table stacked over replications (/stations, /hourly, ...): the per-run tables of a run
 *  file, whatever their names. /runs is keyed by replication too but is the KPIs, not a table. */
bool is_per_run_table(const std::string& path, const Table& t)
{
  return path != "runs" and path.find('/') == std::string::npos and not t.index.empty() and
         t.index.front() == "replication";
}

/** What a row is, from a stacked table's description; "" when the description has another form. */
std::string row_is(const std::string& description)
{
  const std::string prefix = "one row per successful replication x ";
  return description.rfind(prefix, 0) == 0 ? description.substr(prefix.size()) : std::string();
}

} // namespace

Table read_dataframe(hid_t file, const std::string& path, const std::string& file_context)
{
  const std::string context = file_context + " table /" + path;
  const Group g = open_group(file, path);
  Table t;
  t.name  = path;
  t.index = string_array_attribute(g.get(), "index_columns", context);
  for (const std::string& column : string_array_attribute(g.get(), "column-order", context)) {
    const std::string where = context + " column " + column;
    const Dataset d(H5Dopen2(g.get(), column.c_str(), H5P_DEFAULT), "H5Dopen2", where);
    const Datatype type(H5Dget_type(d.get()), "H5Dget_type", where);
    const Dataspace space(H5Dget_space(d.get()), "H5Dget_space", where);
    const std::size_t n = points(space.get());
    if (H5Tget_class(type.get()) == H5T_STRING) {
      std::vector<char*> buf(n, nullptr);
      if (n > 0)
        check(H5Dread(d.get(), utf8_string_type().get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()), "H5Dread", where);
      t.text.push_back({column, take_strings(buf)});
    } else {
      Column c{column, string_attribute(d.get(), "units", where), string_attribute(d.get(), "description", where),
               std::vector<double>(n)};
      if (n > 0) // int64 columns convert exactly below 2^53 (replication numbers, counts, seeds < 2^53)
        check(H5Dread(d.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, c.values.data()), "H5Dread", where);
      t.numeric.push_back(std::move(c));
    }
  }
  return t;
}

const Table* StoredResults::table(const std::string& p) const
{
  const auto it = tables.find(p);
  return it == tables.end() ? nullptr : &it->second;
}

StoredResults read_stored_results(const std::string& path)
{
  std::error_code ec;
  if (not std::filesystem::is_regular_file(path, ec))
    throw ModelError(path + ": no such file");
  silence_error_printing();
  if (H5Fis_hdf5(path.c_str()) <= 0)
    throw ModelError(path + ": not an HDF5 file (greenfab writes results with `greenfab run` or `greenfab sweep`)");
  const File f = open_file(path);
  StoredResults s;
  s.path = path;
  RootAttributes ra{&s, "file '" + path + "'"};
  hsize_t idx = 0;
  check(H5Aiterate2(f.get(), H5_INDEX_NAME, H5_ITER_INC, &idx, visit_root_attribute, &ra), "H5Aiterate2", ra.context);
  s.format = s.text.count("format") ? s.text["format"] : "";
  if (s.format == "greenfab-pathway" or (s.format.empty() and s.text.count("kind") and s.text["kind"] == "pathway"))
    throw ModelError(path + ": a pathway file; `greenfab report` reads run and sweep files (the pathway's "
                     "figures: `/usr/bin/python3 -m analysis pathway FILE.h5`, docs/analysis.md)");
  if (s.format != "greenfab-results" and s.format != "greenfab-sweep")
    throw ModelError(path + ": not a greenfab results file (root attribute format is '" + s.format +
                     "', expected 'greenfab-results' or 'greenfab-sweep')");
  std::vector<std::string> frames;
  check(H5Lvisit(f.get(), H5_INDEX_NAME, H5_ITER_INC, collect_dataframe, &frames), "H5Lvisit", ra.context);
  for (const auto& p : frames) {
    s.tables.emplace(p, read_dataframe(f.get(), p, ra.context));
    const Group g = open_group(f.get(), p);
    s.descriptions[p] = string_attribute(g.get(), "description", ra.context + " table /" + p);
  }
  return s;
}

ResultsFile to_results_file(const StoredResults& s)
{
  if (s.is_sweep())
    throw ModelError(s.path + ": a sweep file, not a run file");
  const auto text = [&](const char* k) { return s.text.count(k) ? s.text.at(k) : std::string(); };
  const auto number = [&](const char* k) { return s.numbers.count(k) ? s.numbers.at(k) : std::nan(""); };
  ResultsFile r;
  r.command_line = text("command_line");
  r.model_name   = text("model_name");
  r.model_file   = text("model_file");
  r.seed         = static_cast<std::uint64_t>(number("seed"));
  r.warmup_s     = number("warmup_s");
  r.horizon_s    = number("horizon_s");
  r.start        = text("start");
  // Files before format 1.1 have no replications_requested: they were complete.
  if (const double requested = number("replications_requested"); std::isfinite(requested))
    r.replications_requested = static_cast<int>(requested);
  const Table* runs = s.table("runs");
  if (runs == nullptr)
    throw ModelError(s.path + ": no /runs table");
  static const std::set<std::string> provenance = {"replication", "seed", "wall_time_s", "events"};
  // Group descriptions ("one row per successful replication x station") give back Table::row_is.
  std::map<std::string, std::string> stacked_descriptions;
  for (const auto& [path, stacked] : s.tables)
    if (is_per_run_table(path, stacked))
      stacked_descriptions[path] = s.descriptions.count(path) ? s.descriptions.at(path) : std::string();
  const TextColumn* status = runs->find_text("status");
  for (std::size_t i = 0; i < runs->rows(); ++i) {
    RunResult run;
    run.status = status ? status->values[i] : "ok";
    for (const auto& c : runs->numeric) {
      if (c.name == "replication")
        run.replication = static_cast<int>(c.values[i]);
      else if (c.name == "seed")
        run.seed = static_cast<std::uint64_t>(c.values[i]);
      else if (c.name == "wall_time_s")
        run.wall_time_s = c.values[i];
      else if (c.name == "events")
        run.events = static_cast<std::uint64_t>(c.values[i]);
      if (not provenance.count(c.name))
        run.kpis.push_back({c.name, c.unit, c.description, c.values[i]});
    }
    if (run.status == "ok")
      for (const auto& [path, stacked] : s.tables)
        if (is_per_run_table(path, stacked)) {
          Table t     = rows_of(stacked, run.replication);
          t.summarise = s.table("summary/" + path) != nullptr;
          t.row_is    = row_is(stacked_descriptions.at(path));
          run.tables.push_back(std::move(t));
        }
    r.runs.push_back(std::move(run));
  }
  return r;
}

} // namespace greenfab
