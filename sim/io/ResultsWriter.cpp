// The results file of one `greenfab run`: layout (docs/hdf5-schema.md) and the atomic write-then-rename.
#include "io/ResultsWriter.hpp"

#include "Version.hpp"
#include "io/AtomicFile.hpp"
#include "io/H5File.hpp"
#include "results/Summary.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <limits>
#include <stdexcept>

namespace greenfab {

namespace {

/** The resource account's tables (ResourceAccount.hpp): member, HDF5 name, what a row is. */
struct NamedTable {
  Table RunResult::*table;
  const char* name;
  const char* what;
};
constexpr NamedTable resource_tables[] = {{&RunResult::materials, "materials", "material"},
                                          {&RunResult::waste, "waste", "waste type"},
                                          {&RunResult::water, "water", "station (water)"},
                                          {&RunResult::indicators, "indicators", "indicator"}};



void write_table(hid_t loc, const std::string& name, const Table& table, const std::string& description)
{
  h5::write_table(loc, name, table);
  const h5::Group group = h5::open_group(loc, name);
  h5::set_string_attribute(group.get(), "description", description);
}

void write_layout(hid_t file, const ResultsFile& results)
{
  h5::set_string_attribute(file, "format", results_format);
  h5::set_string_attribute(file, "format_version", results_format_version);
  h5::set_string_attribute(file, "software", "greenfab");
  h5::set_string_attribute(file, "software_version", tool_version);
  h5::set_string_attribute(file, "git_describe", git_describe);
  h5::set_string_attribute(file, "created_utc", h5::utc_now_iso8601());
  h5::set_string_attribute(file, "command_line", results.command_line);
  h5::set_string_attribute(file, "model_name", results.model_name);
  h5::set_string_attribute(file, "model_file", results.model_file);
  // Readers get an int64 like every other integer; a seed beyond int64 keeps its value as uint64.
  if (results.seed <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
    h5::set_int_attribute(file, "seed", static_cast<std::int64_t>(results.seed));
  else
    h5::set_uint_attribute(file, "seed", results.seed);
  const auto stored    = static_cast<std::int64_t>(results.runs.size());
  const auto requested = std::max<std::int64_t>(stored, results.replications_requested);
  h5::set_int_attribute(file, "replications", stored);
  // An interrupted run keeps what finished; readers must be able to tell it from a complete one.
  h5::set_int_attribute(file, "replications_requested", requested);
  h5::set_int_attribute(file, "partial", requested > stored ? 1 : 0);
  h5::set_double_attribute(file, "warmup_s", results.warmup_s);
  h5::set_double_attribute(file, "horizon_s", results.horizon_s);
  h5::set_string_attribute(file, "start", results.start);

  {
    const h5::Group model = h5::create_group(file, "model");
    h5::write_string_dataset(model.get(), "source_yaml", results.model_text);
  }

  const auto& runs = results.runs;
  write_table(file, "runs", runs_table(runs), "one row per replication: status, seed, wall time, events, KPIs");
  write_table(file, "stations", stack_entities(runs, &RunResult::stations),
              "one row per successful replication x station");
  write_table(file, "buffers", stack_entities(runs, &RunResult::buffers),
              "one row per successful replication x buffer");
  write_table(file, "products", stack_entities(runs, &RunResult::products),
              "one row per successful replication x product");
  const bool hourly = std::any_of(runs.begin(), runs.end(), [](const RunResult& r) { return r.hourly.rows() > 0; });
  if (hourly)
    write_table(file, "hourly", stack_entities(runs, &RunResult::hourly),
                "the site's energy balance: one row per successful replication x clock hour of the window "
                "(chunked, compressed; switch off with site.hourly_series: false)");
  for (const auto& [table, name, what] : resource_tables)
    write_table(file, name, stack_entities(runs, table), std::string("one row per successful replication x ") + what);
  // Tables of optional modules (transport): stacked and summarised like the entity tables, by name.
  std::vector<std::string> extra;
  for (const auto& r : runs)
    for (const auto& t : r.tables)
      if (std::find(extra.begin(), extra.end(), t.name) == extra.end())
        extra.push_back(t.name);
  std::vector<std::vector<RunResult>> extra_runs(extra.size());
  for (std::size_t i = 0; i < extra.size(); ++i)
    for (const auto& r : runs) {
      RunResult one;
      one.replication = r.replication;
      one.status      = r.status;
      for (const auto& t : r.tables)
        if (t.name == extra[i])
          one.products = t;
      extra_runs[i].push_back(std::move(one));
    }
  for (std::size_t i = 0; i < extra.size(); ++i)
    write_table(file, extra[i], stack_entities(extra_runs[i], &RunResult::products),
                "one row per successful replication x " + extra[i] + " row");

  const h5::Group summary = h5::create_group(file, "summary");
  const hid_t s           = summary.get();
  write_table(s, "kpis", summarise_kpis(runs), "per KPI: mean, 95 % half-width, n, min, max over successful runs");
  write_table(s, "stations", summarise_entities(runs, &RunResult::stations),
              "per station: mean and 95 % half-width (<column>_hw) of every column over successful runs");
  write_table(s, "buffers", summarise_entities(runs, &RunResult::buffers),
              "per buffer: mean and 95 % half-width (<column>_hw) of every column over successful runs");
  write_table(s, "products", summarise_entities(runs, &RunResult::products),
              "per product: mean and 95 % half-width (<column>_hw) of every column over successful runs");
  for (const auto& [table, name, what] : resource_tables)
    write_table(s, name, summarise_entities(runs, table),
                std::string("per ") + what + ": mean and 95 % half-width (<column>_hw) of every column over successful runs");
  for (std::size_t i = 0; i < extra.size(); ++i)
    if (extra[i] != "shipments") // a log of legs has no meaningful mean per row
      write_table(s, extra[i], summarise_entities(extra_runs[i], &RunResult::products),
                  "per " + extra[i] + " row: mean and 95 % half-width (<column>_hw) over successful runs");
}

} // namespace

void write_results(const std::string& path, const ResultsFile& results)
{
  h5::write_atomically(path, "cannot write results to '" + path + "'",
                       [&](hid_t file) { write_layout(file, results); });
}

} // namespace greenfab
