// Sweeps: journal durability and resume, determinism for any number of workers, failed tasks, streaming.
#include "experiment/Journal.hpp"
#include "experiment/SweepRunner.hpp"
#include "experiment/TaskBackend.hpp"
#include "experiment/TaskRunner.hpp"
#include "io/H5File.hpp"
#include "io/SweepWriter.hpp"
#include "kernel/Simulation.hpp"
#include "model/ModelLoader.hpp"
#include "results/RunResultCodec.hpp"
#include "results/Summary.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <cstdlib>
#include <iterator>
#include <map>
#include <regex>

using namespace greenfab;
namespace fs = std::filesystem;

namespace {
/** A fresh directory per test case (test cases run as separate processes, possibly in parallel), removed
 *  when the test case ends. */
class Scratch {
public:
  explicit Scratch(const std::string& name)
      : dir_(fs::temp_directory_path() / ("greenfab_sweep_test_" + name + "_" + std::to_string(::getpid())))
  {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  ~Scratch()
  {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  Scratch(const Scratch&)            = delete;
  Scratch& operator=(const Scratch&) = delete;
  fs::path operator/(const std::string& file) const { return dir_ / file; }

private:
  fs::path dir_;
};

RunResult fake_result(int replication, double throughput, const std::string& status = "ok")
{
  RunResult r;
  r.replication = replication;
  r.seed        = 7;
  r.status      = status;
  if (status == "ok")
    r.kpis = {{"throughput_per_h", "1/h", "parts per hour", throughput}, {"wip_mean", "", "wip", throughput / 10}};
  return r;
}

constexpr const char* tiny_model = R"(name: tiny
run: {warmup: 1 h, horizon: 1 d, replications: 2, seed: 1}
products:
  - name: job
    route: [server]
release:
  interarrival: exp(75 s)
stations:
  - name: server
    process: exp(60 s)
)";

/** An experiment over the tiny M/M/1 model, built in code: one factor on `path` with `levels`. */
struct TestSweep {
  ExperimentSpec experiment;
  std::vector<ModelSpec> models;
};

TestSweep make_sweep(const std::string& path, const std::vector<std::string>& levels, int replications)
{
  TestSweep s;
  ExperimentSpec& e = s.experiment;
  e.name            = "test sweep";
  e.source_file     = "test.yaml";
  e.source_text     = "name: test sweep  # built in code";
  e.model_file      = "tiny.yaml";
  FactorSpec factor;
  factor.name   = "level";
  factor.path   = path;
  factor.levels = levels;
  e.factors     = {factor};
  e.replications    = replications;
  e.outputs         = ExperimentSpec::Outputs::all;
  for (std::size_t i = 0; i < levels.size(); ++i) {
    ScenarioSpec sc;
    sc.id        = static_cast<int>(i);
    sc.name      = "s" + std::to_string(i);
    sc.values    = {levels[i]};
    sc.overrides = {path + "=" + levels[i]};
    e.scenarios.push_back(sc);
    std::vector<std::string> overrides = sc.overrides;
    overrides.push_back("run.replications=" + std::to_string(replications));
    s.models.push_back(load_model_text(tiny_model, "tiny.yaml", overrides));
  }
  return s;
}

/** Every dataset under `group` as comparable bytes (strings joined), skipping wall_time_s. */
std::map<std::string, std::string> datasets(const std::string& file, const std::string& group)
{
  std::map<std::string, std::string> out;
  const h5::File f  = h5::open_file(file);
  const h5::Group g = h5::open_group(f.get(), group);
  hsize_t n         = 0;
  REQUIRE(H5Gget_num_objs(g.get(), &n) >= 0);
  for (hsize_t i = 0; i < n; ++i) {
    char name[256];
    H5Gget_objname_by_idx(g.get(), i, name, sizeof name);
    if (std::string(name) == "wall_time_s")
      continue;
    const h5::Dataset d(H5Dopen2(g.get(), name, H5P_DEFAULT), "H5Dopen2", name);
    const h5::Dataspace space(H5Dget_space(d.get()), "H5Dget_space", name);
    const auto rows = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get()));
    const h5::Datatype type(H5Dget_type(d.get()), "H5Dget_type", name);
    std::string bytes;
    if (H5Tget_class(type.get()) == H5T_STRING) {
      std::vector<char*> p(rows);
      const h5::Datatype mem = h5::utf8_string_type();
      if (rows > 0)
        REQUIRE(H5Dread(d.get(), mem.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, p.data()) >= 0);
      for (char* s : p) {
        bytes += std::string(s) + '\n';
        H5free_memory(s);
      }
    } else {
      bytes.resize(rows * 8);
      const hid_t mem = H5Tget_class(type.get()) == H5T_FLOAT ? H5T_NATIVE_DOUBLE : H5T_NATIVE_INT64;
      if (rows > 0)
        REQUIRE(H5Dread(d.get(), mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data()) >= 0);
    }
    out[name] = bytes;
  }
  return out;
}

