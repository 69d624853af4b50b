// HDF5 handles, attributes and dataframe groups; the only translation unit that talks to libhdf5 directly.
#include "io/H5File.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

namespace greenfab::h5 {

namespace {

// HDF5 1.10 closes every open file from an atexit handler. A file whose H5Fclose failed (a full disk
// while flushing) stays registered in a broken state, and that handler then crashes in H5F__close_cb:
// the process died with SIGSEGV after printing the real error. We close every file explicitly (a close
// that fails is reported), so the handler has nothing useful to do; H5dont_atexit must run before the
// library initialises, hence at static initialisation of this translation unit.
[[maybe_unused]] const bool no_hdf5_atexit = [] { return H5dont_atexit() >= 0; }();

/** Outermost and innermost messages of HDF5's error stack: what failed and the root cause (often errno). */
struct StackMessages {
  std::string outer;
  std::string inner;
};

herr_t collect_message(unsigned n, const H5E_error2_t* err, void* data)
{
  auto* messages = static_cast<StackMessages*>(data);
  const std::string desc = (err and err->desc) ? err->desc : "";
  if (n == 0)
    messages->outer = desc;
  messages->inner = desc;
  return 0;
}

/** Checks the status of an HDF5 call that returns herr_t. */
std::string where(hid_t loc, const std::string& name)
{
  // H5Iget_name gives the object's path in its file, which makes errors in nested tables readable.
  std::array<char, 512> buffer{};
  const ssize_t length = H5Iget_name(loc, buffer.data(), buffer.size());
  std::string parent   = length > 0 ? std::string(buffer.data()) : std::string("?");
  if (parent != "/")
    parent += "/";
  return "'" + parent + name + "'";
}

/** Object creation properties shared by groups and datasets: no time stamps, so output is reproducible. */
PropertyList untimed(hid_t property_class, std::string_view context)
{
  PropertyList plist(H5Pcreate(property_class), "H5Pcreate", context);
  check(H5Pset_obj_track_times(plist.get(), false), "H5Pset_obj_track_times", context);
  return plist;
}

Dataspace vector_space(std::size_t n, std::string_view context)
{
  const std::array<hsize_t, 1> dims{static_cast<hsize_t>(n)};
  return Dataspace(H5Screate_simple(1, dims.data(), nullptr), "H5Screate_simple", context);
}

Dataset create_dataset(hid_t loc, const std::string& name, hid_t file_type, hid_t space, std::string_view context)
{
  const PropertyList dcpl = untimed(H5P_DATASET_CREATE, context);
  // Long columns (hourly series) are chunked a year of hours at a time and compressed; short ones stay
  // contiguous, where a chunk index would cost more than it saves.
  constexpr hssize_t compress_from = 512;
  const hssize_t n = H5Sget_simple_extent_npoints(space);
  if (n >= compress_from) {
    const std::array<hsize_t, 1> chunk{static_cast<hsize_t>(std::min<hssize_t>(n, 8784))};
    check(H5Pset_chunk(dcpl.get(), 1, chunk.data()), "H5Pset_chunk", context);
    check(H5Pset_shuffle(dcpl.get()), "H5Pset_shuffle", context);
    check(H5Pset_deflate(dcpl.get(), 4), "H5Pset_deflate", context);
  }
  return Dataset(H5Dcreate2(loc, name.c_str(), file_type, space, H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
                 "H5Dcreate2", context);
}

/** C-string pointers for a vlen string write; rejects embedded NULs, which would silently truncate. */
std::vector<const char*> c_strings(const std::vector<std::string>& values, std::string_view context)
{
  std::vector<const char*> pointers;
  pointers.reserve(values.size());
  for (const auto& v : values) {
    if (v.find('\0') != std::string::npos)
      throw Error("HDF5 string " + std::string(context) + " contains a NUL byte, which vlen strings cannot hold");
    pointers.push_back(v.c_str());
  }
  return pointers;
}

void write_scalar_attribute(hid_t obj, const std::string& name, hid_t file_type, hid_t memory_type,
                            const void* value)
{
  const std::string context = "attribute " + where(obj, "@" + name);
  const Dataspace space(H5Screate(H5S_SCALAR), "H5Screate", context);
  const Attribute attr(H5Acreate2(obj, name.c_str(), file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT),
                       "H5Acreate2", context);
  check(H5Awrite(attr.get(), memory_type, value), "H5Awrite", context);
}

bool fits_int64(double v)
{
  // 0x1p63 is exactly representable; the int64 range is [-2^63, 2^63).
  return std::isfinite(v) and std::trunc(v) == v and v >= -0x1p63 and v < 0x1p63;
}

void validate(const Table& table, const std::string& group)
{
  const std::size_t rows = table.rows();
  std::set<std::string> names;
  auto check_name = [&](const std::string& column, std::size_t size) {
    if (column.empty() or column.find('/') != std::string::npos or column == ".")
      throw std::invalid_argument("table " + group + ": column name '" + column + "' is not a valid HDF5 name");
    if (not names.insert(column).second)
      throw std::invalid_argument("table " + group + ": column '" + column + "' appears twice");
    if (size != rows)
      throw std::invalid_argument("table " + group + ": column '" + column + "' has " + std::to_string(size) +
                                  " rows, expected " + std::to_string(rows));
  };
  for (const auto& c : table.text)
    check_name(c.name, c.values.size());
  for (const auto& c : table.numeric)
    check_name(c.name, c.values.size());
  if (not table.index.empty() and not names.empty() and names.count(table.index.front()) == 0)
    throw std::invalid_argument("table " + group + ": index column '" + table.index.front() + "' does not exist");
}

} // namespace

void throw_error(std::string_view call, std::string_view context)
{
  StackMessages messages;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, collect_message, &messages);
  H5Eclear2(H5E_DEFAULT);
  // A failed write(2) is reported as "file write failed: time = <ctime with a newline>, filename = ...,
  // errno = 28, error message = 'No space left on device', ..."; the OS's message is what people need.
  if (const auto at = messages.inner.find("error message = '"); at != std::string::npos) {
    const auto from = at + std::string_view("error message = '").size();
    const auto to   = messages.inner.find('\'', from);
    if (to != std::string::npos)
      messages.inner = messages.inner.substr(from, to - from);
  }
  std::string what = std::string(call) + " failed";
  if (not context.empty())
    what += " for " + std::string(context);
  if (not messages.outer.empty()) {
    what += ": " + messages.outer;
    if (messages.inner != messages.outer)
      what += " (" + messages.inner + ")";
  }
  throw Error(what);
}

void silence_error_printing()
{
  // A function-local static runs the call once per process; H5Eset_auto2 is per-thread only in
  // thread-safe builds, and we write from one thread.
  static const bool silenced = [] { return H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr) >= 0; }();
  (void)silenced;
}

