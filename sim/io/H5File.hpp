// Thin RAII layer over the HDF5 C API: owned hid_t handles, errors as exceptions, dataframe-style tables.
#pragma once
#include "results/Table.hpp"

#include <hdf5.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace greenfab::h5 {

/** A failed HDF5 call. what() names the call, the object it worked on and HDF5's own reason. */
class Error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/**
 * Throws Error for a failed HDF5 call, with the messages of HDF5's error stack (which it then clears).
 * Must be called right after the failing call: any later HDF5 call resets the stack.
 */
[[noreturn]] void throw_error(std::string_view call, std::string_view context);

/**
 * Turns off HDF5's automatic printing of its error stack to stderr (the default handler would print a
 * trace for every failure, including ones we turn into exceptions). Idempotent; every function here
 * calls it, so callers need not.
 */
void silence_error_printing();

/**
 * Owns one HDF5 identifier and closes it with `Close` (H5Fclose, H5Dclose, ...) when destroyed.
 * Move-only. A negative id from the creating call is turned into an Error at construction, so a live
 * Handle always holds a valid id.
 */
template <herr_t (*Close)(hid_t)>
class Handle {
public:
  Handle() = default;
  /** Takes ownership of `id`, the result of `call`; throws Error (naming call and context) if id < 0. */
  Handle(hid_t id, std::string_view call, std::string_view context) : id_(id)
  {
    if (id_ < 0)
      throw_error(call, context);
  }
  Handle(const Handle&)            = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)) {}
  Handle& operator=(Handle&& other) noexcept
  {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
    }
    return *this;
  }
  // Destructors cannot throw: a close failing during unwinding is secondary to the original error.
  ~Handle() { reset(); }

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }

  /** Closes now and reports failure, unlike the destructor. Used where closing completes the work
   *  (closing a file flushes it). */
  void close(std::string_view context)
  {
    const hid_t id = std::exchange(id_, H5I_INVALID_HID);
    if (id >= 0 and Close(id) < 0)
      throw_error(close_call(), context);
  }

private:
  static std::string_view close_call()
  {
    if (Close == &H5Fclose)
      return "H5Fclose";
    if (Close == &H5Gclose)
      return "H5Gclose";
    if (Close == &H5Dclose)
      return "H5Dclose";
    if (Close == &H5Aclose)
      return "H5Aclose";
    return "H5?close";
  }

  void reset() noexcept
  {
    if (id_ >= 0)
      Close(id_);
    id_ = H5I_INVALID_HID;
  }

  hid_t id_ = H5I_INVALID_HID;
};

using File          = Handle<H5Fclose>;
using Group         = Handle<H5Gclose>;
using Dataset       = Handle<H5Dclose>;
using Dataspace     = Handle<H5Sclose>;
using Datatype      = Handle<H5Tclose>;
using Attribute     = Handle<H5Aclose>;
using PropertyList  = Handle<H5Pclose>;

/**
 * Creates (or truncates) the HDF5 file at `path` for writing. Object time stamps are off, so writing
 * the same content twice gives the same bytes.
 */
File create_file(const std::string& path);

/** Opens an existing HDF5 file read-only. */
File open_file(const std::string& path);

/** Creates group `name` (a single link name or a path whose parents exist) under `loc`. */
Group create_group(hid_t loc, const std::string& name);

/** Opens the existing group `name` under `loc`. */
Group open_group(hid_t loc, const std::string& name);

/** A variable-length UTF-8 string datatype (the type of every string we write). Caller owns it. */
Datatype utf8_string_type();

// ---- reading (the readers of run, sweep and pathway files share these)

/** Throws Error naming `call` and `context` if `status` is negative. */
void check(herr_t status, std::string_view call, std::string_view context);
/** Number of elements of a dataspace; 0 for a null (empty) one. */
std::size_t points(hid_t space);
/** Copies vlen strings out of HDF5's buffers and frees them (HDF5 allocated each one). */
std::vector<std::string> take_strings(std::vector<char*>& buf);
/** True if `obj` has a string attribute `name`; its elements go to `out`. */
bool read_string_attribute(hid_t obj, const std::string& name, std::vector<std::string>& out, const std::string& context);
/** The first element of string attribute `name`, or "" if absent or not a string. */
std::string string_attribute(hid_t obj, const std::string& name, const std::string& context);
/** Every element of string attribute `name`, or none if absent or not a string. */
std::vector<std::string> string_array_attribute(hid_t obj, const std::string& name, const std::string& context);

