// SimGrid platform for a model, one replication per process, and the fork-based replication runner.
#include "kernel/Simulation.hpp"
#include "results/PerUnit.hpp"
#include "core/Units.hpp"
#include "kernel/EventCalendar.hpp"
#include "kernel/SimGridDriver.hpp"
#include "kernel/TaskPool.hpp"
#include "energy/SiteEnergy.hpp"
#include "production/Line.hpp"

#include <optional>

#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/NetZone.hpp>


#include <unistd.h>

#include <csignal>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>

namespace sg4 = simgrid::s4u;

namespace greenfab {

namespace {

/** A count for messages, exact to 10 digits, in a form --set reads back ("1000", "1e+11"). */
std::string count(double n)
{
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", n);
  return buf;
}

/** Resident memory of this process [bytes] (Linux /proc/self/statm), or 0 if unknown. */
double resident_bytes()
{
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr)
    return 0;
  unsigned long long total = 0, resident = 0;
  const int n = std::fscanf(f, "%llu %llu", &total, &resident);
  std::fclose(f);
  return n == 2 ? static_cast<double>(resident) * static_cast<double>(::sysconf(_SC_PAGESIZE)) : 0;
}

// Reading /proc costs about a microsecond: every 65536 events it costs nothing measurable, and memory
// cannot grow much in that many events.
constexpr std::uint64_t memory_check_period = 65536;

/** Arms run.limits: the event limit in the calendar itself, the WIP limit in the line (Line::check_wip),
 *  memory in a watch that stops the calendar and says why in `reached`. */
void watch_limits(const RunLimits& limits, int replication, EventCalendar& calendar, Diagnostic& reached)
{
  calendar.limit_events(limits.events);
  calendar.watch(memory_check_period, [&limits, &calendar, &reached, replication] {
    if (const double bytes = resident_bytes(); bytes > limits.memory) {
      reached.key_path = "run.limits.memory";
      reached.message  = "replication " + std::to_string(replication) + " stopped at simulated time " +
                        format_duration(calendar.now()) + " using " + count(std::round(bytes / 1e6)) +
                        " MB of memory (limit run.limits.memory = " + count(limits.memory / 1e6) +
                        " MB, per replication: --jobs of them run at once); raise the limit with --set "
                        "run.limits.memory=" + count(limits.memory * 2 / 1e6) + "MB";
      calendar.stop();
    }
  });
}

} // namespace