std::vector<double> doubles(const std::string& file, const std::string& dataset)
{
  const h5::File f = h5::open_file(file);
  const h5::Dataset d(H5Dopen2(f.get(), dataset.c_str(), H5P_DEFAULT), "H5Dopen2", dataset);
  const h5::Dataspace space(H5Dget_space(d.get()), "H5Dget_space", dataset);
  std::vector<double> v(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get())));
  if (not v.empty())
    REQUIRE(H5Dread(d.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) >= 0);
  return v;
}
} // namespace

TEST_CASE("journal: appended records read back after reopening", "[sweep][journal]")
{
  const Scratch roundtrip("roundtrip");
  const auto path = (roundtrip / "j.journal").string();
  {
    Journal j = Journal::create(path, 42, 5);
    j.append(3, encode(fake_result(1, 30)));
    j.append(0, encode(fake_result(0, 10)));
    j.append(4, encode(fake_result(2, 0, "failed: boom")));
    j.sync();
    CHECK(j.synced() == 3);
  }
  Journal j = Journal::resume(path, 42, 5);
  CHECK(j.truncated_bytes() == 0);
  REQUIRE(j.entries().size() == 3);
  CHECK(j.entries()[0].task == 3);
  CHECK(j.entries()[1].task == 0);
  CHECK(j.entries()[2].task == 4);
  CHECK(decode_run_result(j.read(j.entries()[0])).kpi("throughput_per_h") == 30);
  CHECK(decode_run_result(j.read(j.entries()[2])).status == "failed: boom");
  // Continue appending after a resume.
  j.append(1, encode(fake_result(1, 11)));
  CHECK(j.entries().size() == 4);
}

TEST_CASE("journal: a torn last record is ignored and cut away", "[sweep][journal]")
{
  const Scratch dir("torn");
  const auto path = (dir / "j.journal").string();
  std::uintmax_t good_size = 0;
  {
    Journal j = Journal::create(path, 1, 10);
    j.append(0, encode(fake_result(0, 10)));
    j.append(1, encode(fake_result(1, 11)));
    good_size = fs::file_size(path);
    j.append(2, encode(fake_result(2, 12)));
  }
  // A kill in the middle of the third write: only part of its bytes reached the file.
  fs::resize_file(path, good_size + 20);
  {
    Journal j = Journal::resume(path, 1, 10);
    CHECK(j.entries().size() == 2);
    CHECK(j.truncated_bytes() == 20);
    CHECK(fs::file_size(path) == good_size);
    j.append(2, encode(fake_result(2, 12)));
  }
  // A flipped byte inside a payload fails its checksum: reading stops before it.
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(good_size) + 40);
    f.put('\x5a');
  }
  Journal j = Journal::resume(path, 1, 10);
  CHECK(j.entries().size() == 2);
  CHECK(fs::file_size(path) == good_size);
}

TEST_CASE("journal: another experiment's journal is refused", "[sweep][journal]")
{
  const Scratch dir("mismatch");
  const auto path = (dir / "j.journal").string();
  Journal::create(path, 1234, 8).append(0, encode(fake_result(0, 1)));
  CHECK_THROWS_AS(Journal::resume(path, 999, 8), JournalMismatch);
  CHECK_THROWS_AS(Journal::resume(path, 1234, 9), JournalMismatch);
  std::ofstream(path, std::ios::trunc) << "not a journal at all, just text";
  CHECK_THROWS_AS(Journal::resume(path, 1234, 8), JournalMismatch);
}

TEST_CASE("journal: the fingerprint covers experiment text, models and overrides", "[sweep][journal]")
{
  TestSweep s                = make_sweep("release.interarrival", {"exp(75 s)", "exp(90 s)"}, 2);
  const std::uint64_t before = sweep_fingerprint(s.experiment, s.models, {});
  CHECK(sweep_fingerprint(s.experiment, s.models, {}) == before);
  CHECK(sweep_fingerprint(s.experiment, s.models, {"seed=2"}) != before);
  s.models[1].source_text += "# edited\n";
  CHECK(sweep_fingerprint(s.experiment, s.models, {}) != before);
}