File create_file(const std::string& path)
{
  silence_error_printing();
  const std::string context = "file '" + path + "'";
  // The file creation list also governs the root group, whose time stamps we drop too.
  const PropertyList fcpl = untimed(H5P_FILE_CREATE, context);
  const PropertyList fapl(H5Pcreate(H5P_FILE_ACCESS), "H5Pcreate", context);
  // SEMI: closing the file fails (instead of silently staying open) if an object was leaked.
  check(H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_SEMI), "H5Pset_fclose_degree", context);
  return File(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get()), "H5Fcreate", context);
}

File open_file(const std::string& path)
{
  silence_error_printing();
  const std::string context = "file '" + path + "'";
  return File(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "H5Fopen", context);
}

Group create_group(hid_t loc, const std::string& name)
{
  silence_error_printing();
  const std::string context = "group " + where(loc, name);
  const PropertyList gcpl   = untimed(H5P_GROUP_CREATE, context);
  return Group(H5Gcreate2(loc, name.c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT), "H5Gcreate2", context);
}

Group open_group(hid_t loc, const std::string& name)
{
  silence_error_printing();
  const std::string context = "group " + where(loc, name); // before the call: HDF5 calls reset the error stack
  return Group(H5Gopen2(loc, name.c_str(), H5P_DEFAULT), "H5Gopen2", context);
}

