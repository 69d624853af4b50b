// The HDF5 results file: layout, exact round trip through the C API, atomic writes, and the Python reader.
#include "Version.hpp"
#include "io/H5File.hpp"
#include "io/ResultsReader.hpp"
#include "io/ResultsWriter.hpp"
#include "results/Summary.hpp"

#include "support/TempDir.hpp"

#include <catch2/catch.hpp>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace greenfab;
using greenfab::test::TempDir;

namespace {

Table entity_table(const std::string& name, const std::string& key, std::vector<std::string> names, int rep)
{
  Table t;
  t.name  = name;
  t.index = {key};
  t.text  = {{key, std::move(names)}};
  const std::size_t n = t.text[0].values.size();
  Column busy{"busy_s", "s", "time spent processing", {}};
  Column share{"utilization", "1", "busy share of the measured time", {}};
  Column count{"parts_done", "", "parts finished", {}};
  for (std::size_t i = 0; i < n; ++i) {
    // Values that do not round-trip through text (1/3, 0.1) show that the file keeps every bit.
    busy.values.push_back(1000.0 / 3.0 * static_cast<double>(i + 1) + 0.1 * rep);
    share.values.push_back(0.1 * static_cast<double>(i + 1) + 0.01 * rep);
    count.values.push_back(static_cast<double>(100 * (i + 1)) + rep);
  }
  t.numeric = {busy, share, count};
  return t;
}

ResultsFile make_results()
{
  ResultsFile f;
  f.command_line = "greenfab run models/line.yaml --reps 3 -o out/results.h5";
  f.model_name   = "line";
  f.model_file   = "models/line.yaml";
  f.model_text   = "name: line   # Überlauf-Linie, 3 Stationen\r\nstations:\n\t- {name: saw}\n\n";
  f.seed         = 42;
  f.warmup_s     = 3600;
  f.horizon_s    = 8 * 3600 + 0.5;
  f.start        = "2025-01-06T06:00:00";
  for (int rep = 0; rep < 3; ++rep) {
    RunResult r;
    r.replication = rep;
    r.seed        = 42;
    r.wall_time_s = 0.25 + rep / 7.0;
    r.events      = 123456789 + static_cast<std::uint64_t>(rep);
    r.kpis        = {{"throughput_per_h", "1/h", "finished parts per hour", 12.5 + rep / 3.0},
                     {"lead_time_mean_s", "s", "mean time from release to finish", 1800.0 + rep * 0.1},
                     {"energy_J", "J", "electric energy after warm-up", 1.0e9 / 7.0 * (rep + 1)}};
    r.add_table(entity_table("stations", "station", {"saw", "lathe", "Prüfstand"}, rep));
    r.add_table(entity_table("buffers", "buffer", {"saw->lathe", "lathe->test"}, rep));
    r.add_table(entity_table("products", "product", {"CR5"}, rep));
    f.runs.push_back(std::move(r));
  }
  return f;
}

// --- Reading back with the plain C API, independently of the writer's helpers. ---

std::string read_string_attribute(hid_t obj, const std::string& name)
{
  const h5::Attribute attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT), "H5Aopen", name);
  const h5::Datatype file_type(H5Aget_type(attr.get()), "H5Aget_type", name);
  REQUIRE(H5Tget_class(file_type.get()) == H5T_STRING);
  REQUIRE(H5Tis_variable_str(file_type.get()) > 0);
  REQUIRE(H5Tget_cset(file_type.get()) == H5T_CSET_UTF8);
  const h5::Datatype type = h5::utf8_string_type();
  char* value             = nullptr;
  REQUIRE(H5Aread(attr.get(), type.get(), &value) >= 0);
  std::string result = value ? value : "";
  H5free_memory(value);
  return result;
}

std::vector<std::string> read_string_array_attribute(hid_t obj, const std::string& name)
{
  const h5::Attribute attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT), "H5Aopen", name);
  const h5::Dataspace space(H5Aget_space(attr.get()), "H5Aget_space", name);
  REQUIRE(H5Sget_simple_extent_ndims(space.get()) == 1);
  const auto n = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get()));
  std::vector<char*> pointers(n, nullptr);
  const h5::Datatype type = h5::utf8_string_type();
  if (n > 0)
    REQUIRE(H5Aread(attr.get(), type.get(), pointers.data()) >= 0);
  std::vector<std::string> values;
  for (char* p : pointers) {
    values.emplace_back(p ? p : "");
    H5free_memory(p);
  }
  return values;
}

