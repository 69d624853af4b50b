// Result tables declared once by column name and filled row by row by name: a value cannot land in the
// wrong column, and a forgotten or misspelt column fails at the first row.
#pragma once
#include "results/Table.hpp"

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace greenfab {

/**
 * Builds a Table the way Mesa's DataCollector builds its frames: the columns are declared once, by
 * name (with unit and description), and every row then sets each of them by name.
 *
 * ```
 * TableBuilder b("buffers", "buffer");                    // table (= HDF5 group) name, what one row is
 * b.key("buffer").text("station")                         // text columns; key() ones identify a row
 *  .column("capacity", "", "waiting places (inf: unlimited)")
 *  .column("wip_mean", "", "time-average parts waiting");
 * for (const Buffer* x : buffers)
 *   b.row().set("buffer", x->name()).set("station", x->station()).set("capacity", x->capacity())
 *          .set("wip_mean", x->mean_level(now));
 * r.add_table(b.take());
 * ```
 *
 * The builder throws std::logic_error, naming the table and the column, for
 *  - a value for a column that was not declared (at that set() call);
 *  - a row that leaves a declared column unset (when the next row starts, or at take());
 *  - a column set twice in one row, text in a numeric column or a number in a text column;
 *  - a column declared twice, or declared after the first row.
 * So a producer that forgets or misspells a column fails at its first row, in every test that runs it.
 * Text columns come first in the table, then numeric ones, each in declaration order (the layout of
 * Table and of every HDF5 dataframe); the index is the key columns in declaration order.
 */
class TableBuilder {
public:
  /** `name`: the table's name (its HDF5 group, `\w` only); `row_is`: what one row is ("station"),
   *  for the files' descriptions ("one row per successful replication x station"). */
  TableBuilder(std::string name, std::string row_is);

  /** A text column that is part of the row's key (Table::index). */
  TableBuilder& key(const std::string& name);
  /** A text column. */
  TableBuilder& text(const std::string& name);
  /** A numeric column: `unit` as in Column ("s", "1" for a ratio, "" for a count). */
  TableBuilder& column(const std::string& name, const std::string& unit, const std::string& description);
  /** A numeric column that is part of the row's key (start_s of an hourly series, percentile). */
  TableBuilder& key_column(const std::string& name, const std::string& unit, const std::string& description);
  /** Rows of this table differ between replications (a log, a time series), so the per-row means of
   *  /summary/<name> would mean nothing: Table::summarise = false. */
  TableBuilder& no_summary();

  /** One row being filled. Set every declared column exactly once. */
  class Row {
  public:
    Row& set(std::string_view column, const std::string& value);
    Row& set(std::string_view column, const char* value) { return set(column, std::string(value)); }
    Row& set(std::string_view column, double value) { return set_number(column, value); }
    /** Counts and other numbers of any arithmetic type (stored as double, like every numeric column). */
    template <class T>
      requires(std::is_arithmetic_v<T> and not std::is_same_v<T, double> and not std::is_same_v<T, bool>)
    Row& set(std::string_view column, T value)
    {
      return set_number(column, static_cast<double>(value));
    }

  private:
    friend class TableBuilder;
    explicit Row(TableBuilder& b) : b_(b) {}
    Row& set_number(std::string_view column, double value);
    TableBuilder& b_;
  };

  /** Starts a new row (checking that the previous one is complete). */
  Row row();
  /** Drops every row, keeping the columns (a series that restarts at the end of the warm-up). */
  void clear_rows();
  /** Complete and open rows so far. */
  std::size_t rows() const { return rows_; }
  /** The table, after checking the last row; the builder is left without rows. */
  Table take();
  /** A copy of the table, after checking the last row; the builder keeps its rows. */
  Table table() const;

private:
  struct Slot {
    bool is_text;
    std::size_t index; ///< into table_.text or table_.numeric
  };
  void declare(const std::string& name, bool is_text);
  Slot& slot(std::string_view column);
  void check_row_complete() const;
  [[noreturn]] void fail(const std::string& what) const;

  Table table_;
  std::map<std::string, Slot, std::less<>> slots_;
  std::vector<std::string> declared_; ///< declaration order, for messages
  std::size_t rows_ = 0;
};

} // namespace greenfab