Datatype utf8_string_type()
{
  silence_error_printing();
  Datatype type(H5Tcopy(H5T_C_S1), "H5Tcopy", "vlen string type");
  check(H5Tset_size(type.get(), H5T_VARIABLE), "H5Tset_size", "vlen string type");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "H5Tset_cset", "vlen string type");
  return type;
}

void check(herr_t status, std::string_view call, std::string_view context)
{
  if (status < 0)
    throw_error(call, context);
}

std::size_t points(hid_t space)
{
  if (H5Sget_simple_extent_type(space) == H5S_NULL)
    return 0;
  const hssize_t n = H5Sget_simple_extent_npoints(space);
  return n < 0 ? 0 : static_cast<std::size_t>(n);
}

std::vector<std::string> take_strings(std::vector<char*>& buf)
{
  std::vector<std::string> out;
  out.reserve(buf.size());
  for (char*& p : buf) {
    out.emplace_back(p ? p : "");
    H5free_memory(p);
    p = nullptr;
  }
  return out;
}

bool read_string_attribute(hid_t obj, const std::string& name, std::vector<std::string>& out, const std::string& context)
{
  if (H5Aexists(obj, name.c_str()) <= 0)
    return false;
  const std::string where = context + " attribute " + name;
  const Attribute attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT), "H5Aopen", where);
  const Datatype type(H5Aget_type(attr.get()), "H5Aget_type", where);
  if (H5Tget_class(type.get()) != H5T_STRING)
    return false;
  const Dataspace space(H5Aget_space(attr.get()), "H5Aget_space", where);
  std::vector<char*> buf(points(space.get()), nullptr);
  if (not buf.empty())
    check(H5Aread(attr.get(), utf8_string_type().get(), buf.data()), "H5Aread", where);
  out = take_strings(buf);
  return true;
}

std::string string_attribute(hid_t obj, const std::string& name, const std::string& context)
{
  std::vector<std::string> v;
  return read_string_attribute(obj, name, v, context) and not v.empty() ? v.front() : std::string();
}

std::vector<std::string> string_array_attribute(hid_t obj, const std::string& name, const std::string& context)
{
  std::vector<std::string> v;
  read_string_attribute(obj, name, v, context);
  return v;
}

void set_string_attribute(hid_t obj, const std::string& name, std::string_view value)
{
  silence_error_printing();
  const std::vector<std::string> one{std::string(value)};
  const auto pointers  = c_strings(one, "attribute " + where(obj, "@" + name));
  const Datatype type  = utf8_string_type();
  write_scalar_attribute(obj, name, type.get(), type.get(), pointers.data());
}