template <typename T>
T read_scalar_attribute(hid_t obj, const std::string& name, hid_t memory_type, H5T_class_t expected_class)
{
  const h5::Attribute attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT), "H5Aopen", name);
  const h5::Datatype file_type(H5Aget_type(attr.get()), "H5Aget_type", name);
  CHECK(H5Tget_class(file_type.get()) == expected_class);
  CHECK(H5Tget_size(file_type.get()) == 8);
  T value{};
  REQUIRE(H5Aread(attr.get(), memory_type, &value) >= 0);
  return value;
}

h5::Dataset open_dataset(hid_t loc, const std::string& name)
{
  return h5::Dataset(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), "H5Dopen2", name);
}

std::size_t length(hid_t dataset)
{
  const h5::Dataspace space(H5Dget_space(dataset), "H5Dget_space", "");
  REQUIRE(H5Sget_simple_extent_ndims(space.get()) == 1);
  return static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get()));
}

H5T_class_t type_class(hid_t dataset)
{
  const h5::Datatype type(H5Dget_type(dataset), "H5Dget_type", "");
  return H5Tget_class(type.get());
}

/** Any numeric column as doubles (HDF5 converts int64 on read). */
std::vector<double> read_doubles(hid_t loc, const std::string& name)
{
  const h5::Dataset d = open_dataset(loc, name);
  std::vector<double> values(length(d.get()));
  if (not values.empty())
    REQUIRE(H5Dread(d.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) >= 0);
  return values;
}

std::vector<std::string> read_strings(hid_t loc, const std::string& name)
{
  const h5::Dataset d = open_dataset(loc, name);
  REQUIRE(type_class(d.get()) == H5T_STRING);
  std::vector<char*> pointers(length(d.get()), nullptr);
  const h5::Datatype type = h5::utf8_string_type();
  if (not pointers.empty())
    REQUIRE(H5Dread(d.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()) >= 0);
  std::vector<std::string> values;
  for (char* p : pointers) {
    values.emplace_back(p ? p : "");
    H5free_memory(p);
  }
  return values;
}

std::string read_string_dataset(hid_t loc, const std::string& name)
{
  const h5::Dataset d = open_dataset(loc, name);
  const h5::Dataspace space(H5Dget_space(d.get()), "H5Dget_space", name);
  REQUIRE(H5Sget_simple_extent_type(space.get()) == H5S_SCALAR);
  const h5::Datatype type = h5::utf8_string_type();
  char* value             = nullptr;
  REQUIRE(H5Dread(d.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, &value) >= 0);
  std::string text = value ? value : "";
  H5free_memory(value);
  return text;
}

/** Bitwise equality, so NaN == NaN and 0.1 must come back as exactly 0.1. */
bool same_bits(const std::vector<double>& a, const std::vector<double>& b)
{
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (not(a[i] == b[i] or (std::isnan(a[i]) and std::isnan(b[i]))))
      return false;
  return true;
}

/** Checks that group `name` under `loc` holds `expected` exactly, with the dataframe attributes. */
void check_table(hid_t loc, const std::string& name, const Table& expected)
{
  INFO("table " << name);
  const h5::Group g = h5::open_group(loc, name);
  CHECK(read_string_attribute(g.get(), "encoding-type") == "dataframe");
  CHECK(read_string_attribute(g.get(), "encoding-version") == "0.2.0");
  CHECK(read_string_attribute(g.get(), "_index") == (expected.index.empty() ? "" : expected.index.front()));
  CHECK(read_string_array_attribute(g.get(), "index_columns") == expected.index);
  std::vector<std::string> order;
  for (const auto& c : expected.text)
    order.push_back(c.name);
  for (const auto& c : expected.numeric)
    order.push_back(c.name);
  CHECK(read_string_array_attribute(g.get(), "column-order") == order);
  H5G_info_t info{};
  REQUIRE(H5Gget_info(g.get(), &info) >= 0);
  CHECK(info.nlinks == order.size());

  for (const auto& c : expected.text) {
    INFO("column " << c.name);
    CHECK(read_strings(g.get(), c.name) == c.values);
    const h5::Dataset d = open_dataset(g.get(), c.name);
    CHECK(read_string_attribute(d.get(), "units").empty());
  }
  for (const auto& c : expected.numeric) {
    INFO("column " << c.name);
    CHECK(same_bits(read_doubles(g.get(), c.name), c.values));
    const h5::Dataset d = open_dataset(g.get(), c.name);
    CHECK(read_string_attribute(d.get(), "units") == c.unit);
    CHECK(read_string_attribute(d.get(), "description") == c.description);
    CHECK(type_class(d.get()) == (h5::is_integer_column(c.name) ? H5T_INTEGER : H5T_FLOAT));
  }
}

