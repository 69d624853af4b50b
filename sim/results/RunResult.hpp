// What one simulation run returns: KPIs and per-entity tables. The simulation never writes files.
#pragma once
#include "results/Table.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace greenfab {

/** A scalar KPI of one run. */
struct Kpi {
  std::string name;        ///< snake_case with unit suffix where useful: lead_time_mean_s
  std::string unit;        ///< "s", "1/h", "1", ...
  std::string description; ///< one line, shown by `greenfab run` and stored as an HDF5 attribute
  double value = 0;
};

/** One replication's results. Tables carry a leading "replication" column so they can be stacked. */
struct RunResult {
  int replication    = 0;
  std::uint64_t seed = 0;     ///< master seed (the stream key also includes the replication)
  std::string status = "ok";  ///< "ok" or an error message
  double wall_time_s = 0;
  std::uint64_t events = 0;   ///< events executed by the calendar (for performance reporting)
  std::vector<Kpi> kpis;
  Table stations;             ///< one row per station
  Table buffers;              ///< one row per buffer
  Table products;             ///< one row per product
  Table hourly;               ///< the site's energy balance per clock hour (empty without a site or series)
  Table materials;            ///< one row per material of the catalogue (ResourceAccount.hpp)
  Table waste;                ///< one row per waste type
  Table water;                ///< one row per station
  Table indicators;           ///< the five indicators of the Danish baseline plus primary resource use
  /** Further tables of optional modules, each with a unique name (transport: materials, shipments). */
  std::vector<Table> tables;

  const Kpi* find(const std::string& name) const;
  double kpi(const std::string& name) const; ///< @throws std::out_of_range if absent
  /** One of `tables` by name. @throws std::out_of_range if absent */
  const Table& table(const std::string& name) const;
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