void set_string_array_attribute(hid_t obj, const std::string& name, const std::vector<std::string>& values)
{
  silence_error_printing();
  const std::string context = "attribute " + where(obj, "@" + name);
  const auto pointers       = c_strings(values, context);
  const Datatype type       = utf8_string_type();
  const Dataspace space     = vector_space(values.size(), context);
  const Attribute attr(H5Acreate2(obj, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                       "H5Acreate2", context);
  if (not values.empty())
    check(H5Awrite(attr.get(), type.get(), pointers.data()), "H5Awrite", context);
}

void set_double_attribute(hid_t obj, const std::string& name, double value)
{
  silence_error_printing();
  write_scalar_attribute(obj, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value);
}

void set_int_attribute(hid_t obj, const std::string& name, std::int64_t value)
{
  silence_error_printing();
  write_scalar_attribute(obj, name, H5T_STD_I64LE, H5T_NATIVE_INT64, &value);
}

void set_uint_attribute(hid_t obj, const std::string& name, std::uint64_t value)
{
  silence_error_printing();
  write_scalar_attribute(obj, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, &value);
}

Dataset write_string_dataset(hid_t loc, const std::string& name, std::string_view text)
{
  silence_error_printing();
  const std::string context = "dataset " + where(loc, name);
  const std::vector<std::string> one{std::string(text)};
  const auto pointers   = c_strings(one, context);
  const Datatype type   = utf8_string_type();
  const Dataspace space(H5Screate(H5S_SCALAR), "H5Screate", context);
  Dataset dataset = create_dataset(loc, name, type.get(), space.get(), context);
  check(H5Dwrite(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()), "H5Dwrite", context);
  return dataset;
}

Dataset write_doubles(hid_t loc, const std::string& name, const std::vector<double>& values)
{
  silence_error_printing();
  const std::string context = "dataset " + where(loc, name);
  const Dataspace space     = vector_space(values.size(), context);
  Dataset dataset           = create_dataset(loc, name, H5T_IEEE_F64LE, space.get(), context);
  if (not values.empty())
    check(H5Dwrite(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "H5Dwrite",
          context);
  return dataset;
}

Dataset write_ints(hid_t loc, const std::string& name, const std::vector<std::int64_t>& values)
{
  silence_error_printing();
  const std::string context = "dataset " + where(loc, name);
  const Dataspace space     = vector_space(values.size(), context);
  Dataset dataset           = create_dataset(loc, name, H5T_STD_I64LE, space.get(), context);
  if (not values.empty())
    check(H5Dwrite(dataset.get(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "H5Dwrite",
          context);
  return dataset;
}

Dataset write_strings(hid_t loc, const std::string& name, const std::vector<std::string>& values)
{
  silence_error_printing();
  const std::string context = "dataset " + where(loc, name);
  const auto pointers       = c_strings(values, context);
  const Datatype type       = utf8_string_type();
  const Dataspace space     = vector_space(values.size(), context);
  Dataset dataset           = create_dataset(loc, name, type.get(), space.get(), context);
  if (not values.empty())
    check(H5Dwrite(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()), "H5Dwrite",
          context);
  return dataset;
}

bool is_integer_column(const std::string& column_name)
{
  return column_name == "replication" or column_name == "seed" or column_name == "n" or column_name == "events";
}

void write_table(hid_t loc, const std::string& name, const Table& table)
{
  silence_error_printing();
  validate(table, where(loc, name));
  const Group group = create_group(loc, name);
  const hid_t g     = group.get();
  set_string_attribute(g, "encoding-type", "dataframe");
  set_string_attribute(g, "encoding-version", "0.2.0");
  set_string_attribute(g, "_index", table.index.empty() ? std::string() : table.index.front());
  set_string_array_attribute(g, "index_columns", table.index);

  std::vector<std::string> order;
  for (const auto& c : table.text)
    order.push_back(c.name);
  for (const auto& c : table.numeric)
    order.push_back(c.name);
  set_string_array_attribute(g, "column-order", order);

  for (const auto& c : table.text) {
    const Dataset column = write_strings(g, c.name, c.values);
    set_string_attribute(column.get(), "units", "");
  }
  for (const auto& c : table.numeric) {
    Dataset column;
    bool as_int = is_integer_column(c.name);
    for (double v : c.values)
      as_int = as_int and fits_int64(v);
    if (as_int) {
      std::vector<std::int64_t> ints;
      ints.reserve(c.values.size());
      for (double v : c.values)
        ints.push_back(static_cast<std::int64_t>(v));
      column = write_ints(g, c.name, ints);
    } else {
      column = write_doubles(g, c.name, c.values);
    }
    set_string_attribute(column.get(), "units", c.unit);
    set_string_attribute(column.get(), "description", c.description);
  }
}

} // namespace greenfab::h5

namespace greenfab::h5 {

ExtendibleColumn::ExtendibleColumn(hid_t loc, const std::string& name, ColumnType type, std::size_t chunk_rows)
    : type_(type), chunk_rows_(std::max<std::size_t>(1, chunk_rows)), context_("dataset " + where(loc, name))
{
  silence_error_printing();
  const std::array<hsize_t, 1> dims{0}, max_dims{H5S_UNLIMITED}, chunk{static_cast<hsize_t>(chunk_rows_)};
  const Dataspace space(H5Screate_simple(1, dims.data(), max_dims.data()), "H5Screate_simple", context_);
  const PropertyList dcpl = untimed(H5P_DATASET_CREATE, context_);
  check(H5Pset_chunk(dcpl.get(), 1, chunk.data()), "H5Pset_chunk", context_);
  // Compression only where the library has it: the file stays readable either way.
  if (type != ColumnType::text and H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0) {
    check(H5Pset_shuffle(dcpl.get()), "H5Pset_shuffle", context_);
    check(H5Pset_deflate(dcpl.get(), 4), "H5Pset_deflate", context_);
  }
  Datatype string_type;
  hid_t file_type = H5T_IEEE_F64LE;
  if (type == ColumnType::int64)
    file_type = H5T_STD_I64LE;
  else if (type == ColumnType::text) {
    string_type = utf8_string_type();
    file_type   = string_type.get();
  }
  dataset_ = Dataset(H5Dcreate2(loc, name.c_str(), file_type, space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
                     "H5Dcreate2", context_);
}

void ExtendibleColumn::push(double value)
{
  if (type_ != ColumnType::float64)
    throw Error("float64 value pushed to non-float64 " + context_);
  doubles_.push_back(value);
  if (doubles_.size() >= chunk_rows_)
    flush();
}

void ExtendibleColumn::push(std::int64_t value)
{
  if (type_ != ColumnType::int64)
    throw Error("int64 value pushed to non-int64 " + context_);
  ints_.push_back(value);
  if (ints_.size() >= chunk_rows_)
    flush();
}

void ExtendibleColumn::push(const std::string& value)
{
  if (type_ != ColumnType::text)
    throw Error("string pushed to non-string " + context_);
  strings_.push_back(value);
  if (strings_.size() >= chunk_rows_)
    flush();
}

void ExtendibleColumn::flush()
{
  const std::size_t n = buffered();
  if (n == 0)
    return;
  silence_error_printing();
  const std::array<hsize_t, 1> new_size{static_cast<hsize_t>(written_ + n)}, start{static_cast<hsize_t>(written_)},
      count{static_cast<hsize_t>(n)};
  check(H5Dset_extent(dataset_.get(), new_size.data()), "H5Dset_extent", context_);
  const Dataspace file_space(H5Dget_space(dataset_.get()), "H5Dget_space", context_);
  check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr),
        "H5Sselect_hyperslab", context_);
  const Dataspace memory_space(H5Screate_simple(1, count.data(), nullptr), "H5Screate_simple", context_);
  if (type_ == ColumnType::float64) {
    check(H5Dwrite(dataset_.get(), H5T_NATIVE_DOUBLE, memory_space.get(), file_space.get(), H5P_DEFAULT,
                   doubles_.data()),
          "H5Dwrite", context_);
    doubles_.clear();
  } else if (type_ == ColumnType::int64) {
    check(H5Dwrite(dataset_.get(), H5T_NATIVE_INT64, memory_space.get(), file_space.get(), H5P_DEFAULT,
                   ints_.data()),
          "H5Dwrite", context_);
    ints_.clear();
  } else {
    const auto pointers = c_strings(strings_, context_);
    const Datatype type = utf8_string_type();
    check(H5Dwrite(dataset_.get(), type.get(), memory_space.get(), file_space.get(), H5P_DEFAULT, pointers.data()),
          "H5Dwrite", context_);
    strings_.clear();
  }
  written_ += n;
}

} // namespace greenfab::h5