std::vector<std::string> directory_entries(const fs::path& dir)
{
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir))
    names.push_back(entry.path().filename().string());
  return names;
}

std::string slurp(const std::string& path)
{
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

/** The bytes a dataset occupies in the file (contiguous layout), read straight from disk. */
std::string stored_bytes(const std::string& file_bytes, hid_t dataset)
{
  const haddr_t offset = H5Dget_offset(dataset);
  const hsize_t size   = H5Dget_storage_size(dataset);
  if (size == 0)
    return {};
  REQUIRE(offset != HADDR_UNDEF);
  REQUIRE(offset + size <= file_bytes.size());
  return file_bytes.substr(static_cast<std::size_t>(offset), static_cast<std::size_t>(size));
}

bool python_has_h5py()
{
  return std::system("/usr/bin/python3 -c 'import h5py, pandas' >/dev/null 2>&1") == 0;
}

struct PythonRun {
  int status = -1;    ///< std::system's status: 0 when the script succeeded
  std::string output; ///< stdout and stderr, shown only when a check fails
};

/** Runs a Python script in `dir` with the repository on sys.path. */
PythonRun run_python(const TempDir& dir, const std::string& script)
{
  const std::string script_path = dir.file("check.py");
  const std::string log_path    = dir.file("check.log");
  std::ofstream(script_path) << script;
  const std::string command = "cd '" + dir.path().string() + "' && PYTHONPATH='" GREENFAB_SOURCE_DIR
                              "' PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 '" +
                              script_path + "' >'" + log_path + "' 2>&1";
  PythonRun run;
  run.status = std::system(command.c_str());
  run.output = slurp(log_path);
  return run;
}

} // namespace