/** Scalar vlen UTF-8 string attribute on object `obj`. @throws Error if `value` contains a NUL byte. */
void set_string_attribute(hid_t obj, const std::string& name, std::string_view value);

/** 1-D vlen UTF-8 string array attribute (may be empty). */
void set_string_array_attribute(hid_t obj, const std::string& name, const std::vector<std::string>& values);

/** Scalar float64 attribute. */
void set_double_attribute(hid_t obj, const std::string& name, double value);

/** Scalar int64 attribute. */
void set_int_attribute(hid_t obj, const std::string& name, std::int64_t value);

/** Scalar uint64 attribute (only for values int64 cannot hold: numpy and pandas prefer int64). */
void set_uint_attribute(hid_t obj, const std::string& name, std::uint64_t value);

/** Scalar vlen UTF-8 string dataset holding `text` byte for byte (e.g. the model's YAML source).
 *  @throws Error if `text` contains a NUL byte, which a C string cannot carry. */
Dataset write_string_dataset(hid_t loc, const std::string& name, std::string_view text);

/** 1-D float64 dataset. The returned handle lets the caller add attributes (units). */
Dataset write_doubles(hid_t loc, const std::string& name, const std::vector<double>& values);

/** 1-D int64 dataset. */
Dataset write_ints(hid_t loc, const std::string& name, const std::vector<std::int64_t>& values);

/** 1-D vlen UTF-8 string dataset. */
Dataset write_strings(hid_t loc, const std::string& name, const std::vector<std::string>& values);

/** Columns stored as int64 rather than float64 when all their values are exact integers. */
bool is_integer_column(const std::string& column_name);

/**
 * Writes `table` as an anndata-style dataframe group `name` under `loc` (layout in docs/hdf5-schema.md):
 * group attributes encoding-type="dataframe", encoding-version="0.2.0", _index (first index column, ""
 * if none), index_columns (all of table.index) and column-order (text columns, then numeric, in Table
 * order); one 1-D dataset per column. Numeric columns are float64, or int64 for is_integer_column()
 * names whose values are all integers, and carry `units` and `description` attributes; text columns
 * are vlen UTF-8 with `units` = "". A table without columns gives a group with the attributes only.
 * @throws std::invalid_argument if columns differ in length, names repeat, are empty or contain '/',
 *         or the first index column does not exist; Error if HDF5 fails.
 */
void write_table(hid_t loc, const std::string& name, const Table& table);

} // namespace greenfab::h5

namespace greenfab::h5 {

/** Element type of a streamed column. */
enum class ColumnType { float64, int64, text };

/**
 * A 1-D chunked, deflate-compressed dataset of unlimited length, filled by appending values: for tables
 * whose rows arrive one at a time and must not all sit in memory (sweeps stream rows from a journal).
 * Values are buffered up to one chunk and written when the buffer is full or on flush(), so the
 * dataset holds every pushed value only after flush(). Pushing a value of the wrong type throws.
 */
class ExtendibleColumn {
public:
  ExtendibleColumn() = default;
  /** Creates dataset `name` under `loc` with `chunk_rows` rows per chunk (at least 1). */
  ExtendibleColumn(hid_t loc, const std::string& name, ColumnType type, std::size_t chunk_rows);
  void push(double value);
  void push(std::int64_t value);
  void push(const std::string& value);
  /** Writes buffered values. Call before closing; the destructor does not (it cannot report errors). */
  void flush();
  /** Rows pushed so far (written or buffered). */
  std::size_t size() const { return written_ + buffered(); }
  ColumnType type() const { return type_; }
  hid_t get() const { return dataset_.get(); }

private:
  std::size_t buffered() const { return doubles_.size() + ints_.size() + strings_.size(); }
  Dataset dataset_;
  ColumnType type_ = ColumnType::float64;
  std::size_t chunk_rows_ = 1;
  std::size_t written_    = 0;
  std::vector<double> doubles_;
  std::vector<std::int64_t> ints_;
  std::vector<std::string> strings_;
  std::string context_;
};

} // namespace greenfab::h5
