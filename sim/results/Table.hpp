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
  std::string name;
  std::vector<std::string> index;
  std::vector<TextColumn> text;
  std::vector<Column> numeric;

  std::size_t rows() const;
  /** Column by name, or nullptr. */
  const Column* find(const std::string& column) const;
  Column* find(const std::string& column);
  const TextColumn* find_text(const std::string& column) const;
  /** Appends the rows of `other`, which must have the same columns in the same order. */
  void append(const Table& other);
};

} // namespace greenfab
