// A column-oriented table with units: how every result leaves the simulation (and how HDF5 stores it).
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace greenfab {

/** One numeric column: name in snake_case with a unit suffix where it has one (busy_s), SI unit string. */
struct Column {
  std::string name;
  std::string unit; ///< "s", "1/h", "1" for dimensionless, "" for counts
  std::string description;
  std::vector<double> values;
};

/** One text column (entity names, statuses). */
struct TextColumn {
  std::string name;
  std::vector<std::string> values;
};

/**
 * Rows x columns, stored by column so each column carries its unit. `index` names the key columns
 * (text first, then numeric) that identify a row, e.g. {"replication", "station"}.
 */
struct Table {
  std::string name; ///< unique within a RunResult; the HDF5 group name (`\w` only)
  std::vector<std::string> index;
  std::vector<TextColumn> text;
  std::vector<Column> numeric;
  std::string row_is = {}; ///< what one row is ("station"), for descriptions; "" = "<name> row"
  bool summarise     = true; ///< rows are the same entities in every replication, so files carry per-row
                             ///< means (/summary/<name>); false for logs and time series

  std::size_t rows() const;
  /** Column by name, or nullptr. */
  const Column* find(const std::string& column) const;
  Column* find(const std::string& column);
  const TextColumn* find_text(const std::string& column) const;
  /** row_is, or "<name> row" when empty. */
  std::string what_a_row_is() const { return row_is.empty() ? name + " row" : row_is; }
  /** Appends the rows of `other`, which must have the same columns in the same order. */
  void append(const Table& other);
};

} // namespace greenfab