RunResult simulate(const ModelSpec& spec, int replication, Tracer* tracer, double until, const KernelOptions& options)
{
  const auto wall_start = std::chrono::steady_clock::now();
  // SimGrid parses its own options from argv; give it only a quiet log threshold.
  std::string arg0 = "greenfab", arg1 = "--log=root.thres:critical";
  char* argv[]     = {arg0.data(), arg1.data(), nullptr};
  int argc         = 2;
  // SimGrid's engine installs a SIGINT handler that calls exit(1). In a worker process that turns Ctrl-C
  // into "exited with status 1", which the parent cannot tell from a failed replication (stopped_from_outside
  // needs death by SIGINT): an interrupted run or sweep then kept it as a failure. Keep our disposition.
  struct sigaction before_engine {};
  ::sigaction(SIGINT, nullptr, &before_engine);
  sg4::Engine engine(&argc, argv);
  ::sigaction(SIGINT, &before_engine, nullptr);

  // The platform mirrors the factory: a host per station with one core per machine. The production
  // hot path runs on kernel timers, so hosts only give entities a place (energy plugs in here later).
  auto* zone = sg4::create_full_zone("factory");
  for (const auto& s : spec.stations)
    zone->create_host(s.name, 1.0)->set_core_count(s.machines);
  zone->seal();

  EventCalendar calendar;
  std::optional<SiteEnergy> site; // before the line: the machines report to its meters from the start
  if (spec.site)
    site.emplace(spec, calendar);
  Line line(spec, replication, calendar, tracer, site ? &site->meters() : nullptr);
  const double end = until >= 0 ? until : spec.run.warmup + spec.run.horizon;
  Diagnostic limit_reached{spec.source_file, 0, 0, "", ""}; // set by the limit that stops the run
  watch_limits(spec.run.limits, replication, calendar, limit_reached);
  line.start(spec.run.warmup);
  if (site)
    site->start(spec.run.warmup);
  SimGridDriver(calendar, options.run_ahead).run_until(end);
  // A stopped calendar ends the SimGrid run cleanly (no timer is armed), so the error is thrown here,
  // outside SimGrid, never through its kernel.
  const bool cut_short = not limit_reached.message.empty() or line.wip_limit_reached() > 0 or
                         (not calendar.empty() and calendar.next_time() < end);
  if (calendar.stopped() and cut_short) {
    if (const std::size_t parts = line.wip_limit_reached(); parts > 0) {
      limit_reached.key_path = "run.limits.wip";
      limit_reached.message  = "replication " + std::to_string(replication) + " stopped at simulated time " +
                              format_duration(calendar.now()) + " with " + count(static_cast<double>(parts)) +
                              " parts in the system (limit run.limits.wip): they arrive faster than the line "
                              "finishes them (check release.interarrival against the bottleneck's capacity); "
                              "raise the limit with --set run.limits.wip=" +
                              count(static_cast<double>(spec.run.limits.wip) * 10);
    } else if (limit_reached.message.empty()) {
      limit_reached.key_path = "run.limits.events";
      limit_reached.message  = "replication " + std::to_string(replication) + " stopped after " +
                              count(static_cast<double>(calendar.executed())) + " events at simulated time " +
                              format_duration(calendar.now()) + " of " + format_duration(end) +
                              " (limit run.limits.events); the model may be unstable (arrivals faster than "
                              "service) or have a mean time far below the horizon; raise the limit with --set "
                              "run.limits.events=" + count(static_cast<double>(spec.run.limits.events) * 10);
    }
    throw RunLimitError({limit_reached});
  }

  RunResult r   = line.results(sg4::Engine::get_clock());
  if (site)
    site->finish(sg4::Engine::get_clock(), r);
  add_per_unit_kpis(r);
  r.replication = replication;
  r.seed        = spec.run.seed;
  r.events      = calendar.executed();
  r.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return r;
}

Replications run_replications_until_stopped(const ModelSpec& spec, int jobs, const ProgressCallback& progress,
                                            const KernelOptions& options)
{
  const int total = spec.run.replications;
  std::vector<Task> tasks;
  for (int r = 0; r < total; ++r)
    tasks.push_back({r, &spec, r});
  std::vector<RunResult> results(static_cast<std::size_t>(total));
  std::vector<bool> finished(static_cast<std::size_t>(total), false);
  int reported = 0;
  const bool complete = TaskPool(jobs, 0, options).run(tasks, [&](const Task& t, RunResult&& r) {
    // A child killed by the same Ctrl-C (the terminal signals the whole process group) did not fail.
    if (stopped_from_outside(r))
      return;
    results[static_cast<std::size_t>(t.id)]  = std::move(r);
    finished[static_cast<std::size_t>(t.id)] = true;
    // Progress is reported in replication order so output does not depend on scheduling.
    while (reported < total and finished[static_cast<std::size_t>(reported)]) {
      if (progress)
        progress(results[static_cast<std::size_t>(reported)], reported + 1, total);
      ++reported;
    }
  });
  Replications out;
  for (int r = 0; r < total; ++r)
    if (finished[static_cast<std::size_t>(r)])
      out.runs.push_back(std::move(results[static_cast<std::size_t>(r)]));
  out.interrupted = not complete or static_cast<int>(out.runs.size()) < total;
  return out;
}

std::vector<RunResult> run_replications(const ModelSpec& spec, int jobs, const ProgressCallback& progress,
                                        const KernelOptions& options)
{
  Replications r = run_replications_until_stopped(spec, jobs, progress, options);
  if (r.interrupted)
    throw Interrupted();
  throw_if_run_limit(r.runs);
  return std::move(r.runs);
}

void throw_if_run_limit(const std::vector<RunResult>& runs)
{
  // A replication at a run limit means the model cannot be run as given: no results file.
  for (const auto& run : runs)
    if (run.status.starts_with(run_limit_status))
      throw RunLimitError(run.status.substr(run_limit_status.size()));
}

} // namespace greenfab