TEST_CASE("results file: root attributes and model text", "[results][hdf5]")
{
  const TempDir dir;
  const ResultsFile results = make_results();
  const std::string path    = dir.file("results.h5");
  write_results(path, results);

  const h5::File file = h5::open_file(path);
  const hid_t root    = file.get();
  CHECK(read_string_attribute(root, "format") == "greenfab-results");
  CHECK(read_string_attribute(root, "format_version") == "1.2");
  CHECK(read_string_attribute(root, "kind") == "run");
  CHECK(read_string_attribute(root, "software") == "greenfab");
  CHECK(read_string_attribute(root, "software_version") == std::string(tool_version));
  CHECK(read_string_attribute(root, "git_describe") == std::string(git_describe));
  const std::string created = read_string_attribute(root, "created_utc");
  CHECK(std::regex_match(created, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
  CHECK(read_string_attribute(root, "command_line") == results.command_line);
  CHECK(read_string_attribute(root, "model_name") == "line");
  CHECK(read_string_attribute(root, "model_file") == "models/line.yaml");
  CHECK(read_string_attribute(root, "start") == "2025-01-06T06:00:00");
  CHECK(read_scalar_attribute<std::int64_t>(root, "seed", H5T_NATIVE_INT64, H5T_INTEGER) == 42);
  CHECK(read_scalar_attribute<std::int64_t>(root, "replications", H5T_NATIVE_INT64, H5T_INTEGER) == 3);
  CHECK(read_scalar_attribute<std::int64_t>(root, "replications_requested", H5T_NATIVE_INT64, H5T_INTEGER) == 3);
  CHECK(read_scalar_attribute<std::int64_t>(root, "partial", H5T_NATIVE_INT64, H5T_INTEGER) == 0);
  CHECK(read_scalar_attribute<double>(root, "warmup_s", H5T_NATIVE_DOUBLE, H5T_FLOAT) == 3600.0);
  CHECK(read_scalar_attribute<double>(root, "horizon_s", H5T_NATIVE_DOUBLE, H5T_FLOAT) == 8 * 3600 + 0.5);

  const h5::Group model = h5::open_group(root, "model");
  CHECK(read_string_dataset(model.get(), "source_yaml") == results.model_text);
}

TEST_CASE("results file: every table round-trips exactly with units", "[results][hdf5]")
{
  const TempDir dir;
  const ResultsFile results = make_results();
  const std::string path    = dir.file("results.h5");
  write_results(path, results);

  const h5::File file = h5::open_file(path);
  const hid_t root    = file.get();
  const auto& runs    = results.runs;

  const Table run_table = runs_table(runs);
  check_table(root, "runs", run_table);
  {
    const h5::Group g = h5::open_group(root, "runs");
    CHECK(read_string_attribute(g.get(), "_index") == "replication");
    CHECK(read_string_array_attribute(g.get(), "column-order") ==
          std::vector<std::string>{"status", "replication", "seed", "wall_time_s", "events", "throughput_per_h",
                                   "lead_time_mean_s", "energy_J"});
    const h5::Dataset energy = open_dataset(g.get(), "energy_J");
    CHECK(read_string_attribute(energy.get(), "units") == "J");
    const h5::Dataset throughput = open_dataset(g.get(), "throughput_per_h");
    CHECK(read_string_attribute(throughput.get(), "units") == "1/h");
    CHECK(read_doubles(g.get(), "events") == std::vector<double>{123456789, 123456790, 123456791});
  }

  check_table(root, "stations", stack_entities(runs, "stations"));
  check_table(root, "buffers", stack_entities(runs, "buffers"));
  check_table(root, "products", stack_entities(runs, "products"));
  {
    const h5::Group g = h5::open_group(root, "stations");
    CHECK(read_string_array_attribute(g.get(), "index_columns") == std::vector<std::string>{"replication", "station"});
    CHECK(read_strings(g.get(), "station") ==
          std::vector<std::string>{"saw", "lathe", "Prüfstand", "saw", "lathe", "Prüfstand", "saw", "lathe",
                                   "Prüfstand"});
  }

  const h5::Group summary = h5::open_group(root, "summary");
  check_table(summary.get(), "kpis", summarise_kpis(runs));
  check_table(summary.get(), "stations", summarise_entities(runs, "stations"));
  check_table(summary.get(), "buffers", summarise_entities(runs, "buffers"));
  check_table(summary.get(), "products", summarise_entities(runs, "products"));
}

TEST_CASE("results file: when every run failed it holds /runs and /summary/kpis, no per-run tables",
          "[results][hdf5]")
{
  const TempDir dir;
  ResultsFile results = make_results();
  for (auto& r : results.runs) {
    r.status = "error: deadlock at t=12 s";
    r.tables.clear(); // a failed run brings back no tables
  }
  const std::string path = dir.file("failed.h5");
  write_results(path, results);

  const h5::File file = h5::open_file(path);
  check_table(file.get(), "runs", runs_table(results.runs)); // 3 rows, no KPI columns
  CHECK(H5Lexists(file.get(), "stations", H5P_DEFAULT) == 0);
  const h5::Group summary = h5::open_group(file.get(), "summary");
  check_table(summary.get(), "kpis", summarise_kpis(results.runs)); // columns but zero rows
  CHECK(H5Lexists(summary.get(), "products", H5P_DEFAULT) == 0);
}

TEST_CASE("results file: every named table of the runs is stored, summarised unless it is a log",
          "[results][hdf5]")
{
  const TempDir dir;
  ResultsFile results = make_results();
  for (auto& r : results.runs) {
    Table ovens  = entity_table("ovens", "oven", {"tunnel", "batch"}, r.replication);
    ovens.row_is = "oven";
    r.add_table(std::move(ovens));
    Table log      = entity_table("oven_log", "event", {"start", "stop", "start"}, r.replication);
    log.summarise  = false;
    r.add_table(std::move(log));
  }
  const std::string path = dir.file("named.h5");
  write_results(path, results);

  const h5::File file = h5::open_file(path);
  check_table(file.get(), "ovens", stack_entities(results.runs, "ovens"));
  check_table(file.get(), "oven_log", stack_entities(results.runs, "oven_log"));
  {
    const h5::Group g = h5::open_group(file.get(), "ovens");
    CHECK(read_string_attribute(g.get(), "description") == "one row per successful replication x oven");
  }
  const h5::Group summary = h5::open_group(file.get(), "summary");
  check_table(summary.get(), "ovens", summarise_entities(results.runs, "ovens"));
  CHECK(H5Lexists(summary.get(), "oven_log", H5P_DEFAULT) == 0);

  // Read back, every stacked table becomes a per-run table again.
  const ResultsFile back = to_results_file(read_stored_results(path));
  REQUIRE(back.runs.size() == 3);
  const Table* ovens = back.runs[2].find_table("ovens");
  REQUIRE(ovens != nullptr);
  CHECK(ovens->find_text("oven")->values == std::vector<std::string>{"tunnel", "batch"});
  CHECK(ovens->find("busy_s")->values == results.runs[2].table("ovens").find("busy_s")->values);
  CHECK(ovens->row_is == "oven");
  CHECK(ovens->summarise);
  CHECK_FALSE(back.runs[2].table("oven_log").summarise);
}

TEST_CASE("results file: written atomically", "[results][hdf5]")
{
  const TempDir dir;
  const ResultsFile results = make_results();

  SECTION("no temporary file remains after success, and an existing file is replaced")
  {
    const std::string path = dir.file("results.h5");
    std::ofstream(path) << "an older, unrelated file";
    write_results(path, results);
    CHECK(directory_entries(dir.path()) == std::vector<std::string>{"results.h5"});
    CHECK(H5Fis_hdf5(path.c_str()) > 0);
  }

  SECTION("a missing directory throws a clear error and creates nothing")
  {
    const std::string path = dir.file("missing/sub/results.h5");
    try {
      write_results(path, results);
      FAIL("write_results should have thrown");
    } catch (const std::runtime_error& e) {
      const std::string what = e.what();
      CHECK_THAT(what, Catch::Contains(path));
      CHECK_THAT(what, Catch::Contains("No such file or directory"));
    }
    CHECK(not fs::exists(dir.path() / "missing"));
    CHECK(directory_entries(dir.path()).empty());
  }

  SECTION("a failure half-way removes the temporary file and keeps the old one")
  {
    const std::string path = dir.file("results.h5");
    std::ofstream(path) << "previous results";
    ResultsFile bad = results;
    bad.runs[1].table("stations").numeric[0].values.pop_back(); // a ragged table cannot be stored
    CHECK_THROWS_AS(write_results(path, bad), std::runtime_error);
    CHECK(directory_entries(dir.path()) == std::vector<std::string>{"results.h5"});
    CHECK(slurp(path) == "previous results");
  }
}

TEST_CASE("results file: identical inputs give identical datasets", "[results][hdf5]")
{
  const TempDir dir;
  const ResultsFile results = make_results();
  const std::string a       = dir.file("a.h5");
  const std::string b       = dir.file("b.h5");
  write_results(a, results);
  write_results(b, results);
  const std::string bytes_a = slurp(a);
  const std::string bytes_b = slurp(b);
  REQUIRE(bytes_a.size() == bytes_b.size());

  const h5::File file_a = h5::open_file(a);
  const h5::File file_b = h5::open_file(b);
  const h5::Group runs_a = h5::open_group(file_a.get(), "runs");
  const h5::Group runs_b = h5::open_group(file_b.get(), "runs");
  for (const auto& column : read_string_array_attribute(runs_a.get(), "column-order")) {
    INFO("column " << column);
    const h5::Dataset da = open_dataset(runs_a.get(), column);
    const h5::Dataset db = open_dataset(runs_b.get(), column);
    CHECK(H5Dget_offset(da.get()) == H5Dget_offset(db.get()));
    CHECK(stored_bytes(bytes_a, da.get()) == stored_bytes(bytes_b, db.get()));
  }
  CHECK(read_strings(runs_a.get(), "status") == read_strings(runs_b.get(), "status"));

  // Beyond /runs: only the creation time may differ, so at most its 20 characters.
  std::size_t differing = 0;
  for (std::size_t i = 0; i < bytes_a.size(); ++i)
    differing += bytes_a[i] != bytes_b[i] ? 1U : 0U;
  CHECK(differing <= 20);
}

TEST_CASE("h5::write_table rejects malformed tables", "[results][hdf5]")
{
  const TempDir dir;
  h5::File file = h5::create_file(dir.file("t.h5"));
  Table t;
  t.index   = {"name"};
  t.text    = {{"name", {"a", "b"}}};
  t.numeric = {{"x_s", "s", "", {1, 2}}};
  SECTION("ragged") {
    t.numeric[0].values.push_back(3);
    CHECK_THROWS_AS(h5::write_table(file.get(), "t", t), std::invalid_argument);
  }
  SECTION("duplicate name") {
    t.numeric[0].name = "name";
    CHECK_THROWS_AS(h5::write_table(file.get(), "t", t), std::invalid_argument);
  }
  SECTION("missing index column") {
    t.index = {"station"};
    CHECK_THROWS_AS(h5::write_table(file.get(), "t", t), std::invalid_argument);
  }
  SECTION("HDF5 errors name the call and the object") {
    h5::write_table(file.get(), "t", t);
    try {
      h5::write_table(file.get(), "t", t);
      FAIL("a second group of the same name should fail");
    } catch (const h5::Error& e) {
      CHECK_THAT(std::string(e.what()), Catch::Contains("H5Gcreate2") && Catch::Contains("'/t'"));
    }
  }
  file.close("test file");
}

TEST_CASE("results file: the Python reader loads it", "[results][hdf5][python]")
{
  if (not python_has_h5py()) {
    WARN("/usr/bin/python3 cannot import h5py and pandas: Python reader not tested");
    return;
  }
  const TempDir dir;
  write_results(dir.file("results.h5"), make_results());
  const std::string script = R"(
import math
from analysis import greenfab_h5 as gh

t = gh.read_results("results.h5")
assert sorted(t) == ["buffers", "products", "runs", "stations", "summary/buffers", "summary/kpis",
                     "summary/products", "summary/stations"], sorted(t)
runs = t["runs"]
assert list(runs.columns) == ["status", "replication", "seed", "wall_time_s", "events",
                              "throughput_per_h", "lead_time_mean_s", "energy_J"], list(runs.columns)
assert runs["replication"].tolist() == [0, 1, 2]
assert str(runs["replication"].dtype) == "int64"
assert runs["status"].tolist() == ["ok", "ok", "ok"]
assert runs["throughput_per_h"].tolist() == [12.5 + r / 3.0 for r in range(3)]
assert runs["energy_J"].tolist() == [1.0e9 / 7.0 * (r + 1) for r in range(3)]
st = t["stations"]
assert st.shape == (9, 5), st.shape
assert st["station"].tolist()[:3] == ["saw", "lathe", "Prüfstand"]
kpis = gh.read_table(__import__("h5py").File("results.h5")["summary/kpis"], index=True)
assert list(kpis.index) == ["throughput_per_h", "lead_time_mean_s", "energy_J"]
assert math.isclose(kpis.loc["throughput_per_h", "mean"], 12.5 + 1 / 3.0)
import h5py
with h5py.File("results.h5") as f:
    assert gh.units(f["runs"])["energy_J"] == "J"
    assert gh.units(f["runs"])["status"] == ""
    indexed = gh.read_table(f["stations"], index=True)
    assert indexed.index.names == ["replication", "station"]
assert gh.model_text("results.h5") == "name: line   # Überlauf-Linie, 3 Stationen\r\nstations:\n\t- {name: saw}\n\n"
meta = gh.metadata("results.h5")
assert meta["format"] == "greenfab-results" and meta["seed"] == 42 and meta["replications"] == 3
print("python reader ok")
)";
  const PythonRun run = run_python(dir, script);
  INFO(run.output);
  CHECK(run.status == 0);
}

TEST_CASE("results file: the recipes in docs/hdf5-schema.md run", "[results][hdf5][python]")
{
  if (not python_has_h5py()) {
    WARN("/usr/bin/python3 cannot import h5py and pandas: documentation recipes not tested");
    return;
  }
  const TempDir dir;
  write_results(dir.file("results.h5"), make_results());
  // A file whose replications all failed too (only /runs and /summary/kpis), so the recipes are shown
  // to cope with it.
  ResultsFile failed = make_results();
  for (auto& r : failed.runs)
    r.status = "error";
  write_results(dir.file("failed.h5"), failed);

  const std::string doc = slurp(GREENFAB_SOURCE_DIR "/docs/hdf5-schema.md");
  REQUIRE(not doc.empty());
  const std::regex block("```python\n([\\s\\S]*?)```");
  int blocks = 0;
  for (auto it = std::sregex_iterator(doc.begin(), doc.end(), block); it != std::sregex_iterator(); ++it) {
    ++blocks;
    const std::string code = (*it)[1].str();
    INFO("recipe:\n" << code);
    const PythonRun on_results = run_python(dir, code);
    INFO("on results.h5:\n" << on_results.output);
    CHECK(on_results.status == 0);
    const std::string failed_code = std::regex_replace(code, std::regex("results\\.h5"), "failed.h5");
    const PythonRun on_failed     = run_python(dir, failed_code);
    INFO("on failed.h5 (every replication failed):\n" << on_failed.output);
    CHECK(on_failed.status == 0);
  }
  CHECK(blocks >= 3);
}