TEST_CASE("sweep: the file is the same for 1 and 2 workers", "[sweep]")
{
  const TestSweep s = make_sweep("release.interarrival", {"exp(75 s)", "exp(90 s)", "exp(120 s)"}, 3);
  const Scratch dir("jobs");
  std::vector<std::string> files;
  for (int jobs : {1, 2}) {
    SweepOptions o;
    o.output = (dir / ("j" + std::to_string(jobs) + ".h5")).string();
    const auto backend = make_local_backend(jobs, 0);
    const SweepOutcome out = run_sweep(s.experiment, s.models, *backend, o);
    CHECK_FALSE(out.interrupted);
    CHECK(out.done == 9);
    CHECK(out.summary.failed == 0);
    CHECK_FALSE(fs::exists(o.output + ".journal"));
    files.push_back(o.output);
  }
  for (const char* group : {"tasks", "scenarios", "main_effects", "stations", "buffers", "products"}) {
    INFO(group);
    const auto a = datasets(files[0], group);
    CHECK(a.size() > 1);
    CHECK(a == datasets(files[1], group));
  }
  // Scenario means are those of estimate() over the scenario's rows of /tasks.
  const auto tp   = doubles(files[0], "tasks/throughput_per_h");
  const auto mean = doubles(files[0], "scenarios/throughput_per_h");
  const auto hw   = doubles(files[0], "scenarios/throughput_per_h_hw");
  REQUIRE(tp.size() == 9);
  REQUIRE(mean.size() == 3);
  for (std::size_t sc = 0; sc < 3; ++sc) {
    const Estimate e = estimate({tp[3 * sc], tp[3 * sc + 1], tp[3 * sc + 2]});
    CHECK(mean[sc] == e.mean);
    CHECK(hw[sc] == e.half_width);
  }
}

TEST_CASE("sweep: a task over its time limit is recorded as failed and the rest complete", "[sweep]")
{
  // Scenario 1 simulates 2000 weeks: far beyond a 0.5 s limit; scenario 0 takes milliseconds.
  const TestSweep s  = make_sweep("run.horizon", {"1 d", "2000 w"}, 2);
  const Scratch dir("failed");
  SweepOptions o;
  o.output               = (dir / "f.h5").string();
  const auto backend     = make_local_backend(2, 0.5);
  const SweepOutcome out = run_sweep(s.experiment, s.models, *backend, o);
  CHECK_FALSE(out.interrupted);
  CHECK(out.summary.failed == 2);
  REQUIRE(out.summary.first_failures.size() == 2);
  CHECK(out.summary.first_failures[0].first == 2);
  CHECK_THAT(out.summary.first_failures[0].second, Catch::Contains("time limit"));
  const auto tp = doubles(o.output, "tasks/throughput_per_h");
  REQUIRE(tp.size() == 4);
  CHECK(std::isfinite(tp[0]));
  CHECK(std::isfinite(tp[1]));
  CHECK(std::isnan(tp[2]));
  CHECK(std::isnan(tp[3]));
  CHECK(doubles(o.output, "scenarios/failed") == std::vector<double>{0, 2});
}

TEST_CASE("sweep: every named table of the tasks reaches the file with a task column, outputs: kpis leaves them out",
          "[sweep]")
{
  // lead_time_distribution was a run-file-only table before sweep format 1.1.
  TestSweep s = make_sweep("release.interarrival", {"exp(75 s)", "exp(90 s)"}, 2);
  const Scratch dir("named");
  SweepOptions o;
  o.output           = (dir / "all.h5").string();
  const auto backend = make_local_backend(1, 0);
  REQUIRE(run_sweep(s.experiment, s.models, *backend, o).summary.failed == 0);
  const auto task = doubles(o.output, "lead_time_distribution/task");
  const auto p    = doubles(o.output, "lead_time_distribution/percentile");
  const auto lt   = doubles(o.output, "lead_time_distribution/lead_time_s");
  REQUIRE(task.size() == 4 * 99);
  REQUIRE(p.size() == task.size());
  for (std::size_t i = 0; i < task.size(); ++i) {
    CHECK(task[i] == static_cast<double>(i / 99));
    CHECK(p[i] == static_cast<double>(i % 99 + 1));
  }
  // Each task's rows are that replication's table, value for value (same model, seed and stream keys).
  const RunResult r = run_replications(s.models[1], 2).at(1);
  const auto& one   = r.table("lead_time_distribution").find("lead_time_s")->values;
  CHECK(std::vector<double>(lt.begin() + 3 * 99, lt.end()) == one);
  CHECK(doubles(o.output, "stations/task") == std::vector<double>{0, 1, 2, 3});

  s.experiment.outputs = ExperimentSpec::Outputs::kpis;
  o.output             = (dir / "kpis.h5").string();
  REQUIRE(run_sweep(s.experiment, s.models, *backend, o).summary.failed == 0);
  const h5::File f = h5::open_file(o.output);
  CHECK(H5Lexists(f.get(), "tasks", H5P_DEFAULT) > 0);
  CHECK(H5Lexists(f.get(), "lead_time_distribution", H5P_DEFAULT) == 0);
  CHECK(H5Lexists(f.get(), "stations", H5P_DEFAULT) == 0);
}

