// SimGrid platform for a model, one replication per process, and the fork-based replication runner.
#include "kernel/Simulation.hpp"
#include "kernel/EventCalendar.hpp"
#include "kernel/SimGridDriver.hpp"
#include "kernel/TaskPool.hpp"
#include "energy/SiteEnergy.hpp"
#include "production/Line.hpp"

#include <optional>

#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/NetZone.hpp>


#include <csignal>
#include <chrono>

namespace sg4 = simgrid::s4u;

namespace greenfab {

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
  line.start(spec.run.warmup);
  if (site)
    site->start(spec.run.warmup);
  SimGridDriver(calendar, options.run_ahead).run_until(end);

  RunResult r   = line.results(sg4::Engine::get_clock());
  if (site)
    site->finish(sg4::Engine::get_clock(), r);
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
  return std::move(r.runs);
}

} // namespace greenfab
