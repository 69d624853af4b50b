// What one simulation run returns: KPIs and per-entity tables. The simulation never writes files.
#pragma once
#include "results/Table.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace greenfab {

/** A scalar KPI of one run. */
struct Kpi {
  std::string name;        ///< snake_case with unit suffix where useful: lead_time_mean_s
  std::string unit;        ///< "s", "1/h", "1", ...
  std::string description; ///< one line, shown by `greenfab run` and stored as an HDF5 attribute
  double value = 0;
};

/**
 * One replication's results: KPIs and named tables. `tables` is the one ordered collection every
 * consumer iterates (the codec, the run and sweep writers, the reader): a module adds a table and it
 * reaches every file without further code. Names are unique; each is the table's HDF5 group name.
 * Tables have no "replication" column: the writers add it (or "task") when they stack replications.
 */
struct RunResult {
  int replication    = 0;
  std::uint64_t seed = 0;     ///< master seed (the stream key also includes the replication)
  std::string status = "ok";  ///< "ok" or an error message
  double wall_time_s = 0;
  std::uint64_t events = 0;   ///< events executed by the calendar (for performance reporting)
  std::vector<Kpi> kpis;
  /** In the order the modules added them: stations, buffers, products (Line), materials, waste,
   *  water, indicators (ResourceAccount), transport tables, lead_time_distribution, hourly (site). */
  std::vector<Table> tables;

  const Kpi* find(const std::string& name) const;
  double kpi(const std::string& name) const; ///< @throws std::out_of_range if absent
  /** Table by name, or nullptr. */
  const Table* find_table(std::string_view name) const;
  Table* find_table(std::string_view name);
  /** Table by name. @throws std::out_of_range if absent */
  const Table& table(std::string_view name) const;
  Table& table(std::string_view name);
  /** Appends `t`. @throws std::logic_error if its name is empty, not `\w` only, or already taken. */
  Table& add_table(Table t);

  // The tables every successful run has (Line, ResourceAccount); @throws std::out_of_range if absent.
  const Table& stations() const { return table("stations"); }     ///< one row per station
  const Table& buffers() const { return table("buffers"); }       ///< one row per buffer
  const Table& products() const { return table("products"); }     ///< one row per product
  const Table& materials() const { return table("materials"); }   ///< one row per material of the catalogue
  const Table& waste() const { return table("waste"); }           ///< one row per waste type
  const Table& water() const { return table("water"); }           ///< one row per station
  const Table& indicators() const { return table("indicators"); } ///< the Danish baseline's five + primary resource use
  /** The site's energy balance per clock hour: only with a site and site.hourly_series. */
  const Table& hourly() const { return table("hourly"); }
};

/** Everything one `greenfab run` writes: provenance plus the replications. */
struct ResultsFile {
  std::string command_line;
  std::string model_name;
  std::string model_file;
  std::string model_text;
  std::uint64_t seed = 0;
  double warmup_s    = 0;
  double horizon_s   = 0;
  std::string start;          ///< ISO date-time of simulated time 0
  std::vector<RunResult> runs;
  /** Replications asked for; more than runs.size() when Ctrl-C stopped the run (a partial file). 0: all
   *  of `runs` were asked for. */
  int replications_requested = 0;
};

} // namespace greenfab
