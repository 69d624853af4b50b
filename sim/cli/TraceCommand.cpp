// `greenfab trace`: the event-by-event narrative of the first hours of a run, for teaching.
#include "cli/Commands.hpp"
#include "cli/ModelOptions.hpp"
#include "core/Errors.hpp"
#include "core/Units.hpp"
#include "io/AtomicFile.hpp"
#include "kernel/Simulation.hpp"
#include "production/Tracer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <vector>

namespace po = boost::program_options;

namespace greenfab::cli {
namespace {
class PrintingTracer final : public Tracer {
public:
  explicit PrintingTracer(double week_offset, std::ostream* states = nullptr)
      : week_offset_(week_offset), states_(states)
  {
    if (states_)
      *states_ << "time_s,machine,state\n";
  }
  void state(double time, const std::string& machine, const char* state) override
  {
    if (not states_)
      return;
    if (std::find(machines_.begin(), machines_.end(), machine) == machines_.end())
      machines_.push_back(machine);
    // %.17g: times round-trip exactly, so segment lengths add up to the run's state times.
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", time);
    *states_ << buf << ',' << machine << ',' << state << '\n';
  }
  /** Closes every machine's last segment: one `end` row per machine at the end of the trace. */
  void end_states(double time)
  {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", time);
    if (states_)
      for (const auto& m : machines_)
        *states_ << buf << ',' << m << ",end\n";
  }
  void record(double time, const std::string& who, const std::string& what) override
  {
    static const char* days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    const double abs  = week_offset_ + time;
    const auto day    = static_cast<long>(std::floor(abs / 86400));
    const double tod  = abs - static_cast<double>(day) * 86400;
    const int h       = static_cast<int>(tod / 3600);
    const int m       = static_cast<int>((tod - h * 3600) / 60);
    const double s    = tod - h * 3600 - m * 60;
    std::printf("%s %02d:%02d:%04.1f  %10.1f s  %-14s %s\n", days[day % 7], h, m, s, time, who.c_str(), what.c_str());
  }

private:
  double week_offset_;
  std::ostream* states_;
  std::vector<std::string> machines_; // in order of first appearance: the line's order
};
} // namespace

int trace_command(const Invocation& in)
{
  ModelOptions model;
  std::string until = "2 h";
  int replication   = 0;
  std::string states_file;
  po::options_description desc("greenfab trace MODEL.yaml [options]\n\nPrints what happens, event by event "
                               "(one replication, from time 0, warm-up included)");
  po::positional_options_description pos;
  desc.add_options()("help,h", "this help")("until", po::value(&until), "how long to simulate, e.g. 2h or '30 min'")(
      "replication", po::value(&replication), "which replication's random numbers to use (default 0)")(
      "states", po::value(&states_file),
      "also write the machine state log to this CSV file (time_s,machine,state), for "
      "`python3 -m analysis gantt FILE.csv`");
  model.add_to(desc, pos, false);
  const auto vm = parse(in.args, desc, pos);
  if (vm.count("help")) {
    std::cout << desc << "\n";
    return exit_ok;
  }
  double until_s = 0;
  try {
    until_s = parse_quantity(until, Dimension::time);
  } catch (const UnitError& e) {
    throw ModelError(std::string("--until: ") + e.what());
  }
  if (until_s <= 0)
    throw ModelError("--until must be positive");
  ModelSpec spec = model.load();
  spec.run.warmup = 0; // a trace narrates from time 0 and counts everything it shows
  OutputLock lock;
  if (not states_file.empty())
    lock = prepare_output(states_file, {}, "--states");
  std::printf("trace of %s, replication %d, seed %llu, from %s for %s\n", spec.name.c_str(), replication,
              static_cast<unsigned long long>(spec.run.seed), spec.run.start.c_str(), format_duration(until_s).c_str());
  RunResult r;
  auto trace = [&](std::ostream* states) {
    PrintingTracer tracer(spec.run.start_week_offset, states);
    r = simulate(spec, replication, &tracer, until_s);
    tracer.end_states(until_s);
  };
  if (states_file.empty()) {
    trace(nullptr);
  } else {
    h5::replace_atomically(states_file, "--states: cannot write '" + states_file + "'", [&](const std::string& temporary) {
      std::ofstream states(temporary, std::ios::binary | std::ios::trunc);
      if (not states)
        throw std::runtime_error("cannot open '" + temporary + "'");
      trace(&states);
      states.close();
      if (not states)
        throw std::runtime_error("writing '" + temporary + "' failed");
    });
  }
  std::printf("-- end of trace at %s: %g parts finished, %g in the line\n", format_duration(until_s).c_str(),
              r.kpi("output_parts"), r.kpi("wip_end"));
  return exit_ok;
}

} // namespace greenfab::cli
