// Reading greenfab HDF5 files back (run and sweep files, docs/hdf5-schema.md): for `greenfab report`.
// The writers stay the only code that decides the layout; this reads exactly what they write.
#pragma once
#include "results/RunResult.hpp"
#include "results/Table.hpp"

#include <hdf5.h>

#include <map>
#include <string>
#include <vector>

namespace greenfab {

/** A greenfab results file as read from disk: root attributes and every dataframe group. */
struct StoredResults {
  std::string path;
  std::string format;                          ///< "greenfab-results" (run) or "greenfab-sweep"
  std::map<std::string, std::string> text;     ///< string root attributes (model_name, design, ...)
  std::map<std::string, double> numbers;       ///< numeric root attributes (horizon_s, seed, tasks, ...)
  std::vector<std::string> factors;            ///< sweep files: factor names, in design order
  std::map<std::string, Table> tables;         ///< "runs", "stations", "summary/kpis", "tasks", ... by path
  std::map<std::string, std::string> descriptions; ///< each table's `description` attribute, by path

  bool is_sweep() const { return format == "greenfab-sweep"; }
  /** Table at `path`, or nullptr. */
  const Table* table(const std::string& path) const;
};

/**
 * Reads a run or sweep file. Text columns become TextColumn, numeric ones Column (int64 as double) with
 * their `units` and `description` attributes; Table::index is the group's `index_columns`.
 * @throws ModelError (bad input, exit 2) if the file does not exist, is not HDF5, or is not a greenfab
 *         file (root attribute `format`); h5::Error if a greenfab file is damaged.
 */
StoredResults read_stored_results(const std::string& path);

/** One dataframe group of an open file (docs/hdf5-schema.md): its columns in `column-order`, text and
 *  numeric, with units and descriptions; the one reader of tables, for every file kind. @throws
 *  std::runtime_error naming `file_context`, the table and the column */
Table read_dataframe(hid_t file, const std::string& path, const std::string& file_context);

/**
 * A run file as the ResultsFile that `greenfab run` wrote it from: one RunResult per /runs row, with its
 * KPIs and, for a successful one, its rows of every table stacked over replications (/stations,
 * /hourly, ...: each top-level table whose first index column is `replication`). So the terminal report
 * of a stored file is the same code (cli/Report) as the one printed after a run.
 * @throws ModelError if `stored` is not a run file.
 */
ResultsFile to_results_file(const StoredResults& stored);

} // namespace greenfab