TEST_CASE("sweep writer: a table or column that only later tasks have is added, earlier rows NaN", "[sweep]")
{
  const TestSweep s = make_sweep("release.interarrival", {"exp(75 s)", "exp(90 s)"}, 2);
  const Scratch d("late");
  const auto result = [](int t) {
    RunResult r = fake_result(t % 2, 100 + t);
    if (t >= 1) { // tasks 1..3 have an ovens table; task 3's has a second column
      Table ovens;
      ovens.name    = "ovens";
      ovens.index   = {"oven"};
      ovens.text    = {{"oven", {"tunnel", "batch"}}};
      ovens.numeric = {{"energy_J", "J", "", {10.0 * t, 20.0 * t}}};
      if (t == 3)
        ovens.numeric.push_back({"gas_J", "J", "", {1, 2}});
      r.add_table(std::move(ovens));
    }
    return r;
  };
  write_sweep((d / "late.h5").string(), "test", s.experiment, s.models, result);
  const std::string file = (d / "late.h5").string();
  CHECK(doubles(file, "ovens/task") == std::vector<double>{1, 1, 2, 2, 3, 3});
  CHECK(doubles(file, "ovens/energy_J") == std::vector<double>{10, 20, 20, 40, 30, 60});
  const auto gas = doubles(file, "ovens/gas_J");
  REQUIRE(gas.size() == 6);
  for (std::size_t i = 0; i < 4; ++i)
    CHECK(std::isnan(gas[i]));
  CHECK(gas[4] == 1);
  CHECK(gas[5] == 2);
}

TEST_CASE("sweep writer: rows in task order from a journal written out of order", "[sweep]")
{
  TestSweep s  = make_sweep("release.interarrival", {"exp(75 s)", "exp(90 s)"}, 3);
  const Scratch d("order");
  Journal j    = Journal::create((d / "o.journal").string(), 5, 6);
  for (int task : {5, 2, 0, 4, 1, 3})
    j.append(task, encode(fake_result(task % 3, 100 + task, task == 4 ? "failed: crashed" : "ok")));
  std::vector<JournalEntry> by_task(6);
  for (const auto& e : j.entries())
    by_task[static_cast<std::size_t>(e.task)] = e;
  int fetched                = 0;
  const SweepSummary summary = write_sweep((d / "o.h5").string(), "test", s.experiment, s.models, [&](int t) {
    ++fetched;
    return decode_run_result(j.read(by_task[static_cast<std::size_t>(t)]));
  });
  CHECK(fetched == 7); // the schema comes from task 0, then one read per task: never all results at once
  CHECK(summary.failed == 1);
  const auto tp = doubles((d / "o.h5").string(), "tasks/throughput_per_h");
  REQUIRE(tp.size() == 6);
  CHECK(tp[0] == 100);
  CHECK(tp[3] == 103);
  CHECK(std::isnan(tp[4]));
  CHECK(tp[5] == 105);
  CHECK(doubles((d / "o.h5").string(), "tasks/task") == std::vector<double>{0, 1, 2, 3, 4, 5});
  // Main effects: level exp(90 s) (tasks 3..5) averages the successful tasks 3 and 5 only.
  const Table& me = summary.main_effects;
  bool found      = false;
  for (std::size_t i = 0; i < me.rows(); ++i)
    if (me.text[1].values[i] == "exp(90 s)" and me.text[2].values[i] == "throughput_per_h") {
      CHECK(me.numeric[0].values[i] == 104);
      CHECK(me.numeric[1].values[i] == 2);
      found = true;
    }
  CHECK(found);
}

