// greenfab_bench: station-operations per second of greenfab against a bare event calendar, and peak memory vs horizon.
#include "BareLine.hpp"
#include "kernel/EventCalendar.hpp"
#include "kernel/Simulation.hpp"
#include "production/Line.hpp"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <numeric>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace greenfab::bench {
namespace {

constexpr double goal_ratio           = 0.25; // greenfab rate / bare rate
constexpr double goal_memory_relative = 0.10; // peak RSS of a 1-year run vs a 1-week run
constexpr double agreement_tolerance  = 0.01; // throughput of the two simulators on the same line

struct Options {
  std::string mode = "speed"; // speed | memory | all
  double horizon_h = 672;     // 4 weeks: 9.6 M operations, ~1 s per greenfab run, long enough to be stable
  int reps         = 3;
  int stations     = 5;
  double mean_s    = 1.0;
  std::string path = "all";  // speed mode: all | greenfab | loop | bare (one path: for profilers)
  bool quick       = false;
  bool csv         = false;
};

/** What a child process sends back through its pipe: trivially copyable, so it travels as raw bytes. */
struct Measurement {
  int ok                 = 0;
  double wall_s          = 0; ///< around the simulation call only (engine and platform set-up included)
  std::uint64_t ops      = 0; ///< completed processing cycles summed over stations
  std::uint64_t events   = 0; ///< calendar events executed
  double throughput_per_s = 0;
  long rss_before_kb     = 0; ///< VmRSS just before the run: the process baseline
  long hwm_kb            = 0; ///< VmHWM after the run: peak resident set of the child
  char error[200]        = {};
};

static_assert(std::is_trivially_copyable_v<Measurement>, "Measurement crosses the pipe as raw bytes");

struct Outcome {
  Measurement m;
  double cpu_s   = 0; ///< user + system time of the child (from wait4)
  long maxrss_kb = 0; ///< ru_maxrss of the child (from wait4)
  double rate() const { return m.wall_s > 0 ? static_cast<double>(m.ops) / m.wall_s : 0; }
};

long status_kb(const char* field)
{
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::size_t n = std::strlen(field);
  while (std::getline(in, line))
    if (line.compare(0, n, field) == 0 and line.size() > n and line[n] == ':')
      return std::atol(line.c_str() + n + 1);
  return -1;
}

/**
 * Runs `work` in a forked child and returns what it measured. Every simulation needs its own process:
 * SimGrid allows one engine per process, and a fresh process also gives each run the same cold start
 * and its own peak-RSS figure.
 */
Outcome run_in_child(const std::function<Measurement()>& work)
{
  Outcome out;
  int fds[2];
  if (::pipe(fds) != 0) {
    std::snprintf(out.m.error, sizeof out.m.error, "pipe: %s", std::strerror(errno));
    return out;
  }
  std::fflush(stdout); // or the child would inherit, and might flush, the parent's pending output
  std::cout.flush();
  const pid_t pid = ::fork();
  if (pid < 0) {
    std::snprintf(out.m.error, sizeof out.m.error, "fork: %s", std::strerror(errno));
    ::close(fds[0]);
    ::close(fds[1]);
    return out;
  }
  if (pid == 0) {
    ::close(fds[0]);
    Measurement m;
    const long rss_before = status_kb("VmRSS");
    try {
      m    = work();
      m.ok = 1;
    } catch (const std::exception& e) {
      std::snprintf(m.error, sizeof m.error, "%s", e.what());
    }
    m.rss_before_kb = rss_before;
    m.hwm_kb        = status_kb("VmHWM");
    const char* p = reinterpret_cast<const char*>(&m);
    std::size_t left = sizeof m;
    while (left > 0) {
      const ssize_t w = ::write(fds[1], p, left);
      if (w < 0 and errno == EINTR)
        continue;
      if (w <= 0)
        _exit(3);
      p += w;
      left -= static_cast<std::size_t>(w);
    }
    _exit(0); // skip the parent image's static destructors
  }
  ::close(fds[1]);
  char* p          = reinterpret_cast<char*>(&out.m);
  std::size_t got  = 0;
  while (got < sizeof out.m) {
    const ssize_t r = ::read(fds[0], p + got, sizeof out.m - got);
    if (r < 0 and errno == EINTR)
      continue;
    if (r <= 0)
      break;
    got += static_cast<std::size_t>(r);
  }
  ::close(fds[0]);
  int status = 0;
  rusage ru{};
  while (::wait4(pid, &status, 0, &ru) < 0 and errno == EINTR) {
  }
  out.cpu_s = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
              static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
  out.maxrss_kb = ru.ru_maxrss;
  if (got != sizeof out.m or not WIFEXITED(status) or WEXITSTATUS(status) != 0) {
    out.m.ok = 0;
    if (WIFSIGNALED(status))
      std::snprintf(out.m.error, sizeof out.m.error, "child killed by signal %d (%s)", WTERMSIG(status),
                    strsignal(WTERMSIG(status)));
    else if (out.m.error[0] == '\0')
      std::snprintf(out.m.error, sizeof out.m.error, "child exited with code %d", WEXITSTATUS(status));
  }
  return out;
}

std::vector<std::string> station_names(int n)
{
  std::vector<std::string> names;
  for (int i = 0; i < n; ++i) {
    std::string name = "s"; // not "s" + to_string(): GCC 12 reports a false -Wrestrict on that at -O2
    name += std::to_string(i + 1);
    names.push_back(std::move(name));
  }
  return names;
}

/** The benchmark line as a ModelSpec built in code: no YAML, nothing but the line itself. */
ModelSpec line_spec(const Options& o, double horizon_s)
{
  ModelSpec spec;
  spec.name = "bench-line";
  ProductSpec part;
  part.name     = "part";
  part.mix      = 1;
  part.released = true;
  for (int i = 0; i < o.stations; ++i)
    part.route.push_back(i);
  spec.products.push_back(part);
  for (const auto& name : station_names(o.stations)) {
    StationSpec s;
    s.name            = name;
    s.machines        = 1;
    s.process         = {Distribution::exponential(o.mean_s)};
    s.buffer_capacity = 5; // finite: a saturated push source needs it at the first station
    spec.stations.push_back(s);
  }
  spec.release.policy = ReleaseSpec::Policy::push; // no interarrival: saturated
  spec.run.warmup       = 0;
  spec.run.horizon      = horizon_s;
  spec.run.replications = 1;
  spec.run.seed         = 1;
  return spec;
}

Measurement from_result(const RunResult& r, double wall_s, double span_s)
{
  if (r.status != "ok")
    throw std::runtime_error(r.status);
  const Column* cycles = r.stations().find("cycles");
  if (cycles == nullptr or cycles->values.empty())
    throw std::runtime_error("no cycles column in the station table");
  Measurement m;
  m.wall_s           = wall_s;
  m.ops              = static_cast<std::uint64_t>(std::accumulate(cycles->values.begin(), cycles->values.end(), 0.0));
  m.events           = r.events;
  m.throughput_per_s = cycles->values.back() / span_s;
  return m;
}

double seconds_since(std::chrono::steady_clock::time_point t0)
{
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/** (a) The real thing: simulate() with its SimGrid engine, platform and kernel-timer driver. With
 *  `run_ahead` off, every event date costs one SimGrid scheduling round: that shows SimGrid's own price. */
Measurement measure_greenfab(const Options& o, double horizon_s, bool run_ahead = true)
{
  const ModelSpec spec = line_spec(o, horizon_s);
  KernelOptions kernel;
  kernel.run_ahead  = run_ahead;
  const auto t0     = std::chrono::steady_clock::now();
  const RunResult r = simulate(spec, 0, nullptr, -1, kernel);
  return from_result(r, seconds_since(t0), horizon_s);
}

/** (c) The same Line on a plain loop over its EventCalendar: the model logic without SimGrid. */
Measurement measure_line_loop(const Options& o, double horizon_s)
{
  const ModelSpec spec = line_spec(o, horizon_s);
  const auto t0        = std::chrono::steady_clock::now();
  EventCalendar cal;
  Line line(spec, 0, cal);
  line.start(0);
  const double end = horizon_s;
  while (not cal.empty() and cal.next_time() < end)
    cal.fire_due(cal.next_time());
  RunResult r = line.results(end);
  r.events    = cal.executed();
  return from_result(r, seconds_since(t0), horizon_s);
}

/** (b) The bare baseline; `seed` 1 follows greenfab's sample path, another seed gives independent streams. */
Measurement measure_bare(const Options& o, double horizon_s, std::uint64_t seed = 1)
{
  BareLineConfig c;
  c.seed           = seed;
  c.station_names  = station_names(o.stations);
  c.mean_process_s = o.mean_s;
  c.buffer_capacity = 5;
  c.end_s          = horizon_s;
  const auto t0    = std::chrono::steady_clock::now();
  const BareLineResult r = BareLine(c).run();
  Measurement m;
  m.wall_s           = seconds_since(t0);
  m.ops              = std::accumulate(r.cycles.begin(), r.cycles.end(), std::uint64_t{0});
  m.events           = r.events;
  m.throughput_per_s = r.throughput_per_s;
  return m;
}

double median(std::vector<double> v)
{
  if (v.empty())
    return 0;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

struct PathRuns {
  const char* label;
  std::function<Measurement(const Options&, double)> measure;
  std::vector<Outcome> runs;
  double median_rate() const
  {
    std::vector<double> r;
    for (const auto& o : runs)
      r.push_back(o.rate());
    return median(r);
  }
  double median_cpu_rate() const
  {
    std::vector<double> r;
    for (const auto& o : runs)
      r.push_back(o.cpu_s > 0 ? static_cast<double>(o.m.ops) / o.cpu_s : 0);
    return median(r);
  }
};

bool report_failures(const PathRuns& p)
{
  bool failed = false;
  for (const auto& o : p.runs)
    if (not o.m.ok) {
      std::fprintf(stderr, "greenfab_bench: %s failed: %s\n", p.label, o.m.error);
      failed = true;
    }
  return failed;
}

int run_speed(const Options& o)
{
  const double horizon_s = o.horizon_h * 3600;
  // paths[0] is greenfab as users run it and paths.back() the baseline: the ratio compares those two.
  std::vector<PathRuns> paths = {
      {"(a) greenfab simulate()", [](const Options& opt, double h) { return measure_greenfab(opt, h); }, {}},
      {"(a0) greenfab simulate(), run-ahead off",
       [](const Options& opt, double h) { return measure_greenfab(opt, h, false); },
       {}},
      {"(c) greenfab Line + plain calendar loop", measure_line_loop, {}},
      {"(b) bare line", [](const Options& opt, double h) { return measure_bare(opt, h); }, {}},
  };
  if (o.path != "all") {
    // One path alone, e.g. under perf or callgrind: no comparison.
    const char* key[] = {"greenfab", "greenfab-no-run-ahead", "loop", "bare"};
    for (std::size_t i = 0; i < paths.size(); ++i)
      if (o.path == key[i]) {
        const Outcome r = run_in_child([&] { return paths[i].measure(o, horizon_s); });
        if (not r.m.ok) {
          std::fprintf(stderr, "greenfab_bench: %s failed: %s\n", paths[i].label, r.m.error);
          return 1;
        }
        std::printf("%s: %.2f M ops/s (%llu ops in %.3f s), throughput %.6f parts/s\n", paths[i].label,
                    r.rate() / 1e6, static_cast<unsigned long long>(r.m.ops), r.m.wall_s, r.m.throughput_per_s);
        return 0;
      }
    std::fprintf(stderr, "greenfab_bench: unknown --path '%s' (greenfab, greenfab-no-run-ahead, loop, bare or all)\n",
                 o.path.c_str());
    return 2;
  }
  if (not o.csv)
    std::printf("greenfab_bench speed: saturated %d-station serial line, exp(%g s) processing, 5 waiting places\n"
                "per buffer, blocking after service; %g h simulated per run; %d repetition(s) per path, each run\n"
                "in its own process, interleaved; rate = completed station cycles / wall seconds, median.\n\n",
                o.stations, o.mean_s, o.horizon_h, o.reps);
  // Interleaved (a a0 c b a a0 c b ...) so slow drift in machine load hits every path alike.
  for (int rep = 0; rep < o.reps; ++rep)
    for (auto& p : paths)
      p.runs.push_back(run_in_child([&] { return p.measure(o, horizon_s); }));
  // Statistical agreement, not only path identity: the bare line again on independent random streams.
  const Outcome other = run_in_child([&] { return measure_bare(o, horizon_s, 2); });
  bool failed         = false;
  for (const auto& p : paths)
    failed = report_failures(p) or failed;
  if (not other.m.ok) {
    std::fprintf(stderr, "greenfab_bench: bare line (seed 2) failed: %s\n", other.m.error);
    failed = true;
  }
  if (failed)
    return 1;

  const double g = paths[0].median_rate(), g0 = paths[1].median_rate(), l = paths[2].median_rate();
  const double b = paths[3].median_rate();
  const double ratio = b > 0 ? g / b : 0;
  const bool pass    = ratio >= goal_ratio;
  const double tp_g = paths[0].runs.front().m.throughput_per_s, tp_g0 = paths[1].runs.front().m.throughput_per_s;
  const double tp_l = paths[2].runs.front().m.throughput_per_s, tp_b = paths[3].runs.front().m.throughput_per_s;
  const double diff = tp_b > 0 ? (tp_g - tp_b) / tp_b : 0;
  const double tp_o       = other.m.throughput_per_s;
  const double diff_other = tp_o > 0 ? (tp_g - tp_o) / tp_o : 0;
  // The kernel's own paths must agree exactly (same streams, same logic); the bare line within tolerance.
  const bool agree = tp_g == tp_g0 and tp_g == tp_l and std::fabs(diff) <= agreement_tolerance and
                     std::fabs(diff_other) <= agreement_tolerance;

  if (o.csv) {
    // mode,horizon_h,reps,greenfab_ops_s,greenfab_no_run_ahead_ops_s,line_loop_ops_s,bare_ops_s,ratio,
    // greenfab_tp_s,bare_tp_s,bare_seed2_tp_s,tp_agree,goal
    std::printf("speed,%g,%d,%.0f,%.0f,%.0f,%.0f,%.4f,%.6f,%.6f,%.6f,%s,%s\n", o.horizon_h, o.reps, g, g0, l, b, ratio,
                tp_g, tp_b, tp_o, agree ? "agree" : "DISAGREE", pass ? "PASS" : "MISS");
    return 0;
  }
  std::printf("%-42s %12s %12s  %-26s %12s %12s\n", "path", "ops/s", "ops/cpu-s", "runs [M ops/s]", "ops/run",
              "ns/op");
  for (const auto& p : paths) {
    std::string runs;
    for (const auto& r : p.runs) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%s%.2f", runs.empty() ? "" : " ", r.rate() / 1e6);
      runs += buf;
    }
    const double rate = p.median_rate();
    std::printf("%-42s %10.2f M %10.2f M  %-26s %10.2f M %12.1f\n", p.label, rate / 1e6, p.median_cpu_rate() / 1e6,
                runs.c_str(), static_cast<double>(p.runs.front().m.ops) / 1e6, rate > 0 ? 1e9 / rate : 0.0);
  }
  std::printf("\nevents/run: greenfab %llu, run-ahead off %llu, line+loop %llu, bare %llu\n",
              static_cast<unsigned long long>(paths[0].runs.front().m.events),
              static_cast<unsigned long long>(paths[1].runs.front().m.events),
              static_cast<unsigned long long>(paths[2].runs.front().m.events),
              static_cast<unsigned long long>(paths[3].runs.front().m.events));
  std::printf("throughput [parts/s]: greenfab %.6f, run-ahead off %.6f, line+loop %.6f, bare %.6f (same streams: "
              "%+.4f %%),\n"
              "                      bare on independent streams (seed 2) %.6f (%+.3f %%): %s (tolerance %g %%)\n",
              tp_g, tp_g0, tp_l, tp_b, 100 * diff, tp_o, 100 * diff_other, agree ? "agree" : "DISAGREE",
              100 * agreement_tolerance);
  if (g > 0 and g0 > 0 and l > 0 and b > 0)
    std::printf("per operation: SimGrid with run-ahead %.1f ns (a - c), one SimGrid round per event date %.1f ns "
                "(a0 - c),\n               Line model logic %.1f ns above bare (c - b), bare %.1f ns\n",
                1e9 / g - 1e9 / l, 1e9 / g0 - 1e9 / l, 1e9 / l - 1e9 / b, 1e9 / b);
  std::printf("\nratio greenfab/bare = %.3f   goal: ratio >= %.2f   %s\n", ratio, goal_ratio, pass ? "PASS" : "MISS");
  return 0;
}

int run_memory(const Options& o)
{
  // A week against a year (52 w); --quick: a day against a week, only to exercise the path.
  const double short_h = o.quick ? 24 : 168, long_h = o.quick ? 168 : 52 * 168;
  if (not o.csv)
    std::printf("greenfab_bench memory: peak resident set (VmHWM) of greenfab simulate() on the same line,\n"
                "%g h vs %g h horizon, %d run(s) each in its own process, median.\n\n",
                short_h, long_h, o.reps);
  std::vector<Outcome> short_runs, long_runs;
  for (int rep = 0; rep < o.reps; ++rep) {
    short_runs.push_back(run_in_child([&] { return measure_greenfab(o, short_h * 3600); }));
    long_runs.push_back(run_in_child([&] { return measure_greenfab(o, long_h * 3600); }));
  }
  bool failed = false;
  for (const auto* runs : {&short_runs, &long_runs})
    for (const auto& r : *runs)
      if (not r.m.ok) {
        std::fprintf(stderr, "greenfab_bench: memory run failed: %s\n", r.m.error);
        failed = true;
      }
  if (failed)
    return 1;
  auto med = [](const std::vector<Outcome>& runs, auto field) {
    std::vector<double> v;
    for (const auto& r : runs)
      v.push_back(field(r));
    return median(v);
  };
  auto hwm      = [](const Outcome& r) { return static_cast<double>(r.m.hwm_kb); };
  auto maxrss   = [](const Outcome& r) { return static_cast<double>(r.maxrss_kb); };
  auto baseline = [](const Outcome& r) { return static_cast<double>(r.m.rss_before_kb); };
  auto rate     = [](const Outcome& r) { return r.rate(); };
  const double hs = med(short_runs, hwm), hl = med(long_runs, hwm);
  const double rel  = hs > 0 ? (hl - hs) / hs : 0;
  const bool pass   = std::fabs(rel) <= goal_memory_relative;
  if (o.csv) {
    // mode,short_h,long_h,reps,hwm_short_kb,hwm_long_kb,relative_difference,goal
    std::printf("memory,%g,%g,%d,%.0f,%.0f,%.4f,%s\n", short_h, long_h, o.reps, hs, hl, rel, pass ? "PASS" : "MISS");
    return 0;
  }
  std::printf("%-10s %14s %14s %16s %14s %12s\n", "horizon", "VmHWM [kB]", "ru_maxrss [kB]", "baseline RSS [kB]",
              "ops/run", "ops/s");
  const struct {
    double h;
    const std::vector<Outcome>* runs;
  } rows[] = {{short_h, &short_runs}, {long_h, &long_runs}};
  for (const auto& row : rows)
    std::printf("%8g h %14.0f %14.0f %16.0f %12.2f M %10.2f M\n", row.h, med(*row.runs, hwm), med(*row.runs, maxrss),
                med(*row.runs, baseline), static_cast<double>(row.runs->front().m.ops) / 1e6,
                med(*row.runs, rate) / 1e6);
  std::printf("\npeak RSS %g h vs %g h: %+.2f %% (%+.0f kB)   goal: within %.0f %%   %s\n", long_h, short_h, 100 * rel,
              hl - hs, 100 * goal_memory_relative, pass ? "PASS" : "MISS");
  return 0;
}

void usage(std::FILE* f)
{
  std::fprintf(f,
               "usage: greenfab_bench [speed|memory|all] [options]\n"
               "  speed (default)     station-operations/s: greenfab simulate() (with and without run-ahead) vs\n"
               "                      its Line on a plain calendar loop vs a bare hand-written line\n"
               "  memory              peak RSS of simulate(): 1-week vs 52-week horizon\n"
               "  --horizon-hours N   simulated hours per speed run (default 672)\n"
               "  --reps N            runs per path, median reported (default 3)\n"
               "  --stations N        stations in the line (default 5)\n"
               "  --mean-s X          mean processing time [s] (default 1)\n"
               "  --path P            speed mode, one path only (for perf/callgrind): greenfab,\n"
               "                      greenfab-no-run-ahead, loop or bare (default all)\n"
               "  --quick             short runs, 1 repetition (CI smoke test; figures meaningless)\n"
               "  --csv               one machine-readable line per mode (fields: see docs/benchmarks.md)\n");
}

bool parse(int argc, char** argv, Options& o)
{
  bool horizon_set = false, reps_set = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&](double& out) {
      if (i + 1 >= argc)
        return false;
      char* end = nullptr;
      out       = std::strtod(argv[++i], &end);
      return end != argv[i] and *end == '\0';
    };
    double v = 0;
    if (a == "speed" or a == "memory" or a == "all") {
      o.mode = a;
    } else if (a == "--horizon-hours") {
      if (not value(v) or v <= 0)
        return false;
      o.horizon_h = v;
      horizon_set = true;
    } else if (a == "--reps") {
      if (not value(v) or v < 1)
        return false;
      o.reps   = static_cast<int>(v);
      reps_set = true;
    } else if (a == "--stations") {
      if (not value(v) or v < 1)
        return false;
      o.stations = static_cast<int>(v);
    } else if (a == "--mean-s") {
      if (not value(v) or v <= 0)
        return false;
      o.mean_s = v;
    } else if (a == "--path") {
      if (i + 1 >= argc)
        return false;
      o.path = argv[++i];
    } else if (a == "--quick") {
      o.quick = true;
    } else if (a == "--csv") {
      o.csv = true;
    } else if (a == "-h" or a == "--help") {
      usage(stdout);
      std::exit(0);
    } else {
      return false;
    }
  }
  if (o.quick) {
    if (not horizon_set)
      o.horizon_h = 24;
    if (not reps_set)
      o.reps = 1;
  }
  return true;
}

} // namespace
} // namespace greenfab::bench

int main(int argc, char** argv)
{
  using namespace greenfab::bench;
  Options o;
  if (not parse(argc, argv, o)) {
    usage(stderr);
    return 2;
  }
  int rc = 0;
  if (o.mode == "speed" or o.mode == "all")
    rc |= run_speed(o);
  if (o.mode == "all" and not o.csv)
    std::printf("\n");
  if (o.mode == "memory" or o.mode == "all")
    rc |= run_memory(o);
  return rc;
}
