// The results file of one `greenfab run`: layout (docs/hdf5-schema.md) and the atomic write-then-rename.
#include "io/ResultsWriter.hpp"

#include "io/AtomicFile.hpp"
#include "io/H5File.hpp"
#include "io/Provenance.hpp"
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

void write_table(hid_t loc, const std::string& name, const Table& table, const std::string& description)
{
  h5::write_table(loc, name, table);
  const h5::Group group = h5::open_group(loc, name);
  h5::set_string_attribute(group.get(), "description", description);
}

/** The table `name` of the first successful run that has it (table_names() lists only such names). */
const Table& first_table(const std::vector<RunResult>& runs, const std::string& name)
{
  for (const auto& r : runs)
    if (r.status == "ok")
      if (const Table* t = r.find_table(name))
        return *t;
  throw std::logic_error("no successful run has a table '" + name + "'");
}

void write_layout(hid_t file, const ResultsFile& results)
{
  write_provenance(file, {"run", results_format, results_format_version, results.command_line,
                          {{"model/source_yaml", results.model_text}}});
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

  const auto& runs = results.runs;
  write_table(file, "runs", runs_table(runs), "one row per replication: status, seed, wall time, events, KPIs");
  // Every named table of the runs, stacked over the successful replications (Summary.hpp), then
  // per-row means of those whose rows are the same entities in every replication.
  const std::vector<std::string> names = table_names(runs);
  for (const auto& name : names) {
    if (name == "runs" or name == "summary" or name == "model")
      throw std::logic_error("a run's table is named '" + name + "', which the run file uses itself");
    std::string description = "one row per successful replication x ";
    description += first_table(runs, name).what_a_row_is();
    write_table(file, name, stack_entities(runs, name), description);
  }

  const h5::Group summary = h5::create_group(file, "summary");
  const hid_t s           = summary.get();
  write_table(s, "kpis", summarise_kpis(runs), "per KPI: mean, 95 % half-width, n, min, max over successful runs");
  for (const auto& name : names) {
    const Table& first = first_table(runs, name);
    if (not first.summarise)
      continue;
    std::string description = "per ";
    description += first.what_a_row_is();
    description += ": mean and 95 % half-width (<column>_hw) of every column over successful runs";
    write_table(s, name, summarise_entities(runs, name), description);
  }
}

} // namespace

void write_results(const std::string& path, const ResultsFile& results)
{
  h5::write_atomically(path, "cannot write results to '" + path + "'",
                       [&](hid_t file) { write_layout(file, results); });
}

} // namespace greenfab