TEST_CASE("sweep file: the recipes in docs/hdf5-schema.md run", "[sweep][python]")
{
  if (std::system("/usr/bin/python3 -c 'import h5py, pandas' >/dev/null 2>&1") != 0) {
    WARN("/usr/bin/python3 cannot import h5py and pandas: sweep recipes not tested");
    return;
  }
  const TestSweep s = make_sweep("release.interarrival", {"exp(75 s)", "exp(90 s)"}, 2);
  const Scratch dir("recipes");
  write_sweep((dir / "sweep.h5").string(), "test", s.experiment, s.models,
              [](int t) { return fake_result(t % 2, 100 + t, t == 3 ? "failed: crashed" : "ok"); });
  std::ifstream in(GREENFAB_SOURCE_DIR "/docs/hdf5-schema.md");
  const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::regex block("```python sweep\n([\\s\\S]*?)```");
  int blocks = 0;
  for (auto it = std::sregex_iterator(doc.begin(), doc.end(), block); it != std::sregex_iterator(); ++it) {
    ++blocks;
    std::ofstream((dir / "recipe.py").string()) << (*it)[1].str();
    const std::string command = "cd '" + (dir / "").string() + "' && /usr/bin/python3 recipe.py > out.txt 2>&1";
    const int status          = std::system(command.c_str());
    std::ifstream out((dir / "out.txt").string());
    const std::string output((std::istreambuf_iterator<char>(out)), std::istreambuf_iterator<char>());
    INFO("recipe:\n" << (*it)[1].str() << "\noutput:\n" << output);
    CHECK(status == 0);
    CHECK_THAT(output, Catch::Contains("failed: crashed"));
  }
  CHECK(blocks >= 1);
}

TEST_CASE("task runner: a model built in the worker gives the result of the same model built before", "[sweep][runner]")
{
  const ModelSpec before = load_model_text(tiny_model, "tiny.yaml");
  std::vector<Task> tasks;
  for (int k = 0; k < 2; ++k) {
    tasks.emplace_back(2 * k, &before, k);
    Task lazy;
    lazy.id          = 2 * k + 1;
    lazy.replication = k;
    lazy.build       = [] { return load_model_text(tiny_model, "tiny.yaml"); };
    tasks.push_back(std::move(lazy));
  }
  std::map<int, RunResult> got;
  REQUIRE(make_local_backend(2, 0)->run(tasks, [&](const Task& t, RunResult&& r) { got[t.id] = std::move(r); }));
  REQUIRE(got.size() == 4);
  for (int k = 0; k < 2; ++k) {
    REQUIRE(got[2 * k].status == "ok");
    CHECK(encode(got[2 * k]).size() == encode(got[2 * k + 1]).size());
    CHECK(got[2 * k].kpi("throughput_per_h") == got[2 * k + 1].kpi("throughput_per_h"));
    CHECK(got[2 * k].kpi("lead_time_mean_s") == got[2 * k + 1].kpi("lead_time_mean_s"));
  }
}

TEST_CASE("task runner: a model that fails to build in the worker fails its task only, with the message",
          "[sweep][runner]")
{
  const ModelSpec good = load_model_text(tiny_model, "tiny.yaml");
  std::vector<Task> tasks;
  tasks.emplace_back(0, &good, 0);
  Task bad;
  bad.id    = 1;
  bad.seed  = 9;
  bad.build = [] { return load_model_text("name: broken\nstations: 3\n", "broken.yaml"); };
  tasks.push_back(std::move(bad));
  const Scratch dir("build_fails");
  TaskRunOptions o;
  o.journal     = (dir / "j.journal").string();
  o.fingerprint = 42;
  const auto backend = make_local_backend(2, 0);
  TaskRun run        = run_tasks(tasks, *backend, o);
  REQUIRE_FALSE(run.interrupted);
  CHECK(run.progress.done == 2);
  CHECK(run.progress.failed == 1);
  CHECK(run.result(0).status == "ok");
  const RunResult failed = run.result(1);
  CHECK(failed.seed == 9);
  CHECK_THAT(failed.status, Catch::StartsWith("failed: ") and Catch::Contains("broken.yaml"));

  // Resuming the finished journal runs nothing and still counts the failure among the resumed tasks.
  run.journal = Journal();
  o.resume    = true;
  std::vector<std::string> notices;
  o.on_notice          = [&](const std::string& n) { notices.push_back(n); };
  const TaskRun again = run_tasks(tasks, *backend, o);
  CHECK(again.progress.resumed == 2);
  CHECK(again.progress.failed == 1);
  REQUIRE_FALSE(notices.empty());
  CHECK_THAT(notices.front(), Catch::StartsWith("resuming: 2 of 2 tasks already done"));
}
